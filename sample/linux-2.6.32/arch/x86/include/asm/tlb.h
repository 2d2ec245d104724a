#ifndef _ASM_X86_TLB_H
#define _ASM_X86_TLB_H

/*
 * Sample excerpt: x86 flushes the whole mm at the end of a gather and
 * takes everything else from the generic gather.
 */
#define tlb_start_vma(tlb, vma) do { } while (0)
#define tlb_end_vma(tlb, vma) do { } while (0)
#define __tlb_remove_tlb_entry(tlb, ptep, address) do { } while (0)
#define tlb_flush(tlb) flush_tlb_mm((tlb)->mm)

#include <asm-generic/tlb.h>

#endif /* _ASM_X86_TLB_H */
