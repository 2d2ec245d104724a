static void lock_other_objects(struct address_space *mapping, struct mm_struct *mm,
			       struct anon_vma *anon_vma)
{
	struct vm_area_struct *vma;

	spin_lock(&mapping->tree_lock);
	spin_lock(&mm->page_table_lock);
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&mapping->tree_lock);
	vma = list_first_entry(&anon_vma->head, struct vm_area_struct, anon_vma_node);
	spin_lock(&vma->vm_mm->page_table_lock);
	spin_unlock(&vma->vm_mm->page_table_lock);
}
