// SPDX-License-Identifier: GPL-2.0-only
/*
 * After the steps, no code line may still name the old locks (the i_mmap
 * spinlock, the anon_vma spinlock, the truncate lock-break fields) or
 * take the per-CPU mmu_gather from tlb_gather_mmu().  Comments are
 * stripped first, because upstream 3.0 itself keeps a few stale names in
 * comments.
 */
#include <errno.h>
#include <ftw.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leftover.h"
#include "tree.h"
#include "usage.h"

/*
 * Each pattern applies to files below SCOPE, or to every file when SCOPE is
 * NULL.  restart_addr is also an ordinary local in the arm and s390 signal
 * code, which the series does not touch, so only mm/ and include/ count.
 */
static const struct {
	const char *pattern;
	const char *scope[2];
} leftover_patterns[] = {
	{ "(^|[^A-Za-z0-9_])i_mmap_lock([^A-Za-z0-9_]|$)", { NULL } },
	{ "(^|[^A-Za-z0-9_])truncate_count([^A-Za-z0-9_]|$)", { NULL } },
	{ "(^|[^A-Za-z0-9_])vm_truncate_count([^A-Za-z0-9_]|$)", { NULL } },
	{ "(^|[^A-Za-z0-9_])restart_addr([^A-Za-z0-9_]|$)", { "mm/", "include/" } },
	{ "(^|[^A-Za-z0-9_])unmap_mutex([^A-Za-z0-9_]|$)", { NULL } },
	{ "(anon_vma|\\(__anon_vma\\))(->root)?->lock([^A-Za-z0-9_]|$)", { NULL } },
	/* "tlb = tlb_gather_mmu(mm, 0)" is the old API, left by a caller spatch skipped. */
	{ "=[ \t]*tlb_gather_mmu[ \t]*\\(", { NULL } },
};

/* Cheap substrings: a file without any of them needs no regex work. */
static const char *const leftover_tokens[] = {
	"i_mmap_lock", "truncate_count", "restart_addr", "unmap_mutex", "->lock", "tlb_gather_mmu",
};

#define NPATTERNS (sizeof(leftover_patterns) / sizeof(leftover_patterns[0]))
#define NTOKENS (sizeof(leftover_tokens) / sizeof(leftover_tokens[0]))

static regex_t compiled[NPATTERNS];
static bool compiled_ready;

/*
 * Blank out C comments in place, keeping newlines so line numbers stay
 * right.  String and character literals are skipped, so "/\*" in a string
 * does not start a comment.
 */
void strip_comments(char *p)
{
	enum { CODE, BLOCK, LINE, STRING, CHAR } state = CODE;

	for (; *p; p++) {
		switch (state) {
		case CODE:
			if (p[0] == '/' && p[1] == '*') {
				state = BLOCK;
				p[0] = p[1] = ' ';
				p++;
			} else if (p[0] == '/' && p[1] == '/') {
				state = LINE;
				p[0] = p[1] = ' ';
				p++;
			} else if (*p == '"') {
				state = STRING;
			} else if (*p == '\'') {
				state = CHAR;
			}
			break;
		case BLOCK:
			if (p[0] == '*' && p[1] == '/') {
				state = CODE;
				p[0] = p[1] = ' ';
				p++;
			} else if (*p != '\n') {
				*p = ' ';
			}
			break;
		case LINE:
			if (*p == '\n' && p[-1] != '\\')
				state = CODE;
			else if (*p != '\n')
				*p = ' ';
			break;
		case STRING:
		case CHAR:
			if (*p == '\\' && p[1])
				p++;
			else if ((state == STRING && *p == '"') || (state == CHAR && *p == '\'') ||
				 *p == '\n')
				state = CODE;
			break;
		}
	}
}

static void compile_patterns(void)
{
	if (compiled_ready)
		return;
	for (size_t i = 0; i < NPATTERNS; i++) {
		if (regcomp(&compiled[i], leftover_patterns[i].pattern, REG_EXTENDED | REG_NOSUB)) {
			fprintf(stderr, "kbackport: error: cannot compile pattern '%s'\n",
				leftover_patterns[i].pattern);
			exit(KBP_EXIT_FAILED);
		}
	}
	compiled_ready = true;
}

