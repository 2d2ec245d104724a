/* The unmap_mutex pair around a walk goes; the i_mmap lock stays for the next step. */
void demo_unmap_range(struct address_space *mapping)
{
	mutex_lock(&mapping->unmap_mutex);
	spin_lock(&mapping->i_mmap_lock);
	demo_walk(mapping);
	spin_unlock(&mapping->i_mmap_lock);
	mutex_unlock(&mapping->unmap_mutex);
}
