// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport apply: run the steps of backports/<version>/steps.ini on a
 * kernel tree, one commit per step, in a scratch checkout.  The user's
 * tree changes only once every step and the leftover check have passed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cocci.h"
#include "git.h"
#include "hostfix.h"
#include "kbackport.h"
#include "leftover.h"
#include "run-command.h"
#include "steps.h"
#include "tree.h"
#include "usage.h"
#include "workdir.h"

#define DEFAULT_BRANCH_PREFIX "kbackport/mm-preempt-"

static const char apply_usage[] =
	"usage: kbackport apply [options] TREE\n"
	"\n"
	"Apply the lock conversions of the Linux 3.0 mm preemptibility series to\n"
	"the kernel tree TREE, adapted to its version by backports/<version>/.\n"
	"\n"
	"  -n, --dry-run      print the combined unified diff on stdout; change nothing\n"
	"      --in-place     write the result into a tree that is not a git repository;\n"
	"                     the write happens only after every step has passed\n"
	"  -b, --branch NAME  branch for the commits (default: kbackport/mm-preempt-<version>)\n"
	"      --no-checkout  create the branch but leave the checked-out files alone;\n"
	"                     allowed on a tree with uncommitted changes\n"
	"      --arch ARCH    architecture the tree is built for (default: read from\n"
	"                     TREE/.config when there is one)\n"
	"      --host-toolchain\n"
	"                     first commit the fixes that let the tree build and boot\n"
	"                     with this host's gcc, binutils, perl and make\n"
	"  -h, --help         show this help\n";

struct apply_opts {
	bool dry_run;
	bool in_place;
	bool no_checkout;
	bool host_toolchain;
	const char *arch;
	const char *branch;
	const char *tree;
};

struct apply_ctx {
	struct apply_opts opts;
	struct kernel_version version;
	char series_name[32];
	struct series series;
	struct git_state git;
	char spatch[32];
	char *branch;
	bool extend;		/* BRANCH is checked out: add the new commits to it */
	bool *needed;
	struct workdir wd;
};

static int parse_options(int argc, char **argv, struct apply_opts *opts)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "branch", required_argument, NULL, 'b' },
		{ "no-checkout", no_argument, NULL, 'N' },
		{ "host-toolchain", no_argument, NULL, 'H' },
		{ "arch", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "nb:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			opts->dry_run = true;
			break;
		case 'i':
			opts->in_place = true;
			break;
		case 'b':
			opts->branch = optarg;
			break;
		case 'N':
			opts->no_checkout = true;
			break;
		case 'H':
			opts->host_toolchain = true;
			break;
		case 'A':
			opts->arch = optarg;
			break;
		case 'h':
			fputs(apply_usage, stdout);
			exit(KBP_EXIT_OK);
		default:
			fputs(apply_usage, stderr);
			return -1;
		}
	}

	if (optind != argc - 1) {
		error(optind == argc ? "missing TREE argument" : "too many arguments");
		hint("run 'kbackport apply --help'");
		return -1;
	}
	opts->tree = argv[optind];
	return 0;
}

/*
 * Put the host-toolchain fixes first, as their own commit, so every later
 * commit of the branch builds on this host and a distro can drop them.
 */
static int add_host_toolchain_step(struct apply_ctx *ctx)
{
	struct hostfix_list list;
	struct step *step;
	int ret = hostfix_load(ctx->series_name, &list);

	if (ret == 0) {
		error("no host-toolchain fixes for %s under '%s/backports/%s/host-toolchain'",
		      ctx->series_name, kbp_datadir(), ctx->series_name);
		hint("drop --host-toolchain, or reinstall kbackport");
	}
	if (ret <= 0) {
		hostfix_release(&list);
		return -1;
	}

	step = series_insert_step(&ctx->series, 0, "host_toolchain");
	step->subject = xstrdup("kbuild: build with this host's gcc, binutils, perl and make");
	strbuf_addstr(&step->description,
		      "Fixes that let this stable kernel build and boot with the compiler,\n"
		      "assembler, perl and make of a current distribution. They are not\n"
		      "part of the backported series; each patch names the host tool\n"
		      "version that needs it and the upstream commit that fixed it.\n");
	step->present_if_applied = true;
	for (size_t i = 0; i < list.count; i++)
		step_add_item(step, ITEM_PATCH, list.patches[i]);
	hostfix_release(&list);
	return 0;
}

