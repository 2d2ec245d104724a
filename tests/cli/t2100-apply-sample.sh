#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport apply with the real rules and wrappers on the bundled
# 2.6.32-shaped sample tree.
. "$(dirname "$0")/lib.sh"

SAMPLE=$TOP/sample/linux-2.6.32

# The step subjects of backports/2.6.32/steps.ini, in order.
# Every step's subject but two, which their only_if leaves out because
# the sample's mm/migrate.c has no unmap_and_move() and the sample has no
# arch/powerpc.
expected_subjects() {
	sed -n 's/^subject = //p' "$TOP/backports/2.6.32/steps.ini" |
		grep -vx -e 'mm: take the migration reference with page_get_anon_vma()' \
			-e 'powerpc: free page tables through the on-stack mmu_gather'
}

sample_apply_one_commit_per_step() {
	make_repo tree "$SAMPLE"
	kbp apply tree
	expect_status 0
	expect_no_sanitizer_report
	git -C tree log --reverse --format=%s master..HEAD >subjects
	expected_subjects >expected
	diff -u expected subjects || fail "commits differ from the steps"
	expect_grep stderr "[migration_anon_vma_ref]: mm/migrate.c has no code this step changes"
	expect_grep stderr "[powerpc_mmu_gather]: arch/powerpc/mm/pgtable.c has no code this step changes"
	commit=$(git -C tree log --format=%H --grep='^mm: convert i_mmap_lock to a mutex$' master..HEAD)
	[ -n "$commit" ] || fail "no i_mmap_mutex commit"
	git -C tree log -1 --format=%B "$commit" >msg
	grep -q "^Upstream: 3d48ae45e723" msg || fail "i_mmap_mutex commit lacks its upstream line"
	kbp detect --json tree
	for part in mutex_lock_nest_lock lockbreak_removed i_mmap_mutex anon_vma_mutex; do
		[ "$(jq -r .series.$part stdout)" = true ] || fail "detect does not see $part after apply"
	done
}

sample_apply_leaves_no_leftover() {
	make_repo tree "$SAMPLE"
	kbp apply tree
	expect_status 0
	if grep -rnwE 'i_mmap_lock|truncate_count|vm_truncate_count|restart_addr|unmap_mutex' \
		--include='*.c' --include='*.h' tree | grep -vE ':[0-9]+:\s*(/?\*|//)'; then
		fail "code still names a converted lock"
	fi
	grep -q "mutex_lock_nest_lock(&mapping->i_mmap_mutex, &mm->mmap_sem)" tree/mm/mmap.c ||
		fail "vm_lock_mapping does not nest on the mutex"
	grep -q "mutex_init(&inode->i_data.i_mmap_mutex)" tree/fs/inode.c ||
		fail "the dot-access initialisation was not converted"
}

sample_apply_rerun_noop() {
	make_repo tree "$SAMPLE"
	kbp apply tree
	expect_status 0
	head=$(git -C tree rev-parse HEAD)
	kbp apply tree
	expect_status 0
	expect_grep stderr "nothing to do"
	[ "$(git -C tree rev-parse HEAD)" = "$head" ] || fail "re-run added commits"
}

sample_dry_run_matches_apply() {
	cp -a "$SAMPLE" plain
	make_repo tree "$SAMPLE"
	kbp apply --dry-run plain
	expect_status 0
	cp stdout dry.diff
	kbp apply tree
	expect_status 0
	git -C tree -c core.abbrev=12 diff master HEAD >applied.diff
	diff -u applied.diff dry.diff >/dev/null ||
		fail "the dry-run diff differs from the applied commits"
}

sample_in_place_then_detect() {
	cp -a "$SAMPLE" plain
	kbp apply --in-place plain
	expect_status 0
	kbp detect plain
	expect_grep stdout "i_mmap_mutex           yes"
	expect_grep stdout "anon_vma_mutex         yes"
}

sample_rejects_unconverted_arch() {
	make_repo tree "$SAMPLE"
	printf 'CONFIG_ARM=y\nCONFIG_MMU=y\n' >tree/.config
	kbp apply tree
	expect_status 3
	expect_grep stderr "architecture 'arm' (from tree/.config) is not converted: it keeps its own mmu_gather in 'arch/arm/include/asm/tlb.h'"
	! git -C tree rev-parse --verify -q kbackport/mm-preempt-2.6.32 || fail "branch created"
	kbp apply --arch ia64 -n tree
	expect_status 3
	expect_grep stderr "architecture 'ia64' (from --arch)"
	printf 'CONFIG_ARM=y\n# CONFIG_MMU is not set\n' >tree/.config
	kbp apply -n tree
	expect_status 0
}

# powerpc uses the generic gather, and [powerpc_mmu_gather] converts its
# page-table batch, so apply accepts a powerpc .config.
sample_accepts_powerpc_config() {
	make_repo tree "$SAMPLE"
	printf 'CONFIG_PPC=y\nCONFIG_PPC64=y\nCONFIG_SMP=y\n' >tree/.config
	kbp apply tree
	expect_status 0
	if grep -q "is not converted" stderr; then
		fail "apply rejected the powerpc .config"
	fi
	git -C tree rev-parse --verify -q kbackport/mm-preempt-2.6.32 >/dev/null ||
		fail "no branch for the powerpc tree"
	kbp apply --arch powerpc -n tree
	expect_status 0
	expect_grep stderr "nothing to do"
}

if ! command -v spatch >/dev/null; then
	skip_case sample_apply_one_commit_per_step "spatch not installed"
else
	run_case sample_apply_one_commit_per_step
	run_case sample_apply_leaves_no_leftover
	run_case sample_apply_rerun_noop
	run_case sample_dry_run_matches_apply
	run_case sample_in_place_then_detect
	run_case sample_rejects_unconverted_arch
	run_case sample_accepts_powerpc_config
fi
test_done
