// SPDX-License-Identifier: GPL-2.0-only
/*
 * The prefilter of kbackport cocci: from the text of a semantic patch,
 * derive a condition on the identifiers a C file must contain for any of
 * its rules to match, so that spatch runs only on files that pass.
 *
 * The condition must never reject a file that spatch would change, so
 * whatever this reader does not understand counts as "true": identifiers
 * on added lines, in "when" clauses, in optional lines and in optional
 * nests, anything declared in a rule's metavariable section, C and SmPL
 * keywords, and the names standard.iso can rewrite (NULL, likely,
 * unlikely).  A disjunction needs one branch, a conjunction every one, a
 * rule everything else it names, and a file one code rule (script,
 * initialize and finalize rules match nothing themselves).  A file that
 * pulls in other rules or isomorphisms ("include", "using") gets "true".
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cocci-prefilter.h"
#include "run-command.h"
#include "usage.h"

static const char *const ignored_words[] = {
	/* C keywords and the GNU spellings spatch accepts */
	"asm", "__asm__", "auto", "bool", "break", "case", "char", "const", "continue",
	"default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if",
	"inline", "int", "long", "register", "restrict", "return", "short", "signed",
	"sizeof", "static", "struct", "switch", "typedef", "typeof", "__typeof__", "union",
	"unsigned", "void", "volatile", "while", "_Bool",
	/* preprocessor directives */
	"include", "define", "undef", "ifdef", "ifndef", "endif", "elif", "pragma",
	/* SmPL words */
	"when", "any", "strict", "forall", "exists", "true", "false",
	/* rewritten by standard.iso of Coccinelle 1.1.1 */
	"NULL", "likely", "unlikely", "__predict_true", "__predict_false",
	NULL,
};

static bool is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

static uint32_t hash_name(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

int token_table_find(const struct token_table *t, const char *name, size_t len)
{
	size_t i;

	if (!t->nslots)
		return -1;
	for (i = hash_name(name, len) & (t->nslots - 1); t->slots[i] >= 0;
	     i = (i + 1) & (t->nslots - 1)) {
		const char *s = t->names[t->slots[i]];

		if (!strncmp(s, name, len) && s[len] == '\0')
			return t->slots[i];
	}
	return -1;
}

static void token_table_rehash(struct token_table *t)
{
	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 64;
	t->slots = xmalloc(t->nslots * sizeof(*t->slots));
	memset(t->slots, 0xff, t->nslots * sizeof(*t->slots));

	for (size_t id = 0; id < t->count; id++) {
		const char *s = t->names[id];
		size_t i = hash_name(s, strlen(s)) & (t->nslots - 1);

		while (t->slots[i] >= 0)
			i = (i + 1) & (t->nslots - 1);
		t->slots[i] = id;
	}
}

/* Return the id of NAME, adding it if it is new. */
int token_table_add(struct token_table *t, const char *name, size_t len)
{
	int id = token_table_find(t, name, len);

	if (id >= 0)
		return id;

	if (t->count == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 32;
		t->names = realloc(t->names, t->alloc * sizeof(*t->names));
		if (!t->names) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
	}
	t->names[t->count] = strndup(name, len);
	if (!t->names[t->count]) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	if (len < sizeof(t->lengths))
		t->lengths[len] = 1;
	if (len) {
		unsigned pair = (unsigned char)name[0] << 8 | (unsigned char)name[len - 1];

		t->ends[pair / 8] |= 1u << (pair % 8);
	}
	t->count++;

	if (t->count * 2 > t->nslots) {
		token_table_rehash(t);
	} else {
		size_t i = hash_name(name, len) & (t->nslots - 1);

		while (t->slots[i] >= 0)
			i = (i + 1) & (t->nslots - 1);
		t->slots[i] = t->count - 1;
	}
	return t->count - 1;
}

size_t token_table_bitset_size(const struct token_table *t)
{
	return (t->count + 7) / 8 + 1;
}

void token_table_release(struct token_table *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->names[i]);
	free(t->names);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Formula nodes */

static struct prefilter *node_new(enum prefilter_kind kind)
{
	struct prefilter *f = xcalloc(1, sizeof(*f));

	f->kind = kind;
	f->token = -1;
	return f;
}

static void node_add(struct prefilter *parent, struct prefilter *kid)
{
	parent->kids = realloc(parent->kids, (parent->nkids + 1) * sizeof(*parent->kids));
	if (!parent->kids) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	parent->kids[parent->nkids++] = kid;
}

void prefilter_free(struct prefilter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nkids; i++)
		prefilter_free(f->kids[i]);
	free(f->kids);
	free(f);
}

