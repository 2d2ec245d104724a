// SPDX-License-Identifier: GPL-2.0-only
/// Convert the i_mmap_lock lock and unlock calls of the CLI test tree.
///
// Confidence: High
// Requires: 1.0.0
// Options: --no-includes
virtual patch

@@
expression E;
@@
(
- spin_lock(&E->i_mmap_lock)
+ mutex_lock(&E->i_mmap_mutex)
|
- spin_unlock(&E->i_mmap_lock)
+ mutex_unlock(&E->i_mmap_mutex)
)
