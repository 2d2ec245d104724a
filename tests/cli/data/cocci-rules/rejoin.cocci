// SPDX-License-Identifier: GPL-2.0-only
/// Write each vma_merge_count() call again: spatch puts a call that a
/// backslash-newline splits on one line, which changes spacing only.
///
// Confidence: High
// Requires: 1.1.1
virtual patch

@@
expression E, F;
@@
- vma_merge_count(E, F)
+ vma_merge_count(E, F)
