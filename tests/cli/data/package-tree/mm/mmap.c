// SPDX-License-Identifier: GPL-2.0-only
/* Packaging fixture: stands in for mm/mmap.c. */
int sysctl_max_map_count = 65530;
