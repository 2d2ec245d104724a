/* Lock-state tests and assertions on the lock. */
static void demo_assert_held(struct address_space *mapping)
{
	assert_spin_locked(&mapping->i_mmap_lock);
	WARN_ON(!spin_is_locked(&mapping->i_mmap_lock));
}

static void demo_assert_held_dot(struct inode *inode)
{
	assert_spin_locked(&inode->i_data.i_mmap_lock);
}
