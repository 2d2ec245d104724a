// SPDX-License-Identifier: GPL-2.0-only
/// Write the arguments of vma_adjust_count() without spaces, and swap the
/// arguments of vma_swap_count(): only the second is a change of tokens.
///
// Confidence: High
// Requires: 1.1.1
// Options: --smpl-spacing
virtual patch

@@
expression E, F;
@@
(
- vma_adjust_count(E, F)
+ vma_adjust_count(E,F)
|
- vma_swap_count(E, F)
+ vma_swap_count(F, E)
)
