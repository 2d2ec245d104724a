// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decide whether a change to a C file may be one of spacing only.
 *
 * spatch prints the diff of a file only when the new version has other
 * tokens than the old one.  It parses both versions and compares their
 * tokens without spaces, newlines and backslash-newlines.  It also takes
 * "," "}" to be the same as "}".  Parsing each changed file twice more
 * takes about a third of spatch's time on the series' rules, so kbackport
 * runs spatch with --force-diff.  Some cases need the token
 * kinds of spatch's parser, such as a newline that ends a #define or code
 * that failed to parse.  So the test here is looser: the two texts only
 * have to match once space characters, backslash-newlines and commas
 * before a closing brace are left out.  spatch then runs again without
 * --force-diff on each change that passes, and decides.
 */
#include <stdbool.h>
#include <string.h>

#include "cocci-spacing.h"

struct reader {
	const char *p;
	const char *end;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Skip space characters and backslash-newlines. */
static void skip_spacing(struct reader *r)
{
	for (;;) {
		while (r->p < r->end && is_space(*r->p))
			r->p++;
		if (r->p + 1 < r->end && r->p[0] == '\\' && (r->p[1] == '\n' || r->p[1] == '\r'))
			r->p++;
		else
			return;
	}
}

/* Return the next character that counts, or -1 at the end of the text. */
static int next_char(struct reader *r)
{
	struct reader after;

	skip_spacing(r);
	if (r->p >= r->end)
		return -1;
	if (*r->p != ',')
		return (unsigned char)*r->p++;

	/* A comma before a closing brace does not count. */
	after.p = r->p + 1;
	after.end = r->end;
	skip_spacing(&after);
	if (after.p < after.end && *after.p == '}') {
		r->p = after.p + 1;
		return '}';
	}
	r->p++;
	return ',';
}

/*
 * Check whether texts A and B are the same apart from spacing and a
 * comma before a closing brace.  Every pair that spatch takes to have the
 * same tokens passes, and so do a few pairs that spatch tells apart.
 */
bool c_same_but_spacing(const char *a, size_t alen, const char *b, size_t blen)
{
	struct reader ra = { a, a + alen }, rb = { b, b + blen };

	for (;;) {
		int ca = next_char(&ra), cb = next_char(&rb);

		if (ca != cb)
			return false;
		if (ca < 0)
			return true;
	}
}