/* Read the version, select the wrapper set and load its steps. */
static int load_series(struct apply_ctx *ctx)
{
	char release[96];
	char *file;
	int ret;

	if (tree_check_kernel(ctx->opts.tree) || tree_read_version(ctx->opts.tree, &ctx->version))
		return KBP_EXIT_REJECTED;

	tree_format_release(&ctx->version, release, sizeof(release));
	if (!tree_is_supported(&ctx->version)) {
		error("unsupported kernel version '%s' in '%s/Makefile'", release, ctx->opts.tree);
		hint("supported versions are 2.6.%d to 2.6.%d; each has a folder under backports/",
		     KBP_SUBLEVEL_MIN, KBP_SUBLEVEL_MAX);
		return KBP_EXIT_REJECTED;
	}

	tree_format_series(&ctx->version, ctx->series_name, sizeof(ctx->series_name));
	file = xasprintf("%s/backports/%s/steps.ini", kbp_datadir(), ctx->series_name);
	if (access(file, R_OK)) {
		error("no wrapper set for %s: cannot read '%s': %s", release, file, strerror(errno));
		hint("reinstall kbackport, or set KBACKPORT_DATADIR to the folder holding backports/");
		free(file);
		return KBP_EXIT_MISSING;
	}

	ret = series_load(file, &ctx->series);
	free(file);
	if (ret)
		return KBP_EXIT_REJECTED;
	if (ctx->opts.host_toolchain && add_host_toolchain_step(ctx))
		return KBP_EXIT_MISSING;
	if (series_check_items(&ctx->series, kbp_datadir()))
		return KBP_EXIT_MISSING;
	return 0;
}

static bool series_has_cocci(const struct series *series)
{
	for (size_t i = 0; i < series->nsteps; i++) {
		for (size_t j = 0; j < series->steps[i].nitems; j++) {
			if (series->steps[i].items[j].kind == ITEM_COCCI)
				return true;
		}
	}
	return false;
}

/* Check spatch and every rule before anything is changed. */
static int check_tools(struct apply_ctx *ctx)
{
	if (!series_has_cocci(&ctx->series))
		return 0;
	if (spatch_version(ctx->spatch, sizeof(ctx->spatch)))
		return KBP_EXIT_MISSING;

	for (size_t i = 0; i < ctx->series.nsteps; i++) {
		const struct step *step = &ctx->series.steps[i];

		for (size_t j = 0; j < step->nitems; j++) {
			struct cocci_header hdr;
			char *rule;
			int ret;

			if (step->items[j].kind != ITEM_COCCI)
				continue;
			rule = xasprintf("%s/%s", kbp_datadir(), step->items[j].path);
			ret = cocci_read_header(rule, &hdr) || spatch_check(rule, &hdr, ctx->spatch);
			cocci_header_release(&hdr);
			free(rule);
			if (ret)
				return KBP_EXIT_MISSING;
		}
	}
	return 0;
}

static bool step_is_patches_only(const struct step *step)
{
	for (size_t i = 0; i < step->nitems; i++) {
		if (step->items[i].kind != ITEM_PATCH)
			return false;
	}
	return step->nitems > 0;
}

static bool all_patches_applied(const char *tree, const struct step *step)
{
	char **patches = xcalloc(step->nitems, sizeof(*patches));
	bool ret;

	for (size_t i = 0; i < step->nitems; i++)
		patches[i] = step->items[i].path;
	ret = step_is_patches_only(step) && patch_series_is_applied(tree, patches, step->nitems);
	free(patches);
	return ret;
}

/*
 * A tree converted with an older kbackport has the first host-toolchain
 * fixes but not the ones added since.  Keep only the patches after the
 * longest applied prefix of the step, so a re-run adds the new ones.
 */
static void drop_applied_prefix(const char *tree, struct step *step)
{
	char **paths = xcalloc(step->nitems, sizeof(*paths));
	size_t applied;

	for (size_t i = 0; i < step->nitems; i++)
		paths[i] = step->items[i].path;
	for (applied = step->nitems - 1; applied > 0; applied--) {
		if (patch_series_is_applied(tree, paths, applied))
			break;
	}
	free(paths);

	for (size_t i = 0; i < applied; i++)
		free(step->items[i].path);
	memmove(step->items, step->items + applied, (step->nitems - applied) * sizeof(*step->items));
	step->nitems -= applied;
}

