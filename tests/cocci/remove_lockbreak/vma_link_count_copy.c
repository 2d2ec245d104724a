/* vma_link() copies the mapping's count under the lock; the braces go too. */
static void demo_vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct address_space *mapping = NULL;

	if (vma->vm_file)
		mapping = vma->vm_file->f_mapping;

	if (mapping) {
		spin_lock(&mapping->i_mmap_lock);
		vma->vm_truncate_count = mapping->truncate_count;
	}

	demo_link(mm, vma);

	if (mapping)
		spin_unlock(&mapping->i_mmap_lock);
}
