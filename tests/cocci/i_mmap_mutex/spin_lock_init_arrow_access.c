/* 2.6.38 and 2.6.39 initialise it in address_space_init_once(). */
void demo_address_space_init_once(struct address_space *mapping)
{
	memset(mapping, 0, sizeof(*mapping));
	spin_lock_init(&mapping->tree_lock);
	spin_lock_init(&mapping->i_mmap_lock);
	INIT_RAW_PRIO_TREE_ROOT(&mapping->i_mmap);
}
