/* 2.6.32-2.6.37 initialise the lock through the embedded i_data member. */
static void demo_inode_init_once(struct inode *inode)
{
	memset(inode, 0, sizeof(*inode));
	INIT_RADIX_TREE(&inode->i_data.page_tree, GFP_ATOMIC);
	spin_lock_init(&inode->i_data.tree_lock);
	spin_lock_init(&inode->i_data.i_mmap_lock);
	INIT_LIST_HEAD(&inode->i_data.private_list);
	INIT_RAW_PRIO_TREE_ROOT(&inode->i_data.i_mmap);
}
