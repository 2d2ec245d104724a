// SPDX-License-Identifier: GPL-2.0-only
/// Take and release mapping->i_mmap_lock as the mutex i_mmap_mutex.
///
// Confidence: High
// Essential: yes
// Requires: 1.1.1
// Options: --include-headers
virtual patch

@@
expression E;
@@
(
- spin_lock(&E->i_mmap_lock);
+ mutex_lock(&E->i_mmap_mutex);
|
- spin_unlock(&E->i_mmap_lock);
+ mutex_unlock(&E->i_mmap_mutex);
)
