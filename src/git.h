/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_GIT_H
#define KBP_GIT_H

#include <stdbool.h>
#include <stddef.h>

struct git_state {
	bool is_repo;		/* TREE is the top of a git work tree */
	bool clean;		/* no staged or unstaged change to a tracked file */
	int untracked;		/* untracked files that are not ignored */
	char branch[256];	/* current branch, empty when HEAD is detached */
	char head[41];		/* commit id of HEAD, empty in a repository without commits */
};

int git_read_state(const char *tree, struct git_state *st);
int git_parse_status(const char *porcelain, struct git_state *st);
bool git_branch_exists(const char *tree, const char *branch);
bool git_is_valid_branch_name(const char *name);
int git_run(const char *dir, const char **env, ...) __attribute__((sentinel));
char *git_output(const char *dir, ...) __attribute__((sentinel));
char *git_output_len(const char *dir, size_t *len, ...) __attribute__((sentinel));

#endif
