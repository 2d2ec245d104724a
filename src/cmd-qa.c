// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport qa: vendor QA of the packages 'kbackport package' wrote.
 * Every check runs, even after one fails: signatures against the public
 * key, a DEB install in a debootstrap root, an RPM install in a scratch
 * root, and a QEMU boot of the packaged kernel under an mm stress load.
 * The report goes to stdout; exit 1 means at least one check failed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbackport.h"
#include "qa-context.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"
#include "workdir.h"

static const char qa_usage[] =
	"usage: kbackport qa [options] --profile PROFILE --key KEY OUTPUT\n"
	"\n"
	"Check the packages 'kbackport package' wrote to OUTPUT: signatures, a DEB\n"
	"install in a debootstrap root, an RPM install in a scratch root, and a QEMU\n"
	"boot of the packaged kernel running an mm stress program.  Prints a report\n"
	"on stdout; exits 1 if any check failed.\n"
	"\n"
	"  -p, --profile P          distro profile: a name from distro/ or a path to an .ini file\n"
	"  -k, --key FILE           the signing key's public key (armored or binary)\n"
	"  -e, --evidence DIR       folder for logs and console captures (default: ./kbp-qa)\n"
	"      --checks LIST        comma-separated subset of: signatures,deb-install,rpm-install,boot\n"
	"      --kernel IMAGE       boot IMAGE instead of the packaged kernel (OUTPUT optional)\n"
	"      --baseline DIR       package output of the same kernel without the series; booted\n"
	"                           to tell new console reports from old ones\n"
	"      --baseline-kernel IMAGE  the same, given as a kernel image\n"
	"      --cache DIR          folder for the cached debootstrap root\n"
	"                           (default: $XDG_CACHE_HOME/kbackport or ~/.cache/kbackport)\n"
	"      --mirror URL         Debian mirror for debootstrap (default: http://deb.debian.org/debian)\n"
	"      --timeout SECONDS    limit for one QEMU boot (default: 300)\n"
	"      --stress-seconds N   run time of the stress program (default: 20)\n"
	"      --skip-workload W    leave out stress workload W: hugetlb, ksm, migrate or\n"
	"                           hwpoison; repeatable, for a kernel whose known bug\n"
	"                           stops the stress\n"
	"      --json               print the report as JSON\n"
	"  -h, --help               show this help\n";

static const char *const all_checks[] = { "signatures", "deb-install", "rpm-install", "boot", NULL };

static int parse_seconds(const char *option, const char *arg, long *value)
{
	char *end;

	errno = 0;
	*value = strtol(arg, &end, 10);
	if (errno || *end || *value < 1 || *value > 86400) {
		error("invalid %s value '%s'", option, arg);
		hint("pass a number of seconds from 1 to 86400");
		return -1;
	}
	return 0;
}

static int check_names(const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	int ret = 0;

	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const char *const *c;

		for (c = all_checks; *c && strcmp(*c, name); c++)
			;
		if (!*c) {
			ret = error("unknown check '%s' in --checks", name);
			hint("known checks are signatures, deb-install, rpm-install and boot");
			break;
		}
	}
	free(copy);
	return ret;
}

/*
 * Self-test of the console scan (not in the help): --inject-bug makes the
 * kernel hit BUG() through LKDTM (CONFIG_LKDTM), --inject-bug=kmsg only
 * writes a BUG line through /dev/kmsg.
 */
static int parse_inject_bug(const char *arg, struct qa_opts *o)
{
	if (!arg || !strcmp(arg, "kernel")) {
		o->inject_bug = "kernel-bug";
		return 0;
	}
	if (!strcmp(arg, "kmsg")) {
		o->inject_bug = "kmsg-bug";
		return 0;
	}
	error("invalid --inject-bug value '%s'", arg);
	hint("use --inject-bug (a BUG() through LKDTM) or --inject-bug=kmsg");
	return -1;
}

