/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cut-down shape of include/linux/fs.h in Linux 2.6.38,
 * written for kbackport's tests. It keeps only the lines that the
 * 2.6.38 steps change and the context their patches and semantic
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

	spinlock_t		private_lock;	/* for use by the address_space */
	struct list_head	private_list;	/* ditto */
	struct address_space	*assoc_mapping;	/* ditto */
	struct mutex		unmap_mutex;    /* to protect unmapping */
} __attribute__((aligned(sizeof(long))));
	/*
	 * On most architectures that alignment is already the case; but
	 * must be enforced here for CRIS, to let the least signficant bit
	 * of struct page's "mapping" pointer be used for PAGE_MAPPING_ANON.
	 */

#endif /* __KERNEL__ */
#endif /* _LINUX_FS_H */
