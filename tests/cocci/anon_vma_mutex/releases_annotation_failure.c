/* 2.6.37+ shape. spatch expands __releases() to nothing, so a patch renames it. */
void unlock_page_anon_vma(struct anon_vma *anon_vma)
	__releases(&anon_vma->root->lock)
	__releases(RCU)
{
	anon_vma_unlock(anon_vma);
	rcu_read_unlock();
}