static bool node_equal(const struct prefilter *a, const struct prefilter *b)
{
	if (a->kind != b->kind || a->token != b->token || a->nkids != b->nkids)
		return false;
	for (size_t i = 0; i < a->nkids; i++) {
		if (!node_equal(a->kids[i], b->kids[i]))
			return false;
	}
	return true;
}

static bool has_kid(const struct prefilter *f, const struct prefilter *kid)
{
	for (size_t i = 0; i < f->nkids; i++) {
		if (node_equal(f->kids[i], kid))
			return true;
	}
	return false;
}

/*
 * Whether operand A of an OR (or AND, with INNER the other kind) makes
 * operand B redundant: every operand of A, read as a conjunction (or
 * disjunction), is also one of B, as in "a | (a & b)" or "a & (a | b)".
 */
static bool absorbs(const struct prefilter *a, const struct prefilter *b,
		    enum prefilter_kind inner)
{
	if (b->kind != inner)
		return a->kind != inner && node_equal(a, b);
	if (a->kind != inner)
		return has_kid(b, a);
	for (size_t i = 0; i < a->nkids; i++) {
		if (!has_kid(b, a->kids[i]))
			return false;
	}
	return true;
}

static void remove_absorbed(struct prefilter *f)
{
	enum prefilter_kind inner = f->kind == PREFILTER_AND ? PREFILTER_OR : PREFILTER_AND;
	size_t n = 0;

	for (size_t i = 0; i < f->nkids; i++) {
		bool redundant = false;

		for (size_t j = 0; j < f->nkids && !redundant; j++) {
			if (j == i || !f->kids[j])
				continue;
			/* Of two equal operands, the later one goes. */
			redundant = absorbs(f->kids[j], f->kids[i], inner) &&
				    (j < i || !absorbs(f->kids[i], f->kids[j], inner));
		}
		if (redundant) {
			prefilter_free(f->kids[i]);
			f->kids[i] = NULL;
		}
	}
	for (size_t i = 0; i < f->nkids; i++) {
		if (f->kids[i])
			f->kids[n++] = f->kids[i];
	}
	f->nkids = n;
}

/*
 * Simplify an AND or OR node: flatten nested nodes of the same kind, drop
 * neutral and redundant operands, and fold constants.  Consumes F.
 */
static struct prefilter *node_simplify(struct prefilter *f)
{
	enum prefilter_kind unit = f->kind == PREFILTER_AND ? PREFILTER_TRUE : PREFILTER_FALSE;
	enum prefilter_kind zero = f->kind == PREFILTER_AND ? PREFILTER_FALSE : PREFILTER_TRUE;
	struct prefilter *out = node_new(f->kind);

	for (size_t i = 0; i < f->nkids; i++) {
		struct prefilter *kid = f->kids[i];

		if (kid->kind == zero) {
			for (size_t j = i + 1; j < f->nkids; j++)
				prefilter_free(f->kids[j]);
			f->nkids = 0;
			prefilter_free(f);
			prefilter_free(out);
			return kid;
		}
		if (kid->kind == f->kind) {
			for (size_t j = 0; j < kid->nkids; j++)
				node_add(out, kid->kids[j]);
			kid->nkids = 0;
			prefilter_free(kid);
		} else if (kid->kind == unit) {
			prefilter_free(kid);
		} else {
			node_add(out, kid);
		}
	}
	f->nkids = 0;
	prefilter_free(f);
	remove_absorbed(out);

