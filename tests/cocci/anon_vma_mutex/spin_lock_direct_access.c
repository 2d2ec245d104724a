/* 2.6.32-2.6.35 shape: no root, each anon_vma locks itself. */
int attach_vma(struct vm_area_struct *vma, struct anon_vma *anon_vma)
{
	struct mm_struct *mm = vma->vm_mm;

	spin_lock(&anon_vma->lock);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma)
		vma->anon_vma = anon_vma;
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&anon_vma->lock);
	return 0;
}
