/* 2.6.33-2.6.35 shape: the last external reference frees the anon_vma. */
static void put_external_anon_vma(struct anon_vma *anon_vma)
{
	if (atomic_dec_and_lock(&anon_vma->external_refcount, &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head);
		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}
}
