// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for git state handling, on real repositories made here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "git.h"
#include "tree.h"
#include "usage.h"

static void git_parse_status_clean_branch(void **state)
{
	struct git_state st;

	assert_int_equal(git_parse_status("# branch.oid 0123456789012345678901234567890123456789\n"
					  "# branch.head master\n", &st), 0);
	assert_true(st.clean);
	assert_string_equal(st.branch, "master");
	assert_string_equal(st.head, "0123456789012345678901234567890123456789");
	assert_int_equal(st.untracked, 0);
}

static void git_parse_status_dirty_detached(void **state)
{
	struct git_state st;

	assert_int_equal(git_parse_status("# branch.oid 0123456789012345678901234567890123456789\n"
					  "# branch.head (detached)\n"
					  "1 .M N... 100644 100644 100644 aaa bbb mm/memory.c\n"
					  "? notes.txt\n? other.txt\n", &st), 0);
	assert_false(st.clean);
	assert_string_equal(st.branch, "");
	assert_int_equal(st.untracked, 2);
}

static void git_parse_status_untracked_only(void **state)
{
	struct git_state st;

	assert_int_equal(git_parse_status("# branch.oid (initial)\n# branch.head main\n? a\n",
					  &st), 0);
	assert_true(st.clean);
	assert_string_equal(st.head, "");
	assert_int_equal(st.untracked, 1);
}

static char *make_repo(void)
{
	char *root = xstrdup("/tmp/kbp-git.XXXXXX");
	char *cmd;

	assert_non_null(mkdtemp(root));
	cmd = xasprintf("cd '%s' && git init -q -b topic && echo a > file && git add file && "
			"git -c user.name=t -c user.email=t@localhost commit -q -m init", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return root;
}

static void remove_dir(char *root)
{
	char *cmd = xasprintf("rm -rf '%s'", root);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(root);
}

static void git_read_state_real_repo(void **state)
{
	char *root = make_repo();
	char *path = xasprintf("%s/file", root);
	char *sub = xasprintf("%s/sub", root);
	struct git_state st;

	assert_int_equal(git_read_state(root, &st), 0);
	assert_true(st.is_repo);
	assert_true(st.clean);
	assert_string_equal(st.branch, "topic");
	assert_int_equal(strlen(st.head), 40);
	assert_true(git_branch_exists(root, "topic"));
	assert_false(git_branch_exists(root, "kbackport/none"));

	assert_int_equal(write_file_atomic(path, "b\n", 2), 0);
	assert_int_equal(git_read_state(root, &st), 0);
	assert_false(st.clean);

	/* A subdirectory of a repository is not the top of a work tree. */
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(git_read_state(sub, &st), 0);
	assert_false(st.is_repo);

	free(sub);
	free(path);
	remove_dir(root);
}

static void git_read_state_not_a_repo(void **state)
{
	char *root = xstrdup("/tmp/kbp-nogit.XXXXXX");
	struct git_state st;

	assert_non_null(mkdtemp(root));
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	assert_int_equal(git_read_state(root, &st), 0);
	assert_false(st.is_repo);
	remove_dir(root);
}

static void git_branch_name_validity(void **state)
{
	assert_true(git_is_valid_branch_name("kbackport/mm-preempt-2.6.32"));
	assert_false(git_is_valid_branch_name("bad..name"));
	assert_false(git_is_valid_branch_name("-starts-with-dash"));
	assert_false(git_is_valid_branch_name(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(git_parse_status_clean_branch),
		cmocka_unit_test(git_parse_status_dirty_detached),
		cmocka_unit_test(git_parse_status_untracked_only),
		cmocka_unit_test(git_read_state_real_repo),
		cmocka_unit_test(git_read_state_not_a_repo),
		cmocka_unit_test(git_branch_name_validity),
	};

	return cmocka_run_group_tests_name("git", tests, NULL, NULL);
}
