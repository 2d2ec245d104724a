/*
 * mm/rmap_forms.c - not a 2.6.32 file
 *
 * No 2.6.32 caller uses spin_trylock(), spin_is_locked(),
 * assert_spin_locked() or spin_unlock_wait() on the i_mmap lock, but the
 * i_mmap_mutex semantic patch converts them, so these helpers give each
 * form one site in the sample tree.
 */
#include <linux/fs.h>
#include <linux/mm.h>

/* Returns 1 with the mapping's i_mmap lock held, 0 if it was busy. */
int mapping_trylock_mmap(struct address_space *mapping)
{
	return spin_trylock(&mapping->i_mmap_lock);
}

int inode_trylock_mmap(struct inode *inode)
{
	return spin_trylock(&inode->i_data.i_mmap_lock);
}

int mapping_mmap_locked(struct address_space *mapping)
{
	return spin_is_locked(&mapping->i_mmap_lock);
}

void mapping_assert_mmap_locked(struct address_space *mapping)
{
	assert_spin_locked(&mapping->i_mmap_lock);
}

/* Waits until the current holder, if any, releases the lock. */
void mapping_wait_mmap_unlocked(struct address_space *mapping)
{
	spin_unlock_wait(&mapping->i_mmap_lock);
}
