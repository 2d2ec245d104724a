#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport qa: options, the [qa] profile section, and the console log
# scanner run on recorded logs written in the shape 2.6.32 and 6.1 print.
. "$(dirname "$0")/lib.sh"

LOGS=$TOP/tests/cli/data/qa-logs

# Write a copy of the bookworm profile with the [qa] lines given as arguments.
write_profile() {
	cp "$TOP/distro/bookworm.ini" profile.ini
	printf '\n[qa]\n' >>profile.ini
	printf '%s\n' "$@" >>profile.ini
}

qa_help_lists_options() {
	kbp qa --help
	expect_status 0
	expect_grep stdout "--baseline DIR"
	expect_grep stdout "--checks LIST"
}

qa_missing_profile() {
	kbp qa out
	expect_status 2
	expect_grep stderr "missing --profile"
}

qa_unknown_check() {
	kbp qa --profile bookworm --checks boot,smoke out
	expect_status 2
	expect_grep stderr "unknown check 'smoke' in --checks"
}

qa_missing_key() {
	mkdir out
	kbp qa --profile bookworm out
	expect_status 2
	expect_grep stderr "missing --key"
}

qa_output_not_a_folder() {
	kbp qa --profile bookworm --key /dev/null nowhere
	expect_status 4
	expect_grep stderr "package output 'nowhere' is not a folder"
}

qa_scan_clean_log_passes() {
	kbp qa --profile bookworm --scan-log "$LOGS/clean-6.1.log"
	expect_status 0
	expect_no_sanitizer_report
	expect_grep stdout "pass  scan-log"
	expect_grep stdout "0 of 1 checks failed"
}

qa_scan_finds_2632_reports() {
	kbp qa --profile bookworm --scan-log "$LOGS/reports-2.6.32.log"
	expect_status 1
	expect_no_sanitizer_report
	expect_grep stdout "NEW lockdep at console line 4:"
	expect_grep stdout "> [ INFO: possible circular locking dependency detected ]"
	expect_grep stdout "NEW atomic-sleep at console line 12:"
	expect_grep stdout "> BUG: sleeping function called from invalid context at mm/memory.c:1134"
	expect_grep stdout "NEW warning at console line 20:"
	expect_grep stdout "3 of 3 kernel reports are not known"
	expect_grep stderr "1 of 1 QA checks failed"
}

qa_scan_finds_61_reports() {
	kbp qa --profile bookworm --scan-log "$LOGS/reports-6.1.log" --json
	expect_status 1
	expect_no_sanitizer_report
	[ "$(jq -r '.checks[0].reports | map(.category) | join(",")' stdout)" = "warning,lockdep,bug,oops" ] ||
		fail "categories: $(jq -c '.checks[0].reports | map(.category)' stdout)"
	[ "$(jq -r '.checks[0].reports[1].text' stdout)" = "WARNING: possible circular locking dependency detected" ] ||
		fail "lockdep text: $(jq -r '.checks[0].reports[1].text' stdout)"
	[ "$(jq -r '.failed' stdout)" = 1 ] || fail "failed count: $(jq -r '.failed' stdout)"
}

qa_known_report_passes() {
	write_profile 'known_report = WARNING: at mm/mmap\.c:[0-9]+ exit_mmap' \
		'known_cause = 2.6.32 warns about a leaked page table on exit; fixed upstream' \
		'known_report = possible circular locking dependency' \
		'known_cause = lock order of i_mmap_mutex and anon_vma->mutex, fixed in 3.0' \
		'known_report = sleeping function called from invalid context' \
		'known_cause = unmap_vmas still runs under the page table lock'
	kbp qa --profile ./profile.ini --scan-log "$LOGS/reports-2.6.32.log"
	expect_status 0
	expect_grep stdout "known warning at console line 20:"
	expect_grep stdout "cause: 2.6.32 warns about a leaked page table on exit; fixed upstream"
	expect_grep stdout "cause: lock order of i_mmap_mutex and anon_vma->mutex, fixed in 3.0"
}

qa_known_report_needs_cause() {
	write_profile 'known_report = BUG: foo'
	kbp qa --profile ./profile.ini --scan-log "$LOGS/clean-6.1.log"
	expect_status 3
	expect_grep stderr "the last known_report in [qa] has no known_cause"
}

qa_known_report_bad_regex() {
	write_profile 'known_report = BUG: (foo' 'known_cause = none'
	kbp qa --profile ./profile.ini --scan-log "$LOGS/clean-6.1.log"
	expect_status 3
	expect_grep stderr "invalid key 'known_report' in [qa]"
	expect_grep stderr "invalid POSIX extended regular expression"
}

qa_unknown_qa_key() {
	write_profile 'known_bug = BUG: foo'
	kbp qa --profile ./profile.ini --scan-log "$LOGS/clean-6.1.log"
	expect_status 3
	expect_grep stderr "unknown key for [qa]"
}

run_case qa_help_lists_options
run_case qa_missing_profile
run_case qa_unknown_check
run_case qa_missing_key
run_case qa_output_not_a_folder
run_case qa_scan_clean_log_passes
run_case qa_scan_finds_2632_reports
run_case qa_scan_finds_61_reports
run_case qa_known_report_passes
run_case qa_known_report_needs_cause
run_case qa_known_report_bad_regex
run_case qa_unknown_qa_key
test_done