static enum probe_result step_probe(const char *tree, const struct step *step)
{
	if (step->skip_if == PROBE_CODE)
		return tree_probe_code(tree, step->skip_path, step->skip_regex);
	return tree_probe(tree, step->skip_if);
}

/* Return whether STEP is for code that the tree lacks (only_if does not match). */
static bool step_not_applicable(const char *tree, const struct step *step)
{
	return step->only_path &&
	       tree_probe_code(tree, step->only_path, step->only_regex) != PROBE_PRESENT;
}

static char *skip_reason(const char *tree, const struct step *step)
{
	if (step_not_applicable(tree, step))
		return xasprintf("[%s]: %s has no code this step changes", step->name, step->only_path);
	if (step->skip_if < 0)
		return xasprintf("[%s]: already applied", step->name);
	if (step->skip_if == PROBE_CODE)
		return xasprintf("[%s]: %s already has it", step->name, step->skip_path);
	return xasprintf("[%s]: the tree already has %s", step->name, probe_name(step->skip_if));
}

/*
 * Decide which steps the tree still needs, from the probes.  A step of
 * patches only and without a probe (such as the comment renames) is present
 * when all its patches apply in reverse.  Any other step without a probe is
 * needed only while a probed step is, so a re-run on a converted tree has
 * nothing to do.
 */
static size_t find_needed_steps(struct apply_ctx *ctx)
{
	size_t probed_needed = 0;

	ctx->needed = xcalloc(ctx->series.nsteps, sizeof(*ctx->needed));
	for (size_t i = 0; i < ctx->series.nsteps; i++) {
		const struct step *step = &ctx->series.steps[i];

		if (step_not_applicable(ctx->opts.tree, step))
			continue;

		if (step->present_if_applied || (step->skip_if < 0 && step_is_patches_only(step))) {
			ctx->needed[i] = !all_patches_applied(ctx->opts.tree, step);
			if (ctx->needed[i] && step->present_if_applied)
				drop_applied_prefix(ctx->opts.tree, &ctx->series.steps[i]);
			probed_needed += ctx->needed[i];
			continue;
		}
		if (step->skip_if < 0)
			continue;
		ctx->needed[i] = step_probe(ctx->opts.tree, step) != PROBE_PRESENT;
		probed_needed += ctx->needed[i];
	}

	for (size_t i = 0; i < ctx->series.nsteps; i++) {
		const struct step *step = &ctx->series.steps[i];

		if (step->skip_if < 0 && !step->present_if_applied && !step_is_patches_only(step) &&
		    !step_not_applicable(ctx->opts.tree, step))
			ctx->needed[i] = probed_needed > 0;
	}
	return probed_needed;
}

/* Map the architecture symbols of a .config to an ARCH= name, or NULL. */
static const char *config_arch(const char *config)
{
	static const struct {
		const char *symbol;
		const char *arch;
	} arches[] = {
		{ "CONFIG_X86_64=y", "x86_64" }, { "CONFIG_X86_32=y", "i386" },
		{ "CONFIG_ARM=y", "arm" }, { "CONFIG_IA64=y", "ia64" },
		{ "CONFIG_S390=y", "s390" }, { "CONFIG_SUPERH=y", "sh" },
		{ "CONFIG_UML=y", "um" }, { "CONFIG_SPARC64=y", "sparc64" },
		{ "CONFIG_PPC=y", "powerpc" },
	};

	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		const char *p = strstr(config, arches[i].symbol);

		if (p && (p == config || p[-1] == '\n'))
			return arches[i].arch;
	}
	return NULL;
}