	if (out->nkids == 0) {
		out->kind = unit;
		return out;
	}
	if (out->nkids == 1) {
		struct prefilter *only = out->kids[0];

		out->nkids = 0;
		prefilter_free(out);
		return only;
	}
	return out;
}

static struct prefilter *node_clone(const struct prefilter *f)
{
	struct prefilter *copy = node_new(f->kind);

	copy->token = f->token;
	for (size_t i = 0; i < f->nkids; i++)
		node_add(copy, node_clone(f->kids[i]));
	return copy;
}

/* The body of one rule, as a list of identifiers and structure markers. */
enum item_type {
	ITEM_TOKEN,
	ITEM_OPEN,		/* "(" in column 0, or "\(" */
	ITEM_OR,		/* "|" in column 0, or "\|" */
	ITEM_AND,		/* "&" in column 0, or "\&" */
	ITEM_CLOSE,		/* ")" in column 0, or "\)" */
	ITEM_NEST_OPTIONAL,	/* "<..." */
	ITEM_NEST_REQUIRED,	/* "<+..." */
	ITEM_NEST_END,		/* "...>" or "...+>" */
};

struct item {
	enum item_type type;
	int token;
};

struct body {
	struct item *items;
	size_t count;
	bool in_comment;
	struct token_table *tokens;
	struct token_table metavars;	/* names declared in the rule's header */
	struct token_table inherits;	/* rules whose metavariables it uses */
};

static void body_push(struct body *b, enum item_type type, int token)
{
	b->items = realloc(b->items, (b->count + 1) * sizeof(*b->items));
	if (!b->items) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	b->items[b->count].type = type;
	b->items[b->count].token = token;
	b->count++;
}

static bool is_ignored_word(const char *s, size_t len)
{
	for (const char *const *w = ignored_words; *w; w++) {
		if (strlen(*w) == len && !memcmp(*w, s, len))
			return true;
	}
	return false;
}

static const char *skip_quoted(const char *p, const char *end)
{
	char quote = *p++;

	while (p < end && *p != quote) {
		if (*p == '\\' && p + 1 < end)
			p++;
		p++;
	}
	return p < end ? p + 1 : end;
}

static bool starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && !memcmp(p, word, n);
}

/* Return the structure marker at P, or -1, and its length in *LEN. */
static int lex_marker(const char *p, const char *end, size_t *len)
{
	static const struct { const char *text; enum item_type type; } markers[] = {
		{ "<+...", ITEM_NEST_REQUIRED }, { "<...", ITEM_NEST_OPTIONAL },
		{ "...+>", ITEM_NEST_END }, { "...>", ITEM_NEST_END },
		{ "\\(", ITEM_OPEN }, { "\\|", ITEM_OR }, { "\\&", ITEM_AND },
		{ "\\)", ITEM_CLOSE },
	};

	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		if (starts(p, end, markers[i].text)) {
			*len = strlen(markers[i].text);
			return markers[i].type;
		}
	}
	return -1;
}

/* Read the code of one body line; REQUIRED is false for optional lines. */
static void lex_code(struct body *b, const char *p, const char *end, bool required)
{
	while (p < end) {
		size_t len;
		int marker;

		if (b->in_comment) {
			const char *close = starts(p, end, "*/") ? p : NULL;

			for (const char *q = p; !close && q + 1 < end; q++)
				if (q[0] == '*' && q[1] == '/')
					close = q;
			if (!close)
				return;
			b->in_comment = false;
			p = close + 2;
			continue;
		}
		if (starts(p, end, "/*")) {
			b->in_comment = true;
			p += 2;
			continue;
		}
		if (starts(p, end, "//"))
			return;
		if (*p == '"' || *p == '\'') {
			p = skip_quoted(p, end);
			continue;
		}

		marker = lex_marker(p, end, &len);
		if (marker >= 0) {
			body_push(b, marker, -1);
			p += len;
			continue;
		}

		if (*p == '@') {
			/* A position metavariable follows. */
			for (p++; p < end && isspace((unsigned char)*p); p++)
				;
			while (p < end && is_ident_char((unsigned char)*p))
				p++;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			while (p < end && (is_ident_char((unsigned char)*p) || *p == '.'))
				p++;
			continue;
		}
		if (!is_ident_start((unsigned char)*p)) {
			p++;
			continue;
		}

		len = 0;
		while (p + len < end && is_ident_char((unsigned char)p[len]))
			len++;
		if (len == 4 && !memcmp(p, "when", 4))
			return;
		if (required && !is_ignored_word(p, len) &&
		    token_table_find(&b->metavars, p, len) < 0)
			body_push(b, ITEM_TOKEN, token_table_add(b->tokens, p, len));
		p += len;
	}
}

