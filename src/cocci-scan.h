/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_COCCI_SCAN_H
#define KBP_COCCI_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cocci-cache.h"
#include "cocci-prefilter.h"

/* One C source or header of the tree, with the prefilter identifiers it contains. */
struct source_file {
	char *path;		/* relative to the tree */
	bool is_header;
	unsigned char *bits;	/* token_table_bitset_size() bytes */
};

struct source_list {
	struct source_file *files;	/* sorted by path */
	size_t count;
	size_t bitset_size;
	unsigned char *bits;		/* storage for every file's bit set */
	size_t rescanned;		/* files read during this run */
};

int source_list_scan(struct source_list *list, const char *tree,
		     const struct token_table *tokens, struct cocci_cache *cache,
		     unsigned threads);
void source_list_release(struct source_list *list);

#endif
