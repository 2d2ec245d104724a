/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* Packaging fixture: a userspace header for headers_install. */
#ifndef _UAPI_LINUX_FIXTURE_H
#define _UAPI_LINUX_FIXTURE_H
#define FIXTURE_MAGIC 0x6b6270
#endif