/* Return the file that contains ARCH's own mmu_gather when the series leaves it alone. */
static char *unconverted_arch_file(const char *arch)
{
	char *list = xasprintf("%s/backports/unconverted-arches.txt", kbp_datadir());
	char *text = read_file(list, NULL);
	char *file = NULL;
	size_t len = strlen(arch);

	free(list);
	for (char *line = text; line && *line && !file;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (!strncmp(line, arch, len) && line[len] == '\t')
			file = xstrdup(line + len + 1);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return file;
}

static bool mmu_gather_step_needed(const struct apply_ctx *ctx)
{
	for (size_t i = 0; i < ctx->series.nsteps; i++) {
		if (ctx->series.steps[i].skip_if == PROBE_MMU_GATHER_ON_STACK && ctx->needed[i])
			return true;
	}
	return false;
}

/*
 * Reject a tree built for an architecture that keeps its own mmu_gather:
 * the series moves the callers in mm/ to the on-stack gather, which such
 * an architecture does not provide, so the result would not build.
 */
static int check_architecture(struct apply_ctx *ctx)
{
	char *config_path = xasprintf("%s/.config", ctx->opts.tree);
	char *config = read_file(config_path, NULL);
	const char *arch = ctx->opts.arch;
	const char *source = "--arch";
	char *file;
	int ret = 0;

	if (!arch && config) {
		arch = config_arch(config);
		source = config_path;

		/* Without an MMU, arm and sh use the generic gather. */
		if (arch && (!strcmp(arch, "arm") || !strcmp(arch, "sh")) &&
		    !strstr(config, "\nCONFIG_MMU=y"))
			arch = NULL;
	}
	if (arch && mmu_gather_step_needed(ctx) && (file = unconverted_arch_file(arch))) {
		error("architecture '%s' (from %s) is not converted: it keeps its own mmu_gather in '%s'",
		      arch, source, file);
		hint("the series puts the mmu_gather on the stack for x86 and the architectures that use asm-generic/tlb.h; see backports/unconverted-arches.txt");
		free(file);
		ret = KBP_EXIT_REJECTED;
	}
	free(config);
	free(config_path);
	return ret;
}

static int check_git_state(struct apply_ctx *ctx)
{
	const struct apply_opts *o = &ctx->opts;

	if (!ctx->git.is_repo) {
		if (o->dry_run || o->in_place)
			return 0;
		error("'%s' is not a git repository, and apply writes a tree in place only when asked",
		      o->tree);
		hint("run 'git init && git add -A && git commit' there, or pass --dry-run or --in-place");
		return KBP_EXIT_REJECTED;
	}

	if (o->in_place) {
		error("--in-place is for trees without git, but '%s' is a git repository", o->tree);
		hint("drop --in-place: apply commits to a new branch there");
		return KBP_EXIT_USAGE;
	}
	if (o->dry_run)
		return 0;

	if (!ctx->git.clean && !o->no_checkout) {
		error("'%s' has uncommitted changes to tracked files", o->tree);
		hint("commit or stash them first, or pass --no-checkout to only create the branch");
		return KBP_EXIT_REJECTED;
	}

	ctx->branch = o->branch ? xstrdup(o->branch) :
				  xasprintf("%s%s", DEFAULT_BRANCH_PREFIX, ctx->series_name);
	if (!git_is_valid_branch_name(ctx->branch)) {
		error("invalid branch name '%s'", ctx->branch);
		hint("pass a name that 'git check-ref-format --branch' accepts");
		return KBP_EXIT_USAGE;
	}
	/* A re-run on the branch an earlier run checked out adds to that branch. */
	if (!strcmp(ctx->git.branch, ctx->branch) && ctx->git.clean && !o->no_checkout) {
		ctx->extend = true;
		return 0;
	}
	if (git_branch_exists(o->tree, ctx->branch)) {
		error("branch '%s' already exists in '%s'", ctx->branch, o->tree);
		hint("check it out to use it, delete it with 'git branch -D %s', or pass --branch NAME",
		     ctx->branch);
		return KBP_EXIT_REJECTED;
	}
	return 0;
}

static void add_cocci_description(struct strbuf *msg, const char *rule)
{
	struct cocci_header hdr;

	if (cocci_read_header(rule, &hdr))
		return;
	if (hdr.description.len) {
		strbuf_addstr(msg, hdr.description.buf);
		strbuf_addstr(msg, "\n");
	}
	cocci_header_release(&hdr);
}

static char *step_message(const struct apply_ctx *ctx, const struct step *step)
{
	struct strbuf msg = STRBUF_INIT;

	strbuf_addstr(&msg, step->subject);
	strbuf_addstr(&msg, "\n\n");
	if (step->description.len) {
		strbuf_addstr(&msg, step->description.buf);
		strbuf_addstr(&msg, "\n");
	}
	for (size_t i = 0; i < step->nitems; i++) {
		char *rule = xasprintf("%s/%s", kbp_datadir(), step->items[i].path);

		if (step->items[i].kind == ITEM_COCCI)
			add_cocci_description(&msg, rule);
		free(rule);
	}
	if (step->upstream) {
		strbuf_addstr(&msg, "Upstream: ");
		strbuf_addstr(&msg, step->upstream);
		strbuf_addstr(&msg, "\n");
	}

	strbuf_addstr(&msg, "\nApplied by kbackport " KBP_VERSION " to ");
	strbuf_addstr(&msg, ctx->series_name);
	if (ctx->spatch[0]) {
		strbuf_addstr(&msg, " with spatch ");
		strbuf_addstr(&msg, ctx->spatch);
	}
	strbuf_addstr(&msg, ":\n");
	for (size_t i = 0; i < step->nitems; i++) {
		strbuf_addstr(&msg, step->items[i].kind == ITEM_COCCI ? "  spatch " : "  git apply ");
		strbuf_addstr(&msg, step->items[i].path);
		strbuf_addstr(&msg, "\n");
	}
	return msg.buf;
}

static int apply_patch(const char *patch, const char *dir)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	run_cmd_push(&cmd, "git", "apply", "-p1", "--whitespace=nowarn", patch, NULL);
	cmd.dir = dir;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	if (status) {
		error_cmd(&cmd, status, "cannot apply '%s'", patch);
		hint("the tree differs from the version the patch was made for; was it changed locally?");
	}
	run_cmd_release(&cmd);
	return status;
}

