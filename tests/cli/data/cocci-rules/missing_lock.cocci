// SPDX-License-Identifier: GPL-2.0-only
/// Convert frob_lock(), which the test tree does not call.
///
// Confidence: High
// Essential: yes
// Requires: 1.1.1
virtual patch

@@
expression E;
@@
- frob_lock(E);
+ frob_mutex_lock(E);