static void lex_body_line(struct body *b, const char *line, const char *end)
{
	if (line == end)
		return;

	if (b->in_comment) {
		lex_code(b, line, end, true);
		return;
	}

	switch (*line) {
	case '+':
		return;
	case '?':
		lex_code(b, line + 1, end, false);
		return;
	case '-':
	case '*':
		lex_code(b, line + 1, end, true);
		return;
	case '(':
		body_push(b, ITEM_OPEN, -1);
		break;
	case '|':
		body_push(b, ITEM_OR, -1);
		break;
	case '&':
		body_push(b, ITEM_AND, -1);
		break;
	case ')':
		body_push(b, ITEM_CLOSE, -1);
		break;
	default:
		lex_code(b, line, end, true);
		return;
	}
	lex_code(b, line + 1, end, true);
}

static struct prefilter *parse_sequence(const struct body *b, size_t *pos, bool *bad);

/* Parse "( A | B | ... )" or "( A & B & ... )" with *POS after the "(". */
static struct prefilter *parse_group(const struct body *b, size_t *pos, bool *bad)
{
	struct prefilter *branches = node_new(PREFILTER_AND);
	bool any_or = false;

	node_add(branches, parse_sequence(b, pos, bad));
	while (*pos < b->count && (b->items[*pos].type == ITEM_OR ||
				   b->items[*pos].type == ITEM_AND)) {
		any_or |= b->items[*pos].type == ITEM_OR;
		(*pos)++;
		node_add(branches, parse_sequence(b, pos, bad));
	}
	if (*pos >= b->count || b->items[*pos].type != ITEM_CLOSE)
		*bad = true;
	else
		(*pos)++;

	/* A group that mixes "|" and "&" counts as a disjunction, the weaker reading. */
	if (any_or)
		branches->kind = PREFILTER_OR;
	return node_simplify(branches);
}

static struct prefilter *parse_sequence(const struct body *b, size_t *pos, bool *bad)
{
	struct prefilter *all = node_new(PREFILTER_AND);

	while (*pos < b->count && !*bad) {
		const struct item *it = &b->items[*pos];
		struct prefilter *inner;

		if (it->type == ITEM_OR || it->type == ITEM_AND || it->type == ITEM_CLOSE ||
		    it->type == ITEM_NEST_END)
			break;

		(*pos)++;
		if (it->type == ITEM_TOKEN) {
			inner = node_new(PREFILTER_TOKEN);
			inner->token = it->token;
			node_add(all, inner);
			continue;
		}
		if (it->type == ITEM_OPEN) {
			node_add(all, parse_group(b, pos, bad));
			continue;
		}

		inner = parse_sequence(b, pos, bad);
		if (*pos >= b->count || b->items[*pos].type != ITEM_NEST_END)
			*bad = true;
		else
			(*pos)++;
		if (it->type == ITEM_NEST_REQUIRED)
			node_add(all, inner);
		else
			prefilter_free(inner);
	}
	return node_simplify(all);
}

static struct prefilter *parse_body(struct body *b)
{
	size_t pos = 0;
	bool bad = false;
	struct prefilter *f = parse_sequence(b, &pos, &bad);

	/* Unbalanced markers: give up on this rule rather than guess. */
	if (bad || pos != b->count) {
		prefilter_free(f);
		return node_new(PREFILTER_TRUE);
	}
	return f;
}

/*
 * Record the names a metavariable declaration introduces.  Declarations of
 * literal names ("symbol", "typedef", "declarer name" and the like) are
 * skipped; for every other one each identifier counts, so a constraint or
 * a C type inside the declaration can only weaken the condition.
 */