static bool has_any_token(const char *text)
{
	for (size_t i = 0; i < NTOKENS; i++) {
		if (strstr(text, leftover_tokens[i]))
			return true;
	}
	return false;
}

static bool in_scope(size_t i, const char *file)
{
	if (!leftover_patterns[i].scope[0])
		return true;
	for (size_t j = 0; j < 2 && leftover_patterns[i].scope[j]; j++) {
		const char *prefix = leftover_patterns[i].scope[j];

		if (!strncmp(file, prefix, strlen(prefix)))
			return true;
	}
	return false;
}

static bool line_matches(const char *line, const char *file)
{
	for (size_t i = 0; i < NPATTERNS; i++) {
		if (in_scope(i, file) && regexec(&compiled[i], line, 0, NULL, 0) == 0)
			return true;
	}
	return false;
}

static void list_add(struct leftover_list *list, const char *file, int line, const char *text)
{
	struct leftover *item;
	const char *start = text;

	list->items = realloc(list->items, (list->count + 1) * sizeof(*list->items));
	if (!list->items) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	size_t len;

	while (*start == ' ' || *start == '\t')
		start++;
	len = strlen(start);
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
		len--;

	item = &list->items[list->count++];
	item->file = xstrdup(file);
	item->line = line;
	item->text = strndup(start, len);
	if (!item->text) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
}

/* Scan the text of one C file and add each code line that names an old lock or gather. */
int leftover_scan_text(const char *text, const char *file, struct leftover_list *list)
{
	char *copy, *line;
	int lineno = 0;
	int found = 0;

	if (!has_any_token(text))
		return 0;

	compile_patterns();
	copy = xstrdup(text);
	strip_comments(copy);

	line = copy;
	while (line) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		lineno++;
		if (has_any_token(line) && line_matches(line, file)) {
			list_add(list, file, lineno, line);
			found++;
		}
		line = nl ? nl + 1 : NULL;
	}

	free(copy);
	return found;
}

static struct leftover_list *walk_list;
static size_t walk_prefix;
static int walk_errno;

static bool is_c_source(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && path[n - 2] == '.' && (path[n - 1] == 'c' || path[n - 1] == 'h');
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char *text;

	(void)st;
	if (type == FTW_D && !strcmp(path + ftw->base, ".git"))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || !is_c_source(path))
		return FTW_CONTINUE;

	text = read_file(path, NULL);
	if (!text) {
		walk_errno = errno;
		error("cannot read '%s': %s", path, strerror(errno));
		return FTW_STOP;
	}
	leftover_scan_text(text, path + walk_prefix, walk_list);
	free(text);
	return FTW_CONTINUE;
}

static int compare_leftovers(const void *a, const void *b)
{
	const struct leftover *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/* Scan every *.c and *.h file of TREE.  Returns the number of leftovers or -1. */
int leftover_scan_tree(const char *tree, struct leftover_list *list)
{
	size_t len = strlen(tree);

	walk_list = list;
	walk_prefix = len + (tree[len - 1] == '/' ? 0 : 1);
	walk_errno = 0;

	if (nftw(tree, visit, 32, FTW_PHYS | FTW_ACTIONRETVAL) != 0 || walk_errno) {
		if (!walk_errno)
			error("cannot scan '%s': %s", tree, strerror(errno));
		return -1;
	}

	if (list->count > 1)
		qsort(list->items, list->count, sizeof(*list->items), compare_leftovers);
	return (int)list->count;
}

void leftover_print(const struct leftover_list *list, FILE *out)
{
	for (size_t i = 0; i < list->count; i++)
		fprintf(out, "%s:%d: %s\n", list->items[i].file, list->items[i].line,
			list->items[i].text);
}

void leftover_release(struct leftover_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].text);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}
