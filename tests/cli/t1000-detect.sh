#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport detect: version, git state, probes, and rejected trees.
. "$(dirname "$0")/lib.sh"

MINI=$TOP/tests/cli/data/mini-tree

detect_plain_tree() {
	cp -a "$MINI" tree
	kbp detect tree
	expect_status 0
	expect_grep stdout "version:  2.6.32.27"
	expect_grep stdout "git:      not a git repository"
	expect_grep stdout "i_mmap_mutex           no"
	expect_grep stdout "wrappers: backports/2.6.32"
	expect_no_sanitizer_report
}

detect_json_fields() {
	cp -a "$MINI" tree
	kbp detect --json tree
	expect_status 0
	[ "$(jq -r .version.string stdout)" = 2.6.32.27 ] || fail "version.string"
	[ "$(jq -r .version.sublevel stdout)" = 32 ] || fail "version.sublevel"
	[ "$(jq -r .git.repository stdout)" = false ] || fail "git.repository"
	[ "$(jq -r .series.i_mmap_mutex stdout)" = false ] || fail "series.i_mmap_mutex"
	[ "$(jq -r .series.lockbreak_removed stdout)" = null ] || fail "unknown probe must be null"
	[ "$(jq -r .wrappers stdout)" = backports/2.6.32 ] || fail "wrappers"
}

detect_git_state() {
	make_repo tree "$MINI"
	kbp detect --json tree
	expect_status 0
	[ "$(jq -r .git.clean stdout)" = true ] || fail "clean repo reported dirty"
	[ "$(jq -r .git.branch stdout)" = master ] || fail "branch"
	echo "/* local change */" >>tree/mm/memory.c
	kbp detect tree
	expect_grep stdout "uncommitted changes, branch master"
	git -C tree checkout -q --detach
	kbp detect --json tree
	[ "$(jq -r .git.branch stdout)" = null ] || fail "detached HEAD must have a null branch"
}

detect_probes_code_not_version() {
	cp -a "$MINI" tree
	sed -i 's/spinlock_t\t\ti_mmap_lock;/struct mutex\t\ti_mmap_mutex;/' tree/include/linux/fs.h
	kbp detect tree
	expect_status 0
	expect_grep stdout "i_mmap_mutex           yes"
}

detect_rejects_unsupported_version() {
	cp -a "$MINI" tree
	sed -i 's/^SUBLEVEL = 32/SUBLEVEL = 31/' tree/Makefile
	kbp detect tree
	expect_status 3
	expect_grep stderr "unsupported kernel version '2.6.31.27' in 'tree/Makefile'"
	expect_grep stderr "hint: supported versions are 2.6.32 to 2.6.39"
}

detect_rejects_non_kernel_dir() {
	mkdir plain
	kbp detect plain
	expect_status 3
	expect_grep stderr "'plain' is not a kernel source tree"
	kbp detect does-not-exist
	expect_status 3
	expect_grep stderr "cannot open tree 'does-not-exist'"
}

detect_rejects_bad_makefile() {
	cp -a "$MINI" tree
	sed -i 's/^SUBLEVEL = 32/SUBLEVEL = thirty-two/' tree/Makefile
	kbp detect tree
	expect_status 3
	expect_grep stderr "invalid SUBLEVEL 'thirty-two' in 'tree/Makefile': not a number"
	sed -i '/^PATCHLEVEL/d' tree/Makefile
	kbp detect tree
	expect_status 3
	expect_grep stderr "no PATCHLEVEL line in 'tree/Makefile'"
	expect_no_sanitizer_report
}

if ! command -v jq >/dev/null; then
	skip_case detect_json_fields "jq not installed"
	skip_case detect_git_state "jq not installed"
else
	run_case detect_json_fields
	run_case detect_git_state
fi
run_case detect_plain_tree
run_case detect_probes_code_not_version
run_case detect_rejects_unsupported_version
run_case detect_rejects_non_kernel_dir
run_case detect_rejects_bad_makefile
test_done
