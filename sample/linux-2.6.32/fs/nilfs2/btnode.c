/*
 * btnode.c - NILFS B-tree node cache (sample excerpt)
 *
 * The B-tree node cache is a private address_space that nilfs2 sets up
 * itself in 2.6.32, including its i_mmap lock.
 */
#include <linux/fs.h>
#include <linux/pagemap.h>
#include "btnode.h"

void nilfs_btnode_cache_init_once(struct address_space *btnc)
{
	memset(btnc, 0, sizeof(*btnc));
	INIT_RADIX_TREE(&btnc->page_tree, GFP_ATOMIC);
	spin_lock_init(&btnc->tree_lock);
	INIT_LIST_HEAD(&btnc->private_list);
	spin_lock_init(&btnc->private_lock);

	spin_lock_init(&btnc->i_mmap_lock);
	INIT_RAW_PRIO_TREE_ROOT(&btnc->i_mmap);
	INIT_LIST_HEAD(&btnc->i_mmap_nonlinear);
}
