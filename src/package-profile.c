// SPDX-License-Identifier: GPL-2.0-only
/*
 * The packaging keys of a distro profile: [package], [rpm] and [deb].
 * profile.c hands every key of these sections to package_profile_set(),
 * which checks the value at once, so a malformed profile is rejected with
 * its file, line and key before anything is built.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "package-profile.h"
#include "profile.h"
#include "run-command.h"
#include "usage.h"

enum value_kind {
	VALUE_TEXT,		/* free text on one line */
	VALUE_NAME,		/* package name, placeholders allowed */
	VALUE_VERSION,		/* version or release, placeholders allowed */
	VALUE_CHOICE,		/* one word of the choices list */
	VALUE_MAINTAINER,	/* Name <address> */
};

struct key_def {
	const char *section;
	const char *key;
	size_t offset;		/* of the char * field in struct package_profile */
	enum value_kind kind;
	const char *choices;	/* for VALUE_CHOICE, space separated */
};

#define FIELD(f) offsetof(struct package_profile, f)

static const struct key_def keys[] = {
	{ "package", "maintainer", FIELD(maintainer), VALUE_MAINTAINER, NULL },
	{ "package", "vendor", FIELD(vendor), VALUE_TEXT, NULL },
	{ "package", "distribution", FIELD(distribution), VALUE_NAME, NULL },
	{ "package", "flavour", FIELD(flavour), VALUE_NAME, NULL },
	{ "rpm", "name", FIELD(rpm_name), VALUE_NAME, NULL },
	{ "rpm", "devel", FIELD(rpm_devel), VALUE_NAME, NULL },
	{ "rpm", "headers", FIELD(rpm_headers), VALUE_NAME, NULL },
	{ "rpm", "firmware", FIELD(rpm_firmware), VALUE_NAME, NULL },
	{ "rpm", "version", FIELD(rpm_version), VALUE_VERSION, NULL },
	{ "rpm", "release", FIELD(rpm_release), VALUE_VERSION, NULL },
	{ "rpm", "post", FIELD(rpm_post), VALUE_CHOICE, "new-kernel-pkg kernel-install sles none" },
	{ "rpm", "payload", FIELD(rpm_payload), VALUE_CHOICE, "xz gzip" },
	{ "rpm", "digest", FIELD(rpm_digest), VALUE_CHOICE, "sha256 md5" },
	{ "rpm", "license", FIELD(rpm_license), VALUE_TEXT, NULL },
	{ "rpm", "group", FIELD(rpm_group), VALUE_TEXT, NULL },
	{ "rpm", "build_requires", FIELD(rpm_build_requires), VALUE_TEXT, NULL },
	{ "deb", "source", FIELD(deb_source), VALUE_NAME, NULL },
	{ "deb", "image", FIELD(deb_image), VALUE_NAME, NULL },
	{ "deb", "headers", FIELD(deb_headers), VALUE_NAME, NULL },
	{ "deb", "version", FIELD(deb_version), VALUE_VERSION, NULL },
	{ "deb", "section", FIELD(deb_section), VALUE_NAME, NULL },
	{ "deb", "compression", FIELD(deb_compression), VALUE_CHOICE, "xz gzip" },
	{ "deb", "standards_version", FIELD(deb_standards_version), VALUE_VERSION, NULL },
	{ "deb", "build_depends", FIELD(deb_build_depends), VALUE_TEXT, NULL },
	{ NULL, NULL, 0, VALUE_TEXT, NULL },
};

static const char *const placeholders[] = { "version", "release", "flavour", "arch", NULL };

bool package_profile_has_section(const char *section)
{
	return !strcmp(section, "package") || !strcmp(section, "rpm") || !strcmp(section, "deb");
}

