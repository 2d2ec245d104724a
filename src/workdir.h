/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_WORKDIR_H
#define KBP_WORKDIR_H

#include <stdbool.h>

/*
 * A scratch git checkout in which the steps run, so the user's tree is
 * untouched until every step has passed: a detached worktree of the
 * user's repository, or a copy of a tree that has no git.
 */
struct workdir {
	char *tmp;		/* private temporary directory (mode 0700) */
	char *path;		/* the scratch checkout below tmp */
	char *base;		/* commit the steps start from */
	char *repo;		/* the user's tree when it is a git repository */
	bool is_worktree;
};

int workdir_create(struct workdir *wd, const char *tree, bool is_repo);
void workdir_destroy(struct workdir *wd);
char *workdir_head(const struct workdir *wd);
int remove_tree(const char *path);
const char **git_identity_env(const char *repo);

#endif
