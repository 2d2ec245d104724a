// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cut-down shape of fs/nilfs2/page.c in Linux 2.6.37,
 * written for kbackport's tests. It keeps only the lines that the
 * 2.6.37 steps change and the context their patches and semantic
 * patches need, so it does not build.
 */

void nilfs_mapping_init_once(struct address_space *mapping)
{
	INIT_LIST_HEAD(&mapping->private_list);
	spin_lock_init(&mapping->private_lock);

	spin_lock_init(&mapping->i_mmap_lock);
	INIT_RAW_PRIO_TREE_ROOT(&mapping->i_mmap);
	INIT_LIST_HEAD(&mapping->i_mmap_nonlinear);
}
