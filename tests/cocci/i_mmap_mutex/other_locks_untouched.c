/* Other address_space locks stay spinlocks next to the converted i_mmap_lock. */
static void demo_other_locks(struct address_space *mapping, struct demo *d)
{
	spin_lock(&mapping->i_mmap_lock);
	spin_lock_irq(&mapping->tree_lock);
	spin_unlock_irq(&mapping->tree_lock);
	spin_lock(&mapping->private_lock);
	spin_unlock(&mapping->private_lock);
	spin_lock(&d->i_mmap_lock_owner);
	spin_unlock(&d->i_mmap_lock_owner);
	spin_unlock(&mapping->i_mmap_lock);
}
