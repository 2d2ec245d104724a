#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport apply on the CLI test tree with the one-step mini series:
# branches and commits, dirty trees, trees without git, dry runs,
# interrupts and every error that stops a run before it changes anything.
. "$(dirname "$0")/lib.sh"

MINI=$TOP/tests/cli/data/mini-tree
export KBACKPORT_DATADIR=$TOP/tests/cli/data/mini-data
BRANCH=kbackport/mm-preempt-2.6.32

# Fail unless the repository at $1 has no worktree besides its own.
expect_no_worktree() {
	local n

	n=$(git -C "$1" worktree list | wc -l)
	[ "$n" -eq 1 ] || fail "a scratch worktree was left behind: $(git -C "$1" worktree list)"
}

apply_creates_branch_and_commit() {
	make_repo tree "$MINI"
	kbp apply tree
	expect_status 0
	expect_no_sanitizer_report
	[ "$(cat stdout)" = "$BRANCH" ] || fail "stdout is not the branch name: $(cat stdout)"
	[ "$(git -C tree symbolic-ref --short HEAD)" = "$BRANCH" ] || fail "branch not checked out"
	[ "$(git -C tree rev-list --count master..HEAD)" = 1 ] || fail "expected one commit"
	git -C tree log -1 --format=%B >msg
	grep -q "^mm: convert the test tree's i_mmap_lock to a mutex$" msg || fail "subject"
	grep -q "with spatch [0-9]" msg || fail "commit message lacks the spatch version"
	grep -q "mutex_lock(&mapping->i_mmap_mutex);" tree/mm/memory.c || fail "rule not applied"
	grep -q "struct mutex		i_mmap_mutex;" tree/include/linux/fs.h || fail "patch not applied"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree left dirty"
	expect_no_worktree tree
}

apply_rerun_is_noop() {
	make_repo tree "$MINI"
	kbp apply tree
	expect_status 0
	head=$(git -C tree rev-parse HEAD)
	kbp apply tree
	expect_status 0
	expect_grep stderr "nothing to do"
	[ "$(git -C tree rev-parse HEAD)" = "$head" ] || fail "re-run changed HEAD"
}

apply_code_probe_skips_converted_step() {
	cp -a "$KBACKPORT_DATADIR" data
	sed -i 's|^skip_if = .*|skip_if = code:include/linux/fs.h:struct mutex[[:space:]]+i_mmap_mutex;|' \
		data/backports/2.6.32/steps.ini
	make_repo tree "$MINI"
	KBACKPORT_DATADIR=$PWD/data kbp apply tree
	expect_status 0
	grep -q "mutex_lock(&mapping->i_mmap_mutex);" tree/mm/memory.c || fail "step did not run"

	head=$(git -C tree rev-parse HEAD)
	KBACKPORT_DATADIR=$PWD/data kbp apply --branch again tree
	expect_status 0
	expect_grep stderr "nothing to do"
	[ "$(git -C tree rev-parse HEAD)" = "$head" ] || fail "re-run changed HEAD"
}

apply_rejects_dirty_tree() {
	make_repo tree "$MINI"
	echo "/* uncommitted */" >>tree/kernel/fork.c
	before=$(tree_digest tree)
	kbp apply tree
	expect_status 3
	expect_grep stderr "'tree' has uncommitted changes to tracked files"
	expect_grep stderr "hint: commit or stash them first"
	[ "$(tree_digest tree)" = "$before" ] || fail "dirty tree was changed"
	! git -C tree rev-parse --verify -q "$BRANCH" || fail "branch created"
}

apply_no_checkout_keeps_files() {
	make_repo tree "$MINI"
	echo "/* uncommitted */" >>tree/kernel/fork.c
	before=$(tree_digest tree)
	kbp apply --no-checkout tree
	expect_status 0
	[ "$(tree_digest tree)" = "$before" ] || fail "checked-out files changed"
	git -C tree show "$BRANCH:mm/memory.c" | grep -q i_mmap_mutex || fail "branch lacks the change"
	[ "$(git -C tree symbolic-ref --short HEAD)" = master ] || fail "HEAD moved"
}

