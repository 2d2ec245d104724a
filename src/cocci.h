/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_COCCI_H
#define KBP_COCCI_H

#include "run-command.h"

/* The fields of a .cocci file's header comments. */
struct cocci_header {
	struct strbuf description;	/* the "///" lines, without the marker */
	char **options;			/* the "// Options:" words, NULL-terminated */
	char requires[32];		/* "// Requires:" version, or empty */
};

int cocci_parse_header(const char *text, struct cocci_header *hdr);
int cocci_read_header(const char *path, struct cocci_header *hdr);
void cocci_header_release(struct cocci_header *hdr);

int version_compare(const char *a, const char *b);
int spatch_version(char *buf, size_t size);
int spatch_check(const char *rule, const struct cocci_header *hdr, const char *installed);
int spatch_apply(const char *rule, const struct cocci_header *hdr, const char *dir);

#endif
