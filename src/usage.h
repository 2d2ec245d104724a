/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_USAGE_H
#define KBP_USAGE_H

#include <stdbool.h>

/* Exit codes, documented in kbackport(1). */
enum kbp_exit {
	KBP_EXIT_OK = 0,
	KBP_EXIT_FAILED = 1,	/* a step ran and failed */
	KBP_EXIT_USAGE = 2,	/* bad subcommand, option or argument */
	KBP_EXIT_REJECTED = 3,	/* input rejected before any change */
	KBP_EXIT_MISSING = 4,	/* a required tool, key or file is missing */
	KBP_EXIT_INTERRUPTED = 130,
};

/* Log levels set by -q, -v and -vv. */
enum kbp_verbosity {
	KBP_QUIET = 0,
	KBP_NORMAL = 1,
	KBP_VERBOSE = 2,
	KBP_DEBUG = 3,
};

extern int kbp_verbosity;

__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warning(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void hint(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void say(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void verbose(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void debug(const char *fmt, ...);
void step_line(const char *tag, const char *what);

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
__attribute__((format(printf, 1, 2))) char *xasprintf(const char *fmt, ...);

#endif
