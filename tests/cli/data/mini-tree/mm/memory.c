/* A minimal source file for the CLI tests: two lock sites. */
void unmap_one(struct address_space *mapping)
{
	spin_lock(&mapping->i_mmap_lock);
	mapping->nrpages = 0;
	spin_unlock(&mapping->i_mmap_lock);
}
