// SPDX-License-Identifier: GPL-2.0-only
/// Write each if statement again: in a one-line #define spatch moves the
/// branch to a line of its own, which ends the #define there.
///
// Confidence: High
// Requires: 1.1.1
virtual patch

@@
expression E;
statement S;
@@
- if (E) S
+ if (E) S
