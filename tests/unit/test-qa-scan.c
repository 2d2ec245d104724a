// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the console log scanner of the QA boot check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "qa-profile.h"
#include "qa-scan.h"

static const struct qa_profile no_known = { NULL, 0, NULL };

static void qa_scan_strips_timestamp_and_cr(void **state)
{
	struct qa_scan scan;

	assert_int_equal(qa_scan_text("[   12.345678] BUG: Bad page state in process init\r\n",
				      &no_known, &scan), 0);
	assert_int_equal(scan.nreports, 1);
	assert_string_equal(scan.reports[0].category, "bug");
	assert_string_equal(scan.reports[0].text, "BUG: Bad page state in process init");
	assert_int_equal(scan.reports[0].line, 1);
	qa_scan_release(&scan);
}

static void qa_scan_categories(void **state)
{
	static const struct {
		const char *line;
		const char *category;
	} cases[] = {
		{ "[ INFO: possible circular locking dependency detected ]", "lockdep" },
		{ "WARNING: possible recursive locking detected", "lockdep" },
		{ "[ INFO: inconsistent lock state ]", "lockdep" },
		{ "BUG: MAX_LOCKDEP_ENTRIES too low!", "lockdep" },
		{ "BUG: sleeping function called from invalid context at mm/memory.c:1134", "atomic-sleep" },
		{ "BUG: scheduling while atomic: init/1/0x00000002", "atomic-sleep" },
		{ "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008", "bug" },
		{ "kernel BUG at mm/rmap.c:1027!", "bug" },
		{ "Kernel BUG at lkdtm_ARRAY_BOUNDS+0x70/0x70 [verbose debug info unavailable]", "bug" },
		{ "general protection fault: 0000 [#1] PREEMPT", "oops" },
		{ "invalid opcode: 0000 [#1] PREEMPT", "oops" },
		{ "Unable to handle kernel paging request at ffff880000000000", "oops" },
		{ "WARNING: at mm/mmap.c:2301 exit_mmap+0x15a/0x170()", "warning" },
		{ "WARNING: CPU: 0 PID: 31 at mm/rmap.c:1457 page_remove_rmap+0x1b2/0x1c0", "warning" },
		{ "Kernel panic - not syncing: Attempted to kill init!", "panic" },
		{ "INFO: task init:1 blocked for more than 120 seconds.", "hung-task" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct qa_scan scan;

		assert_int_equal(qa_scan_text(cases[i].line, &no_known, &scan), 0);
		assert_int_equal(scan.nreports, 1);
		assert_string_equal(scan.reports[0].category, cases[i].category);
		qa_scan_release(&scan);
	}
}

static void qa_scan_ignores_normal_boot_lines(void **state)
{
	struct qa_scan scan;

	assert_int_equal(qa_scan_text("Lock dependency validator: Copyright (c) 2006 Red Hat, Inc.\n"
				      "mm-stress: error: ftruncate failed (-28)\n"
				      "KBACKPORT-STRESS-PASS 2.6.32 seconds=20\n"
				      "rcu: \tRCU lockdep checking is enabled.\n",
				      &no_known, &scan), 0);
	assert_int_equal(scan.nreports, 0);
	qa_scan_release(&scan);
}

static void qa_scan_context_stops_at_end_of_trace(void **state)
{
	struct qa_scan scan;

	assert_int_equal(qa_scan_text("WARNING: at mm/mmap.c:1 f()\n"
				      "Pid: 1, comm: init\n"
				      "---[ end trace 1234 ]---\n"
				      "later line\n", &no_known, &scan), 0);
	assert_int_equal(scan.nreports, 1);
	assert_string_equal(scan.reports[0].context, "Pid: 1, comm: init");
	qa_scan_release(&scan);
}

static void qa_scan_known_report_matches_context(void **state)
{
	struct qa_profile qp = { NULL, 0, NULL };
	const char *reason = NULL;
	struct qa_scan scan;

	assert_int_equal(qa_profile_set(&qp, "known_report", "unmap_vmas\\+", &reason), 1);
	assert_int_equal(qa_profile_set(&qp, "known_cause", "fixed in 3.0", &reason), 1);
	assert_int_equal(qa_profile_check(&qp, &reason), 0);

	assert_int_equal(qa_scan_text("BUG: sleeping function called from invalid context at x.c:1\n"
				      " [<ffffffff810a2d1e>] unmap_vmas+0x3ee/0x8f0\n"
				      "BUG: Bad page state\n", &qp, &scan), 0);
	assert_int_equal(scan.nreports, 2);
	assert_non_null(scan.reports[0].known);
	assert_string_equal(scan.reports[0].known->cause, "fixed in 3.0");
	assert_null(scan.reports[1].known);
	assert_int_equal(qa_scan_count_new(&scan), 1);
	qa_scan_release(&scan);
	qa_profile_release(&qp);
}

static void qa_profile_root_suite_default_and_set(void **state)
{
	struct qa_profile qp = { NULL, 0, NULL };
	const char *reason = NULL;

	assert_string_equal(qa_profile_root_suite(&qp), "bookworm");
	assert_int_equal(qa_profile_set(&qp, "root_suite", "squeeze", &reason), 1);
	assert_string_equal(qa_profile_root_suite(&qp), "squeeze");
	assert_int_equal(qa_profile_set(&qp, "root_suite", "../etc", &reason), 0);
	assert_int_equal(qa_profile_set(&qp, "root_suite", "", &reason), 0);
	qa_profile_release(&qp);
}

static void qa_profile_rejects_cause_first(void **state)
{
	struct qa_profile qp = { NULL, 0, NULL };
	const char *reason = NULL;

	assert_int_equal(qa_profile_set(&qp, "known_cause", "why", &reason), 0);
	assert_non_null(strstr(reason, "must follow a known_report"));
	assert_int_equal(qa_profile_set(&qp, "known_report", "BUG", &reason), 1);
	assert_int_equal(qa_profile_check(&qp, &reason), -1);
	qa_profile_release(&qp);
}

static void qa_scan_baseline_ignores_numbers(void **state)
{
	struct qa_scan scan, baseline;

	assert_int_equal(qa_scan_text("[ 5.1] WARNING: CPU: 0 PID: 31 at mm/rmap.c:1457 f+0x1b2/0x1c0\n"
				      "[ 6.2] BUG: Bad page state\n", &no_known, &scan), 0);
	assert_int_equal(qa_scan_text("[ 9.9] WARNING: CPU: 1 PID: 77 at mm/rmap.c:1457 f+0x1b2/0x1c0\n",
				      &no_known, &baseline), 0);
	qa_scan_mark_baseline(&scan, &baseline);
	assert_true(scan.reports[0].in_baseline);
	assert_false(scan.reports[1].in_baseline);
	assert_int_equal(qa_scan_count_new(&scan), 1);
	qa_scan_release(&scan);
	qa_scan_release(&baseline);
}

static void qa_scan_baseline_ignores_tree_path(void **state)
{
	struct qa_scan scan, baseline;

	assert_int_equal(qa_scan_text("BUG: sleeping function called from invalid context at "
				      "/work/series-2.6.38/kernel/rwsem.c:21\n", &no_known, &scan), 0);
	assert_int_equal(qa_scan_text("BUG: sleeping function called from invalid context at "
				      "/work/base-2.6.38/kernel/rwsem.c:21\n", &no_known, &baseline), 0);
	qa_scan_mark_baseline(&scan, &baseline);
	assert_true(scan.reports[0].in_baseline);
	qa_scan_release(&scan);
	qa_scan_release(&baseline);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qa_scan_strips_timestamp_and_cr),
		cmocka_unit_test(qa_scan_categories),
		cmocka_unit_test(qa_scan_ignores_normal_boot_lines),
		cmocka_unit_test(qa_scan_context_stops_at_end_of_trace),
		cmocka_unit_test(qa_scan_known_report_matches_context),
		cmocka_unit_test(qa_profile_root_suite_default_and_set),
		cmocka_unit_test(qa_profile_rejects_cause_first),
		cmocka_unit_test(qa_scan_baseline_ignores_numbers),
		cmocka_unit_test(qa_scan_baseline_ignores_tree_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