static int run_item(const struct step_item *item, const char *dir)
{
	char *path = xasprintf("%s/%s", kbp_datadir(), item->path);
	int status;

	if (item->kind == ITEM_PATCH) {
		step_line("PATCH", item->path);
		status = apply_patch(path, dir);
	} else {
		/* The runner prefilters files and caches results, so re-runs are quick. */
		char *argv[] = { "cocci", "--no-progress", "--in-place", path, (char *)dir, NULL };

		step_line("SPATCH", item->path);
		status = cmd_cocci(5, argv);
	}
	free(path);
	return status;
}

/* Stage everything and report whether the step changed any file. */
static int stage_changes(const char *dir, bool *changed)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	if (git_run(dir, NULL, "add", "--all", NULL))
		return -1;

	run_cmd_push(&cmd, "git", "diff", "--cached", "--quiet", NULL);
	cmd.dir = dir;
	status = run_cmd(&cmd);
	run_cmd_release(&cmd);
	if (status < 0 || status > 1)
		return error("cannot compare the index in '%s'", dir);
	*changed = status == 1;
	return 0;
}

static int commit_step(const struct apply_ctx *ctx, const struct step *step)
{
	char *msg = step_message(ctx, step);
	char *msgfile = xasprintf("%s/message", ctx->wd.tmp);
	int ret;

	ret = write_file_atomic(msgfile, msg, strlen(msg));
	if (ret)
		error("cannot write '%s': %s", msgfile, strerror(errno));
	else
		ret = git_run(ctx->wd.path, git_identity_env(ctx->wd.repo), "commit", "--quiet",
			      "--no-verify", "-F", msgfile, NULL);
	free(msgfile);
	free(msg);
	return ret;
}

static int run_step(struct apply_ctx *ctx, const struct step *step)
{
	bool changed = false;

	for (size_t i = 0; i < step->nitems; i++) {
		int status = run_item(&step->items[i], ctx->wd.path);

		if (kbp_interrupted)
			return KBP_EXIT_INTERRUPTED;
		if (status)
			return KBP_EXIT_FAILED;
	}

	if (stage_changes(ctx->wd.path, &changed))
		return KBP_EXIT_FAILED;
	if (!changed) {
		error("step [%s] of '%s' changed nothing in '%s'", step->name, ctx->series.file,
		      ctx->opts.tree);
		hint("the tree may already carry this change in another form; check it, then add 'skip_if' to the step");
		return KBP_EXIT_FAILED;
	}
	return commit_step(ctx, step) ? KBP_EXIT_FAILED : 0;
}

