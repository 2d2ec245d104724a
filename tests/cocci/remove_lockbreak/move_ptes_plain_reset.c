/* 2.6.38 and 2.6.39 move_ptes(): an unconditional reset. */
static void demo_move_ptes(struct vm_area_struct *vma, struct vm_area_struct *new_vma)
{
	struct address_space *mapping = NULL;

	if (vma->vm_file) {
		mapping = vma->vm_file->f_mapping;
		spin_lock(&mapping->i_mmap_lock);
		new_vma->vm_truncate_count = 0;
	}
	demo_copy_ptes(vma, new_vma);
	if (mapping)
		spin_unlock(&mapping->i_mmap_lock);
}
