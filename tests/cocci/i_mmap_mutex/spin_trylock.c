static int demo_try_walk(struct address_space *mapping)
{
	if (!spin_trylock(&mapping->i_mmap_lock))
		return 0;
	demo_visit(&mapping->i_mmap);
	spin_unlock(&mapping->i_mmap_lock);
	return 1;
}
