/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_QA_SCAN_H
#define KBP_QA_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "qa-profile.h"

/* One kernel report found in a console log. */
struct qa_report {
	const char *category;	/* bug, warning, lockdep, atomic-sleep, oops, panic, hung-task */
	size_t line;		/* 1-based line of the log where the report starts */
	char *text;		/* that line, without the printk timestamp */
	char *context;		/* the lines after it that belong to the report */
	const struct qa_known_report *known;	/* the profile entry that accepts it, or NULL */
	bool in_baseline;	/* the kernel without the series printed it too */
};

struct qa_scan {
	struct qa_report *reports;
	size_t nreports;
};

int qa_scan_text(const char *text, const struct qa_profile *qp, struct qa_scan *scan);
void qa_scan_mark_baseline(struct qa_scan *scan, const struct qa_scan *baseline);
size_t qa_scan_count_new(const struct qa_scan *scan);
void qa_scan_release(struct qa_scan *scan);

#endif