/* Add W to the workloads the stress program leaves out. */
static int add_skip_workload(const char *w, struct qa_opts *o)
{
	static const char *const optional[] = { "hugetlb", "ksm", "migrate", "hwpoison", NULL };
	char *list;

	for (const char *const *name = optional; *name; name++) {
		if (strcmp(w, *name))
			continue;
		list = o->skip_workloads ? xasprintf("%s,%s", o->skip_workloads, w) : xstrdup(w);
		free(o->skip_workloads);
		o->skip_workloads = list;
		return 0;
	}
	error("invalid --skip-workload value '%s'", w);
	hint("the workloads that can be left out are hugetlb, ksm, migrate and hwpoison");
	return -1;
}

static int parse_options(int argc, char **argv, struct qa_opts *o)
{
	enum { OPT_CHECKS = 256, OPT_KERNEL, OPT_BASELINE, OPT_BASELINE_KERNEL, OPT_CACHE,
	       OPT_MIRROR, OPT_TIMEOUT, OPT_STRESS, OPT_JSON, OPT_SCAN_LOG, OPT_INJECT_BUG,
	       OPT_INJECT_PANIC, OPT_SKIP_WORKLOAD };
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "key", required_argument, NULL, 'k' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "checks", required_argument, NULL, OPT_CHECKS },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "baseline-kernel", required_argument, NULL, OPT_BASELINE_KERNEL },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "mirror", required_argument, NULL, OPT_MIRROR },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "stress-seconds", required_argument, NULL, OPT_STRESS },
		{ "skip-workload", required_argument, NULL, OPT_SKIP_WORKLOAD },
		{ "json", no_argument, NULL, OPT_JSON },
		/* For tests, see docs/qa.md. */
		{ "scan-log", required_argument, NULL, OPT_SCAN_LOG },
		{ "inject-bug", optional_argument, NULL, OPT_INJECT_BUG },
		{ "inject-panic", no_argument, NULL, OPT_INJECT_PANIC },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	o->timeout = 300;
	o->stress_seconds = 20;
	o->evidence = "kbp-qa";
	o->mirror = "http://deb.debian.org/debian";
	while ((c = getopt_long(argc, argv, "p:k:e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'k': o->key = optarg; break;
		case 'e': o->evidence = optarg; break;
		case OPT_CHECKS:
			if (check_names(optarg))
				return -1;
			o->checks = xasprintf(",%s,", optarg);
			break;
		case OPT_KERNEL: o->kernel = optarg; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_BASELINE_KERNEL: o->baseline_kernel = optarg; break;
		case OPT_CACHE: o->cache = optarg; break;
		case OPT_MIRROR: o->mirror = optarg; break;
		case OPT_TIMEOUT:
			if (parse_seconds("--timeout", optarg, &o->timeout))
				return -1;
			break;
		case OPT_STRESS:
			if (parse_seconds("--stress-seconds", optarg, &o->stress_seconds))
				return -1;
			break;
		case OPT_SKIP_WORKLOAD:
			if (add_skip_workload(optarg, o))
				return -1;
			break;
		case OPT_JSON: o->json = true; break;
		case OPT_SCAN_LOG: o->scan_log = optarg; break;
		case OPT_INJECT_BUG:
			if (parse_inject_bug(optarg, o))
				return -1;
			break;
		case OPT_INJECT_PANIC: o->inject_panic = true; break;
		case 'h':
			fputs(qa_usage, stdout);
			exit(KBP_EXIT_OK);
		default:
			fputs(qa_usage, stderr);
			return -1;
		}
	}

	if (argc - optind > 1) {
		error("too many arguments");
		hint("run 'kbackport qa --help'");
		return -1;
	}
	o->output = optind < argc ? argv[optind] : NULL;
	if (!o->profile) {
		error("missing --profile");
		hint("pass --profile with a name from distro/, for example --profile bookworm");
		return -1;
	}
	return 0;
}

