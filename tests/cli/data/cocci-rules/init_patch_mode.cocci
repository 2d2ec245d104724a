// SPDX-License-Identifier: GPL-2.0-only
/// Initialise i_mmap_mutex in place of i_mmap_lock; changes code only with -D patch.
///
// Confidence: High
// Requires: 1.1.1
virtual patch
virtual report

@depends on patch@
expression E;
@@
- spin_lock_init(&E->i_mmap_lock);
+ mutex_init(&E->i_mmap_mutex);
