// SPDX-License-Identifier: GPL-2.0-only
/// Put the mmu_gather on the stack of each function that unmaps:
/// zap_page_range(), unmap_region(), exit_mmap() and shift_arg_pages()
/// declare a struct mmu_gather instead of a pointer to the per-CPU one,
/// initialise it with tlb_gather_mmu(&tlb, mm, fullmm) and pass &tlb to
/// free_pgtables(), free_pgd_range() and tlb_finish_mmu().
/// unmap_vmas() takes the struct mmu_gather pointer itself and no longer
/// finishes and restarts the gather inside its loop, which the per-CPU
/// gather needed so that preemption could be enabled around cond_resched().
///
// Confidence: High
// Upstream: d16dfc550f53 ("mm: mmu_gather rework"), merged for v3.0
// Versions: 2.6.32-2.6.39
// Requires: 1.1.1
// Options: --smpl-spacing
virtual patch

// A caller that keeps a pointer to the per-CPU gather gets the gather
// itself on its stack.
@caller@
identifier fn, t;
expression M, F;
@@
fn(...) {
...
- struct mmu_gather *t;
+ struct mmu_gather t;
<+...
- t = tlb_gather_mmu(M, F);
+ tlb_gather_mmu(&t, M, F);
...+>
}

// zap_page_range() finished the gather only if unmap_vmas() had not
// dropped it under the truncate lock-break; a gather on the stack is
// never dropped.
@caller_test depends on caller@
identifier caller.fn, caller.t;
statement S;
@@
fn(...) {
<...
- if (t)
  S
...>
}

// Every other use of the old pointer becomes the address of the gather.
// unmap_vmas(&t, ...) already passed an address and reads the same.
@caller_use depends on caller@
identifier caller.fn, caller.t;
@@
fn(...) {
<...
(
  &t
|
- t
+ &t
)
...>
}

// unmap_vmas() records where the current gather started, finishes it
// when ZAP_BLOCK_SIZE is used up and starts a new one after
// cond_resched(). Find the two bookkeeping variables by their use.
@unmap_vmas_start@
identifier tlbp, start, valid;
expression E;
@@
unsigned long unmap_vmas(struct mmu_gather **tlbp, ...)
{
<+...
- if (!valid) {
-	start = E;
-	valid = 1;
- }
...+>
}

@unmap_vmas_restart depends on unmap_vmas_start@
identifier unmap_vmas_start.tlbp;
identifier unmap_vmas_start.start;
identifier unmap_vmas_start.valid;
identifier fullmm, l;
expression E, M, F;
@@
unsigned long unmap_vmas(struct mmu_gather **tlbp, ...)
{
<...
(
- unsigned long start = 0;
|
- int valid = 0;
|
- int fullmm = (*tlbp)->fullmm;
|
- tlb_finish_mmu(*tlbp, ...);
|
- *tlbp = tlb_gather_mmu(M, F);
|
- valid = 0;
|
- if (E) {
-	*tlbp = NULL;
-	goto l;
- }
+ if (E)
+	goto l;
)
...>
}

@unmap_vmas_param@
identifier tlbp;
symbol tlb;
@@
unsigned long unmap_vmas(
- struct mmu_gather **tlbp
+ struct mmu_gather *tlb
  , ...)
{
<...
- *tlbp
+ tlb
...>
}
