#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport build: every error that stops a build before make runs.
. "$(dirname "$0")/lib.sh"

MINI=$TOP/tests/cli/data/mini-tree

# A copy of the test tree that claims 6.1, which needs no host-toolchain
# fixes, so the checks after that one are reached.
modern_tree() {
	cp -a "$MINI" tree
	sed -i 's/^VERSION = 2/VERSION = 6/; s/^PATCHLEVEL = 6/PATCHLEVEL = 1/' tree/Makefile
}

build_requires_profile() {
	cp -a "$MINI" tree
	kbp build tree
	expect_status 2
	expect_grep stderr "missing --profile"
}

build_rejects_unknown_profile() {
	cp -a "$MINI" tree
	kbp build --profile no-such-distro tree
	expect_status 3
	expect_grep stderr "unknown profile 'no-such-distro': cannot read '$TOP/distro/no-such-distro.ini'"
}

build_rejects_malformed_profile() {
	modern_tree
	printf '[config]\nbase = allnoconfig\nfragmnet = x.config\n' >bad.ini
	kbp build --profile ./bad.ini -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'fragmnet' in [config] of './bad.ini' line 3"
	printf '[config]\nbase = oldconfig\n' >bad.ini
	kbp build --profile ./bad.ini -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'base' in [config] of './bad.ini' line 2: expected allnoconfig"
	printf '[kernel]\narch = x86_64\n' >bad.ini
	kbp build --profile ./bad.ini -o out tree
	expect_status 3
	expect_grep stderr "profile './bad.ini' has no 'base' key in [config]"
	printf '[packages]\nname = x\n' >bad.ini
	kbp build --profile ./bad.ini -o out tree
	expect_status 3
	expect_grep stderr "unknown section"
	printf '[config]\nbase = allnoconfig\n[qa]\nknown_report = x\nknown_cause = %0250d\n' 0 >bad.ini
	kbp build --profile ./bad.ini -o out tree
	expect_status 3
	expect_grep stderr "line 5 of './bad.ini' has 264 characters; at most 199 fit"
	[ ! -e out ] || fail "an output folder was made for a rejected profile"
	expect_no_sanitizer_report
}

build_rejects_bad_fragment() {
	modern_tree
	printf 'CONFIG_64BIT=y\nCONFIG_ oops\n' >frag.config
	printf '[config]\nbase = allnoconfig\nfragment = %s/frag.config\n' "$PWD" >p.ini
	kbp build --profile ./p.ini -o out tree --no-ccache
	expect_status 3
	expect_grep stderr "invalid line 2 in config fragment '$PWD/frag.config': 'CONFIG_ oops'"
}

build_rejects_bad_jobs() {
	cp -a "$MINI" tree
	kbp build --profile bookworm --jobs 0 tree
	expect_status 2
	expect_grep stderr "invalid --jobs value '0'"
	kbp build --profile bookworm --jobs lots tree
	expect_status 2
}

build_reports_missing_compiler() {
	modern_tree
	kbp build --profile bookworm --cc gcc-kbp-none -o out tree
	expect_status 4
	expect_grep stderr "compiler 'gcc-kbp-none' not found in PATH"
}

build_rejects_output_inside_tree() {
	modern_tree
	kbp build --profile bookworm -o tree/obj tree
	expect_status 2
	expect_grep stderr "is inside the tree"
}

build_needs_host_toolchain_fixes() {
	cp -a "$MINI" tree
	series=$TOP/backports/2.6.32/host-toolchain/series
	if [ ! -f "$series" ]; then
		echo "    no host-toolchain series for 2.6.32" >&2
		return 1
	fi
	kbp build --profile bookworm -o out tree
	expect_status 3
	expect_grep stderr "the host-toolchain fixes for 2.6.32 are not applied to 'tree'"
	expect_grep stderr "kbackport apply --host-toolchain tree"
}

build_rejects_qa_without_fragment() {
	modern_tree
	printf '[config]\nbase = allnoconfig\n' >p.ini
	kbp build --profile ./p.ini --qa -o out tree
	expect_status 3
	expect_grep stderr "--qa given, but profile './p.ini' has no qa_fragment"
}

run_case build_requires_profile
run_case build_rejects_unknown_profile
run_case build_rejects_malformed_profile
run_case build_rejects_bad_fragment
run_case build_rejects_bad_jobs
run_case build_reports_missing_compiler
run_case build_rejects_output_inside_tree
run_case build_needs_host_toolchain_fixes
run_case build_rejects_qa_without_fragment
test_done
