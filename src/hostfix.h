/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_HOSTFIX_H
#define KBP_HOSTFIX_H

#include <stdbool.h>
#include <stddef.h>

/* The host-toolchain patches of one stable series, in the order applied. */
struct hostfix_list {
	char *dir;		/* relative to the data directory */
	char **patches;		/* relative to the data directory */
	size_t count;
};

int hostfix_load(const char *series, struct hostfix_list *list);
bool patch_series_is_applied(const char *tree, char *const *patches, size_t count);
bool hostfix_is_applied(const char *tree, const struct hostfix_list *list);
void hostfix_release(struct hostfix_list *list);

#endif
