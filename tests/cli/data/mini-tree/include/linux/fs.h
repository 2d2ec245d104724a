/* A minimal header in the shape of a 2.6.32 one, for the CLI tests. */
struct address_space {
	struct inode		*host;
	spinlock_t		i_mmap_lock;	/* protect tree, count, list */
	unsigned long		nrpages;
} __attribute__((aligned(sizeof(long))));
