/* Functions that receive the gather as a parameter keep their pointer. */
void free_pgtables(struct mmu_gather *tlb, struct vm_area_struct *vma,
		unsigned long floor, unsigned long ceiling)
{
	while (vma) {
		struct vm_area_struct *next = vma->vm_next;

		free_pgd_range(tlb, vma->vm_start, vma->vm_end,
			floor, next? next->vm_start: ceiling);
		vma = next;
	}
}

static void count_gather(struct mmu_gather *tlb)
{
	struct mmu_gather *other = tlb;

	tlb_flush(other);
}
