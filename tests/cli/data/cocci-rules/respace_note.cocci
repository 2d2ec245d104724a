// SPDX-License-Identifier: GPL-2.0-only
/// Print a note for each vma_adjust_count() call and write its arguments
/// without spaces: the note comes before the diff, which changes
/// spacing only, so spatch prints the note alone.
///
// Confidence: High
// Requires: 1.1.1
// Options: --smpl-spacing
virtual patch

@call@
expression E, F;
position p;
@@
vma_adjust_count@p(E, F)

@script:python@
p << call.p;
@@
print("%s:%s: vma_adjust_count() call" % (p[0].file, p[0].line))

@@
expression E, F;
@@
- vma_adjust_count(E, F)
+ vma_adjust_count(E,F)
