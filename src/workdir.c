// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git.h"
#include "run-command.h"
#include "usage.h"
#include "workdir.h"

static const char *fixed_identity[] = {
	"LC_ALL=C",
	"GIT_AUTHOR_NAME=kbackport", "GIT_AUTHOR_EMAIL=kbackport@localhost",
	"GIT_COMMITTER_NAME=kbackport", "GIT_COMMITTER_EMAIL=kbackport@localhost",
	NULL,
};

static const char *plain_env[] = { "LC_ALL=C", NULL };

/*
 * Return the environment for commits: the user's own identity when git has
 * one for REPO, else a fixed kbackport identity so the commit cannot fail.
 */
const char **git_identity_env(const char *repo)
{
	char *ident;

	if (!repo)
		return fixed_identity;
	ident = git_output(repo, "var", "GIT_COMMITTER_IDENT", NULL);
	if (!ident)
		return fixed_identity;
	free(ident);
	return plain_env;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	if (remove(path) && errno != ENOENT)
		warning("cannot remove '%s': %s", path, strerror(errno));
	return 0;
}

int remove_tree(const char *path)
{
	return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static char *make_tmp(void)
{
	const char *base = getenv("TMPDIR");
	char *tmp = xasprintf("%s/kbackport.XXXXXX", base && *base ? base : "/tmp");

	if (!mkdtemp(tmp)) {
		error("cannot create a temporary directory '%s': %s", tmp, strerror(errno));
		hint("set TMPDIR to a writable directory with room for a copy of the tree");
		free(tmp);
		return NULL;
	}
	return tmp;
}

static int create_worktree(struct workdir *wd, const char *tree)
{
	char *head = git_output(tree, "rev-parse", "--verify", "HEAD^{commit}", NULL);

	if (!head) {
		error("the git repository '%s' has no commit to branch from", tree);
		hint("commit the tree first, or use --dry-run");
		return -1;
	}
	head[strcspn(head, "\n")] = '\0';
	wd->base = head;

	step_line("GIT", "worktree for the scratch checkout");
	if (git_run(tree, NULL, "worktree", "add", "--detach", "--quiet", wd->path, head, NULL))
		return -1;
	wd->is_worktree = true;
	wd->repo = xstrdup(tree);
	return 0;
}

static int copy_tree(struct workdir *wd, const char *tree)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *src = xasprintf("%s/.", tree);
	int status;

	step_line("COPY", tree);
	run_cmd_push(&cmd, "cp", "-a", "--reflink=auto", src, wd->path, NULL);
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	if (status)
		error_cmd(&cmd, status, "cannot copy '%s' to '%s'", tree, wd->path);
	run_cmd_release(&cmd);
	free(src);
	if (status)
		return -1;

	if (git_run(wd->path, fixed_identity, "init", "--quiet", NULL) ||
	    git_run(wd->path, fixed_identity, "add", "--all", NULL) ||
	    git_run(wd->path, fixed_identity, "commit", "--quiet", "--no-verify",
		    "-m", "kbackport: tree as found", NULL))
		return -1;

	wd->base = git_output(wd->path, "rev-parse", "HEAD", NULL);
	if (!wd->base)
		return error("cannot read the base commit in '%s'", wd->path);
	wd->base[strcspn(wd->base, "\n")] = '\0';
	return 0;
}

int workdir_create(struct workdir *wd, const char *tree, bool is_repo)
{
	memset(wd, 0, sizeof(*wd));
	wd->tmp = make_tmp();
	if (!wd->tmp)
		return -1;
	wd->path = xasprintf("%s/work", wd->tmp);

	if (is_repo)
		return create_worktree(wd, tree);
	return copy_tree(wd, tree);
}

char *workdir_head(const struct workdir *wd)
{
	char *head = git_output(wd->path, "rev-parse", "HEAD", NULL);

	if (head)
		head[strcspn(head, "\n")] = '\0';
	return head;
}

/* Remove the scratch checkout and everything below the temporary directory. */
void workdir_destroy(struct workdir *wd)
{
	if (wd->is_worktree) {
		git_run(wd->repo, NULL, "worktree", "remove", "--force", wd->path, NULL);
		git_run(wd->repo, NULL, "worktree", "prune", NULL);
	}
	if (wd->tmp)
		remove_tree(wd->tmp);

	free(wd->tmp);
	free(wd->path);
	free(wd->base);
	free(wd->repo);
	memset(wd, 0, sizeof(*wd));
}
