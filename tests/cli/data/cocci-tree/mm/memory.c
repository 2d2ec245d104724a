#include <linux/fs.h>

void unmap_mapping_range(struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	mapping->nrpages = 0;
	spin_unlock(&mapping->i_mmap_lock);
}
