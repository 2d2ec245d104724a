/* 2.6.37+ sparse annotation of the page_lock_anon_vma() wrapper. */
static inline struct anon_vma *lock_anon_vma_of(struct page *page)
{
	struct anon_vma *anon_vma;

	__cond_lock(RCU, anon_vma = find_and_lock_anon_vma(page));

	(void) __cond_lock(&anon_vma->root->lock, anon_vma);

	return anon_vma;
}