apply_rejects_existing_branch() {
	make_repo tree "$MINI"
	git -C tree branch "$BRANCH"
	kbp apply tree
	expect_status 3
	expect_grep stderr "branch '$BRANCH' already exists"
	kbp apply --branch topic/backport tree
	expect_status 0
	[ "$(cat stdout)" = topic/backport ] || fail "--branch ignored"
}

apply_rejects_bad_branch_name() {
	make_repo tree "$MINI"
	kbp apply --branch 'bad..name' tree
	expect_status 2
	expect_grep stderr "invalid branch name 'bad..name'"
}

apply_without_git_needs_flag() {
	cp -a "$MINI" tree
	before=$(tree_digest tree)
	kbp apply tree
	expect_status 3
	expect_grep stderr "'tree' is not a git repository"
	expect_grep stderr "--dry-run or --in-place"
	[ "$(tree_digest tree)" = "$before" ] || fail "tree changed"
}

apply_dry_run_prints_diff() {
	cp -a "$MINI" tree
	before=$(tree_digest tree)
	kbp apply --dry-run tree
	expect_status 0
	expect_grep stdout "--- a/mm/memory.c"
	expect_grep stdout "+	mutex_lock(&mapping->i_mmap_mutex);"
	expect_grep stdout "+	struct mutex		i_mmap_mutex;"
	[ "$(tree_digest tree)" = "$before" ] || fail "dry run changed the tree"
	# The diff applies to the untouched tree and gives the converted one.
	(cd tree && patch -p1 --dry-run -s <../stdout) || fail "diff does not apply"
}

apply_dry_run_in_repo_changes_nothing() {
	make_repo tree "$MINI"
	kbp apply -n tree
	expect_status 0
	expect_grep stdout "+	mutex_unlock(&mapping->i_mmap_mutex);"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree changed"
	! git -C tree rev-parse --verify -q "$BRANCH" || fail "branch created"
	expect_no_worktree tree
}

apply_in_place_then_noop() {
	cp -a "$MINI" tree
	kbp apply --in-place tree
	expect_status 0
	grep -q "mutex_lock(&mapping->i_mmap_mutex);" tree/mm/memory.c || fail "not applied"
	[ -z "$(find tree -name '*.kbp-*')" ] || fail "temporary files left in the tree"
	[ ! -e tree/.git ] || fail "in-place run created a .git"
	kbp apply --in-place tree
	expect_status 0
	expect_grep stderr "nothing to do"
}

apply_in_place_rejected_in_repo() {
	make_repo tree "$MINI"
	kbp apply --in-place tree
	expect_status 2
	expect_grep stderr "--in-place is for trees without git"
}

apply_rejects_unsupported_version() {
	make_repo tree "$MINI"
	sed -i 's/^SUBLEVEL = 32/SUBLEVEL = 40/' tree/Makefile
	git -C tree commit -qam "2.6.40"
	kbp apply tree
	expect_status 3
	expect_grep stderr "unsupported kernel version '2.6.40.27' in 'tree/Makefile'"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree changed"
}

apply_reports_missing_spatch() {
	make_repo tree "$MINI"
	mkdir bin
	for tool in git cp; do ln -s "$(command -v $tool)" bin/$tool; done
	PATH=$PWD/bin kbp apply tree
	expect_status 4
	expect_grep stderr "spatch not found in PATH"
	expect_grep stderr "apt-get install coccinelle"
}

apply_reports_unparsable_rule() {
	cp -a "$KBACKPORT_DATADIR" data
	echo "@@ this is not SmPL" >>data/cocci/mini.cocci
	make_repo tree "$MINI"
	KBACKPORT_DATADIR=$PWD/data kbp apply tree
	expect_status 4
	expect_grep stderr "cannot parse semantic patch '$PWD/data/cocci/mini.cocci'"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree changed"
	expect_no_worktree tree
}

