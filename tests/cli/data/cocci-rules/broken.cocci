// SPDX-License-Identifier: GPL-2.0-only
/// A rule with a syntax error: the metavariable section never ends.
///
// Requires: 1.1.1
virtual patch

@@
expression E
- spin_lock(E);
