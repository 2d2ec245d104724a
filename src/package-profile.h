/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_PACKAGE_PROFILE_H
#define KBP_PACKAGE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

struct profile;

/*
 * The [package], [rpm] and [deb] sections of a distro profile.  Name and
 * version values may hold the placeholders {version}, {release}, {flavour}
 * and {arch}, filled by package_expand().
 */
struct package_profile {
	/* [package] */
	char *maintainer;	/* "Name <address>" */
	char *vendor;
	char *distribution;	/* Debian changelog distribution, apt Suite */
	char *flavour;
	char **changelog;	/* one entry per changelog line */
	size_t nchangelog;

	/* [rpm] */
	char *rpm_name;		/* image package: kernel, kernel-default */
	char *rpm_devel;	/* headers for out-of-tree modules */
	char *rpm_headers;	/* userspace headers (make headers_install), optional */
	char *rpm_firmware;	/* make firmware_install, optional */
	char *rpm_version;
	char *rpm_release;	/* RPM Release tag, e.g. 71.kbp1.el6 */
	char *rpm_post;		/* new-kernel-pkg, kernel-install, sles or none */
	char *rpm_payload;	/* xz or gzip */
	char *rpm_digest;	/* sha256 or md5 */
	char *rpm_license;
	char *rpm_group;
	char *rpm_build_requires;

	/* [deb] */
	char *deb_source;	/* source package name */
	char *deb_image;
	char *deb_headers;
	char *deb_version;
	char *deb_section;
	char *deb_compression;	/* xz or gzip */
	char *deb_standards_version;
	char *deb_build_depends;
};

bool package_profile_has_section(const char *section);
int package_profile_set(struct profile *p, const char *section, const char *key,
			const char *value, const char **reason);
int package_profile_check(const struct profile *p, bool want_rpm, bool want_deb);
void package_profile_release(struct package_profile *pkg);

/* Values that fill the placeholders of name and version keys. */
struct package_vars {
	const char *version;	/* upstream version from the tree's Makefile */
	const char *release;	/* kernel release string, as uname -r prints it */
	const char *flavour;
	const char *arch;	/* arch in the format's spelling: x86_64 or amd64 */
};

char *package_expand(const char *pattern, const struct package_vars *vars);
bool package_has_format(const struct profile *p, const char *format);

#endif
