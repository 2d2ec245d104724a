/* 2.6.36-2.6.38 shape: the refcount drop takes the root's lock. */
void drop_external_ref(struct anon_vma *anon_vma)
{
	if (atomic_dec_and_lock(&anon_vma->external_refcount, &anon_vma->root->lock)) {
		int empty = list_empty(&anon_vma->head);
		anon_vma_unlock(anon_vma);
		if (empty)
			anon_vma_free(anon_vma);
	}
}
