/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_STEPS_H
#define KBP_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "run-command.h"

enum item_kind {
	ITEM_PATCH,	/* a git format-patch file, applied with git apply */
	ITEM_COCCI,	/* a semantic patch, applied with spatch */
};

struct step_item {
	enum item_kind kind;
	char *path;	/* relative to the data directory */
};

/* One section of a steps.ini file: one commit in the backport branch. */
struct step {
	char *name;
	char *subject;
	char *upstream;
	struct strbuf description;
	int skip_if;		/* a probe id, or -1 */
	char *skip_path;	/* PROBE_CODE: file of the tree to read */
	char *skip_regex;	/* PROBE_CODE: extended regex for a code line */
	char *only_path;	/* only_if: the step applies only when a code line */
	char *only_regex;	/* of ONLY_PATH matches ONLY_REGEX */
	bool present_if_applied;	/* skip when every patch item applies in reverse */
	struct step_item *items;
	size_t nitems;
};

struct series {
	char *file;
	struct step *steps;
	size_t nsteps;
};

int series_load(const char *file, struct series *series);
int series_parse_string(const char *text, const char *file, struct series *series);
int series_check_items(const struct series *series, const char *datadir);
struct step *series_insert_step(struct series *series, size_t index, const char *name);
void step_add_item(struct step *step, enum item_kind kind, const char *path);
void series_release(struct series *series);

#endif
