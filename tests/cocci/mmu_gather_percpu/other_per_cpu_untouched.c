/* Per-CPU data other than the gather stays. */
#include <linux/percpu.h>

DEFINE_PER_CPU(struct pte_freelist_batch *, pte_freelist_cur);
DEFINE_PER_CPU(unsigned long, mmu_gather_count);
static DEFINE_PER_CPU(struct mmu_gather, private_gathers);
