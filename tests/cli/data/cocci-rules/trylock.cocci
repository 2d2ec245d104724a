// SPDX-License-Identifier: GPL-2.0-only
/// Turn spin_trylock() on i_mmap_lock into mutex_trylock() on i_mmap_mutex.
///
// Confidence: High
// Requires: 1.1.1
virtual patch

@@
expression E;
@@
- spin_trylock(&E->i_mmap_lock)
+ mutex_trylock(&E->i_mmap_mutex)
