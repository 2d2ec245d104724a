/* SPDX-License-Identifier: GPL-2.0-only */
/* Packaging fixture: a header that the headers package must carry. */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H
extern int sysctl_max_map_count;
#endif
