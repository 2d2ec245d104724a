/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_LEFTOVER_H
#define KBP_LEFTOVER_H

#include <stddef.h>
#include <stdio.h>

struct leftover {
	char *file;	/* relative to the tree */
	int line;
	char *text;	/* the code line, comments removed */
};

struct leftover_list {
	struct leftover *items;
	size_t count;
};

void strip_comments(char *text);
int leftover_scan_text(const char *text, const char *file, struct leftover_list *list);
int leftover_scan_tree(const char *tree, struct leftover_list *list);
void leftover_print(const struct leftover_list *list, FILE *out);
void leftover_release(struct leftover_list *list);

#endif
