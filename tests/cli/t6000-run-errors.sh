#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport run: what stops the whole job before its first phase changes
# anything.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

MINI=$TOP/tests/cli/data/mini-tree

run_requires_profile_and_key() {
	cp -a "$MINI" tree
	kbp run --sign-key ABCD tree
	expect_status 2
	expect_grep stderr "missing --profile"
	kbp run --profile bookworm tree
	expect_status 2
	expect_grep stderr "missing --sign-key"
}

run_rejects_non_kernel_dir() {
	mkdir plain
	kbp run --profile bookworm --sign-key ABCD plain
	expect_status 3
	expect_grep stderr "'plain' is not a kernel source tree"
	[ ! -e kbp-run ] || fail "an output folder was made for a rejected tree"
}

run_rejects_older_tree() {
	cp -a "$MINI" tree
	sed -i 's/^SUBLEVEL = 32/SUBLEVEL = 31/' tree/Makefile
	kbp run --profile bookworm --sign-key ABCD -o out tree
	expect_status 3
	expect_grep stderr "unsupported kernel version '2.6.31.27' in 'tree/Makefile'"
	[ ! -e out/build ] || fail "build ran for a rejected tree"
}

run_rejects_profile_without_qa_fragment() {
	make_repo tree "$MINI"
	grep -v '^qa_fragment' "$TOP/distro/bookworm.ini" >noqa.ini
	kbp run --profile ./noqa.ini --sign-key ABCD -o out tree
	expect_status 3
	expect_grep stderr "profile './noqa.ini' has no qa_fragment in [config], which run builds with"
	[ "$(git -C tree branch --list | wc -l)" = 1 ] || fail "apply ran for a rejected profile"
}

run_rejects_unknown_key_before_apply() {
	make_repo tree "$MINI"
	export GNUPGHOME=$PWD/gnupg
	mkdir -m 0700 "$GNUPGHOME"
	kbp run --profile bookworm --sign-key 0123456789ABCDEF -o out tree
	expect_status 4
	expect_grep stderr "0123456789ABCDEF"
	[ "$(git -C tree branch --list | wc -l)" = 1 ] || fail "apply ran without a signing key"
	[ ! -e out/build ] || fail "build ran without a signing key"
}

run_stops_at_failed_apply() {
	cp -a "$MINI" tree
	make_signing_key
	kbp run --profile bookworm --sign-key "$KEYID" -o out tree
	expect_status 3
	expect_grep stderr "'tree' is not a git repository"
	expect_grep stderr "the apply phase failed with exit code 3; later phases did not run"
	[ ! -e out/build ] || fail "build ran after apply failed"
}

run_case run_requires_profile_and_key
run_case run_rejects_non_kernel_dir
run_case run_rejects_older_tree
run_case run_rejects_profile_without_qa_fragment
if command -v gpg >/dev/null; then
	run_case run_rejects_unknown_key_before_apply
	run_case run_stops_at_failed_apply
else
	skip_case run_rejects_unknown_key_before_apply "gpg missing (apt-get install gnupg)"
	skip_case run_stops_at_failed_apply "gpg missing"
fi
test_done
