// SPDX-License-Identifier: GPL-2.0-only
/*
 * backports/<version>/steps.ini: the steps of the series for one stable
 * kernel, one INI section per step, in the order they are applied.
 */
#include <errno.h>
#include <ini.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "steps.h"
#include "tree.h"
#include "usage.h"

struct parse_state {
	struct series *series;
	char *bad_key;
	char *bad_value;
	const char *reason;
};

static struct step *current_step(struct parse_state *ps, const char *section,
				 const char **reason)
{
	struct series *s = ps->series;
	struct step *step;

	if (s->nsteps && !strcmp(s->steps[s->nsteps - 1].name, section))
		return &s->steps[s->nsteps - 1];

	for (size_t i = 0; i < s->nsteps; i++) {
		if (!strcmp(s->steps[i].name, section)) {
			*reason = "a step section appears twice";
			return NULL;
		}
	}

	s->steps = realloc(s->steps, (s->nsteps + 1) * sizeof(*s->steps));
	if (!s->steps) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	step = &s->steps[s->nsteps++];
	memset(step, 0, sizeof(*step));
	step->name = xstrdup(section);
	step->skip_if = -1;
	return step;
}

void step_add_item(struct step *step, enum item_kind kind, const char *path)
{
	step->items = realloc(step->items, (step->nitems + 1) * sizeof(*step->items));
	if (!step->items) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	step->items[step->nitems].kind = kind;
	step->items[step->nitems].path = xstrdup(path);
	step->nitems++;
}

static int set_once(char **field, const char *value, const char **reason)
{
	if (*field) {
		*reason = "the key is given twice in one step";
		return 0;
	}
	*field = xstrdup(value);
	return 1;
}

/* Check that PATH stays inside the tree: relative, and never climbing out with "..". */
static bool tree_relative_path(const char *path)
{
	const char *p = path;

	if (!*path || *path == '/')
		return false;
	while (*p) {
		size_t len = strcspn(p, "/");

		if (len == 2 && !strncmp(p, "..", 2))
			return false;
		p += len;
		p += *p == '/';
	}
	return true;
}

/* Split the PATH:ERE part of a "code:PATH:ERE" probe into *PATH and *REGEX. */
static int parse_code_spec(const char *spec, char **path, char **regex, const char **reason)
{
	const char *colon = strchr(spec, ':');
	regex_t re;

	if (!colon || !colon[1]) {
		*reason = "write the code probe as code:PATH:REGEX, e.g. code:mm/rmap.c:page_get_anon_vma\\(";
		return 0;
	}

	*path = xstrndup(spec, colon - spec);
	if (!tree_relative_path(*path)) {
		*reason = "the path of a code probe is relative to the tree root and has no '..'";
		return 0;
	}

	if (regcomp(&re, colon + 1, REG_EXTENDED | REG_NOSUB | REG_NEWLINE)) {
		*reason = "the regex of the code probe is not a valid POSIX extended regex";
		return 0;
	}
	regfree(&re);
	*regex = xstrdup(colon + 1);
	return 1;
}

/* Parse the PATH:ERE part of "skip_if = code:PATH:ERE". */
static int parse_code_probe(struct step *step, const char *spec, const char **reason)
{
	if (step->skip_if >= 0) {
		*reason = "a step takes one skip_if";
		return 0;
	}
	if (!parse_code_spec(spec, &step->skip_path, &step->skip_regex, reason))
		return 0;
	step->skip_if = PROBE_CODE;
	return 1;
}

/* Parse "only_if = code:PATH:ERE": a step for code that some trees lack. */
static int parse_only_if(struct step *step, const char *value, const char **reason)
{
	if (step->only_path) {
		*reason = "a step takes one only_if";
		return 0;
	}
	if (strncmp(value, "code:", 5)) {
		*reason = "only_if takes a code probe: code:PATH:REGEX";
		return 0;
	}
	return parse_code_spec(value + 5, &step->only_path, &step->only_regex, reason);
}

static int apply_key(struct parse_state *ps, const char *section, const char *key,
		     const char *value, const char **reason)
{
	struct step *step;

	if (!*section) {
		*reason = "keys must follow a [step] section header";
		return 0;
	}
	step = current_step(ps, section, reason);
	if (!step)
		return 0;

	if (!strcmp(key, "subject"))
		return set_once(&step->subject, value, reason);
	if (!strcmp(key, "upstream"))
		return set_once(&step->upstream, value, reason);
	if (!strcmp(key, "description")) {
		strbuf_addstr(&step->description, value);
		strbuf_addstr(&step->description, "\n");
	} else if (!strcmp(key, "skip_if")) {
		if (!strncmp(value, "code:", 5))
			return parse_code_probe(step, value + 5, reason);
		step->skip_if = probe_lookup(value);
		if (step->skip_if < 0) {
			*reason = "unknown probe; known probes are mutex_lock_nest_lock, lockbreak_removed, i_mmap_mutex, anon_vma_mutex, mmu_gather_on_stack and code:PATH:REGEX";
			return 0;
		}
	} else if (!strcmp(key, "only_if")) {
		return parse_only_if(step, value, reason);
	} else if (!strcmp(key, "patch")) {
		step_add_item(step, ITEM_PATCH, value);
	} else if (!strcmp(key, "cocci")) {
		step_add_item(step, ITEM_COCCI, value);
	} else {
		*reason = "unknown key; known keys are subject, upstream, description, skip_if, only_if, patch, cocci";
		return 0;
	}
	return 1;
}

