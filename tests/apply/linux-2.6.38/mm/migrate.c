// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cut-down shape of mm/migrate.c in Linux 2.6.38,
 * written for kbackport's tests. It keeps only the lines that the
 * 2.6.38 steps change and the context their patches and semantic
 * patches need, so it does not build.
 */

static int unmap_and_move(new_page_t get_new_page, unsigned long private,
			struct page *page, int force, bool offlining, bool sync)
{
	int rc = 0;
	int *result = NULL;
	struct page *newpage = get_new_page(page, private, &result);
	int remap_swapcache = 1;
	int charge = 0;
	struct mem_cgroup *mem = NULL;
	struct anon_vma *anon_vma = NULL;

	if (PageAnon(page)) {
		/*
		 * Only page_lock_anon_vma() understands the subtleties of
		 * getting a hold on an anon_vma from outside one of its mms.
		 */
		anon_vma = page_lock_anon_vma(page);
		if (anon_vma) {
			/*
			 * Take a reference count on the anon_vma if the
			 * page is mapped so that it is guaranteed to
			 * exist when the page is remapped later
			 */
			get_anon_vma(anon_vma);
			page_unlock_anon_vma(anon_vma);
		} else if (PageSwapCache(page)) {
			/*
			 * We cannot be sure that the anon_vma of an unmapped
			 * swapcache page is safe to use because we don't
			 * know in advance if the VMA that this page belonged
			 * to still exists. If the VMA and others sharing the
			 * data have been freed, then the anon_vma could
			 * already be invalid.
			 *
			 * To avoid this possibility, swapcache pages get
			 * migrated but are not remapped when migration
			 * completes
			 */
		} else {
		}
	}

	/* Drop an anon_vma reference if we took one */
	if (anon_vma)
		drop_anon_vma(anon_vma);

uncharge:
	if (!charge)
		mem_cgroup_end_migration(mem, page, newpage, rc == 0);
}

static int unmap_and_move_huge_page(new_page_t get_new_page,
				unsigned long private, struct page *hpage,
				int force, bool offlining, bool sync)
{
	int rc = 0;
	int *result = NULL;
	struct page *new_hpage = get_new_page(hpage, private, &result);
	struct anon_vma *anon_vma = NULL;

	if (!trylock_page(hpage)) {
		lock_page(hpage);
	}

	if (PageAnon(hpage)) {
		anon_vma = page_lock_anon_vma(hpage);
		if (anon_vma) {
			get_anon_vma(anon_vma);
			page_unlock_anon_vma(anon_vma);
		}
	}

	try_to_unmap(hpage, TTU_MIGRATION|TTU_IGNORE_MLOCK|TTU_IGNORE_ACCESS);

	if (rc)
		remove_migration_ptes(hpage, hpage);

	if (anon_vma)
		drop_anon_vma(anon_vma);
out:
	unlock_page(hpage);

}
