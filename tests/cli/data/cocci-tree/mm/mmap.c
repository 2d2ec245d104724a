#include <linux/fs.h>

void vma_link(struct address_space *mapping)
{
	if (mapping)
		spin_lock(&mapping->i_mmap_lock);
	if (mapping)
		spin_unlock(&mapping->i_mmap_lock);
}
