// SPDX-License-Identifier: GPL-2.0-only
/*
 * The [qa] section of a distro profile: console reports that QA accepts,
 * each with its cause, as vendor QA keeps a known-issue list.
 *
 *   [qa]
 *   known_report = BUG: sleeping function called from invalid context at mm/slab\.c
 *   known_cause = 2.6.32 allocates with GFP_KERNEL under a spinlock; fixed in 2.6.33
 *
 * The cause is a key of its own because inih drops everything after
 * " ;" on a line as a comment.
 */
#include <stdlib.h>
#include <string.h>

#include "qa-profile.h"
#include "usage.h"

bool qa_profile_has_section(const char *section)
{
	return !strcmp(section, "qa");
}

static int add_known_report(struct qa_profile *qp, const char *pattern, const char **reason)
{
	struct qa_known_report *known;

	if (qp->nknown && !qp->known[qp->nknown - 1].cause) {
		*reason = "the known_report before this one has no known_cause";
		return 0;
	}

	known = realloc(qp->known, (qp->nknown + 1) * sizeof(*qp->known));
	if (!known) {
		error("out of memory");
		exit(KBP_EXIT_FAILED);
	}
	qp->known = known;
	known = &qp->known[qp->nknown];
	memset(known, 0, sizeof(*known));
	if (regcomp(&known->regex, pattern, REG_EXTENDED | REG_NOSUB)) {
		*reason = "invalid POSIX extended regular expression";
		return 0;
	}
	known->pattern = xstrdup(pattern);
	qp->nknown++;
	return 1;
}

int qa_profile_set(struct qa_profile *qp, const char *key, const char *value, const char **reason)
{
	if (!strcmp(key, "known_report"))
		return add_known_report(qp, value, reason);

	if (!strcmp(key, "known_cause")) {
		if (!qp->nknown || qp->known[qp->nknown - 1].cause) {
			*reason = "known_cause must follow a known_report key";
			return 0;
		}
		if (!*value) {
			*reason = "the cause is empty; say why the report is expected";
			return 0;
		}
		qp->known[qp->nknown - 1].cause = xstrdup(value);
		return 1;
	}

	if (!strcmp(key, "root_suite")) {
		if (!*value || strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(value)) {
			*reason = "not a Debian suite name such as bookworm";
			return 0;
		}
		free(qp->root_suite);
		qp->root_suite = xstrdup(value);
		return 1;
	}

	*reason = "unknown key for [qa]; known keys are known_report, known_cause and root_suite";
	return 0;
}

/*
 * Return the suite debootstrap makes the install roots from.  It is not the
 * profile's distribution: el6 is no Debian suite, and the archive of
 * deb.debian.org no longer has squeeze or lucid.
 */
const char *qa_profile_root_suite(const struct qa_profile *qp)
{
	return qp->root_suite ? qp->root_suite : "bookworm";
}

/* Check the section once the whole profile is read: the last report needs its cause too. */
int qa_profile_check(const struct qa_profile *qp, const char **reason)
{
	if (qp->nknown && !qp->known[qp->nknown - 1].cause) {
		*reason = "the last known_report in [qa] has no known_cause";
		return -1;
	}
	return 0;
}

void qa_profile_release(struct qa_profile *qp)
{
	for (size_t i = 0; i < qp->nknown; i++) {
		regfree(&qp->known[i].regex);
		free(qp->known[i].pattern);
		free(qp->known[i].cause);
	}
	free(qp->known);
	qp->known = NULL;
	qp->nknown = 0;
	free(qp->root_suite);
	qp->root_suite = NULL;
}