/* Check that every {...} in VALUE names a known placeholder. */
static bool has_valid_placeholders(const char *value, const char **reason)
{
	for (const char *p = strchr(value, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');
		bool known = false;

		for (const char *const *name = placeholders; end && *name; name++)
			known |= strlen(*name) == (size_t)(end - p - 1) && !strncmp(p + 1, *name, end - p - 1);
		if (!known) {
			*reason = "unknown placeholder; known ones are {version}, {release}, {flavour} and {arch}";
			return false;
		}
	}
	return true;
}

/* Package names: lowercase letters, digits and + - . (Debian policy 5.6.1), plus placeholders. */
static bool is_valid_name(const char *value, const char **reason)
{
	bool in_placeholder = false;

	for (const char *p = value; *p; p++) {
		if (*p == '{' || *p == '}')
			in_placeholder = *p == '{';
		else if (!in_placeholder && !islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
			 !strchr("+-.", *p)) {
			*reason = "a name may contain only lowercase letters, digits, '+', '-', '.' and placeholders";
			return false;
		}
	}
	return has_valid_placeholders(value, reason);
}

static bool is_valid_version(const char *value, const char **reason)
{
	for (const char *p = value; *p; p++) {
		if (!isalnum((unsigned char)*p) && !strchr("+-.~_{}:", *p)) {
			*reason = "a version may contain only letters, digits, '+-.~_:' and placeholders";
			return false;
		}
	}
	return has_valid_placeholders(value, reason);
}

static bool is_choice(const char *value, const char *choices, const char **reason)
{
	size_t len = strlen(value);

	for (const char *p = choices; (p = strstr(p, value)); p += len) {
		if ((p == choices || p[-1] == ' ') && (p[len] == ' ' || !p[len]) && len)
			return true;
	}
	*reason = "not one of the allowed values; distro/README.md lists them";
	return false;
}

static bool is_valid_maintainer(const char *value, const char **reason)
{
	const char *open = strchr(value, '<');
	const char *at = open ? strchr(open, '@') : NULL;
	const char *close = at ? strchr(at, '>') : NULL;

	if (open && open > value && open[-1] == ' ' && at && close && !close[1])
		return true;
	*reason = "expected 'Name <address@host>'";
	return false;
}

static bool is_valid_value(const struct key_def *def, const char *value, const char **reason)
{
	if (!*value) {
		*reason = "the value is empty";
		return false;
	}
	switch (def->kind) {
	case VALUE_NAME:
		return is_valid_name(value, reason);
	case VALUE_VERSION:
		return is_valid_version(value, reason);
	case VALUE_CHOICE:
		return is_choice(value, def->choices, reason);
	case VALUE_MAINTAINER:
		return is_valid_maintainer(value, reason);
	case VALUE_TEXT:
		break;
	}
	return true;
}

static int add_changelog(struct package_profile *pkg, const char *value)
{
	pkg->changelog = realloc(pkg->changelog, (pkg->nchangelog + 1) * sizeof(*pkg->changelog));
	if (!pkg->changelog) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	pkg->changelog[pkg->nchangelog++] = xstrdup(value);
	return 1;
}

/* Store one key of [package], [rpm] or [deb]; returns 1, or 0 with *reason set. */
int package_profile_set(struct profile *p, const char *section, const char *key,
			const char *value, const char **reason)
{
	struct package_profile *pkg = &p->pkg;

	if (!strcmp(section, "package") && !strcmp(key, "changelog"))
		return has_valid_placeholders(value, reason) && add_changelog(pkg, value);

	for (const struct key_def *def = keys; def->key; def++) {
		char **field = (char **)((char *)pkg + def->offset);

		if (strcmp(def->section, section) || strcmp(def->key, key))
			continue;
		if (*field) {
			*reason = "the key is given twice";
			return 0;
		}
		if (!is_valid_value(def, value, reason))
			return 0;
		*field = xstrdup(value);
		return 1;
	}
	*reason = "unknown key for this section; see the keys documented in distro/README.md";
	return 0;
}

static int require(const struct profile *p, const char *section, const char *key, const char *value)
{
	if (value)
		return 0;
	error("profile '%s' has no '%s' key in [%s], which packaging needs", p->file, key, section);
	return -1;
}

/*
 * Check that the profile has every key the requested formats need.
 * Called before anything is built or written.
 */
int package_profile_check(const struct profile *p, bool want_rpm, bool want_deb)
{
	const struct package_profile *pkg = &p->pkg;
	int ret = 0;

	ret |= require(p, "package", "maintainer", pkg->maintainer);
	ret |= require(p, "package", "distribution", pkg->distribution);
	if (want_rpm) {
		ret |= require(p, "rpm", "name", pkg->rpm_name);
		ret |= require(p, "rpm", "devel", pkg->rpm_devel);
		ret |= require(p, "rpm", "release", pkg->rpm_release);
	}
	if (want_deb) {
		ret |= require(p, "deb", "source", pkg->deb_source);
		ret |= require(p, "deb", "image", pkg->deb_image);
		ret |= require(p, "deb", "headers", pkg->deb_headers);
		ret |= require(p, "deb", "version", pkg->deb_version);
	}
	if (ret)
		hint("add the keys to the profile; distro/README.md documents every key");
	return ret;
}

void package_profile_release(struct package_profile *pkg)
{
	for (const struct key_def *def = keys; def->key; def++)
		free(*(char **)((char *)pkg + def->offset));
	for (size_t i = 0; i < pkg->nchangelog; i++)
		free(pkg->changelog[i]);
	free(pkg->changelog);
	memset(pkg, 0, sizeof(*pkg));
}

static const char *placeholder_value(const char *name, size_t len, const struct package_vars *vars)
{
	if (len == 7 && !strncmp(name, "version", 7))
		return vars->version;
	if (len == 7 && !strncmp(name, "release", 7))
		return vars->release;
	if (len == 7 && !strncmp(name, "flavour", 7))
		return vars->flavour ? vars->flavour : "";
	if (len == 4 && !strncmp(name, "arch", 4))
		return vars->arch;
	return NULL;
}

/* Fill the placeholders of PATTERN; unknown ones were rejected when the profile was read. */
char *package_expand(const char *pattern, const struct package_vars *vars)
{
	struct strbuf out = STRBUF_INIT;

	for (const char *p = pattern; *p;) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		const char *value = end ? placeholder_value(p + 1, end - p - 1, vars) : NULL;

		if (value) {
			strbuf_addstr(&out, value);
			p = end + 1;
		} else {
			strbuf_add(&out, p, 1);
			p++;
		}
	}
	return out.buf ? out.buf : xstrdup("");
}

/* Check whether the profile's [profile] formats list names FORMAT ("deb" or "rpm"). */
bool package_has_format(const struct profile *p, const char *format)
{
	const char *reason;

	return p->formats && is_choice(format, p->formats, &reason);
}
