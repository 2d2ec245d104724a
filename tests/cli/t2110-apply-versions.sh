#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport apply with the real rules and wrappers on the cut-down trees of
# tests/apply/, one per version after 2.6.32. Each tree has the
# shapes that the version's patches and semantic patches change, so these
# cases cover the per-version patches that t2100 does not reach.
. "$(dirname "$0")/lib.sh"

FIXTURES=$TOP/tests/apply

# Print the step subjects of backports/$1/steps.ini in order. Apply leaves
# out a step whose only_if = code:PATH:REGEX finds no match in the tree $2
# (the fixtures have no arch/powerpc, for one), so its subject is left out.
expected_subjects() {
	local line subject only

	while IFS= read -r line; do
		case $line in
		'['*)
			print_subject "$2" "${subject:-}" "${only:-}"
			subject= only= ;;
		'subject = '*) subject=${line#subject = } ;;
		'only_if = code:'*) only=${line#only_if = code:} ;;
		esac
	done <"$TOP/backports/$1/steps.ini"
	print_subject "$2" "${subject:-}" "${only:-}"
}

# Print subject $2 unless the only_if probe $3 (PATH:REGEX) misses in tree $1.
print_subject() {
	local path=${3%%:*} regex=${3#*:}

	[ -n "$2" ] || return 0
	if [ -n "$3" ] && ! grep -qE -- "$regex" "$1/$path" 2>/dev/null; then
		return 0
	fi
	echo "$2"
}

# Fail unless a line of tree/$2 matches the extended regex $3.
# $1 is the version and $4 describes the failure.
expect_code() {
	grep -qE -- "$3" "tree/$2" || fail "$1: $2 $4: no line matches '$3'"
}

# Fail if a line of tree/$2 (a file or a folder) matches the extended regex $3.
expect_no_code() {
	local hits

	hits=$(grep -rnE --include='*.c' --include='*.h' -- "$3" "tree/$2" || true)
	[ -z "$hits" ] || fail "$1: $2 $4: $hits"
}

# Outcomes that every version shares once the series is applied.
check_common_outcomes() {
	local v=$1

	expect_no_code "$v" . 'DEFINE_PER_CPU\(struct mmu_gather' \
		"still defines the per-CPU mmu_gather"
	expect_no_code "$v" include 'DECLARE_PER_CPU\(struct mmu_gather' \
		"still declares the per-CPU mmu_gather"
	expect_code "$v" include/asm-generic/tlb.h '^struct mmu_gather_batch \{' \
		"has no batched on-stack gather"
	for file in mm/memory.c mm/mmap.c fs/exec.c; do
		expect_code "$v" "$file" 'tlb_gather_mmu\(&tlb, ' \
			"does not gather on the caller's stack"
	done
	expect_no_code "$v" . 'spin_[a-z_]*\(&[^)]*i_mmap_lock' \
		"still takes i_mmap_lock as a spinlock"
	expect_no_code "$v" . 'spin_[a-z_]*\(&[^)]*anon_vma(->root)?->lock' \
		"still takes the anon_vma lock as a spinlock"
	expect_code "$v" include/linux/fs.h 'struct mutex[[:space:]]+i_mmap_mutex;' \
		"has no i_mmap_mutex field"
	expect_code "$v" include/linux/rmap.h 'struct mutex[[:space:]]+mutex;' \
		"has no anon_vma mutex field"
	expect_code "$v" include/linux/mutex.h 'define[[:space:]]+mutex_lock_nest_lock\(' \
		"does not define mutex_lock_nest_lock()"
	expect_code "$v" mm/rmap.c '^struct anon_vma \*page_get_anon_vma\(' \
		"does not define page_get_anon_vma()"
	expect_code "$v" mm/rmap.c 'atomic_inc_not_zero\(&anon_vma->refcount\)' \
		"page_lock_anon_vma() takes no reference on the anon_vma"
	expect_code "$v" mm/mmap.c 'mutex_lock_nest_lock\(&mapping->i_mmap_mutex, &mm->mmap_sem\)' \
		"does not nest vm_lock_mapping() on the i_mmap mutex"
	expect_no_code "$v" mm 'restart_addr|truncate_count' \
		"still has the truncate lock-break"
	grep -A1 'read_unlock(&tasklist_lock);' tree/mm/memory-failure.c |
		grep -q 'page_unlock_anon_vma(av);' ||
		fail "$v: collect_procs_anon() does not drop tasklist_lock before the anon_vma mutex"
}

# The 2.6.33 to 2.6.38 trees put an anon_vma with atomic_dec_and_lock() on
# its refcount, and the series frees it when the count drops to zero.
check_refcount_outcomes() {
	local v=$1

	expect_no_code "$v" . 'atomic_dec_and_lock\(&anon_vma->' \
		"still drops an anon_vma refcount under the spinlock"
	expect_code "$v" include/linux/rmap.h '__put_anon_vma\(' \
		"has no __put_anon_vma()"
	expect_code "$v" include/linux/rmap.h 'atomic_t[[:space:]]+refcount;' \
		"has no unconditional anon_vma refcount"
}

# 2.6.36 and later: the root anon_vma locking of bb4aa39676f7 and
# 3.0's unlink_anon_vmas().
check_root_outcomes() {
	local v=$1

	expect_code "$v" mm/rmap.c '^static inline struct anon_vma \*lock_anon_vma_root\(' \
		"has no lock_anon_vma_root()"
	expect_code "$v" mm/rmap.c 'mutex_trylock\(&root_anon_vma->mutex\)' \
		"has no page_lock_anon_vma() trylock fast path"
	expect_code "$v" mm/rmap.c 'anon_vma_chain_alloc\(GFP_NOWAIT \| __GFP_NOWARN\)' \
		"anon_vma_clone() does not allocate without sleeping under the root mutex"
	expect_no_code "$v" . '(^|[^_[:alnum:]])drop_anon_vma\(' \
		"still calls drop_anon_vma()"
	grep -A2 'put_anon_vma(anon_vma);' tree/mm/rmap.c |
		grep -q 'list_del(&avc->same_vma);' ||
		fail "$v: unlink_anon_vmas() does not put the anon_vmas in a second pass"
}

# The transparent huge page paths of 2.6.38 and 2.6.39.
check_thp_outcomes() {
	local v=$1

	expect_code "$v" include/linux/huge_mm.h 'anon_vma_lock\(__anon_vma\);' \
		"wait_split_huge_page() does not take the anon_vma mutex"
	expect_no_code "$v" include/linux/huge_mm.h 'spin_unlock_wait' \
		"wait_split_huge_page() still spins on the anon_vma lock"
	expect_code "$v" mm/huge_memory.c 'must be called with anon_vma->root->mutex' \
		"__split_huge_page() comment names the old lock"
}

check_version_outcomes() {
	local v=$1

	check_common_outcomes "$v"
	case $v in
	2.6.33 | 2.6.34 | 2.6.35)
		check_refcount_outcomes "$v"
		expect_code "$v" mm/rmap.c 'mutex_trylock\(&anon_vma->mutex\)' \
			"has no page_lock_anon_vma() trylock fast path"
		;;
	2.6.36 | 2.6.37)
		check_refcount_outcomes "$v"
		check_root_outcomes "$v"
		expect_no_code "$v" mm/migrate.c 'rcu_read_lock\(\)|rcu_locked' \
			"still pins the anon_vma of a migrating page under RCU"
		expect_code "$v" mm/migrate.c 'anon_vma = page_get_anon_vma\(page\);' \
			"does not pin the migrating page's anon_vma with page_get_anon_vma()"
		;;
	2.6.38)
		check_refcount_outcomes "$v"
		check_root_outcomes "$v"
		check_thp_outcomes "$v"
		;;
	2.6.39)
		check_root_outcomes "$v"
		check_thp_outcomes "$v"
		expect_code "$v" include/linux/rmap.h '^struct anon_vma \*page_lock_anon_vma\(struct page \*page\);' \
			"still wraps page_lock_anon_vma() in __cond_lock()"
		expect_code "$v" mm/migrate.c 'anon_vma = page_get_anon_vma\(hpage\);' \
			"does not pin the migrating huge page's anon_vma with page_get_anon_vma()"
		;;
	esac
	case $v in
	2.6.37)
		expect_code "$v" mm/migrate.c 'anon_vma = page_get_anon_vma\(hpage\);' \
			"does not pin the migrating huge page's anon_vma with page_get_anon_vma()"
		;;
	esac
}

