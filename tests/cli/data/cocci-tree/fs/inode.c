#include <linux/fs.h>

void inode_init_mapping(struct address_space *mapping)
{
	spin_lock_init(&mapping->i_mmap_lock);
	mapping->nrpages = 0;
}
