/* 2.6.38 and 2.6.39 initialise unmap_mutex with the other address_space fields. */
void demo_address_space_init_once(struct address_space *mapping)
{
	memset(mapping, 0, sizeof(*mapping));
	spin_lock_init(&mapping->i_mmap_lock);
	INIT_LIST_HEAD(&mapping->i_mmap_nonlinear);
	mutex_init(&mapping->unmap_mutex);
}
