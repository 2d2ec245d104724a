/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cut-down shape of include/linux/fs.h in Linux 2.6.35,
 * written for kbackport's tests. It keeps only the lines that the
 * 2.6.35 steps change and the context their patches and semantic
 * patches need, so it does not build.
 */

#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#ifdef __KERNEL__

struct address_space {
	unsigned int		i_mmap_writable;/* count VM_SHARED mappings */
	struct prio_tree_root	i_mmap;		/* tree of private and shared mappings */
	struct list_head	i_mmap_nonlinear;/*list VM_NONLINEAR mappings */
	spinlock_t		i_mmap_lock;	/* protect tree, count, list */
	unsigned int		truncate_count;	/* Cover race condition with truncate */
	unsigned long		nrpages;	/* number of total pages */
	pgoff_t			writeback_index;/* writeback starts here */
	const struct address_space_operations *a_ops;	/* methods */
} __attribute__((aligned(sizeof(long))));

#endif /* __KERNEL__ */
#endif /* _LINUX_FS_H */
