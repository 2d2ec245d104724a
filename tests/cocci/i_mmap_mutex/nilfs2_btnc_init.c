/* nilfs2 (2.6.32-2.6.36) sets up its btree node cache by hand. */
void demo_btnode_cache_init_once(struct address_space *btnc)
{
	memset(btnc, 0, sizeof(*btnc));
	spin_lock_init(&btnc->private_lock);

	spin_lock_init(&btnc->i_mmap_lock);
	INIT_LIST_HEAD(&btnc->i_mmap_nonlinear);
}
