static int mem_open(void)
{
	return 0;
}
