/* 2.6.36+ shape of vm_lock_anon_vma(): the mark bit lives on the root. */
static void lock_one_anon_vma(struct mm_struct *mm, struct anon_vma *anon_vma)
{
	if (!test_bit(0, (unsigned long *) &anon_vma->root->head.next)) {
		spin_lock_nest_lock(&anon_vma->root->lock, &mm->mmap_sem);
		if (__test_and_set_bit(0, (unsigned long *) &anon_vma->root->head.next))
			BUG();
	}
}