static size_t word_length(const char *p, const char *end)
{
	size_t len = 0;

	while (p + len < end && is_ident_char((unsigned char)p[len]))
		len++;
	return len;
}

static bool is_word(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(p, word, len);
}

static void read_declaration(struct body *b, const char *p, const char *end)
{
	const char *second;
	size_t first_len, second_len;
	bool in_constraint = false;	/* after "=", "!=" or "=~" of the current name */
	int depth = 0;

	while (p < end && isspace((unsigned char)*p))
		p++;
	first_len = word_length(p, end);
	if (is_word(p, first_len, "symbol") || is_word(p, first_len, "typedef"))
		return;
	for (second = p + first_len; second < end && isspace((unsigned char)*second); second++)
		;
	second_len = word_length(second, end);
	if (is_word(second, second_len, "name") &&
	    (is_word(p, first_len, "declarer") || is_word(p, first_len, "iterator") ||
	     is_word(p, first_len, "attribute")))
		return;

	while (p < end) {
		size_t len = 0;

		if (*p == '"' || *p == '\'') {
			p = skip_quoted(p, end);
			continue;
		}
		if (strchr("{[(", *p))
			depth++;
		else if (strchr("}])", *p) && depth > 0)
			depth--;
		else if (*p == ',' && !depth)
			in_constraint = false;
		else if (strchr("=!~", *p) && !depth)
			in_constraint = true;
		if (!is_ident_start((unsigned char)*p)) {
			p++;
			continue;
		}
		while (p + len < end && is_ident_char((unsigned char)p[len]))
			len++;
		/*
		 * "rule.name" inherits a metavariable, so that rule must match
		 * too; a constraint such as "p != rule.q" implies nothing.
		 */
		if (p + len < end && p[len] == '.' && !in_constraint && !is_word(p, len, "virtual"))
			token_table_add(&b->inherits, p, len);
		token_table_add(&b->metavars, p, len);
		p += len;
	}
}

static void read_declarations(struct body *b, const char *text, const char *end)
{
	struct strbuf code = STRBUF_INIT;
	const char *p = text;

	/* Drop comments, then split at semicolons. */
	while (p < end) {
		if (starts(p, end, "//")) {
			while (p < end && *p != '\n')
				p++;
		} else if (starts(p, end, "/*")) {
			const char *close = strstr(p + 2, "*/");

			p = close && close < end ? close + 2 : end;
		} else {
			strbuf_add(&code, p, 1);
			p++;
		}
	}

	p = strbuf_str(&code);
	while (*p) {
		const char *semi = strchr(p, ';');
		const char *stop = semi ? semi : p + strlen(p);

		read_declaration(b, p, stop);
		p = semi ? semi + 1 : stop;
	}
	strbuf_release(&code);
}

static const char *line_end(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? nl : p + strlen(p);
}

static const char *next_line(const char *p)
{
	const char *end = line_end(p);

	return *end ? end + 1 : end;
}

/* Whether the file brings in rules or isomorphisms this reader cannot see. */
static bool has_outside_parts(const char *smpl)
{
	for (const char *line = smpl; *line; line = next_line(line)) {
		if (*line == '@')
			return false;
		if (!strncmp(line, "using ", 6) || !strncmp(line, "include ", 8))
			return true;
	}
	return false;
}

struct rule_formula {
	char *name;
	struct prefilter *formula;
};

/* The code rules read so far, by name, for "depends on" and inheritance. */
struct rule_list {
	struct rule_formula *rules;
	size_t count;
};

static const struct prefilter *rule_list_find(const struct rule_list *l, const char *name,
					      size_t len)
{
	for (size_t i = 0; i < l->count; i++) {
		if (is_word(name, len, l->rules[i].name))
			return l->rules[i].formula;
	}
	return NULL;
}

/* A "depends on" clause, read as a condition on the rules it names. */
struct depends_reader {
	const char *p;
	const char *end;
	const struct rule_list *rules;
};

