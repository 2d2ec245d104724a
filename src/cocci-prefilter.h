/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_COCCI_PREFILTER_H
#define KBP_COCCI_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The identifiers that several semantic patches look for, each with a
 * small integer id, so that one pass over a file records which of them
 * it contains in a bit set.
 */
struct token_table {
	char **names;
	size_t count;
	size_t alloc;
	int *slots;		/* open-addressing hash of names, -1 when free */
	size_t nslots;
	unsigned char lengths[256];	/* lengths[n] is set when some name has n bytes */
	unsigned char ends[256 * 256 / 8];	/* bit first*256+last: some name has those bytes */
};

#define TOKEN_TABLE_INIT { NULL, 0, 0, NULL, 0, { 0 }, { 0 } }

int token_table_add(struct token_table *t, const char *name, size_t len);
int token_table_find(const struct token_table *t, const char *name, size_t len);
size_t token_table_bitset_size(const struct token_table *t);
void token_table_release(struct token_table *t);

enum prefilter_kind {
	PREFILTER_TRUE,		/* any file may match */
	PREFILTER_FALSE,	/* no file can match */
	PREFILTER_TOKEN,	/* the file must contain one identifier */
	PREFILTER_AND,
	PREFILTER_OR,
};

/* A condition on the identifiers of a file, necessary for a rule to match. */
struct prefilter {
	enum prefilter_kind kind;
	int token;			/* id in the token table, for PREFILTER_TOKEN */
	struct prefilter **kids;	/* operands of AND and OR */
	size_t nkids;
};

struct prefilter *prefilter_parse(const char *smpl, struct token_table *tokens);
bool prefilter_eval(const struct prefilter *f, const unsigned char *bits);
char *prefilter_format(const struct prefilter *f, const struct token_table *tokens);
void prefilter_free(struct prefilter *f);

void prefilter_scan(const char *text, size_t len, const struct token_table *tokens,
		    unsigned char *bits);

#endif
