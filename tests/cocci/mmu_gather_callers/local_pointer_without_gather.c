/*
 * A local gather pointer that tlb_gather_mmu() does not set stays a
 * pointer: the function only borrows a gather that another one owns.
 */
static void flush_borrowed_gather(struct mm_struct *mm)
{
	struct mmu_gather *tlb;

	tlb = lookup_gather(mm);
	if (tlb)
		tlb_flush(tlb);
}
