/* gfs2 (2.6.34-2.6.37) embeds an address_space after each glock. */
static void demo_init_gl_aspace_once(void *foo)
{
	struct demo_glock *gl = foo;
	struct address_space *mapping = (struct address_space *)(gl + 1);

	demo_init_glock_once(gl);
	memset(mapping, 0, sizeof(*mapping));
	spin_lock_init(&mapping->tree_lock);
	spin_lock_init(&mapping->i_mmap_lock);
	INIT_LIST_HEAD(&mapping->private_list);
}
