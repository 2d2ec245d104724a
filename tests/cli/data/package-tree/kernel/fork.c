// SPDX-License-Identifier: GPL-2.0-only
/* Packaging fixture: stands in for kernel/fork.c. */
int nr_threads;
