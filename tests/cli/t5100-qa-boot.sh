#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport qa boot check on a real kernel: Debian's linux-source-6.1
# built with the bookworm profile and its QA fragment (lockdep, atomic
# sleep checks), booted under QEMU with the mm stress init.  The tree and
# the build directory are kept under build/test-kernel, as t7100 keeps
# its own, so later runs rebuild nothing.
#
# A kernel that prints a BUG is made with the stress init's kmsg-bug
# mode: it writes a "BUG:" line through /dev/kmsg, so the kernel prints it
# on the serial console like its own reports.  A tiny config has no
# modules to load a faulty one, and no WARN in 6.1 is known to be
# reachable on purpose from a system call.  The exit-init mode makes the
# kernel print a report of its own, the panic for a dying init.
. "$(dirname "$0")/lib.sh"

TARBALL=/usr/src/linux-source-6.1.tar.xz
CACHE=$TOP/build/test-kernel
SRC=$CACHE/linux-source-6.1
OUT=$CACHE/out-bookworm-qa
IMAGE=$OUT/arch/x86/boot/bzImage

extract_source() {
	[ -f "$SRC/Makefile" ] && return 0
	rm -rf "$CACHE/extract"
	mkdir -p "$CACHE/extract"
	tar -xf "$TARBALL" -C "$CACHE/extract"
	mv "$CACHE/extract/linux-source-6.1" "$SRC"
	rmdir "$CACHE/extract"
}

qa_boot_build_kernel() {
	extract_source
	kbp build --profile bookworm --qa -o "$OUT" "$SRC"
	expect_status 0
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
}

qa_boot_catches_bug() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" -e ev --stress-seconds 3 --inject-bug
	expect_status 1
	expect_no_sanitizer_report
	expect_grep stdout "fail  boot"
	expect_grep stdout "NEW bug at console line"
	expect_grep stdout "> BUG: kbackport-qa: report injected through /dev/kmsg"
	expect_grep stderr "1 of 1 QA checks failed"
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
	kbp qa --profile ./profile.ini --checks boot --kernel "$IMAGE" -e ev --stress-seconds 3 --inject-bug
	expect_status 0
	expect_grep stdout "known bug at console line"
	expect_grep stdout "cause: the kmsg-bug mode of the stress init writes it"
}

qa_boot_baseline_report_not_new() {
	kbp qa --profile bookworm --checks boot --kernel "$IMAGE" --baseline-kernel "$IMAGE" \
		-e ev --stress-seconds 3 --inject-bug --json
	expect_status 0
	[ "$(jq -r '.checks[0].reports[0].in_baseline' stdout)" = true ] || fail "report not marked in_baseline"
	[ -s ev/baseline-console.log ] || fail "no baseline console log"
}

if [ ! -f "$TARBALL" ]; then
	for c in build_kernel stress_passes catches_bug catches_init_panic known_bug_passes baseline_report_not_new; do
		skip_case "qa_boot_$c" "$TARBALL missing (apt-get install linux-source-6.1)"
	done
elif ! command -v qemu-system-x86_64 >/dev/null; then
	for c in build_kernel stress_passes catches_bug catches_init_panic known_bug_passes baseline_report_not_new; do
		skip_case "qa_boot_$c" "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
	done
else
	run_case qa_boot_build_kernel
	run_case qa_boot_stress_passes
	run_case qa_boot_catches_bug
	run_case qa_boot_catches_init_panic
	run_case qa_boot_known_bug_passes
	run_case qa_boot_baseline_report_not_new
fi
test_done
