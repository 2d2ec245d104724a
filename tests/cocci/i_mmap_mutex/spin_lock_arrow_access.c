/* Lock and unlock through a struct address_space pointer. */
static void demo_link_file(struct vm_area_struct *vma, struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	demo_insert(vma, &mapping->i_mmap);
	spin_unlock(&mapping->i_mmap_lock);
}

/* Conditional lock with the unlock in a later block. */
static void demo_move(struct vm_area_struct *vma)
{
	struct address_space *mapping = NULL;

	if (vma->vm_file) {
		mapping = vma->vm_file->f_mapping;
		spin_lock(&mapping->i_mmap_lock);
	}
	demo_copy(vma);
	if (mapping)
		spin_unlock(&mapping->i_mmap_lock);
}