static void depends_skip_space(struct depends_reader *r)
{
	while (r->p < r->end && isspace((unsigned char)*r->p))
		r->p++;
}

static struct prefilter *depends_or(struct depends_reader *r);

static struct prefilter *depends_factor(struct depends_reader *r)
{
	const struct prefilter *rule;
	size_t len;

	depends_skip_space(r);
	if (r->p < r->end && *r->p == '!') {
		/* A rule that must not match says nothing about the file. */
		r->p++;
		prefilter_free(depends_factor(r));
		return node_new(PREFILTER_TRUE);
	}
	if (r->p < r->end && *r->p == '(') {
		struct prefilter *f;

		r->p++;
		f = depends_or(r);
		depends_skip_space(r);
		if (r->p < r->end && *r->p == ')')
			r->p++;
		return f;
	}

	len = word_length(r->p, r->end);
	if (is_word(r->p, len, "ever") || is_word(r->p, len, "never")) {
		bool never = is_word(r->p, len, "never");

		r->p += len;
		if (never) {
			prefilter_free(depends_factor(r));
			return node_new(PREFILTER_TRUE);
		}
		return depends_factor(r);
	}
	rule = rule_list_find(r->rules, r->p, len);
	r->p += len;
	/* Virtual rules and script rules add no condition. */
	return rule ? node_clone(rule) : node_new(PREFILTER_TRUE);
}

static struct prefilter *depends_and(struct depends_reader *r)
{
	struct prefilter *all = node_new(PREFILTER_AND);

	node_add(all, depends_factor(r));
	for (depends_skip_space(r); starts(r->p, r->end, "&&"); depends_skip_space(r)) {
		r->p += 2;
		node_add(all, depends_factor(r));
	}
	return node_simplify(all);
}

static struct prefilter *depends_or(struct depends_reader *r)
{
	struct prefilter *any = node_new(PREFILTER_OR);

	node_add(any, depends_and(r));
	for (depends_skip_space(r); starts(r->p, r->end, "||"); depends_skip_space(r)) {
		r->p += 2;
		node_add(any, depends_and(r));
	}
	return node_simplify(any);
}

/* The rule header "@name depends on ... @", from HEAD to the end of its line. */
struct rule_head {
	char *name;		/* NULL for an anonymous rule */
	bool is_script;
	const char *depends;	/* text after "depends on", or NULL */
	const char *end;	/* the closing "@" */
};

static void read_rule_head(const char *line, struct rule_head *h)
{
	const char *end = line_end(line), *p = line + 1;
	const char *close = memchr(p, '@', end - p);
	size_t len;

	memset(h, 0, sizeof(*h));
	h->end = close ? close : end;
	while (p < h->end && isspace((unsigned char)*p))
		p++;
	h->is_script = starts(p, h->end, "script:") || starts(p, h->end, "initialize:") ||
		       starts(p, h->end, "finalize:");

	len = word_length(p, h->end);
	if (len && !h->is_script && !is_word(p, len, "depends"))
		h->name = strndup(p, len);

	for (; p + 10 <= h->end; p++) {
		if (starts(p, h->end, "depends") && word_length(p, h->end) == 7) {
			const char *q = p + 7;

			while (q < h->end && isspace((unsigned char)*q))
				q++;
			if (starts(q, h->end, "on") && word_length(q, h->end) == 2) {
				h->depends = q + 2;
				break;
			}
		}
	}
}

/*
 * Read one code rule whose head line is HEAD: collect the metavariables up
 * to the "@@" line, then the body up to the next rule.  The condition
 * includes those of the rules it depends on or inherits from.  Sets *NEXT
 * to the line of the next rule.
 */
