// SPDX-License-Identifier: GPL-2.0-only
/* The git state of a tree, read with git's own porcelain output. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "git.h"
#include "run-command.h"
#include "usage.h"

static const char *git_env[] = { "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0", NULL };

static void push_va(struct run_cmd *cmd, va_list ap)
{
	const char *arg;

	while ((arg = va_arg(ap, const char *)))
		run_cmd_push_argv(cmd, arg);
}

/*
 * Run "git ARGS..." in DIR.  Returns 0 on success, otherwise prints the
 * command and git's stderr and returns -1.
 */
int git_run(const char *dir, const char **env, ...)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	va_list ap;
	int status;

	run_cmd_push(&cmd, "git", NULL);
	va_start(ap, env);
	push_va(&cmd, ap);
	va_end(ap);
	cmd.dir = dir;
	cmd.env = env ? env : git_env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	status = run_cmd(&cmd);
	if (status) {
		char *line = run_cmd_format(&cmd);

		error_cmd(&cmd, status, "'%s' failed in '%s'", line, dir);
		free(line);
	} else if (cmd.out.len) {
		verbose("%s", cmd.out.buf);
	}
	run_cmd_release(&cmd);
	return status ? -1 : 0;
}

static char *git_output_va(const char *dir, size_t *len, va_list ap)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *out = NULL;

	run_cmd_push(&cmd, "git", NULL);
	push_va(&cmd, ap);
	cmd.dir = dir;
	cmd.env = git_env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	if (run_cmd(&cmd) == 0) {
		out = cmd.out.buf ? cmd.out.buf : xstrdup("");
		if (len)
			*len = cmd.out.len;
		cmd.out.buf = NULL;
	}
	run_cmd_release(&cmd);
	return out;
}

/* Run "git ARGS..." in DIR and return its stdout, or NULL if it failed. */
char *git_output(const char *dir, ...)
{
	va_list ap;
	char *out;

	va_start(ap, dir);
	out = git_output_va(dir, NULL, ap);
	va_end(ap);
	return out;
}

/* As git_output(), for output that may hold NUL bytes: *LEN gets its length. */
char *git_output_len(const char *dir, size_t *len, ...)
{
	va_list ap;
	char *out;

	va_start(ap, len);
	out = git_output_va(dir, len, ap);
	va_end(ap);
	return out;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/*
 * Read "git status --porcelain=v2 --branch" output: the branch header
 * lines, changed entries ("1", "2", "u") and untracked entries ("?").
 */
int git_parse_status(const char *porcelain, struct git_state *st)
{
	const char *line = porcelain;

	st->clean = true;
	st->untracked = 0;
	st->branch[0] = '\0';
	st->head[0] = '\0';

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (!strncmp(line, "# branch.head ", 14)) {
			size_t n = len - 14;

			if (n >= sizeof(st->branch))
				return -1;
			memcpy(st->branch, line + 14, n);
			st->branch[n] = '\0';
			if (!strcmp(st->branch, "(detached)"))
				st->branch[0] = '\0';
		} else if (!strncmp(line, "# branch.oid ", 13)) {
			size_t n = len - 13;

			if (n == 40) {
				memcpy(st->head, line + 13, 40);
				st->head[40] = '\0';
			}
		} else if (line[0] == '1' || line[0] == '2' || line[0] == 'u') {
			st->clean = false;
		} else if (line[0] == '?') {
			st->untracked++;
		}
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

int git_read_state(const char *tree, struct git_state *st)
{
	char *top, *status;
	char *real_tree, *real_top;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	top = git_output(tree, "rev-parse", "--show-toplevel", NULL);
	if (!top)
		return 0;
	chomp(top);

	real_tree = realpath(tree, NULL);
	real_top = realpath(top, NULL);
	st->is_repo = real_tree && real_top && !strcmp(real_tree, real_top);
	free(real_tree);
	free(real_top);
	free(top);
	if (!st->is_repo)
		return 0;

	status = git_output(tree, "status", "--porcelain=v2", "--branch", NULL);
	if (!status)
		return error("cannot read the git status of '%s'", tree);
	if (git_parse_status(status, st))
		ret = error("cannot parse the git status of '%s'", tree);
	free(status);
	return ret;
}

bool git_branch_exists(const char *tree, const char *branch)
{
	char *ref = xasprintf("refs/heads/%s", branch);
	char *out = git_output(tree, "rev-parse", "--verify", "--quiet", ref, NULL);
	bool ret = out != NULL;

	free(out);
	free(ref);
	return ret;
}

bool git_is_valid_branch_name(const char *name)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	if (!*name || name[0] == '-')
		return false;
	run_cmd_push(&cmd, "git", "check-ref-format", "--branch", name, NULL);
	cmd.env = git_env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	run_cmd_release(&cmd);
	return status == 0;
}
