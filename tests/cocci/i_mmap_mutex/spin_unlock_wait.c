/* Waiting for a holder to finish becomes a lock and unlock. */
static void demo_wait_for_walkers(struct address_space *mapping)
{
	demo_mark_dead(mapping);
	spin_unlock_wait(&mapping->i_mmap_lock);
	demo_release(mapping);
}
