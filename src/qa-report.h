/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_QA_REPORT_H
#define KBP_QA_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "qa-scan.h"
#include "run-command.h"

enum qa_result {
	QA_PASS,
	QA_FAIL,
	QA_SKIP,	/* the check does not apply, e.g. no RPM in the profile's formats */
};

/* One QA check: its outcome and where its full output is. */
struct qa_check {
	const char *name;
	enum qa_result result;
	double seconds;
	char *evidence;		/* file with the check's full output */
	struct strbuf summary;	/* one line per finding, quoted in the report */
	struct qa_scan scan;	/* console reports, boot checks only */
};

#define QA_MAX_CHECKS 8

/* The checks of one run; fixed storage, so a check pointer stays valid. */
struct qa_report_set {
	struct qa_check checks[QA_MAX_CHECKS];
	size_t nchecks;
};

struct qa_check *qa_check_start(struct qa_report_set *set, const char *name, const char *evidence);
__attribute__((format(printf, 2, 3))) void qa_check_note(struct qa_check *check, const char *fmt, ...);
__attribute__((format(printf, 2, 3))) int qa_check_fail(struct qa_check *check, const char *fmt, ...);
void qa_check_finish(struct qa_check *check, double start);
double qa_now(void);

size_t qa_report_count_failed(const struct qa_report_set *set);
void qa_report_print_text(const struct qa_report_set *set, const char *profile);
int qa_report_print_json(const struct qa_report_set *set, const char *profile);
void qa_report_release(struct qa_report_set *set);

#endif
