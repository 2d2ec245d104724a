// SPDX-License-Identifier: GPL-2.0-only
/// Remove the truncate lock-break bookkeeping outside mm/memory.c: the
/// vm_truncate_count copies and resets in vma_link(), vma_adjust(),
/// move_ptes() and dup_mmap(), and the unmap_mutex that 2.6.38 and 2.6.39
/// initialise in address_space_init_once(). The rewrite of mm/memory.c and
/// the struct fields are in the per-version 0002 patch, which runs first.
///
// Confidence: High
// Upstream: 97a894136f29 ("mm: Remove i_mmap_lock lockbreak"), merged for v3.0
// Versions: 2.6.32-2.6.39
// Requires: 1.1.1
// Options: --include-headers
virtual patch

// vma_link() copies the mapping's count under the lock; once the copy is
// gone the braces around the lock call go too, as upstream did.
@vma_link_copy@
expression M, V;
@@
- if (M) {
-	spin_lock(&M->i_mmap_lock);
-	V->vm_truncate_count = M->truncate_count;
- }
+ if (M)
+	spin_lock(&M->i_mmap_lock);

// A test of the counts guards only a reset or copy of a count (vma_adjust()
// on every version, move_ptes() on 2.6.32-2.6.37).
@count_test@
expression E;
statement S;
@@
- if (<+... E->vm_truncate_count ...+>)
-	S

@count_assign@
expression E1, E2;
@@
- E1->vm_truncate_count = E2;

@unmap_mutex@
expression M;
@@
(
- mutex_init(&M->unmap_mutex);
|
- mutex_lock(&M->unmap_mutex);
|
- mutex_unlock(&M->unmap_mutex);
)
