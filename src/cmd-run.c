// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport run: the whole job from tree to verdict.  It detects the tree,
 * applies the series with the host-toolchain fixes, builds with the QA
 * config, packages and signs, then runs the QA checks on the packages.
 * Each phase is the subcommand of the same name, so its options, messages
 * and exit codes are the ones documented there.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbackport.h"
#include "package-sign.h"
#include "profile.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"

static const char run_usage[] =
	"usage: kbackport run [options] --profile PROFILE --sign-key KEYID TREE\n"
	"\n"
	"Detect TREE, apply the series (2.6.32 to 2.6.39, with the host-toolchain\n"
	"fixes), build it with the profile's QA config, package and sign it, and\n"
	"run the QA checks on the packages.  A tree from 3.0 on has the series\n"
	"already and skips the apply phase.  Prints where every output went.\n"
	"\n"
	"  -p, --profile P        distro profile: a name from distro/ or a path to an .ini file\n"
	"  -o, --output DIR       top folder for build/, packages/ and qa/\n"
	"                         (default: ./kbp-run/<version>-<profile>)\n"
	"      --sign-key KEYID   gpg key that signs the packages and repositories\n"
	"      --passphrase-fd N  read the key's passphrase from file descriptor N\n"
	"      --in-place         allow apply to write a tree that is not a git repository\n"
	"  -j, --jobs N           parallel make jobs\n"
	"  -h, --help             show this help\n";

struct run_opts {
	const char *profile;
	const char *output;
	const char *sign_key;
	const char *passphrase_fd;
	const char *jobs;
	const char *tree;
	bool in_place;
};

static int parse_options(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "sign-key", required_argument, NULL, 'K' },
		{ "passphrase-fd", required_argument, NULL, 'F' },
		{ "in-place", no_argument, NULL, 'I' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'o': o->output = optarg; break;
		case 'K': o->sign_key = optarg; break;
		case 'F': o->passphrase_fd = optarg; break;
		case 'I': o->in_place = true; break;
		case 'j': o->jobs = optarg; break;
		case 'h':
			fputs(run_usage, stdout);
			exit(KBP_EXIT_OK);
		default:
			fputs(run_usage, stderr);
			return -1;
		}
	}

	if (optind != argc - 1) {
		error(optind == argc ? "missing TREE argument" : "too many arguments");
		hint("run 'kbackport run --help'");
		return -1;
	}
	if (!o->profile || !o->sign_key) {
		error("missing %s", !o->profile ? "--profile" : "--sign-key");
		hint("run needs a profile and a gpg key id; 'gpg --list-secret-keys' lists your keys");
		return -1;
	}
	o->tree = argv[optind];
	return 0;
}

/* The words of one subcommand call. */
struct phase_args {
	char *argv[32];
	int argc;
	bool last;	/* no phase follows this one */
};

static void phase_push(struct phase_args *a, const char *arg)
{
	if (a->argc < 31)
		a->argv[a->argc++] = (char *)arg;
	a->argv[a->argc] = NULL;
}

/* Call one subcommand and name it when it fails. */
static int run_phase(int (*fn)(int, char **), struct phase_args *a)
{
	int ret;

	fprintf(stderr, "== kbackport %s\n", a->argv[0]);
	fflush(stdout);
	ret = fn(a->argc, a->argv);
	fflush(stdout);
	if (ret && a->last)
		error("the %s phase failed with exit code %d", a->argv[0], ret);
	else if (ret)
		error("the %s phase failed with exit code %d; later phases did not run", a->argv[0], ret);
	return ret;
}

/* A tree older than 2.6.32 has neither the series nor a wrapper for it. */
static int reject_older(const struct run_opts *o, const struct kernel_version *v)
{
	char release[96];

	if (v->version >= 3)
		return 0;
	tree_format_release(v, release, sizeof(release));
	error("unsupported kernel version '%s' in '%s/Makefile'", release, o->tree);
	hint("run takes 2.6.32 to 2.6.39, or a tree from 3.0 on, which has the series");
	return KBP_EXIT_REJECTED;
}

/* Apply the series, or skip that phase for a tree from 3.0 on, which has it. */
static int apply_phase(const struct run_opts *o, const struct kernel_version *v)
{
	if (tree_is_supported(v)) {
		struct phase_args a = { .argc = 0 };

		phase_push(&a, "apply");
		phase_push(&a, "--host-toolchain");
		if (o->in_place)
			phase_push(&a, "--in-place");
		phase_push(&a, o->tree);
		return run_phase(cmd_apply, &a);
	}

	fprintf(stderr, "== kbackport apply\n");
	step_line("SKIP", "apply: the series is in mainline since 3.0");
	return 0;
}

static int detect_phase(const struct run_opts *o)
{
	struct phase_args a = { .argc = 0 };

	phase_push(&a, "detect");
	phase_push(&a, o->tree);
	return run_phase(cmd_detect, &a);
}

