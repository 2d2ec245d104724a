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
#include "workdir.h"

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

/* Copy the files that PATCH touches from TREE to the same paths below DIR. */
static int copy_patched_files(const char *tree, const char *patch, const char *dir)
{
	char *text = read_file(patch, NULL);
	int ret = 0;

	if (!text)
		return -1;
	for (char *line = strstr(text, "diff --git a/"); line && !ret;
	     line = strstr(line + 1, "\ndiff --git a/")) {
		char *start = strstr(line, "a/") + 2;
		char *end = strstr(start, " b/");
		char *rel, *src, *dst, *data;
		size_t len;

		if (!end || memchr(start, '\n', end - start))
			continue;
		rel = strndup(start, end - start);
		src = xasprintf("%s/%s", tree, rel);
		dst = xasprintf("%s/%s", dir, rel);
		data = read_file(src, &len);
		if (data) {
			char *slash = strrchr(dst, '/');

			*slash = '\0';
			ret = mkdir_p(dst);
			*slash = '/';
			if (!ret)
				ret = write_file_atomic(dst, data, len);
		}
		free(data);
		free(dst);
		free(src);
		free(rel);
	}
	free(text);
	return ret;
}

static bool reverse_apply(const char *dir, const char *patch)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	run_cmd_push(&cmd, "git", "apply", "-p1", "--reverse", patch, NULL);
	cmd.dir = dir;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	run_cmd_release(&cmd);
	return status == 0;
}

/*
 * Check whether the COUNT patches (paths relative to the data directory)
 * are all in TREE.  The files they touch are copied to a scratch directory
 * and the patches reverted there from last to first, because later patches
 * may change lines that earlier ones added.
 */
bool patch_series_is_applied(const char *tree, char *const *patches, size_t count)
{
	char dir[] = "/tmp/kbackport-revert.XXXXXX";
	bool ret = count > 0;
	char **paths;

	if (!mkdtemp(dir))
		return false;
	paths = xcalloc(count, sizeof(*paths));
	for (size_t i = 0; i < count && ret; i++) {
		paths[i] = xasprintf("%s/%s", kbp_datadir(), patches[i]);
		ret = copy_patched_files(tree, paths[i], dir) == 0;
	}
	for (size_t i = count; i-- > 0 && ret;)
		ret = reverse_apply(dir, paths[i]);

	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	remove_tree(dir);
	return ret;
}

bool hostfix_is_applied(const char *tree, const struct hostfix_list *list)
{
	return patch_series_is_applied(tree, list->patches, list->count);
}

void hostfix_release(struct hostfix_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->patches[i]);
	free(list->patches);
	free(list->dir);
	memset(list, 0, sizeof(*list));
}
