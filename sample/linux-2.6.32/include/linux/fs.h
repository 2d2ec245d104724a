#ifndef _LINUX_FS_H
#define _LINUX_FS_H

/*
 * Sample excerpt of the 2.6.32 header: struct address_space, which
 * carries the i_mmap lock, and the part of struct inode that embeds it.
 */

#include <linux/list.h>
#include <linux/radix-tree.h>
#include <linux/prio_tree.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>

struct backing_dev_info;
struct address_space_operations;

struct address_space {
	struct inode		*host;		/* owner: inode, block_device */
	struct radix_tree_root	page_tree;	/* radix tree of all pages */
	spinlock_t		tree_lock;	/* and lock protecting it */
	unsigned int		i_mmap_writable;/* count VM_SHARED mappings */
	struct prio_tree_root	i_mmap;		/* tree of private and shared mappings */
	struct list_head	i_mmap_nonlinear;/*list VM_NONLINEAR mappings */
	spinlock_t		i_mmap_lock;	/* protect tree, count, list */
	unsigned int		truncate_count;	/* Cover race condition with truncate */
	unsigned long		nrpages;	/* number of total pages */
	pgoff_t			writeback_index;/* writeback starts here */
	const struct address_space_operations *a_ops;	/* methods */
	unsigned long		flags;		/* error bits/gfp mask */
	struct backing_dev_info *backing_dev_info; /* device readahead, etc */
	spinlock_t		private_lock;	/* for use by the address_space */
	struct list_head	private_list;	/* ditto */
	struct address_space	*assoc_mapping;	/* ditto */
} __attribute__((aligned(sizeof(long))));
	/*
	 * Sample note: spatch 1.1.1 cannot parse the attribute above, which
	 * is why the field rename is carried as a patch.
	 */

struct inode {
	struct hlist_node	i_hash;
	struct list_head	i_list;
	unsigned long		i_ino;
	atomic_t		i_count;
	struct mutex		i_mutex;
	struct address_space	*i_mapping;
	struct address_space	i_data;
	atomic_t		i_writecount;
};

extern void inode_init_once(struct inode *);
extern void unmap_mapping_range(struct address_space *mapping,
		loff_t const holebegin, loff_t const holelen, int even_cows);

#endif /* _LINUX_FS_H */