# Apply on tree, then check the commits, the outcomes, detect, a dry run on
# a plain copy and a re-run.
apply_version() {
	local v=$1

	make_repo tree "$FIXTURES/linux-$v"
	kbp apply tree
	expect_status 0
	expect_no_sanitizer_report

	git -C tree log --reverse --format=%s master..HEAD >subjects
	expected_subjects "$v" "$FIXTURES/linux-$v" >expected
	diff -u expected subjects || fail "$v: the commits are not one per step of steps.ini, in order"
	[ "$(git -C tree rev-parse --abbrev-ref HEAD)" = "kbackport/mm-preempt-$v" ] ||
		fail "$v: apply did not check out kbackport/mm-preempt-$v"

	check_version_outcomes "$v"

	kbp detect --json tree
	for part in mutex_lock_nest_lock lockbreak_removed i_mmap_mutex anon_vma_mutex mmu_gather_on_stack; do
		[ "$(jq -r .series.$part stdout)" = true ] ||
			fail "$v: detect does not see $part after apply"
	done

	cp -a "$FIXTURES/linux-$v" plain
	kbp apply --dry-run plain
	expect_status 0
	cp stdout dry.diff
	git -C tree -c core.abbrev=12 diff master HEAD >applied.diff
	diff -u applied.diff dry.diff >/dev/null ||
		fail "$v: the dry-run diff differs from the applied commits"

	head=$(git -C tree rev-parse HEAD)
	kbp apply tree
	expect_status 0
	expect_grep stderr "nothing to do"
	[ "$(git -C tree rev-parse HEAD)" = "$head" ] || fail "$v: a re-run added commits"
}

