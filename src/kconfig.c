// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kconfig fragments: lists of CONFIG_ settings that a profile adds to its
 * base config.  2.6.3x trees have no merge_config.sh, so the merge, the
 * conflict report and the check that each setting took effect are here.
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"

static bool is_symbol_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Parse "CONFIG_FOO=value" or "# CONFIG_FOO is not set".  Returns 1 for a
 * setting, 0 for a blank or comment line, -1 for anything else.
 */
int kconfig_parse_line(const char *line, char **symbol, char **value)
{
	const char *p = line, *start;
	size_t len = strcspn(line, "\n");

	while (*p == ' ' || *p == '\t')
		p++;
	if ((size_t)(p - line) == len)
		return 0;

	if (!strncmp(p, "# CONFIG_", 9)) {
		start = p + 9;
		p = start;
		while (is_symbol_char(*p))
			p++;
		if (p == start || strncmp(p, " is not set", 11))
			return 0;
		*symbol = strndup(start, p - start);
		*value = xstrdup("n");
		return 1;
	}
	if (*p == '#')
		return 0;
	if (strncmp(p, "CONFIG_", 7))
		return -1;

	start = p + 7;
	p = start;
	while (is_symbol_char(*p))
		p++;
	if (p == start || *p != '=' || (size_t)(p + 1 - line) >= len + 1)
		return -1;
	*symbol = strndup(start, p - start);
	*value = strndup(p + 1, len - (p + 1 - line));
	return 1;
}

static struct kconfig_entry *find_entry(const struct kconfig_set *set, const char *symbol)
{
	for (size_t i = 0; i < set->count; i++) {
		if (!strcmp(set->entries[i].symbol, symbol))
			return &set->entries[i];
	}
	return NULL;
}

/* Set SYMBOL, reporting a conflict when an earlier fragment set it otherwise. */
void kconfig_set_value(struct kconfig_set *set, const char *symbol, const char *value,
		       const char *origin)
{
	struct kconfig_entry *e = find_entry(set, symbol);

	if (e) {
		if (strcmp(e->value, value)) {
			warning("conflicting fragments: CONFIG_%s=%s (%s) is overridden by CONFIG_%s=%s (%s)",
				symbol, e->value, e->origin, symbol, value, origin);
			set->conflicts++;
		}
		free(e->value);
		free(e->origin);
		e->value = xstrdup(value);
		e->origin = xstrdup(origin);
		return;
	}

	set->entries = realloc(set->entries, (set->count + 1) * sizeof(*set->entries));
	if (!set->entries) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	e = &set->entries[set->count++];
	e->symbol = xstrdup(symbol);
	e->value = xstrdup(value);
	e->origin = xstrdup(origin);
}

