// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages on stderr, in the form "kbackport: error: ..." followed by an
 * optional "hint: ..." line, and allocation helpers that cannot fail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usage.h"

int kbp_verbosity = KBP_NORMAL;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("kbackport: error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("kbackport: warning: ", fmt, ap);
	va_end(ap);
}

void hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("hint: ", fmt, ap);
	va_end(ap);
}

void say(const char *fmt, ...)
{
	va_list ap;

	if (kbp_verbosity < KBP_NORMAL)
		return;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void verbose(const char *fmt, ...)
{
	va_list ap;

	if (kbp_verbosity < KBP_VERBOSE)
		return;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void debug(const char *fmt, ...)
{
	va_list ap;

	if (kbp_verbosity < KBP_DEBUG)
		return;

	va_start(ap, fmt);
	vreport("debug: ", fmt, ap);
	va_end(ap);
}

/* Print one Kbuild-style progress line, e.g. "  SPATCH  cocci/x.cocci". */
void step_line(const char *tag, const char *what)
{
	if (kbp_verbosity < KBP_NORMAL)
		return;

	fprintf(stderr, "  %-7s %s\n", tag, what);
}

static void out_of_memory(size_t size)
{
	fprintf(stderr, "kbackport: error: out of memory allocating %zu bytes\n", size);
	exit(KBP_EXIT_FAILED);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory(strlen(s) + 1);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		out_of_memory(n + 1);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(0);
	return p;
}
