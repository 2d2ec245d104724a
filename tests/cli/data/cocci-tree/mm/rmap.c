#include <linux/fs.h>

int page_referenced_file(struct address_space *mapping)
{
	int referenced = 0;

	if (!spin_trylock(&mapping->i_mmap_lock))
		return 0;
	referenced++;
	spin_unlock(&mapping->i_mmap_lock);
	return referenced;
}

void try_to_unmap_file(struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	mapping->nrpages--;
	spin_unlock(&mapping->i_mmap_lock);
}
