// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cut-down shape of fs/inode.c in Linux 2.6.35,
 * written for kbackport's tests. It keeps only the lines that the
 * 2.6.35 steps change and the context their patches and semantic
 * patches need, so it does not build.
 */

void inode_init_once(struct inode *inode)
{
	INIT_LIST_HEAD(&inode->i_devices);
	INIT_RADIX_TREE(&inode->i_data.page_tree, GFP_ATOMIC);
	spin_lock_init(&inode->i_data.tree_lock);
	spin_lock_init(&inode->i_data.i_mmap_lock);
	INIT_LIST_HEAD(&inode->i_data.private_list);
	spin_lock_init(&inode->i_data.private_lock);
	INIT_RAW_PRIO_TREE_ROOT(&inode->i_data.i_mmap);
}
