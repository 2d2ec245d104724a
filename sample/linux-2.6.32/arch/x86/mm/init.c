/*
 * arch/x86/mm/init.c (sample excerpt)
 *
 * Only the storage of the per-CPU mmu_gather is kept; 2.6.32 defines it
 * here for every x86 configuration.
 */
#include <linux/initrd.h>
#include <linux/ioport.h>
#include <linux/swap.h>

#include <asm/cacheflush.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/tlb.h>
#include <asm/proto.h>

DEFINE_PER_CPU(struct mmu_gather, mmu_gathers);

unsigned long __initdata e820_table_start;
unsigned long __meminitdata e820_table_end;
unsigned long __meminitdata e820_table_top;
