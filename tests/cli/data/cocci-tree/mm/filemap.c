#include <linux/fs.h>

/*
 * Lock ordering: ->i_mmap_lock is taken before the page table lock.
 * Nothing in this file takes it, so no rule changes this file.
 */
unsigned long filemap_pages(struct address_space *mapping)
{
	return mapping->nrpages;
}
