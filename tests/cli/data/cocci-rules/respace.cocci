// SPDX-License-Identifier: GPL-2.0-only
/// Write the arguments of vma_adjust_count() without spaces: the tokens
/// stay the same, so spatch shows no diff.
///
// Confidence: High
// Requires: 1.1.1
// Options: --smpl-spacing
virtual patch

@@
expression E, F;
@@
- vma_adjust_count(E, F)
+ vma_adjust_count(E,F)
