// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host-toolchain fixes: patches under backports/<version>/host-toolchain/
 * that let an old tree build and boot with a modern compiler, binutils,
 * perl and make.  They are kept apart from the series so a distro that
 * builds on an old host can drop them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostfix.h"
#include "kbackport.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"

static void list_add(struct hostfix_list *list, const char *name)
{
	list->patches = realloc(list->patches, (list->count + 1) * sizeof(*list->patches));
	if (!list->patches) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	list->patches[list->count++] = xasprintf("%s/%s", list->dir, name);
}

/*
 * Read backports/SERIES/host-toolchain/series: one patch file name a line,
 * '#' starting a comment.  Returns 1 when loaded, 0 when the series has no
 * host-toolchain folder, -1 on error.
 */
int hostfix_load(const char *series, struct hostfix_list *list)
{
	char *path, *text, *line;

	memset(list, 0, sizeof(*list));
	list->dir = xasprintf("backports/%s/host-toolchain", series);
	path = xasprintf("%s/%s/series", kbp_datadir(), list->dir);
	text = read_file(path, NULL);
	if (!text) {
		int missing = errno == ENOENT;

		if (!missing)
			error("cannot read '%s': %s", path, strerror(errno));
		free(path);
		return missing ? 0 : -1;
	}

	for (line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		char *end;

		if (nl)
			*nl = '\0';
		end = line + strcspn(line, "#");
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		*end = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line)
			list_add(list, line);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	free(path);
	return 1;
}

/* Check whether PATCH is already in TREE: it applies in reverse. */
bool patch_is_applied(const char *tree, const char *patch)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *path = xasprintf("%s/%s", kbp_datadir(), patch);
	int status;

	run_cmd_push(&cmd, "git", "apply", "-p1", "--reverse", "--check", path, NULL);
	cmd.dir = tree;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	run_cmd_release(&cmd);
	free(path);
	return status == 0;
}

bool hostfix_is_applied(const char *tree, const struct hostfix_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		if (!patch_is_applied(tree, list->patches[i]))
			return false;
	}
	return list->count > 0;
}

void hostfix_release(struct hostfix_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->patches[i]);
	free(list->patches);
	free(list->dir);
	memset(list, 0, sizeof(*list));
}
