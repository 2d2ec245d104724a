/*
 * 2.6.33-2.6.35 KSM rmap walk: the anon_vma is a local of an iterator-macro
 * body, and an early exit from the inner loop unlocks before its goto.
 */
static int ksm_walk_items(struct stable_node *stable_node, struct page *page)
{
	struct rmap_item *rmap_item;
	struct hlist_node *hlist;
	int ret = SWAP_AGAIN;

	hlist_for_each_entry(rmap_item, hlist, &stable_node->hlist, hlist) {
		struct anon_vma *anon_vma = rmap_item->anon_vma;
		struct anon_vma_chain *vmac;

		spin_lock(&anon_vma->lock);
		list_for_each_entry(vmac, &anon_vma->head, same_anon_vma) {
			ret = visit_vma(page, vmac->vma, rmap_item->address);
			if (ret != SWAP_AGAIN) {
				spin_unlock(&anon_vma->lock);
				goto out;
			}
		}
		spin_unlock(&anon_vma->lock);
	}
out:
	return ret;
}
