#include <linux/swap.h>
#include <asm/tlb.h>

unsigned long empty_zero_page;

DEFINE_PER_CPU(struct mmu_gather, mmu_gathers);

void __init mem_init(void)
{
	high_memory = (void *) __va(max_low_pfn * PAGE_SIZE);
}
