/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_QA_PROFILE_H
#define KBP_QA_PROFILE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A console report that QA accepts, from a known_report key of the
 * profile's [qa] section and the known_cause key that follows it.
 */
struct qa_known_report {
	char *pattern;		/* POSIX extended regular expression */
	char *cause;		/* why the report is expected, quoted in the QA report */
	regex_t regex;
};

/* The [qa] section of a distro profile. */
struct qa_profile {
	struct qa_known_report *known;
	size_t nknown;
	char *root_suite;	/* Debian suite of the install roots, NULL for bookworm */
};

const char *qa_profile_root_suite(const struct qa_profile *qp);

bool qa_profile_has_section(const char *section);
int qa_profile_set(struct qa_profile *qp, const char *key, const char *value, const char **reason);
int qa_profile_check(const struct qa_profile *qp, const char **reason);
void qa_profile_release(struct qa_profile *qp);

#endif