static struct prefilter *parse_rule(const char *head, const struct rule_head *h,
				    const struct rule_list *rules, struct token_table *tokens,
				    const char **next)
{
	struct body b = { NULL, 0, false, tokens, TOKEN_TABLE_INIT, TOKEN_TABLE_INIT };
	const char *decls = next_line(head), *line = decls;
	struct prefilter *all = node_new(PREFILTER_AND);

	while (*line && strncmp(line, "@@", 2))
		line = next_line(line);
	read_declarations(&b, decls, line);

	for (line = *line ? next_line(line) : line; *line && *line != '@'; line = next_line(line))
		lex_body_line(&b, line, line_end(line));
	*next = line;

	node_add(all, parse_body(&b));
	if (h->depends) {
		struct depends_reader r = { h->depends, h->end, rules };

		node_add(all, depends_or(&r));
	}
	for (size_t i = 0; i < b.inherits.count; i++) {
		const char *name = b.inherits.names[i];
		const struct prefilter *f = rule_list_find(rules, name, strlen(name));

		if (f)
			node_add(all, node_clone(f));
	}

	free(b.items);
	token_table_release(&b.metavars);
	token_table_release(&b.inherits);
	return node_simplify(all);
}

static const char *skip_script_rule(const char *head)
{
	const char *line = next_line(head);

	while (*line && strncmp(line, "@@", 2))
		line = next_line(line);
	if (*line)
		line = next_line(line);
	while (*line && *line != '@')
		line = next_line(line);
	return line;
}

static void rule_list_release(struct rule_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->rules[i].name);
		prefilter_free(l->rules[i].formula);
	}
	free(l->rules);
}

/*
 * Derive the condition for the semantic patch SMPL, adding the identifiers
 * it names to TOKENS.  The result is never NULL; free it with
 * prefilter_free().
 */
struct prefilter *prefilter_parse(const char *smpl, struct token_table *tokens)
{
	struct prefilter *any = node_new(PREFILTER_OR);
	struct rule_list rules = { NULL, 0 };
	const char *line = smpl;

	if (has_outside_parts(smpl)) {
		prefilter_free(any);
		return node_new(PREFILTER_TRUE);
	}

	while (*line) {
		struct rule_head h;
		struct prefilter *f;

		if (*line != '@') {
			line = next_line(line);
			continue;
		}
		read_rule_head(line, &h);
		if (h.is_script) {
			line = skip_script_rule(line);
			continue;
		}

		f = parse_rule(line, &h, &rules, tokens, &line);
		if (h.name) {
			rules.rules = realloc(rules.rules, (rules.count + 1) * sizeof(*rules.rules));
			if (!rules.rules) {
				fprintf(stderr, "kbackport: error: out of memory\n");
				exit(KBP_EXIT_FAILED);
			}
			rules.rules[rules.count].name = h.name;
			rules.rules[rules.count].formula = node_clone(f);
			rules.count++;
		}
		node_add(any, f);
	}
	rule_list_release(&rules);
	return node_simplify(any);
}

bool prefilter_eval(const struct prefilter *f, const unsigned char *bits)
{
	switch (f->kind) {
	case PREFILTER_TRUE:
		return true;
	case PREFILTER_FALSE:
		return false;
	case PREFILTER_TOKEN:
		return bits[f->token / 8] & (1u << (f->token % 8));
	case PREFILTER_AND:
		for (size_t i = 0; i < f->nkids; i++) {
			if (!prefilter_eval(f->kids[i], bits))
				return false;
		}
		return true;
	case PREFILTER_OR:
		for (size_t i = 0; i < f->nkids; i++) {
			if (prefilter_eval(f->kids[i], bits))
				return true;
		}
		return false;
	}
	return true;
}

static void format_node(struct strbuf *sb, const struct prefilter *f,
			const struct token_table *tokens, bool nested)
{
	const char *op = f->kind == PREFILTER_AND ? " & " : " | ";

	switch (f->kind) {
	case PREFILTER_TRUE:
		strbuf_addstr(sb, "true");
		return;
	case PREFILTER_FALSE:
		strbuf_addstr(sb, "false");
		return;
	case PREFILTER_TOKEN:
		strbuf_addstr(sb, tokens->names[f->token]);
		return;
	default:
		break;
	}

	if (nested)
		strbuf_addstr(sb, "(");
	for (size_t i = 0; i < f->nkids; i++) {
		if (i)
			strbuf_addstr(sb, op);
		format_node(sb, f->kids[i], tokens, true);
	}
	if (nested)
		strbuf_addstr(sb, ")");
}

