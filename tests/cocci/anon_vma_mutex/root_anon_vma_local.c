struct anon_vma *lock_page_anon(struct page *page)
{
	struct anon_vma *anon_vma, *root_anon_vma;
	unsigned long mapping;

	mapping = (unsigned long) page->mapping;
	anon_vma = (struct anon_vma *) (mapping - PAGE_MAPPING_ANON);
	root_anon_vma = ACCESS_ONCE(anon_vma->root);
	spin_lock(&root_anon_vma->lock);
	if (page_mapped(page))
		return anon_vma;
	spin_unlock(&root_anon_vma->lock);
	return NULL;
}
