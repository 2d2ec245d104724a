// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport detect: report what a kernel tree is (version, git state,
 * parts of the series it already has) and which wrapper set applies.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git.h"
#include "kbackport.h"
#include "tree.h"
#include "usage.h"

static const char detect_usage[] =
	"usage: kbackport detect [--json] TREE\n"
	"\n"
	"Print the kernel version of TREE, its git state, which parts of the mm\n"
	"preemptibility series its code already has, and the backports/ folder\n"
	"that applies.  Exits 3 when TREE is not a supported kernel tree.\n"
	"\n"
	"  --json      print one JSON object instead of text\n"
	"  -h, --help  show this help\n";

struct detect_result {
	const char *tree;
	struct kernel_version version;
	struct git_state git;
	enum probe_result probes[PROBE_COUNT];
	bool supported;
	char *wrapper;		/* "backports/2.6.32", or NULL */
};

static const char *probe_text(enum probe_result r)
{
	if (r == PROBE_PRESENT)
		return "yes";
	if (r == PROBE_ABSENT)
		return "no";
	return "unknown (file missing)";
}

static void print_text(const struct detect_result *r)
{
	char release[96];

	tree_format_release(&r->version, release, sizeof(release));
	printf("tree:     %s\n", r->tree);
	printf("version:  %s\n", release);
	if (!r->git.is_repo)
		printf("git:      not a git repository\n");
	else
		printf("git:      %s, %s%s%s\n", r->git.clean ? "clean" : "uncommitted changes",
		       r->git.branch[0] ? "branch " : "detached HEAD",
		       r->git.branch, r->git.untracked ? ", untracked files" : "");

	printf("series parts present:\n");
	for (int i = 0; i < PROBE_COUNT; i++)
		printf("  %-22s %s\n", probe_name(i), probe_text(r->probes[i]));
	printf("wrappers: %s\n", r->wrapper ? r->wrapper : "none (unsupported version)");
}

static json_t *probe_json(enum probe_result r)
{
	return r == PROBE_UNKNOWN ? json_null() : json_boolean(r == PROBE_PRESENT);
}

static void print_json(const struct detect_result *r)
{
	json_t *root = json_object(), *ver = json_object(), *git = json_object();
	json_t *parts = json_object();
	char release[96];

	tree_format_release(&r->version, release, sizeof(release));
	json_object_set_new(ver, "string", json_string(release));
	json_object_set_new(ver, "version", json_integer(r->version.version));
	json_object_set_new(ver, "patchlevel", json_integer(r->version.patchlevel));
	json_object_set_new(ver, "sublevel", json_integer(r->version.sublevel));
	json_object_set_new(ver, "extraversion", json_string(r->version.extraversion));

	json_object_set_new(git, "repository", json_boolean(r->git.is_repo));
	if (r->git.is_repo) {
		json_object_set_new(git, "clean", json_boolean(r->git.clean));
		json_object_set_new(git, "branch",
				    r->git.branch[0] ? json_string(r->git.branch) : json_null());
		json_object_set_new(git, "head", r->git.head[0] ? json_string(r->git.head) : json_null());
		json_object_set_new(git, "untracked_files", json_integer(r->git.untracked));
	}

	for (int i = 0; i < PROBE_COUNT; i++)
		json_object_set_new(parts, probe_name(i), probe_json(r->probes[i]));

	json_object_set_new(root, "tree", json_string(r->tree));
	json_object_set_new(root, "version", ver);
	json_object_set_new(root, "git", git);
	json_object_set_new(root, "series", parts);
	json_object_set_new(root, "supported", json_boolean(r->supported));
	json_object_set_new(root, "wrappers", r->wrapper ? json_string(r->wrapper) : json_null());

	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
}

/* Find backports/<series>/ in the data directory, or NULL. */
static char *find_wrapper(const struct kernel_version *v)
{
	char series[32];
	char *path, *rel;
	struct stat st;

	tree_format_series(v, series, sizeof(series));
	rel = xasprintf("backports/%s", series);
	path = xasprintf("%s/%s/steps.ini", kbp_datadir(), rel);
	if (stat(path, &st) || !S_ISREG(st.st_mode)) {
		free(rel);
		rel = NULL;
	}
	free(path);
	return rel;
}

int cmd_detect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct detect_result r;
	bool json = false;
	char release[96];
	int c, ret = KBP_EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'h') {
			fputs(detect_usage, stdout);
			return KBP_EXIT_OK;
		} else {
			fputs(detect_usage, stderr);
			return KBP_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		error(optind == argc ? "missing TREE argument" : "too many arguments");
		hint("run 'kbackport detect --help'");
		return KBP_EXIT_USAGE;
	}

	memset(&r, 0, sizeof(r));
	r.tree = argv[optind];
	if (tree_check_kernel(r.tree) || tree_read_version(r.tree, &r.version))
		return KBP_EXIT_REJECTED;
	if (git_read_state(r.tree, &r.git))
		return KBP_EXIT_FAILED;
	for (int i = 0; i < PROBE_COUNT; i++)
		r.probes[i] = tree_probe(r.tree, i);

	r.supported = tree_is_supported(&r.version);
	if (r.supported)
		r.wrapper = find_wrapper(&r.version);

	if (json)
		print_json(&r);
	else
		print_text(&r);

	tree_format_release(&r.version, release, sizeof(release));
	if (!r.supported) {
		error("unsupported kernel version '%s' in '%s/Makefile'", release, r.tree);
		hint("supported versions are 2.6.%d to 2.6.%d; each has a folder under backports/",
		     KBP_SUBLEVEL_MIN, KBP_SUBLEVEL_MAX);
		ret = KBP_EXIT_REJECTED;
	} else if (!r.wrapper) {
		error("no wrapper set for '%s' under '%s/backports'", release, kbp_datadir());
		hint("reinstall kbackport, or set KBACKPORT_DATADIR to the folder holding backports/");
		ret = KBP_EXIT_MISSING;
	}
	free(r.wrapper);
	return ret;
}