static bool wants_check(const struct qa_ctx *ctx, const char *name)
{
	char *needle;
	bool ret;

	if (!ctx->opts.checks)
		return true;
	needle = xasprintf(",%s,", name);
	ret = strstr(ctx->opts.checks, needle) != NULL;
	free(needle);
	return ret;
}

bool qa_has_format(const struct qa_ctx *ctx, const char *format)
{
	const char *formats = ctx->profile.formats ? ctx->profile.formats : "deb rpm";
	size_t len = strlen(format);

	for (const char *p = formats; (p = strstr(p, format)); p += len) {
		if ((p == formats || p[-1] == ' ') && (!p[len] || p[len] == ' '))
			return true;
	}
	return false;
}

static bool is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Check the inputs each selected check needs before any check runs. */
static int check_inputs(struct qa_ctx *ctx)
{
	const struct qa_opts *o = &ctx->opts;
	bool needs_output = wants_check(ctx, "signatures") || wants_check(ctx, "deb-install") ||
			    wants_check(ctx, "rpm-install") || !o->kernel;

	if (needs_output && !o->output) {
		error("missing OUTPUT argument");
		hint("pass the folder 'kbackport package' wrote, or --checks boot --kernel IMAGE");
		return KBP_EXIT_USAGE;
	}
	if (o->output && !is_directory(o->output)) {
		error("package output '%s' is not a folder", o->output);
		hint("run 'kbackport package' first and pass its --output folder");
		return KBP_EXIT_MISSING;
	}
	if (needs_output && !o->key) {
		error("missing --key");
		hint("pass the public key of the key that signed the packages (gpg --export KEYID > key.gpg)");
		return KBP_EXIT_USAGE;
	}
	if (o->key && access(o->key, R_OK)) {
		error("cannot read key '%s': %s", o->key, strerror(errno));
		return KBP_EXIT_MISSING;
	}
	if (o->kernel && access(o->kernel, R_OK)) {
		error("cannot read kernel image '%s': %s", o->kernel, strerror(errno));
		return KBP_EXIT_MISSING;
	}
	return 0;
}

static int prepare(struct qa_ctx *ctx)
{
	char tmpl[] = "/tmp/kbackport-qa.XXXXXX";
	int ret;

	if (profile_load(ctx->opts.profile, &ctx->profile))
		return KBP_EXIT_REJECTED;
	if (ctx->opts.scan_log)
		return 0;
	ret = check_inputs(ctx);
	if (ret)
		return ret;

	if (mkdir_p(ctx->opts.evidence)) {
		error("cannot create evidence folder '%s': %s", ctx->opts.evidence, strerror(errno));
		return KBP_EXIT_FAILED;
	}
	ctx->evidence = realpath(ctx->opts.evidence, NULL);
	if (!mkdtemp(tmpl)) {
		error("cannot create a scratch folder '%s': %s", tmpl, strerror(errno));
		return KBP_EXIT_FAILED;
	}
	ctx->work = xstrdup(tmpl);
	if (ctx->opts.key && qa_key_prepare(ctx))
		return KBP_EXIT_REJECTED;
	return 0;
}

char *qa_evidence_path(const struct qa_ctx *ctx, const char *name)
{
	return xasprintf("%s/%s", ctx->evidence, name);
}

/* Return the path of the first file in DIR, by name order, with PREFIX and SUFFIX. */
char *qa_find_file(const char *dir, const char *prefix, const char *suffix)
{
	struct dirent **entries;
	char *found = NULL;
	int n = scandir(dir, &entries, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *name = entries[i]->d_name;
		size_t len = strlen(name), slen = strlen(suffix);

		if (!found && !strncmp(name, prefix, strlen(prefix)) && len >= slen &&
		    !strcmp(name + len - slen, suffix))
			found = xasprintf("%s/%s", dir, name);
		free(entries[i]);
	}
	if (n >= 0)
		free(entries);
	return found;
}

static const char *c_locale[] = { "LC_ALL=C", NULL };

