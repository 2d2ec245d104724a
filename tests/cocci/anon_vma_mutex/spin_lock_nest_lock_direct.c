/* 2.6.32-2.6.35 shape of vm_lock_anon_vma(). */
static void lock_one_anon_vma(struct mm_struct *mm, struct anon_vma *anon_vma)
{
	if (!test_bit(0, (unsigned long *) &anon_vma->head.next)) {
		spin_lock_nest_lock(&anon_vma->lock, &mm->mmap_sem);
		if (__test_and_set_bit(0, (unsigned long *) &anon_vma->head.next))
			BUG();
	}
}

static void unlock_one_anon_vma(struct anon_vma *anon_vma)
{
	if (test_bit(0, (unsigned long *) &anon_vma->head.next)) {
		if (!__test_and_clear_bit(0, (unsigned long *) &anon_vma->head.next))
			BUG();
		spin_unlock(&anon_vma->lock);
	}
}