static int run_steps(struct apply_ctx *ctx)
{
	for (size_t i = 0; i < ctx->series.nsteps; i++) {
		const struct step *step = &ctx->series.steps[i];
		int ret;

		if (!ctx->needed[i]) {
			char *reason = skip_reason(ctx->opts.tree, step);

			step_line("SKIP", reason);
			free(reason);
			continue;
		}
		ret = run_step(ctx, step);
		if (ret)
			return ret;
		if (kbp_interrupted)
			return KBP_EXIT_INTERRUPTED;
	}
	return 0;
}

static int check_leftovers(struct apply_ctx *ctx)
{
	struct leftover_list list = { NULL, 0 };
	int count;

	step_line("CHECK", "no code line names the old locks or the per-CPU mmu_gather");
	count = leftover_scan_tree(ctx->wd.path, &list);
	if (count < 0)
		return KBP_EXIT_FAILED;
	if (count > 0) {
		fflush(stdout);
		leftover_print(&list, stderr);
		error("%d code lines in '%s' still name a converted lock or the per-CPU mmu_gather after the steps",
		      count, ctx->opts.tree);
		hint("the lines above need a rule or patch in backports/%s/; the tree was left unchanged",
		     ctx->series_name);
	}
	leftover_release(&list);
	return count ? KBP_EXIT_FAILED : 0;
}


static int print_diff(const struct apply_ctx *ctx)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	fflush(stdout);
	/* git's default abbreviation of the index lines depends on the object count. */
	run_cmd_push(&cmd, "git", "-c", "core.quotepath=off", "-c", "core.abbrev=12", "diff",
		     "--no-color", "--no-ext-diff", ctx->wd.base, "HEAD", NULL);
	cmd.dir = ctx->wd.path;
	cmd.stdout_fd = STDOUT_FILENO;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	if (status)
		error_cmd(&cmd, status, "cannot print the diff");
	run_cmd_release(&cmd);
	return status ? KBP_EXIT_FAILED : 0;
}

/* Create the branch in the user's repository and, unless asked not to, check it out. */
static int land_branch(struct apply_ctx *ctx)
{
	char *head = workdir_head(&ctx->wd);
	int ret = 0;

	if (!head)
		return KBP_EXIT_FAILED;

	signals_block();
	if (ctx->extend) {
		/* The new commits descend from HEAD, so this only moves forward. */
		if (git_run(ctx->opts.tree, NULL, "merge", "--ff-only", "--quiet", head, NULL))
			ret = KBP_EXIT_FAILED;
	} else if (git_run(ctx->opts.tree, NULL, "branch", ctx->branch, head, NULL)) {
		ret = KBP_EXIT_FAILED;
	} else if (!ctx->opts.no_checkout &&
		   git_run(ctx->opts.tree, NULL, "checkout", "--quiet", ctx->branch, NULL)) {
		ret = KBP_EXIT_FAILED;
	}
	signals_unblock();
	free(head);

	if (!ret)
		printf("%s\n", ctx->branch);
	if (!ret && ctx->extend)
		say("added the new commits to branch '%s', which is checked out", ctx->branch);
	else if (!ret && ctx->opts.no_checkout)
		say("created branch '%s'; the checked-out files were not changed", ctx->branch);
	else if (!ret)
		say("created and checked out branch '%s'", ctx->branch);
	return ret;
}

struct changed_file {
	char status;
	char *path;
	char *tmp;
};

/* Read "git diff --name-status -z" output into an array of changes. */
static struct changed_file *parse_name_status(char *out, size_t len, size_t *count)
{
	struct changed_file *files = NULL;
	size_t n = 0;
	char *p = out;

	while (p < out + len && *p) {
		char status = *p;
		char *path = p + strlen(p) + 1;

		if (path >= out + len)
			break;
		files = realloc(files, (n + 1) * sizeof(*files));
		if (!files) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
		files[n].status = status;
		files[n].path = path;
		files[n].tmp = NULL;
		n++;
		p = path + strlen(path) + 1;
	}
	*count = n;
	return files;
}