/* inih callback: apply one key, remembering the first one that fails. */
static int handle_key(void *user, const char *section, const char *key, const char *value)
{
	struct parse_state *ps = user;
	const char *reason = NULL;

	if (apply_key(ps, section, key, value, &reason))
		return 1;

	if (!ps->bad_key) {
		ps->bad_key = xstrdup(key);
		ps->bad_value = xstrdup(value);
		ps->reason = reason;
	}
	return 0;
}

static int check_steps(const struct series *series)
{
	for (size_t i = 0; i < series->nsteps; i++) {
		const struct step *step = &series->steps[i];

		if (!step->subject) {
			error("step [%s] in '%s' has no subject", step->name, series->file);
			hint("add a line 'subject = area: summary' to the section");
			return -1;
		}
		if (!step->nitems) {
			error("step [%s] in '%s' has no patch or cocci item", step->name, series->file);
			hint("add 'patch = backports/...' or 'cocci = cocci/...' lines, or remove the section");
			return -1;
		}
	}
	if (!series->nsteps) {
		error("'%s' defines no steps", series->file);
		return -1;
	}
	return 0;
}

static int report_parse_error(struct parse_state *ps, int line)
{
	const char *file = ps->series->file;

	if (line < 0)
		error("cannot read '%s': %s", file, strerror(errno));
	else if (ps->bad_key)
		error("invalid key '%s = %s' in '%s' line %d: %s", ps->bad_key, ps->bad_value,
		      file, line, ps->reason ? ps->reason : "rejected");
	else
		error("syntax error in '%s' line %d", file, line);

	free(ps->bad_key);
	free(ps->bad_value);
	return -1;
}

int series_load(const char *file, struct series *series)
{
	char *text = read_file(file, NULL);
	int ret;

	if (!text) {
		memset(series, 0, sizeof(*series));
		series->file = xstrdup(file);
		error("cannot read '%s': %s", file, strerror(errno));
		return -1;
	}
	ret = series_parse_string(text, file, series);
	free(text);
	return ret;
}

int series_parse_string(const char *text, const char *file, struct series *series)
{
	struct parse_state ps = { series, NULL, NULL, NULL };
	int line;

	memset(series, 0, sizeof(*series));
	series->file = xstrdup(file);
	if (ini_reject_long_line(file, text, INI_MAX_LINE,
				 "split a long description over several 'description =' lines"))
		return -1;

	line = ini_parse_string(text, handle_key, &ps);
	if (line)
		return report_parse_error(&ps, line);
	return check_steps(series);
}

/* Check that every item names an existing file below DATADIR. */
int series_check_items(const struct series *series, const char *datadir)
{
	for (size_t i = 0; i < series->nsteps; i++) {
		const struct step *step = &series->steps[i];

		for (size_t j = 0; j < step->nitems; j++) {
			char *path = xasprintf("%s/%s", datadir, step->items[j].path);
			struct stat st;
			int ret = stat(path, &st);

			if (ret || !S_ISREG(st.st_mode)) {
				error("missing file '%s' named by step [%s] in '%s'", path, step->name,
				      series->file);
				hint("restore the file from the kbackport release or fix the path in the step");
				free(path);
				return -1;
			}
			free(path);
		}
	}
	return 0;
}

/* Insert an empty step named NAME before position INDEX and return it. */
struct step *series_insert_step(struct series *series, size_t index, const char *name)
{
	struct step *step;

	series->steps = realloc(series->steps, (series->nsteps + 1) * sizeof(*series->steps));
	if (!series->steps) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	memmove(&series->steps[index + 1], &series->steps[index],
		(series->nsteps - index) * sizeof(*series->steps));
	series->nsteps++;

	step = &series->steps[index];
	memset(step, 0, sizeof(*step));
	step->name = xstrdup(name);
	step->skip_if = -1;
	return step;
}

void series_release(struct series *series)
{
	for (size_t i = 0; i < series->nsteps; i++) {
		struct step *step = &series->steps[i];

		free(step->name);
		free(step->subject);
		free(step->upstream);
		free(step->skip_path);
		free(step->skip_regex);
		free(step->only_path);
		free(step->only_regex);
		strbuf_release(&step->description);
		for (size_t j = 0; j < step->nitems; j++)
			free(step->items[j].path);
		free(step->items);
	}
	free(series->steps);
	free(series->file);
	memset(series, 0, sizeof(*series));
}
