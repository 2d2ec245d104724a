static void wait_for_anon_vma(struct anon_vma *anon_vma)
{
	spin_unlock_wait(&anon_vma->root->lock);
	smp_mb();
}
