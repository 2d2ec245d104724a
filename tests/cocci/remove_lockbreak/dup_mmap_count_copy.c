/* dup_mmap() copies the parent's count into the child vma. */
static void demo_dup_vma(struct vm_area_struct *tmp, struct vm_area_struct *mpnt,
			 struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	if (tmp->vm_flags & VM_SHARED)
		mapping->i_mmap_writable++;
	tmp->vm_truncate_count = mpnt->vm_truncate_count;
	demo_tree_add(tmp, mpnt);
	spin_unlock(&mapping->i_mmap_lock);
}
