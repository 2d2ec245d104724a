/* vma_adjust() resets the importer's count and copies it to an inserted vma. */
static void demo_vma_adjust(struct vm_area_struct *vma, struct vm_area_struct *next,
			    struct vm_area_struct *importer,
			    struct vm_area_struct *insert,
			    struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	if (importer &&
	    vma->vm_truncate_count != next->vm_truncate_count) {
		/* a concurrent truncate must rescan the grown vma */
		importer->vm_truncate_count = 0;
	}
	if (insert) {
		insert->vm_truncate_count = vma->vm_truncate_count;
		demo_link_file(insert);
	}
	spin_unlock(&mapping->i_mmap_lock);
}