/* Return the condition as text, such as "spin_lock & (i_mmap_lock | x)". */
char *prefilter_format(const struct prefilter *f, const struct token_table *tokens)
{
	struct strbuf sb = STRBUF_INIT;

	format_node(&sb, f, tokens, false);
	return sb.buf;
}

/* Bytes that can continue an identifier (letters, digits, '_'), in the C locale. */
static const unsigned char ident_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['_'] = 1,
};

/*
 * Return the end of the comment that starts at P ("/" then "*" or "/"), or
 * P itself when P starts none.  A block comment without its end is left
 * to the word scan, and so is a line comment's backslash continuation:
 * both can only add candidates.
 */
static const unsigned char *skip_comment(const unsigned char *p, const unsigned char *end)
{
	if (end - p < 2 || p[0] != '/')
		return p;

	if (p[1] == '/') {
		const unsigned char *nl = memchr(p + 2, '\n', end - p - 2);

		return nl ? nl : end;
	}

	if (p[1] == '*') {
		for (const unsigned char *q = p + 2; q + 1 < end; q++) {
			q = memchr(q, '*', end - q - 1);
			if (!q)
				break;
			if (q[1] == '/')
				return q + 2;
		}
	}
	return p;
}

/*
 * Return the end of the string or character literal that starts at P,
 * for the comment test only: a quote ends at the matching quote, past
 * backslash escapes, or at the end of the line.  The words inside a
 * literal are still scanned.
 */
static const unsigned char *literal_end(const unsigned char *p, const unsigned char *end)
{
	unsigned char quote = *p++;

	while (p < end && *p != quote && *p != '\n')
		p += (*p == '\\' && p + 1 < end) ? 2 : 1;
	return p < end && *p == quote ? p + 1 : p;
}

/* Set the bit of the word START..STOP in BITS when it is one of TOKENS. */
static void scan_word(const unsigned char *start, const unsigned char *stop,
		      const struct token_table *tokens, unsigned char *bits)
{
	size_t n = stop - start;
	unsigned pair;
	int id;

	if (n >= sizeof(tokens->lengths) || !tokens->lengths[n])
		return;
	pair = start[0] << 8 | stop[-1];
	if (!(tokens->ends[pair / 8] & (1u << (pair % 8))) || (*start >= '0' && *start <= '9'))
		return;
	id = token_table_find(tokens, (const char *)start, n);
	if (id >= 0)
		bits[id / 8] |= 1u << (id % 8);
}

/* Scan every word of P..END, with no test for comments (used inside a literal). */
static void scan_words(const unsigned char *p, const unsigned char *end,
		       const struct token_table *tokens, unsigned char *bits)
{
	while (p < end) {
		const unsigned char *start;

		if (!ident_byte[*p]) {
			p++;
			continue;
		}
		start = p;
		while (++p < end && ident_byte[*p])
			;
		scan_word(start, p, tokens, bits);
	}
}

/*
 * Set in BITS (token_table_bitset_size() bytes, cleared by the caller) the
 * id of every identifier of TOKENS that occurs in the code of TEXT.  Words
 * in comments do not count, because spatch matches tokens of the code
 * only.  So a file whose only "i_mmap_lock" is in a comment cannot match a
 * rule that needs that identifier.  Words in string literals still count, which
 * can only add candidates.  Most words of a file are no token: their
 * length, or their first and last bytes, rule them out before any hashing.
 */
void prefilter_scan(const char *text, size_t len, const struct token_table *tokens,
		    unsigned char *bits)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;

	while (p < end) {
		const unsigned char *start;

		if (ident_byte[*p]) {
			start = p;
			while (++p < end && ident_byte[*p])
				;
			scan_word(start, p, tokens, bits);
			continue;
		}

		if (*p == '/') {
			const unsigned char *after = skip_comment(p, end);

			p = after == p ? p + 1 : after;
			continue;
		}

		if (*p == '"' || *p == '\'') {
			start = p;
			p = literal_end(p, end);
			scan_words(start + 1, p, tokens, bits);
			continue;
		}
		p++;
	}
}
