/* try_to_unmap_file() shape: a spinlock holder yields with cond_resched_lock(). */
static int demo_unmap_nonlinear(struct address_space *mapping)
{
	struct vm_area_struct *vma;
	int ret = 0;

	spin_lock(&mapping->i_mmap_lock);
	cond_resched_lock(&mapping->i_mmap_lock);
	do {
		list_for_each_entry(vma, &mapping->i_mmap_nonlinear,
				    shared.vm_set.list)
			ret += demo_unmap_cluster(vma);
		cond_resched_lock(&mapping->i_mmap_lock);
	} while (ret < DEMO_MAX);
	spin_unlock(&mapping->i_mmap_lock);
	return ret;
}
