/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cut-down shape of include/linux/huge_mm.h in Linux 2.6.38,
 * written for kbackport's tests. It keeps only the lines that the
 * 2.6.38 steps change and the context their patches and semantic
 * patches need, so it does not build.
 */

#ifndef _LINUX_HUGE_MM_H
#define _LINUX_HUGE_MM_H

#ifdef CONFIG_TRANSPARENT_HUGEPAGE

#define split_huge_page_pmd(__mm, __pmd)				\
	do {								\
		pmd_t *____pmd = (__pmd);				\
		if (unlikely(pmd_trans_huge(*____pmd)))			\
			__split_huge_page_pmd(__mm, ____pmd);		\
	}  while (0)
#define wait_split_huge_page(__anon_vma, __pmd)				\
	do {								\
		pmd_t *____pmd = (__pmd);				\
		spin_unlock_wait(&(__anon_vma)->root->lock);		\
		/*							\
		 * spin_unlock_wait() is just a loop in C and so the	\
		 * CPU can reorder anything around it.			\
		 */							\
		smp_mb();						\
		BUG_ON(pmd_trans_splitting(*____pmd) ||			\
		       pmd_trans_huge(*____pmd));			\
	} while (0)
#define HPAGE_PMD_ORDER (HPAGE_PMD_SHIFT-PAGE_SHIFT)

#else /* CONFIG_TRANSPARENT_HUGEPAGE */

#endif /* CONFIG_TRANSPARENT_HUGEPAGE */

#endif /* _LINUX_HUGE_MM_H */
