/* The hugetlb form: the mapping is reached through vma->vm_file. */
void demo_unmap_huge(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end)
{
	spin_lock(&vma->vm_file->f_mapping->i_mmap_lock);
	demo_unmap_range(vma, start, end);
	spin_unlock(&vma->vm_file->f_mapping->i_mmap_lock);
}
