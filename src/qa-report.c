// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QA report: every check with its result, duration and evidence file,
 * as text or as JSON (jansson) on stdout.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qa-report.h"
#include "usage.h"

static const char *const result_names[] = { "pass", "fail", "skip" };

double qa_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Add a check that passes until qa_check_fail() is called on it. */
struct qa_check *qa_check_start(struct qa_report_set *set, const char *name, const char *evidence)
{
	struct qa_check *check;

	if (set->nchecks == QA_MAX_CHECKS) {
		error("internal error: more than %d QA checks", QA_MAX_CHECKS);
		exit(KBP_EXIT_FAILED);
	}
	check = &set->checks[set->nchecks++];
	memset(check, 0, sizeof(*check));
	check->name = name;
	check->result = QA_PASS;
	check->evidence = evidence ? xstrdup(evidence) : NULL;
	step_line("QA", name);
	return check;
}

static void add_line(struct qa_check *check, const char *fmt, va_list ap)
{
	char *line;

	if (vasprintf(&line, fmt, ap) < 0) {
		error("out of memory");
		exit(KBP_EXIT_FAILED);
	}
	if (check->summary.len)
		strbuf_addstr(&check->summary, "\n");
	strbuf_addstr(&check->summary, line);
	free(line);
}

/* Add a line to the check's summary without changing its result. */
void qa_check_note(struct qa_check *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(check, fmt, ap);
	va_end(ap);
}

/* Mark the check failed with a line saying why; return -1. */
int qa_check_fail(struct qa_check *check, const char *fmt, ...)
{
	va_list ap;

	check->result = QA_FAIL;
	va_start(ap, fmt);
	add_line(check, fmt, ap);
	va_end(ap);
	return -1;
}

void qa_check_finish(struct qa_check *check, double start)
{
	check->seconds = qa_now() - start;
}

size_t qa_report_count_failed(const struct qa_report_set *set)
{
	size_t n = 0;

	for (size_t i = 0; i < set->nchecks; i++)
		n += set->checks[i].result == QA_FAIL;
	return n;
}

static void print_indented(const char *prefix, const char *text)
{
	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("%s%.*s\n", prefix, len, p);
		p += len + (nl ? 1 : 0);
	}
}

static void print_report_text(const struct qa_report *r)
{
	const char *status = r->known ? "known" : r->in_baseline ? "not new" : "NEW";

	printf("    %s %s at console line %zu:\n", status, r->category, r->line);
	printf("      > %s\n", r->text);
	if (r->context && *r->context) {
		char *copy = xstrdup(r->context);
		char *cut = copy;

		/* Quote the first lines; the evidence file has the rest. */
		for (int i = 0; i < 4 && cut; i++) {
			cut = strchr(cut, '\n');
			if (cut)
				cut++;
		}
		if (cut)
			cut[-1] = '\0';
		print_indented("      > ", copy);
		free(copy);
	}
	if (r->known)
		printf("      cause: %s\n", r->known->cause);
	else if (r->in_baseline)
		printf("      the kernel without the series printed it too\n");
}

void qa_report_print_text(const struct qa_report_set *set, const char *profile)
{
	size_t failed = qa_report_count_failed(set);

	printf("kbackport qa report, profile %s\n", profile);
	for (size_t i = 0; i < set->nchecks; i++) {
		const struct qa_check *c = &set->checks[i];

		printf("%-4s  %-12s %7.1fs  %s\n", result_names[c->result], c->name, c->seconds,
		       c->evidence ? c->evidence : "-");
		if (c->summary.len)
			print_indented("    ", c->summary.buf);
		for (size_t j = 0; j < c->scan.nreports; j++)
			print_report_text(&c->scan.reports[j]);
	}
	printf("%zu of %zu checks failed\n", failed, set->nchecks);
}

static json_t *report_to_json(const struct qa_report *r)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s?, s:b}",
			 "category", r->category,
			 "line", (json_int_t)r->line,
			 "text", r->text,
			 "context", r->context ? r->context : "",
			 "known_cause", r->known ? r->known->cause : NULL,
			 "in_baseline", r->in_baseline);
}

static json_t *check_to_json(const struct qa_check *c)
{
	json_t *reports = json_array();

	for (size_t j = 0; j < c->scan.nreports; j++)
		json_array_append_new(reports, report_to_json(&c->scan.reports[j]));
	return json_pack("{s:s, s:s, s:f, s:s?, s:s, s:o}",
			 "name", c->name,
			 "result", result_names[c->result],
			 "duration_seconds", c->seconds,
			 "evidence", c->evidence,
			 "summary", strbuf_str(&c->summary),
			 "reports", reports);
}

int qa_report_print_json(const struct qa_report_set *set, const char *profile)
{
	json_t *checks = json_array();
	json_t *root;
	int ret;

	for (size_t i = 0; i < set->nchecks; i++)
		json_array_append_new(checks, check_to_json(&set->checks[i]));
	root = json_pack("{s:s, s:o, s:I}", "profile", profile, "checks", checks,
			 "failed", (json_int_t)qa_report_count_failed(set));
	if (!root)
		return error("cannot build the JSON report");

	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return ret;
}

void qa_report_release(struct qa_report_set *set)
{
	for (size_t i = 0; i < set->nchecks; i++) {
		free(set->checks[i].evidence);
		strbuf_release(&set->checks[i].summary);
		qa_scan_release(&set->checks[i].scan);
	}
	set->nchecks = 0;
}