apply_reports_too_old_spatch() {
	cp -a "$KBACKPORT_DATADIR" data
	sed -i 's|^// Requires: .*|// Requires: 99.0|' data/cocci/mini.cocci
	make_repo tree "$MINI"
	KBACKPORT_DATADIR=$PWD/data kbp apply tree
	expect_status 4
	expect_grep stderr "requires spatch 99.0 or later, but spatch"
}

apply_reports_missing_item() {
	cp -a "$KBACKPORT_DATADIR" data
	rm data/backports/2.6.32/0001-field.patch
	make_repo tree "$MINI"
	KBACKPORT_DATADIR=$PWD/data kbp apply tree
	expect_status 4
	expect_grep stderr "missing file '$PWD/data/backports/2.6.32/0001-field.patch' named by step [i_mmap_mutex]"
}

apply_reports_invalid_steps_file() {
	cp -a "$KBACKPORT_DATADIR" data
	echo "colour = blue" >>data/backports/2.6.32/steps.ini
	make_repo tree "$MINI"
	KBACKPORT_DATADIR=$PWD/data kbp apply tree
	expect_status 3
	expect_grep stderr "invalid key 'colour = blue' in '$PWD/data/backports/2.6.32/steps.ini' line 9"
}

apply_fails_step_that_changes_nothing() {
	cp -a "$KBACKPORT_DATADIR" data
	sed -i '/^patch = /d' data/backports/2.6.32/steps.ini
	make_repo tree "$MINI"
	printf 'int unrelated;\n' >tree/mm/memory.c
	git -C tree commit -qam "no lock sites"
	KBACKPORT_DATADIR=$PWD/data kbp apply tree
	expect_status 1
	expect_grep stderr "step [i_mmap_mutex] of '$PWD/data/backports/2.6.32/steps.ini' changed nothing"
	! git -C tree rev-parse --verify -q "$BRANCH" || fail "branch created"
	expect_no_worktree tree
}

apply_lists_leftovers() {
	make_repo tree "$MINI"
	printf 'void init(struct address_space *m)\n{\n\tspin_lock_init(&m->i_mmap_lock);\n}\n' \
		>tree/kernel/fork.c
	git -C tree commit -qam "an init site the mini rule does not cover"
	kbp apply tree
	expect_status 1
	expect_grep stderr "kernel/fork.c:3: spin_lock_init(&m->i_mmap_lock);"
	expect_grep stderr "1 code lines in 'tree' still name a converted lock or the per-CPU mmu_gather"
	! git -C tree rev-parse --verify -q "$BRANCH" || fail "branch created"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree changed"
}

apply_rejects_bad_patch_context() {
	make_repo tree "$MINI"
	sed -i 's/struct inode\t\t\*host;/struct inode *owner;/' tree/include/linux/fs.h
	git -C tree commit -qam "local change to the patched lines"
	kbp apply tree
	expect_status 1
	expect_grep stderr "cannot apply '$KBACKPORT_DATADIR/backports/2.6.32/0001-field.patch'"
	! git -C tree rev-parse --verify -q "$BRANCH" || fail "branch created"
	expect_no_worktree tree
}

apply_host_toolchain_first_commit() {
	make_repo tree "$MINI"
	kbp apply --host-toolchain tree
	expect_status 0
	git -C tree log --reverse --format=%s master..HEAD >subjects
	[ "$(sed -n 1p subjects)" = "kbuild: build with this host's gcc, binutils, perl and make" ] ||
		fail "the host-toolchain commit is not first: $(cat subjects)"
	[ "$(wc -l <subjects)" -eq 2 ] || fail "expected two commits"
	grep -q "^int host_fix_two;$" tree/kernel/fork.c || fail "host fixes not applied in order"
	# Both patches touch one line, so only a last-to-first revert finds them applied.
	kbp apply --host-toolchain tree
	expect_status 0
	expect_grep stderr "nothing to do"
}

