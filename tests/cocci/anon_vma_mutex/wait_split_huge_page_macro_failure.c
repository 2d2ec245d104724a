/* 2.6.38+ huge_mm.h shape. spatch leaves this #define body alone, so a patch converts it. */
#define wait_split_huge_page(__anon_vma, __pmd)				\
	do {								\
		pmd_t *____pmd = (__pmd);				\
		spin_unlock_wait(&(__anon_vma)->root->lock);		\
		smp_mb();						\
		BUG_ON(pmd_trans_splitting(*____pmd));			\
	} while (0)
