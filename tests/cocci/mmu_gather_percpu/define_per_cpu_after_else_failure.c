/*
 * 2.6.32-2.6.39 microblaze: the definition opens an #else branch. Upstream
 * 3.0 also drops the blank line after it, but spatch 1.1.1 keeps that line.
 */
#include <asm/tlb.h>

#ifndef CONFIG_MMU
unsigned int __page_offset;

#else
DEFINE_PER_CPU(struct mmu_gather, mmu_gathers);

static int bootmem_ready;
#endif /* CONFIG_MMU */
