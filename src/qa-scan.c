// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console log scanner of the QA boot check: find the reports the
 * kernel prints for BUG(), WARN(), lockdep and the sleep-in-atomic check,
 * in the shapes of 2.6.32 to 6.1, and match them against the profile's
 * known reports and against a baseline boot.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "qa-scan.h"
#include "run-command.h"
#include "usage.h"

/* Lines after the first one that are kept as the report's context. */
#define CONTEXT_LINES 12

/*
 * First match wins, so the specific categories come before "BUG:".
 * 2.6.32 prints "[ INFO: possible circular locking dependency detected ]";
 * 4.x and later print "WARNING: possible circular locking ...".
 */
static const struct {
	const char *category;
	const char *pattern;
} report_patterns[] = {
	{ "lockdep", "(INFO|WARNING): (possible (circular|recursive) locking|inconsistent lock state|"
		     "possible irq lock inversion|suspicious RCU usage|lock held when returning|"
		     "held lock freed|bad unlock balance|possible nested locking|"
		     "inconsistent \\{|trying to register non-static key|lockdep)" },
	{ "lockdep", "BUG: (MAX_LOCK[A-Z_]* too low|held lock freed|bad unlock balance|"
		     "lock held when returning|looking up invalid subclass|key [0-9a-fx]+ (has not been|not in))" },
	{ "atomic-sleep", "sleeping function called from invalid context|BUG: scheduling while atomic" },
	{ "bug", "BUG:|[Kk]ernel BUG at" },
	{ "oops", "Oops:|general protection fault|invalid opcode:|Unable to handle kernel" },
	{ "warning", "WARNING:" },
	{ "panic", "Kernel panic" },
	{ "hung-task", "INFO: task .* blocked for more than" },
};

#define NPATTERNS (sizeof(report_patterns) / sizeof(report_patterns[0]))

/* Drop a printk timestamp "[   12.345678] " and a serial console's "\r". */
static char *clean_line(const char *start, size_t len)
{
	const char *p = start, *end = start + len;

	while (end > p && (end[-1] == '\r' || end[-1] == '\n'))
		end--;
	if (p < end && *p == '[') {
		const char *q = p + 1;

		while (q < end && (*q == ' ' || (*q >= '0' && *q <= '9') || *q == '.'))
			q++;
		if (q < end && *q == ']') {
			p = q + 1;
			if (p < end && *p == ' ')
				p++;
		}
	}

	char *line = xmalloc(end - p + 1);

	memcpy(line, p, end - p);
	line[end - p] = '\0';
	return line;
}

static const char *match_category(char *line, regex_t *regexes)
{
	for (size_t i = 0; i < NPATTERNS; i++) {
		if (!regexec(&regexes[i], line, 0, NULL, 0))
			return report_patterns[i].category;
	}
	return NULL;
}

static void add_report(struct qa_scan *scan, const char *category, size_t line, char *text)
{
	struct qa_report *r;

	scan->reports = realloc(scan->reports, (scan->nreports + 1) * sizeof(*scan->reports));
	if (!scan->reports) {
		error("out of memory");
		exit(KBP_EXIT_FAILED);
	}
	r = &scan->reports[scan->nreports++];
	memset(r, 0, sizeof(*r));
	r->category = category;
	r->line = line;
	r->text = text;
}

/*
 * A line that ends a report: a blank line, an end-of-trace marker, the
 * start of the next report, or a line of the stress program.
 */
static bool ends_report(const char *line)
{
	return !*line || strstr(line, "---[ end trace") || strstr(line, "[ cut here ]") ||
	       !strncmp(line, "mm-stress:", 10) || !strncmp(line, "KBACKPORT-", 10);
}

static void find_known(struct qa_report *r, const struct qa_profile *qp)
{
	char *whole = xasprintf("%s\n%s", r->text, r->context);

	for (size_t i = 0; i < qp->nknown && !r->known; i++) {
		if (!regexec(&qp->known[i].regex, whole, 0, NULL, 0))
			r->known = &qp->known[i];
	}
	free(whole);
}