# The step that a vendor tree of each version carries already, with the
# patch that makes it and the SKIP reason that apply prints.
vendor_step() {
	case $1 in
	2.6.33 | 2.6.34 | 2.6.35)
		echo "anon_vma_refcount 0000-mm-anon_vma-refcount.patch include/linux/rmap.h already has it" ;;
	2.6.36 | 2.6.37)
		echo "migration_no_rcu 0000-mm-migration-no-rcu.patch mm/migrate.c already has it" ;;
	2.6.38)
		echo "put_anon_vma_rename 0000-mm-put_anon_vma-rename.patch include/linux/rmap.h already has it" ;;
	2.6.39)
		echo "mutex_lock_nest_lock 0001-locking-mutex_lock_nest_lock.patch the tree already has mutex_lock_nest_lock" ;;
	esac
}

# A tree that already carries one step: apply reports it as SKIP and commits
# every other step.
apply_version_vendor() {
	local v=$1 step patch reason subject

	read -r step patch reason <<<"$(vendor_step "$v")"
	make_repo tree "$FIXTURES/linux-$v"
	git -C tree apply "$TOP/backports/$v/$patch" || fail "$v: $patch does not apply to the fixture"
	git -C tree commit -qam "vendor: carry $step"

	kbp apply tree
	expect_status 0
	expect_grep stderr "SKIP    [$step]: $reason"

	subject=$(sed -n "/^\[$step\]/,/^subject = /s/^subject = //p" "$TOP/backports/$v/steps.ini")
	git -C tree log --reverse --format=%s master..HEAD >subjects
	expected_subjects "$v" "$FIXTURES/linux-$v" | grep -vxF -- "$subject" >expected
	diff -u expected subjects || fail "$v: with [$step] carried, the other steps are not all committed"
	check_version_outcomes "$v"
}

if ! command -v spatch >/dev/null; then
	skip_case apply_versions "spatch not installed"
	test_done
	exit
fi

for dir in "$FIXTURES"/linux-*; do
	[ -d "$dir" ] || continue
	v=${dir##*/linux-}
	id=${v//./_}
	eval "apply_$id() { apply_version $v; }"
	eval "apply_${id}_vendor() { apply_version_vendor $v; }"
	run_case "apply_$id"
	run_case "apply_${id}_vendor"
done
test_done