apply_host_toolchain_adds_new_fixes() {
	cp -a "$KBACKPORT_DATADIR" data
	sed -i '/^0002-/d' data/backports/2.6.32/host-toolchain/series
	make_repo tree "$MINI"
	KBACKPORT_DATADIR=$PWD/data kbp apply --host-toolchain tree
	expect_status 0
	grep -q "^int host_fix_one;$" tree/kernel/fork.c || fail "first host fix not applied"

	# A newer kbackport ships one more fix: only that one is applied, on
	# top of the branch the first run checked out.
	head=$(git -C tree rev-parse HEAD)
	echo "0002-fork-rename-marker.patch" >>data/backports/2.6.32/host-toolchain/series
	KBACKPORT_DATADIR=$PWD/data kbp apply --host-toolchain tree
	expect_status 0
	expect_grep stderr "added the new commits to branch '$BRANCH'"
	grep -q "^int host_fix_two;$" tree/kernel/fork.c || fail "new host fix not applied"
	[ "$(git -C tree rev-list --count "$head"..HEAD)" = 1 ] || fail "expected one new commit"
	[ "$(git -C tree symbolic-ref --short HEAD)" = "$BRANCH" ] || fail "branch not checked out"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree left dirty"
}

apply_host_toolchain_only_step() {
	make_repo tree "$MINI"
	kbp apply tree
	expect_status 0
	kbp apply --host-toolchain --branch with-host tree
	expect_status 0
	[ "$(git -C tree rev-list --count "$BRANCH"..with-host)" = 1 ] ||
		fail "expected only the host-toolchain commit on top"
	expect_grep stderr "SKIP    [i_mmap_mutex]: the tree already has i_mmap_mutex"
}

# A spatch that waits before running the real one, so a signal lands mid-step.
make_slow_spatch() {
	mkdir -p bin
	cat >bin/spatch <<SH
#!/bin/sh
case "\$*" in *--sp-file*) sleep 3 ;; esac
exec $(command -v spatch) "\$@"
SH
	chmod +x bin/spatch
}

apply_interrupt_restores_repo() {
	make_repo tree "$MINI"
	make_slow_spatch
	PATH=$PWD/bin:$PATH "$KBP" apply tree >stdout 2>stderr &
	pid=$!
	sleep 1.5
	kill -INT $pid
	wait $pid && status=0 || status=$?
	expect_status 130
	expect_grep stderr "interrupted; 'tree' was left as it was"
	[ -z "$(git -C tree status --porcelain)" ] || fail "tree changed"
	[ "$(git -C tree symbolic-ref --short HEAD)" = master ] || fail "HEAD moved"
	! git -C tree rev-parse --verify -q "$BRANCH" || fail "branch created"
	expect_no_worktree tree
}

apply_interrupt_restores_plain_tree() {
	cp -a "$MINI" tree
	before=$(tree_digest tree)
	make_slow_spatch
	PATH=$PWD/bin:$PATH "$KBP" apply --in-place tree >stdout 2>stderr &
	pid=$!
	sleep 1.5
	kill -TERM $pid
	wait $pid && status=0 || status=$?
	expect_status 130
	[ "$(tree_digest tree)" = "$before" ] || fail "tree changed"
	[ -z "$(find tree -name '*.kbp-*')" ] || fail "temporary files left in the tree"
}

run_case apply_creates_branch_and_commit
run_case apply_rerun_is_noop
run_case apply_code_probe_skips_converted_step
run_case apply_rejects_dirty_tree
run_case apply_no_checkout_keeps_files
run_case apply_rejects_existing_branch
run_case apply_rejects_bad_branch_name
run_case apply_without_git_needs_flag
run_case apply_dry_run_prints_diff
run_case apply_dry_run_in_repo_changes_nothing
run_case apply_in_place_then_noop
run_case apply_in_place_rejected_in_repo
run_case apply_rejects_unsupported_version
run_case apply_reports_missing_spatch
run_case apply_reports_unparsable_rule
run_case apply_reports_too_old_spatch
run_case apply_reports_missing_item
run_case apply_reports_invalid_steps_file
run_case apply_fails_step_that_changes_nothing
run_case apply_lists_leftovers
run_case apply_rejects_bad_patch_context
run_case apply_host_toolchain_first_commit
run_case apply_host_toolchain_only_step
run_case apply_host_toolchain_adds_new_fixes
run_case apply_interrupt_restores_repo
run_case apply_interrupt_restores_plain_tree
test_done
