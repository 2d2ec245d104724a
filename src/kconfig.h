/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_KCONFIG_H
#define KBP_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* One CONFIG_ setting from a fragment; value "n" stands for "is not set". */
struct kconfig_entry {
	char *symbol;		/* without the CONFIG_ prefix */
	char *value;
	char *origin;		/* "file:line" it came from */
};

struct kconfig_set {
	struct kconfig_entry *entries;
	size_t count;
	int conflicts;
};

int kconfig_parse_line(const char *line, char **symbol, char **value);
int kconfig_add_fragment(struct kconfig_set *set, const char *path);
void kconfig_set_value(struct kconfig_set *set, const char *symbol, const char *value,
		       const char *origin);
int kconfig_write_fragment(const struct kconfig_set *set, const char *path);
int kconfig_merge_into(const struct kconfig_set *set, const char *config);
int kconfig_verify(const struct kconfig_set *set, const char *config, const char *tree);
void kconfig_release(struct kconfig_set *set);

#endif
