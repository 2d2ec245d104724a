// SPDX-License-Identifier: GPL-2.0-only
/// Remove the per-CPU mmu_gathers storage of every architecture that uses
/// the gather of include/asm-generic/tlb.h, which now lives on the stack
/// of the function that unmaps. arm, ia64, s390, sh, um and sparc64 keep
/// their own tlb.h with its own per-CPU gather, so their definitions stay;
/// backports/unconverted-arches.txt lists the same architectures.
///
// Confidence: High
// Upstream: d16dfc550f53 ("mm: mmu_gather rework"), merged for v3.0
// Versions: 2.6.32-2.6.39
// Requires: 1.1.1
// Options:
virtual patch

@percpu@
declarer name DEFINE_PER_CPU;
symbol mmu_gathers;
position p;
@@
DEFINE_PER_CPU@p(struct mmu_gather, mmu_gathers);

// sparc64 defines its gather in arch/sparc/mm/tlb.c; 32-bit sparc uses the
// generic one and defines it in arch/sparc/mm/init_32.c.
@script:python own_gather@
p << percpu.p;
@@
import re
if re.search(r'(^|/)arch/(arm|ia64|s390|sh|um)/|(^|/)arch/sparc/mm/tlb\.c$', p[0].file):
    cocci.include_match(False)

@depends on own_gather@
declarer name DEFINE_PER_CPU;
symbol mmu_gathers;
position percpu.p;
@@
- DEFINE_PER_CPU@p(struct mmu_gather, mmu_gathers);