/* Write the new content of one file next to its target, not yet in place. */
static int stage_file(const struct apply_ctx *ctx, struct changed_file *f)
{
	char *src = xasprintf("%s/%s", ctx->wd.path, f->path);
	char *dst = xasprintf("%s/%s", ctx->opts.tree, f->path);
	size_t len;
	char *data = read_file(src, &len);
	int ret = -1;

	if (!data) {
		error("cannot read '%s': %s", src, strerror(errno));
		goto out;
	}
	f->tmp = xasprintf("%s.kbp-new", dst);
	if (write_file_atomic(f->tmp, data, len)) {
		error("cannot write '%s': %s", f->tmp, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(data);
	free(src);
	free(dst);
	return ret;
}

static void unstage_files(struct changed_file *files, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (files[i].tmp)
			unlink(files[i].tmp);
		free(files[i].tmp);
		files[i].tmp = NULL;
	}
}

/*
 * Write the result into a tree without git: every new file content is
 * written beside its target first, then all are renamed into place with
 * interrupts held off, so the tree has either all changes or none.
 */
static int land_in_place(struct apply_ctx *ctx)
{
	struct changed_file *files;
	size_t count, len;
	char *out;
	int ret = 0;

	out = git_output_len(ctx->wd.path, &len, "diff", "--name-status", "-z", "--no-renames",
			     ctx->wd.base, "HEAD", NULL);
	if (!out) {
		error("cannot list the changed files in '%s'", ctx->wd.path);
		return KBP_EXIT_FAILED;
	}
	files = parse_name_status(out, len, &count);

	signals_block();
	for (size_t i = 0; i < count && !ret; i++) {
		if (files[i].status != 'D' && stage_file(ctx, &files[i]))
			ret = KBP_EXIT_FAILED;
	}
	if (ret) {
		unstage_files(files, count);
		error("nothing was written to '%s'", ctx->opts.tree);
		goto out;
	}

	for (size_t i = 0; i < count; i++) {
		char *dst = xasprintf("%s/%s", ctx->opts.tree, files[i].path);

		if (files[i].status == 'D' ? unlink(dst) : rename(files[i].tmp, dst))
			ret = error("cannot update '%s': %s", dst, strerror(errno));
		free(dst);
	}
	unstage_files(files, count);
	if (!ret)
		say("updated %zu files in '%s'", count, ctx->opts.tree);
	ret = ret ? KBP_EXIT_FAILED : 0;
out:
	signals_unblock();
	free(files);
	free(out);
	return ret;
}

static int land(struct apply_ctx *ctx)
{
	if (kbp_interrupted)
		return KBP_EXIT_INTERRUPTED;
	if (ctx->opts.dry_run)
		return print_diff(ctx);
	if (ctx->git.is_repo)
		return land_branch(ctx);
	return land_in_place(ctx);
}

int cmd_apply(int argc, char **argv)
{
	struct apply_ctx ctx;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	if (parse_options(argc, argv, &ctx.opts))
		return KBP_EXIT_USAGE;

	ret = load_series(&ctx);
	if (!ret)
		ret = check_tools(&ctx);
	if (!ret && git_read_state(ctx.opts.tree, &ctx.git))
		ret = KBP_EXIT_FAILED;
	if (ret)
		goto out;

	if (!find_needed_steps(&ctx)) {
		say("nothing to do: '%s' already has every step of backports/%s", ctx.opts.tree,
		    ctx.series_name);
		goto out;
	}

	ret = check_architecture(&ctx);
	if (!ret)
		ret = check_git_state(&ctx);
	if (ret)
		goto out;

	signals_install();
	ret = workdir_create(&ctx.wd, ctx.opts.tree, ctx.git.is_repo) ? KBP_EXIT_FAILED : 0;
	if (!ret)
		ret = run_steps(&ctx);
	if (!ret)
		ret = check_leftovers(&ctx);
	if (!ret)
		ret = land(&ctx);
	if (kbp_interrupted && ret) {
		error("interrupted; '%s' was left as it was", ctx.opts.tree);
		ret = KBP_EXIT_INTERRUPTED;
	}

	signals_block();
	workdir_destroy(&ctx.wd);
	signals_unblock();
out:
	series_release(&ctx.series);
	free(ctx.needed);
	free(ctx.branch);
	return ret;
}