int kconfig_add_fragment(struct kconfig_set *set, const char *path)
{
	char *text = read_file(path, NULL);
	char *line;
	int lineno = 0;

	if (!text)
		return error("cannot read config fragment '%s': %s", path, strerror(errno));

	for (line = text; line && *line; lineno++) {
		char *nl = strchr(line, '\n');
		char *symbol, *value;
		int ret;

		if (nl)
			*nl = '\0';
		ret = kconfig_parse_line(line, &symbol, &value);
		if (ret < 0) {
			error("invalid line %d in config fragment '%s': '%s'", lineno + 1, path, line);
			hint("each line is CONFIG_NAME=value, '# CONFIG_NAME is not set' or a comment");
			free(text);
			return -1;
		}
		if (ret > 0) {
			char *origin = xasprintf("%s:%d", path, lineno + 1);

			kconfig_set_value(set, symbol, value, origin);
			free(origin);
			free(symbol);
			free(value);
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return 0;
}

static void format_entry(struct strbuf *sb, const struct kconfig_entry *e)
{
	if (!strcmp(e->value, "n")) {
		strbuf_addstr(sb, "# CONFIG_");
		strbuf_addstr(sb, e->symbol);
		strbuf_addstr(sb, " is not set\n");
		return;
	}
	strbuf_addstr(sb, "CONFIG_");
	strbuf_addstr(sb, e->symbol);
	strbuf_addstr(sb, "=");
	strbuf_addstr(sb, e->value);
	strbuf_addstr(sb, "\n");
}

int kconfig_write_fragment(const struct kconfig_set *set, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	for (size_t i = 0; i < set->count; i++)
		format_entry(&sb, &set->entries[i]);
	ret = write_file_atomic(path, strbuf_str(&sb), sb.len);
	if (ret)
		error("cannot write '%s': %s", path, strerror(errno));
	strbuf_release(&sb);
	return ret;
}

/* Replace the settings of SET in the .config file CONFIG, appending new ones. */
int kconfig_merge_into(const struct kconfig_set *set, const char *config)
{
	struct strbuf sb = STRBUF_INIT;
	char *text = read_file(config, NULL);
	int ret;

	if (!text)
		return error("cannot read '%s': %s", config, strerror(errno));

	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		char *symbol = NULL, *value = NULL;
		bool replaced;

		if (nl)
			*nl = '\0';
		replaced = kconfig_parse_line(line, &symbol, &value) > 0 && find_entry(set, symbol);
		if (!replaced) {
			strbuf_addstr(&sb, line);
			strbuf_addstr(&sb, "\n");
		}
		free(symbol);
		free(value);
		line = nl ? nl + 1 : NULL;
	}
	for (size_t i = 0; i < set->count; i++)
		format_entry(&sb, &set->entries[i]);

	ret = write_file_atomic(config, strbuf_str(&sb), sb.len);
	if (ret)
		error("cannot write '%s': %s", config, strerror(errno));
	strbuf_release(&sb);
	free(text);
	return ret;
}

static const struct kconfig_set *known_set;
static bool *known_found;

/* Mark the symbols of known_set that a Kconfig file defines. */
static int scan_kconfig(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char *text;

	(void)st;
	if (type == FTW_D && !strcmp(path + ftw->base, ".git"))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || strncmp(path + ftw->base, "Kconfig", 7))
		return FTW_CONTINUE;

	text = read_file(path, NULL);
	if (!text)
		return FTW_CONTINUE;
	for (size_t i = 0; i < known_set->count; i++) {
		char *a = xasprintf("config %s\n", known_set->entries[i].symbol);
		char *b = xasprintf("menuconfig %s\n", known_set->entries[i].symbol);

		if (strstr(text, a) || strstr(text, b))
			known_found[i] = true;
		free(a);
		free(b);
	}
	free(text);
	return FTW_CONTINUE;
}

static char *config_value(const char *text, const char *symbol)
{
	char *needle = xasprintf("\nCONFIG_%s=", symbol);
	const char *p = strstr(text, needle);
	char *value;

	if (!p) {
		free(needle);
		return xstrdup("n");
	}
	p += strlen(needle);
	value = strndup(p, strcspn(p, "\n"));
	free(needle);
	return value;
}

/*
 * Check that every setting of SET reached CONFIG.  A symbol the tree does
 * not define is only noted; one it defines but did not take (unmet
 * dependencies) is a warning.  Returns the number of such warnings.
 */
int kconfig_verify(const struct kconfig_set *set, const char *config, const char *tree)
{
	char *raw = read_file(config, NULL);
	char *text;
	int missed = 0;

	if (!raw)
		return error("cannot read '%s': %s", config, strerror(errno));
	text = xasprintf("\n%s", raw);
	free(raw);

	known_set = set;
	known_found = xcalloc(set->count, sizeof(*known_found));
	nftw(tree, scan_kconfig, 32, FTW_PHYS | FTW_ACTIONRETVAL);

	for (size_t i = 0; i < set->count; i++) {
		const struct kconfig_entry *e = &set->entries[i];
		char *got = config_value(text, e->symbol);

		if (strcmp(got, e->value)) {
			if (!known_found[i]) {
				verbose("CONFIG_%s (%s) is not defined by this tree; skipped", e->symbol,
					e->origin);
			} else {
				warning("CONFIG_%s=%s (%s) did not take effect: the .config has %s, so a dependency is not met",
					e->symbol, e->value, e->origin, got);
				missed++;
			}
		}
		free(got);
	}
	free(known_found);
	free(text);
	return missed;
}

void kconfig_release(struct kconfig_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		free(set->entries[i].symbol);
		free(set->entries[i].value);
		free(set->entries[i].origin);
	}
	free(set->entries);
	memset(set, 0, sizeof(*set));
}