/*
 * Fill SCAN with every report in the console log TEXT.  A report's context
 * is the lines that follow it until a blank line, an end-of-trace marker or
 * the next report, at most CONTEXT_LINES.
 */
int qa_scan_text(const char *text, const struct qa_profile *qp, struct qa_scan *scan)
{
	regex_t regexes[NPATTERNS];
	struct strbuf context = STRBUF_INIT;
	struct qa_report *open_report = NULL;
	size_t lineno = 0, context_lines = 0;

	memset(scan, 0, sizeof(*scan));
	for (size_t i = 0; i < NPATTERNS; i++) {
		if (regcomp(&regexes[i], report_patterns[i].pattern, REG_EXTENDED | REG_NOSUB))
			return error("internal error: invalid report pattern '%s'", report_patterns[i].pattern);
	}

	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = clean_line(p, len);
		const char *category = match_category(line, regexes);

		lineno++;
		p += len + (nl ? 1 : 0);

		if (open_report && (category || ends_report(line) || context_lines >= CONTEXT_LINES)) {
			open_report->context = context.buf ? context.buf : xstrdup("");
			context = (struct strbuf)STRBUF_INIT;
			open_report = NULL;
		}
		if (category) {
			add_report(scan, category, lineno, line);
			open_report = &scan->reports[scan->nreports - 1];
			context_lines = 0;
			continue;
		}
		if (open_report) {
			if (context.len)
				strbuf_addstr(&context, "\n");
			strbuf_addstr(&context, line);
			context_lines++;
		}
		free(line);
	}
	if (open_report)
		open_report->context = context.buf ? context.buf : xstrdup("");

	for (size_t i = 0; i < scan->nreports; i++)
		find_known(&scan->reports[i], qp);
	for (size_t i = 0; i < NPATTERNS; i++)
		regfree(&regexes[i]);
	return 0;
}

/*
 * Reduce a report line to what stays the same between boots and builds:
 * no numbers or addresses, and absolute source paths (which name the
 * build's tree) cut to their file name.
 */
static char *normalize(const char *text)
{
	char *out = xmalloc(strlen(text) + 1);
	char *o = out;

	for (const char *p = text; *p; ) {
		if (*p == '/' && (p == text || p[-1] == ' ' || p[-1] == '(')) {
			const char *end = p + strcspn(p, " :)\n");
			const char *base = p;

			for (const char *q = p; q < end; q++) {
				if (*q == '/')
					base = q + 1;
			}
			p = base;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || *p == 'x')
				p++;
			*o++ = '#';
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* Mark each report of SCAN that BASELINE has too, compared without numbers. */
void qa_scan_mark_baseline(struct qa_scan *scan, const struct qa_scan *baseline)
{
	for (size_t i = 0; i < scan->nreports; i++) {
		char *mine = normalize(scan->reports[i].text);

		for (size_t j = 0; j < baseline->nreports && !scan->reports[i].in_baseline; j++) {
			char *theirs = normalize(baseline->reports[j].text);

			scan->reports[i].in_baseline = !strcmp(mine, theirs);
			free(theirs);
		}
		free(mine);
	}
}

/* Count the reports that fail the check: neither known nor printed by the baseline. */
size_t qa_scan_count_new(const struct qa_scan *scan)
{
	size_t n = 0;

	for (size_t i = 0; i < scan->nreports; i++) {
		if (!scan->reports[i].known && !scan->reports[i].in_baseline)
			n++;
	}
	return n;
}

void qa_scan_release(struct qa_scan *scan)
{
	for (size_t i = 0; i < scan->nreports; i++) {
		free(scan->reports[i].text);
		free(scan->reports[i].context);
	}
	free(scan->reports);
	memset(scan, 0, sizeof(*scan));
}
