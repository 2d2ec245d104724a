#include <linux/fs.h>

void dup_mmap_file(struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	mapping->nrpages++;
	spin_unlock(&mapping->i_mmap_lock);
}