/* Run CMD with its output appended to LOG_FD, the command line first. */
int qa_run_logged(struct run_cmd *cmd, int log_fd)
{
	char *line = run_cmd_format(cmd);
	int status;

	dprintf(log_fd, "$ %s\n", line);
	free(line);
	cmd->stdout_fd = log_fd;
	cmd->stderr_fd = log_fd;
	if (!cmd->env)
		cmd->env = c_locale;
	status = run_cmd(cmd);
	if (status < 0)
		dprintf(log_fd, "cannot run '%s': %s\n", cmd->argv[0], strerror(errno));
	else if (status)
		dprintf(log_fd, "exit status %d\n", status);
	return status;
}

/* Run CMD capturing its output, append the command and its output to LOG_FD, return the status. */
int qa_run_captured(struct run_cmd *cmd, int log_fd)
{
	char *line = run_cmd_format(cmd);
	int status;

	cmd->capture_stdout = true;
	cmd->capture_stderr = true;
	if (!cmd->env)
		cmd->env = c_locale;
	status = run_cmd(cmd);
	dprintf(log_fd, "$ %s\n%s%s", line, strbuf_str(&cmd->out), strbuf_str(&cmd->err));
	if (status)
		dprintf(log_fd, "exit status %d\n", status);
	free(line);
	return status;
}

static void skip_check(struct qa_ctx *ctx, const char *name, const char *why)
{
	struct qa_check *check = qa_check_start(&ctx->report, name, NULL);

	check->result = QA_SKIP;
	qa_check_note(check, "%s", why);
}

static void run_checks(struct qa_ctx *ctx)
{
	if (wants_check(ctx, "signatures"))
		qa_check_signatures(ctx);

	if (!wants_check(ctx, "deb-install"))
		;
	else if (qa_has_format(ctx, "deb"))
		qa_check_deb_install(ctx);
	else
		skip_check(ctx, "deb-install", "the profile's formats have no deb");

	if (!wants_check(ctx, "rpm-install"))
		;
	else if (qa_has_format(ctx, "rpm"))
		qa_check_rpm_install(ctx);
	else
		skip_check(ctx, "rpm-install", "the profile's formats have no rpm");

	if (wants_check(ctx, "boot"))
		qa_check_boot(ctx);
}

static int print_report(struct qa_ctx *ctx)
{
	size_t failed = qa_report_count_failed(&ctx->report);

	if (ctx->opts.json)
		qa_report_print_json(&ctx->report, ctx->profile.name);
	else
		qa_report_print_text(&ctx->report, ctx->profile.name);
	fflush(stdout);

	if (failed) {
		error("%zu of %zu QA checks failed", failed, ctx->report.nchecks);
		if (ctx->evidence)
			hint("the evidence files are in '%s'", ctx->evidence);
		return KBP_EXIT_FAILED;
	}
	return 0;
}

int cmd_qa(int argc, char **argv)
{
	struct qa_ctx ctx;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	if (parse_options(argc, argv, &ctx.opts)) {
		free(ctx.opts.checks);
		free(ctx.opts.skip_workloads);
		return KBP_EXIT_USAGE;
	}

	signals_install();
	ret = prepare(&ctx);
	if (!ret && ctx.opts.scan_log)
		qa_scan_log_file(&ctx, ctx.opts.scan_log);
	else if (!ret)
		run_checks(&ctx);
	if (!ret)
		ret = print_report(&ctx);
	if (kbp_interrupted) {
		error("interrupted; the report above is incomplete");
		ret = KBP_EXIT_INTERRUPTED;
	}

	if (ctx.work)
		remove_tree(ctx.work);
	qa_report_release(&ctx.report);
	profile_release(&ctx.profile);
	free(ctx.evidence);
	free(ctx.work);
	free(ctx.installed_image);
	free(ctx.keyring);
	free(ctx.armored_key);
	free(ctx.keyid);
	free(ctx.opts.checks);
	free(ctx.opts.skip_workloads);
	return ret;
}
