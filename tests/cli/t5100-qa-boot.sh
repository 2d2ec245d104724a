#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport qa boot check on a real kernel: Debian's linux-source-6.1
# built with the bookworm profile and its QA fragment (lockdep, atomic
# sleep checks), booted under QEMU with the mm stress init.  The tree and
# the build directory are kept under build/test-kernel, as t7100 keeps
# its own, so later runs rebuild nothing.
#
# The kernel is built with one more QA fragment, tests/cli/data/lkdtm.config,
# so that 'qa --inject-bug' can make it hit BUG() through LKDTM's DIRECT
# crash point: a report the kernel prints itself.  --inject-bug=kmsg only
# writes a "BUG:" line through /dev/kmsg, which the known-report cases use.
# The exit-init mode makes the kernel panic for a dying init.
. "$(dirname "$0")/lib.sh"

OUT=$CACHE/out-bookworm-qa
IMAGE=$OUT/arch/x86/boot/bzImage

qa_boot_build_kernel() {
	extract_source
	cp "$TOP/distro/bookworm.ini" "$CACHE/bookworm-lkdtm.ini"
	printf '\n; t5100: LKDTM for --inject-bug\n' >>"$CACHE/bookworm-lkdtm.ini"
	sed -i "s|^qa_fragment = .*|&\nqa_fragment = $TOP/tests/cli/data/lkdtm.config|" "$CACHE/bookworm-lkdtm.ini"
	kbp build --profile "$CACHE/bookworm-lkdtm.ini" --qa -o "$OUT" "$SRC"
	expect_status 0
	grep -q '^CONFIG_LKDTM=y$' "$OUT/.config" || fail "LKDTM is off in $OUT/.config"
	grep -q '^CONFIG_PROVE_LOCKING=y$' "$OUT/.config" || fail "PROVE_LOCKING is off in $OUT/.config"
	grep -q '^CONFIG_DEBUG_ATOMIC_SLEEP=y$' "$OUT/.config" || fail "DEBUG_ATOMIC_SLEEP is off"
}

qa_boot_stress_passes() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --stress-seconds 20 --timeout 300
	expect_status 0
	expect_no_sanitizer_report
	expect_grep stdout "pass  boot"
	expect_grep stdout "> KBACKPORT-STRESS-PASS 6.1."
	grep -q '^Lock dependency validator' ev/boot-console.log || fail "lockdep did not start"
	grep -qE '^KBACKPORT-STRESS-PASS .* truncate=[1-9][0-9]* .* forks=[1-9]' ev/boot-console.log ||
		fail "the stress program made no progress"
	# The bookworm profile adds qa-mm.config: hugetlbfs and KSM must have run.
	grep -qE '^KBACKPORT-STRESS-PASS .* hugetlb=[1-9][0-9]* ksm=[1-9]' ev/boot-console.log ||
		fail "the hugetlbfs or KSM workload did not run"
	# qa-mm.config also has NUMA emulation and migration: pages must have moved.
	grep -qE '^KBACKPORT-STRESS-PASS .* migrate=[1-9][0-9]* migrated_pages=[1-9]' ev/boot-console.log ||
		fail "the migration workload did not run"
	# and memory-failure: MADV_HWPOISON rounds must have ended in SIGBUS.
	grep -qE '^KBACKPORT-STRESS-PASS .* hwpoison=[1-9][0-9]* ' ev/boot-console.log ||
		fail "the hwpoison workload did not run"
}

qa_boot_skip_workload() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --stress-seconds 3 \
		--skip-workload hugetlb --skip-workload migrate --skip-workload hwpoison
	expect_status 0
	expect_no_sanitizer_report
	grep -q '^mm-stress: leaving out on request: hugetlb,migrate,hwpoison' ev/boot-console.log ||
		fail "the stress program did not get the workloads to leave out"
	grep -qE '^KBACKPORT-STRESS-PASS .* hugetlb=0 ksm=[1-9][0-9]* migrate=0 .* hwpoison=0 ' ev/boot-console.log ||
		fail "a left-out workload ran, or KSM did not"
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --skip-workload fork
	expect_status 2
	expect_grep stderr "invalid --skip-workload value 'fork'"
}

qa_boot_catches_bug() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --stress-seconds 3 --inject-bug
	expect_status 1
	expect_no_sanitizer_report
	expect_grep stdout "fail  boot"
	expect_grep stdout "NEW bug at console line"
	expect_grep stdout "BUG at lkdtm_"
	expect_grep stderr "1 of 1 QA checks failed"
}

qa_boot_catches_kmsg_bug() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --stress-seconds 3 --inject-bug=kmsg
	expect_status 1
	expect_grep stdout "NEW bug at console line"
	expect_grep stdout "> BUG: kbackport-qa: report injected through /dev/kmsg"
}

qa_boot_catches_init_panic() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --inject-panic --timeout 120
	expect_status 1
	expect_no_sanitizer_report
	expect_grep stdout "NEW panic at console line"
	expect_grep stdout "> Kernel panic - not syncing: Attempted to kill init!"
	expect_grep stdout "QEMU exited with status 0 without the stress program's marker"
}

qa_boot_known_bug_passes() {
	cp "$TOP/distro/bookworm.ini" profile.ini
	printf '\n[qa]\nknown_report = BUG: kbackport-qa: report injected\nknown_cause = %s\n' \
		'the kmsg-bug mode of the stress init writes it' >>profile.ini
	kbp qa --profile ./profile.ini --checks boot --kernel "$IMAGE" -e ev --stress-seconds 3 --inject-bug=kmsg
	expect_status 0
	expect_grep stdout "known bug at console line"
	expect_grep stdout "cause: the kmsg-bug mode of the stress init writes it"
}

qa_boot_baseline_report_not_new() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" --baseline-kernel "$IMAGE" \
		-e ev --stress-seconds 3 --inject-bug=kmsg --json
	expect_status 0
	[ "$(jq -r '.checks[0].reports[0].in_baseline' stdout)" = true ] || fail "report not marked in_baseline"
	[ -s ev/baseline-console.log ] || fail "no baseline console log"
}

if [ ! -f "$TARBALL" ]; then
	for c in build_kernel stress_passes skip_workload catches_bug catches_kmsg_bug catches_init_panic known_bug_passes baseline_report_not_new; do
		skip_case "qa_boot_$c" "$TARBALL missing (apt-get install linux-source-6.1)"
	done
elif ! command -v qemu-system-x86_64 >/dev/null; then
	for c in build_kernel stress_passes skip_workload catches_bug catches_kmsg_bug catches_init_panic known_bug_passes baseline_report_not_new; do
		skip_case "qa_boot_$c" "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
	done
else
	run_case qa_boot_build_kernel
	run_case qa_boot_stress_passes
	run_case qa_boot_catches_bug
	run_case qa_boot_catches_kmsg_bug
	run_case qa_boot_catches_init_panic
	run_case qa_boot_known_bug_passes
	run_case qa_boot_skip_workload
	run_case qa_boot_baseline_report_not_new
fi
test_done
