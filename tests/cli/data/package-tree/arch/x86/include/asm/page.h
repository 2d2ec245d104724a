/* SPDX-License-Identifier: GPL-2.0-only */
/* Packaging fixture: an arch header for the headers package. */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H
#define PAGE_SHIFT 12
#endif
