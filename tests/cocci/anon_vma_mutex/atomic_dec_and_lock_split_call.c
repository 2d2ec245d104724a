/* The call spans two lines, as in 2.6.37 mm/migrate.c. */
static void put_migration_anon_vma(struct anon_vma *anon_vma)
{
	if (anon_vma && atomic_dec_and_lock(&anon_vma->external_refcount,
					    &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head);
		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}
}