static int build_phase(const struct run_opts *o, const char *build)
{
	struct phase_args a = { .argc = 0 };

	phase_push(&a, "build");
	phase_push(&a, "--profile");
	phase_push(&a, o->profile);
	phase_push(&a, "--qa");
	phase_push(&a, "--output");
	phase_push(&a, build);
	if (o->jobs) {
		phase_push(&a, "--jobs");
		phase_push(&a, o->jobs);
	}
	phase_push(&a, o->tree);
	return run_phase(cmd_build, &a);
}

static int package_phase(const struct run_opts *o, const char *build, const char *packages)
{
	struct phase_args a = { .argc = 0 };

	phase_push(&a, "package");
	phase_push(&a, "--profile");
	phase_push(&a, o->profile);
	phase_push(&a, "--output");
	phase_push(&a, packages);
	phase_push(&a, "--build-dir");
	phase_push(&a, build);
	phase_push(&a, "--sign-key");
	phase_push(&a, o->sign_key);
	if (o->passphrase_fd) {
		phase_push(&a, "--passphrase-fd");
		phase_push(&a, o->passphrase_fd);
	}
	phase_push(&a, o->tree);
	return run_phase(cmd_package, &a);
}

static int qa_phase(const struct run_opts *o, const char *key, const char *qa,
		    const char *packages)
{
	struct phase_args a = { .argc = 0 };

	a.last = true;
	phase_push(&a, "qa");
	phase_push(&a, "--profile");
	phase_push(&a, o->profile);
	phase_push(&a, "--key");
	phase_push(&a, key);
	phase_push(&a, "--evidence");
	phase_push(&a, qa);
	phase_push(&a, packages);
	return run_phase(cmd_qa, &a);
}

/* Write the public half of the signing key, which the QA phase verifies against. */
static int export_public_key(const char *key_id, const char *path)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int fd, status;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return error("cannot create '%s': %s", path, strerror(errno));

	run_cmd_push(&cmd, "gpg", "--batch", "--armor", "--export", key_id, NULL);
	cmd.stdout_fd = fd;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	close(fd);
	if (status)
		error_cmd(&cmd, status, "cannot export the public key '%s'", key_id);
	run_cmd_release(&cmd);
	if (!status && !access(path, R_OK)) {
		size_t len = 0;
		char *text = read_file(path, &len);

		free(text);
		if (!len)
			status = error("gpg has no public key '%s' to export", key_id);
	}
	return status ? -1 : 0;
}

/*
 * Check what would otherwise fail only after apply and a long build: the
 * profile, its QA fragments and the signing key.
 */
static int preflight(const struct run_opts *o)
{
	struct profile p;
	int ret;

	if (profile_load(o->profile, &p))
		return KBP_EXIT_REJECTED;

	ret = 0;
	if (!p.nqa_fragments) {
		error("profile '%s' has no qa_fragment in [config], which run builds with", p.file);
		hint("add 'qa_fragment = distro/config/qa.config' to the profile");
		ret = KBP_EXIT_REJECTED;
	}
	profile_release(&p);

	if (!ret && signer_check_key(o->sign_key))
		ret = KBP_EXIT_MISSING;
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o;
	struct kernel_version v;
	char release[96];
	char *top, *build, *packages, *qa, *key;
	int ret;

	memset(&o, 0, sizeof(o));
	if (parse_options(argc, argv, &o))
		return KBP_EXIT_USAGE;
	if (tree_check_kernel(o.tree) || tree_read_version(o.tree, &v))
		return KBP_EXIT_REJECTED;

	tree_format_release(&v, release, sizeof(release));
	top = o.output ? xstrdup(o.output) : xasprintf("kbp-run/%s-%s", release, o.profile);
	build = xasprintf("%s/build", top);
	packages = xasprintf("%s/packages", top);
	qa = xasprintf("%s/qa", top);
	key = xasprintf("%s/signing-key.asc", top);
	if (mkdir_p(top)) {
		error("cannot create '%s': %s", top, strerror(errno));
		ret = KBP_EXIT_FAILED;
		goto out;
	}

	/* detect checks 2.6.32-2.6.39 trees; 3.0 and later skip apply. */
	ret = tree_is_supported(&v) ? detect_phase(&o) : reject_older(&o, &v);
	if (!ret)
		ret = preflight(&o);
	if (!ret)
		ret = apply_phase(&o, &v);
	if (!ret)
		ret = build_phase(&o, build);
	if (!ret)
		ret = package_phase(&o, build, packages);
	if (!ret && export_public_key(o.sign_key, key))
		ret = KBP_EXIT_MISSING;
	if (!ret)
		ret = qa_phase(&o, key, qa, packages);

	fprintf(stderr, "\n");
	say("build:    %s", build);
	say("packages: %s", packages);
	say("qa:       %s", qa);
	say("result:   %s", ret ? "FAILED" : "passed");
out:
	free(top);
	free(build);
	free(packages);
	free(qa);
	free(key);
	return ret;
}
