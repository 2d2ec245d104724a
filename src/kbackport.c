// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport: carry the Linux 3.0 mm preemptibility series back onto
 * 2.6.32-2.6.39 kernel trees.  This file contains main() and the table of
 * subcommands; each subcommand lives in cmd-<name>.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbackport.h"
#include "usage.h"

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct subcommand subcommands[] = {
	{ "detect", cmd_detect, "report a tree's version, git state and series parts" },
	{ "apply", cmd_apply, "apply the lock conversions to a tree, one commit per step" },
	{ "cocci", cmd_cocci, "run semantic patches over a tree in parallel, with a cache" },
	{ "build", cmd_build, "configure a tree with a distro profile and build it out of tree" },
	{ "package", cmd_package, "make signed RPM and DEB packages and repositories of a built tree" },
	{ "qa", cmd_qa, "check signatures, installs and a stress boot of the packages" },
	{ "run", cmd_run, "detect, apply, build, package, sign and QA a tree in one go" },
	{ NULL, NULL, NULL },
};

static void print_usage(FILE *out)
{
	fputs("usage: kbackport [-q | -v | -vv] <command> [options] TREE\n\n"
	      "Carry the Linux 3.0 mm preemptibility series back onto 2.6.32-2.6.39 trees.\n\n"
	      "Commands:\n", out);
	for (const struct subcommand *c = subcommands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->help);
	fputs("\nGlobal options:\n"
	      "  -q, --quiet    print only errors and warnings\n"
	      "  -v, --verbose  also print each command run and its output; -vv adds debug detail\n"
	      "  --version      print the kbackport version\n"
	      "  -h, --help     show this help\n\n"
	      "Run 'kbackport <command> --help' for a command's options; see kbackport(1).\n", out);
}

static int parse_global_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
			kbp_verbosity = KBP_QUIET;
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			kbp_verbosity = kbp_verbosity < KBP_VERBOSE ? KBP_VERBOSE : KBP_DEBUG;
		} else if (!strcmp(arg, "-vv")) {
			kbp_verbosity = KBP_DEBUG;
		} else if (!strcmp(arg, "--version")) {
			printf("kbackport %s\n", KBP_VERSION);
			exit(KBP_EXIT_OK);
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			print_usage(stdout);
			exit(KBP_EXIT_OK);
		} else {
			error("unknown option '%s'", arg);
			hint("run 'kbackport --help'");
			exit(KBP_EXIT_USAGE);
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	int first = parse_global_options(argc, argv);

	if (first >= argc) {
		print_usage(stderr);
		return KBP_EXIT_USAGE;
	}

	for (const struct subcommand *c = subcommands; c->name; c++) {
		if (!strcmp(c->name, argv[first]))
			return c->fn(argc - first, argv + first);
	}

	error("unknown command '%s'", argv[first]);
	hint("run 'kbackport --help' for the list of commands");
	return KBP_EXIT_USAGE;
}
