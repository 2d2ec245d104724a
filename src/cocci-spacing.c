// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decide whether two versions of a C file differ in spacing only.
 *
 * spatch prints the diff of a file only when the new version has other
 * tokens than the old one.  It parses both versions and compares their
 * tokens without spaces and newlines, comments included, and it takes
 * "," "}" to be the same as "}".  That check parses each changed file
 * twice more, about a third of spatch's time on the series' rules, so
 * kbackport runs spatch with --force-diff and makes the same check here
 * on the text.
 *
 * NOTE: preprocessor lines other than #define are one token each, with
 * their spacing, as spatch 1.1.1 reads #include lines; whether it reads
 * #if conditions the same way was not checked.
 */
#include <stdbool.h>
#include <string.h>

#include "cocci-spacing.h"

struct lexer {
	const char *p;
	const char *end;
	bool line_start;	/* only spaces since the last newline */
	bool continued;		/* the last token was a backslash */
};

struct token {
	const char *s;
	size_t len;
};

static const char *const punctuators[] = {
	"...", "<<=", ">>=",
	"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "##",
	NULL,
};

static const char *const directives_split[] = { "define", NULL };

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Skip spaces and newlines.  A backslash before a newline is a token, so
 * the next line does not start a directive.
 */
static void skip_spacing(struct lexer *lx)
{
	while (lx->p < lx->end) {
		if (*lx->p == '\n') {
			lx->line_start = !lx->continued;
			lx->continued = false;
		} else if (!is_blank(*lx->p)) {
			return;
		}
		lx->p++;
	}
}

/* Return the end of the comment that starts at P. */
static const char *comment_end(const char *p, const char *end)
{
	if (p[1] == '/') {
		const char *nl = memchr(p, '\n', end - p);

		return nl ? nl : end;
	}
	for (p += 2; p + 1 < end; p++) {
		if (p[0] == '*' && p[1] == '/')
			return p + 2;
	}
	return end;
}

/* Return the end of the string or character literal whose quote is at P. */
static const char *literal_end(const char *p, const char *end)
{
	char quote = *p++;

	while (p < end && *p != quote && *p != '\n')
		p += (*p == '\\' && p + 1 < end) ? 2 : 1;
	return p < end && *p == quote ? p + 1 : p;
}

/* Return the end of the preprocessing number that starts at P. */
static const char *number_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if ((*p == '+' || *p == '-') && strchr("eEpP", p[-1]))
			continue;
		if (!is_word_char(*p) && *p != '.')
			break;
	}
	return p;
}

/* Return the end of the directive line at P, before a comment or trailing spaces. */
static const char *directive_line_end(const char *p, const char *end)
{
	while (p < end && *p != '\n') {
		if (*p == '\\' && p + 1 < end && p[1] == '\n')
			p++;
		else if (*p == '/' && p + 1 < end && (p[1] == '*' || p[1] == '/'))
			break;
		p++;
	}
	while (is_blank(p[-1]))
		p--;
	return p;
}

/*
 * Return the end of the directive that starts at P.  "# define" is a
 * token, because the rest of its line is code.  Any other directive is one
 * token up to the end of its line or a comment.
 */
static const char *directive_end(const char *p, const char *end)
{
	const char *word = p + 1, *q;

	while (word < end && is_blank(*word))
		word++;
	for (q = word; q < end && is_word_char(*q);)
		q++;
	for (const char *const *d = directives_split; *d; d++) {
		if ((size_t)(q - word) == strlen(*d) && !memcmp(word, *d, q - word))
			return q;
	}
	return directive_line_end(p, end);
}

static const char *punctuator_end(const char *p, const char *end)
{
	for (const char *const *s = punctuators; *s; s++) {
		size_t len = strlen(*s);

		if ((size_t)(end - p) >= len && !memcmp(p, *s, len))
			return p + len;
	}
	return p + 1;
}

/* Check whether a word is the prefix of a literal: L"", u"", U"" or u8"". */
static bool is_literal_prefix(const char *s, size_t len)
{
	return (len == 1 && strchr("LuU", *s)) || (len == 2 && !memcmp(s, "u8", 2));
}

static const char *token_end(struct lexer *lx)
{
	const char *p = lx->p, *end = lx->end, *q;
	bool line_start = lx->line_start;

	lx->line_start = false;
	if (*p == '/' && p + 1 < end && (p[1] == '*' || p[1] == '/'))
		return comment_end(p, end);
	if (*p == '"' || *p == '\'')
		return literal_end(p, end);
	if (*p == '#' && line_start)
		return directive_end(p, end);
	if ((*p >= '0' && *p <= '9') || (*p == '.' && p + 1 < end && p[1] >= '0' && p[1] <= '9'))
		return number_end(p, end);
	if (!is_word_char(*p))
		return punctuator_end(p, end);

	for (q = p; q < end && is_word_char(*q);)
		q++;
	if (q < end && (*q == '"' || *q == '\'') && is_literal_prefix(p, q - p))
		return literal_end(q, end);
	return q;
}

/* Read the next token into T, or return false at the end of the text. */
static bool next_token(struct lexer *lx, struct token *t)
{
	const char *e;

	skip_spacing(lx);
	if (lx->p >= lx->end)
		return false;
	e = token_end(lx);
	t->s = lx->p;
	t->len = e - lx->p;
	lx->p = e;
	lx->continued = t->len == 1 && *t->s == '\\';
	return true;
}

static bool token_is(const struct token *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->s, s, t->len);
}

static bool same_token(const struct token *a, const struct token *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/*
 * Match "," "}" on side X with "}" on side Y by reading on to the brace
 * of X.
 */
static bool skip_optional_comma(struct lexer *x, struct token *tx, const struct token *ty)
{
	return token_is(tx, ",") && token_is(ty, "}") && next_token(x, tx) && token_is(tx, "}");
}

/*
 * Check whether texts A and B have the same tokens, comments included,
 * so that spatch prints no diff between them.
 */
bool c_same_but_spacing(const char *a, size_t alen, const char *b, size_t blen)
{
	struct lexer la = { a, a + alen, true, false }, lb = { b, b + blen, true, false };
	struct token ta, tb;

	for (;;) {
		bool more_a = next_token(&la, &ta), more_b = next_token(&lb, &tb);

		if (!more_a || !more_b)
			return more_a == more_b;
		if (same_token(&ta, &tb) || skip_optional_comma(&la, &ta, &tb) ||
		    skip_optional_comma(&lb, &tb, &ta))
			continue;
		return false;
	}
}
