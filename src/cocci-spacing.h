/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_COCCI_SPACING_H
#define KBP_COCCI_SPACING_H

#include <stdbool.h>
#include <stddef.h>

bool c_same_but_spacing(const char *a, size_t alen, const char *b, size_t blen);

#endif
