/* Lock calls through a member rather than a pointer. */
static void demo_walk(struct inode *inode)
{
	spin_lock(&inode->i_data.i_mmap_lock);
	demo_visit(&inode->i_data.i_mmap);
	spin_unlock(&inode->i_data.i_mmap_lock);
}

static int demo_try(struct demo_file *df)
{
	if (!spin_trylock(&df->data.i_mmap_lock))
		return -EBUSY;
	demo_visit(&df->data.i_mmap);
	spin_unlock(&df->data.i_mmap_lock);
	return 0;
}
