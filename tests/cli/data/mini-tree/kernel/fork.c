/* A file the mini series leaves alone. */
int nr_threads;
