// SPDX-License-Identifier: GPL-2.0-only
/*
 * Distro profiles: INI files read with inih.  Every key is checked, so a
 * typo stops the run before any build with the file, line and key named.
 */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbackport.h"
#include "profile.h"
#include "tree.h"
#include "usage.h"

struct profile_parse {
	struct profile *p;
	char *bad_section;
	char *bad_key;
	char *bad_value;
	const char *reason;
};

static int set_string(char **field, const char *value, const char **reason)
{
	if (*field) {
		*reason = "the key is given twice";
		return 0;
	}
	*field = xstrdup(value);
	return 1;
}

static int add_fragment(char ***list, size_t *count, const char *value)
{
	*list = realloc(*list, (*count + 1) * sizeof(**list));
	if (!*list) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	(*list)[(*count)++] = xstrdup(value);
	return 1;
}

static int check_base(const char *value, const char **reason)
{
	static const char *const targets[] = { "allnoconfig", "tinyconfig", "defconfig",
					       "allmodconfig", NULL };

	for (const char *const *t = targets; *t; t++) {
		if (!strcmp(value, *t))
			return 1;
	}
	if (!strncmp(value, "file:", 5) && value[5])
		return 1;
	*reason = "expected allnoconfig, tinyconfig, defconfig, allmodconfig or file:<path>";
	return 0;
}

static int apply_key(struct profile *p, const char *section, const char *key,
		     const char *value, const char **reason)
{
	if (!strcmp(section, "profile")) {
		if (!strcmp(key, "description"))
			return set_string(&p->description, value, reason);
		if (!strcmp(key, "formats"))
			return set_string(&p->formats, value, reason);
	} else if (!strcmp(section, "kernel")) {
		if (!strcmp(key, "arch"))
			return set_string(&p->arch, value, reason);
		if (!strcmp(key, "localversion"))
			return set_string(&p->localversion, value, reason);
	} else if (!strcmp(section, "config")) {
		if (!strcmp(key, "base"))
			return check_base(value, reason) && set_string(&p->config_base, value, reason);
		if (!strcmp(key, "fragment"))
			return add_fragment(&p->fragments, &p->nfragments, value);
		if (!strcmp(key, "qa_fragment"))
			return add_fragment(&p->qa_fragments, &p->nqa_fragments, value);
	} else if (qa_profile_has_section(section)) {
		return qa_profile_set(&p->qa, key, value, reason);
	} else if (package_profile_has_section(section)) {
		return package_profile_set(p, section, key, value, reason);
	} else {
		*reason = "unknown section; known sections are [profile], [kernel], [config], [package], [rpm], [deb] and [qa]";
		return 0;
	}

	if (!*reason)
		*reason = "unknown key for this section; see the keys documented in distro/README.md";
	return 0;
}

static int handle_key(void *user, const char *section, const char *key, const char *value)
{
	struct profile_parse *pp = user;
	const char *reason = NULL;

	if (apply_key(pp->p, section, key, value, &reason))
		return 1;

	if (!pp->bad_key) {
		pp->bad_section = xstrdup(section);
		pp->bad_key = xstrdup(key);
		pp->bad_value = xstrdup(value);
		pp->reason = reason;
	}
	return 0;
}

static int finish(struct profile_parse *pp, int line)
{
	struct profile *p = pp->p;
	const char *qa_reason = NULL;
	int ret = 0;

	if (line < 0)
		ret = error("cannot read profile '%s': %s", p->file, strerror(errno));
	else if (line > 0 && pp->bad_key)
		ret = error("invalid key '%s' in [%s] of '%s' line %d: %s", pp->bad_key,
			    pp->bad_section, p->file, line, pp->reason);
	else if (line > 0)
		ret = error("syntax error in profile '%s' line %d", p->file, line);
	else if (!p->config_base)
		ret = error("profile '%s' has no 'base' key in [config]", p->file);
	else if (qa_profile_check(&p->qa, &qa_reason))
		ret = error("invalid [qa] section in profile '%s': %s", p->file, qa_reason);

	if (ret)
		hint("fix the profile; distro/README.md documents every key");
	if (!ret && !p->arch)
		p->arch = xstrdup("x86_64");

	free(pp->bad_section);
	free(pp->bad_key);
	free(pp->bad_value);
	return ret;
}

static char *profile_name_from_file(const char *file)
{
	const char *base = strrchr(file, '/');
	char *name = xstrdup(base ? base + 1 : file);
	char *dot = strrchr(name, '.');

	if (dot)
		*dot = '\0';
	return name;
}

/*
 * Load a profile given as a name ("bookworm": distro/bookworm.ini in the
 * data directory) or as a path to an .ini file.
 */
int profile_load(const char *name_or_path, struct profile *p)
{
	struct profile_parse pp = { p, NULL, NULL, NULL, NULL };
	char *text;
	int ret;

	memset(p, 0, sizeof(*p));
	if (strchr(name_or_path, '/') || strstr(name_or_path, ".ini"))
		p->file = xstrdup(name_or_path);
	else
		p->file = xasprintf("%s/distro/%s.ini", kbp_datadir(), name_or_path);
	p->name = profile_name_from_file(p->file);

	if (access(p->file, R_OK)) {
		error("unknown profile '%s': cannot read '%s': %s", name_or_path, p->file,
		      strerror(errno));
		hint("pass a name of a file in '%s/distro/' without .ini, or a path to a profile",
		     kbp_datadir());
		return -1;
	}

	text = read_file(p->file, NULL);
	if (!text)
		return error("cannot read profile '%s': %s", p->file, strerror(errno));
	if (ini_reject_long_line(p->file, text, INI_MAX_LINE,
				 "shorten the value, or split it over several lines "
				 "where the key repeats")) {
		free(text);
		return -1;
	}
	ret = finish(&pp, ini_parse_string(text, handle_key, &pp));
	free(text);
	return ret;
}

int profile_parse_string(const char *text, const char *file, struct profile *p)
{
	struct profile_parse pp = { p, NULL, NULL, NULL, NULL };

	memset(p, 0, sizeof(*p));
	p->file = xstrdup(file);
	p->name = profile_name_from_file(file);
	if (ini_reject_long_line(file, text, INI_MAX_LINE,
				 "shorten the value, or split it over several lines "
				 "where the key repeats"))
		return -1;
	return finish(&pp, ini_parse_string(text, handle_key, &pp));
}

/* Resolve a path named in a profile: absolute, or relative to the data directory. */
char *profile_resolve_path(const struct profile *p, const char *rel)
{
	(void)p;
	if (rel[0] == '/')
		return xstrdup(rel);
	return xasprintf("%s/%s", kbp_datadir(), rel);
}

void profile_release(struct profile *p)
{
	free(p->file);
	free(p->name);
	free(p->description);
	free(p->formats);
	free(p->arch);
	free(p->localversion);
	free(p->config_base);
	for (size_t i = 0; i < p->nfragments; i++)
		free(p->fragments[i]);
	free(p->fragments);
	for (size_t i = 0; i < p->nqa_fragments; i++)
		free(p->qa_fragments[i]);
	free(p->qa_fragments);
	package_profile_release(&p->pkg);
	qa_profile_release(&p->qa);
	memset(p, 0, sizeof(*p));
}
