/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_PROFILE_H
#define KBP_PROFILE_H

#include <stddef.h>

#include "package-profile.h"
#include "qa-profile.h"

/* A distro profile, distro/<name>.ini: how to configure, build and package. */
struct profile {
	char *file;
	char *name;
	char *description;
	char *formats;		/* "deb rpm" */
	char *arch;		/* ARCH= for Kbuild, default x86_64 */
	char *localversion;	/* CONFIG_LOCALVERSION, e.g. "-kbp1" */
	char *config_base;	/* allnoconfig, tinyconfig, defconfig, or a file */
	char **fragments;	/* paths relative to the data directory */
	size_t nfragments;
	char **qa_fragments;	/* added with --qa, in order */
	size_t nqa_fragments;
	struct package_profile pkg;	/* [package], [rpm] and [deb] */
	struct qa_profile qa;		/* [qa] */
};

int profile_load(const char *name_or_path, struct profile *p);
int profile_parse_string(const char *text, const char *file, struct profile *p);
char *profile_resolve_path(const struct profile *p, const char *rel);
void profile_release(struct profile *p);

#endif
