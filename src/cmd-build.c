// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport build: configure a tree as its profile specifies and build it out of
 * tree (O=), so the source stays clean.  The full make output goes to a
 * log file; the terminal gets one line per step.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git.h"
#include "hostfix.h"
#include "kbackport.h"
#include "kconfig.h"
#include "profile.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"

static const char build_usage[] =
	"usage: kbackport build [options] --profile PROFILE TREE\n"
	"\n"
	"Configure TREE with the base config and fragments of PROFILE and build it\n"
	"out of tree.  Prints the path of the kernel image on stdout.\n"
	"\n"
	"  -p, --profile P   distro profile: a name from distro/ or a path to an .ini file\n"
	"  -o, --output DIR  build directory (default: ./kbp-build/<version>-<profile>)\n"
	"      --qa          add the profile's QA fragment (lockdep, atomic-sleep checks)\n"
	"  -j, --jobs N      parallel make jobs (default: number of online CPUs)\n"
	"      --cc CC       compiler, e.g. gcc-11 (default: gcc); also used as HOSTCC\n"
	"      --no-ccache   do not use ccache even when it is installed\n"
	"      --distcc      compile through distcc (hosts from DISTCC_HOSTS)\n"
	"      --icecc       compile through icecc\n"
	"  -h, --help        show this help\n";

struct build_opts {
	const char *profile;
	const char *output;
	const char *tree;
	const char *cc;
	bool qa;
	bool no_ccache;
	bool distcc;
	bool icecc;
	long jobs;
};

struct build_ctx {
	struct build_opts opts;
	struct profile profile;
	struct kernel_version version;
	char release[96];
	char *src;		/* absolute path of the tree */
	char *out;		/* absolute path of the build directory */
	char *cc_value;		/* the CC= value passed to make */
	char *log;
	int log_fd;
};

static int parse_jobs(const char *arg, long *jobs)
{
	char *end;

	errno = 0;
	*jobs = strtol(arg, &end, 10);
	if (errno || *end || *jobs < 1 || *jobs > 1024) {
		error("invalid --jobs value '%s'", arg);
		hint("pass a number of parallel jobs from 1 to 1024");
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct build_opts *o)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "qa", no_argument, NULL, 'Q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "cc", required_argument, NULL, 'C' },
		{ "no-ccache", no_argument, NULL, 'N' },
		{ "distcc", no_argument, NULL, 'D' },
		{ "icecc", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	o->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	o->cc = "gcc";
	while ((c = getopt_long(argc, argv, "p:o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'o': o->output = optarg; break;
		case 'Q': o->qa = true; break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs))
				return -1;
			break;
		case 'C': o->cc = optarg; break;
		case 'N': o->no_ccache = true; break;
		case 'D': o->distcc = true; break;
		case 'I': o->icecc = true; break;
		case 'h':
			fputs(build_usage, stdout);
			exit(KBP_EXIT_OK);
		default:
			fputs(build_usage, stderr);
			return -1;
		}
	}

	if (optind != argc - 1) {
		error(optind == argc ? "missing TREE argument" : "too many arguments");
		hint("run 'kbackport build --help'");
		return -1;
	}
	if (!o->profile) {
		error("missing --profile");
		hint("pass --profile with a name from distro/, for example --profile bookworm");
		return -1;
	}
	if (o->distcc && o->icecc) {
		error("--distcc and --icecc exclude each other");
		return -1;
	}
	o->tree = argv[optind];
	return 0;
}

static int check_compiler(struct build_ctx *ctx)
{
	const struct build_opts *o = &ctx->opts;
	const char *wrapper = NULL;
	bool ccache = !o->no_ccache && have_program("ccache");

	if (o->distcc)
		wrapper = "distcc";
	else if (o->icecc)
		wrapper = "icecc";

	if (!have_program(o->cc)) {
		error("compiler '%s' not found in PATH", o->cc);
		hint("install it (for example apt-get install gcc-11) or pass another --cc");
		return KBP_EXIT_MISSING;
	}
	if (wrapper && !have_program(wrapper)) {
		error("'%s' not found in PATH", wrapper);
		hint("install it with apt-get install %s, or drop --%s", wrapper, wrapper);
		return KBP_EXIT_MISSING;
	}

	/* ccache hands the compile to distcc or icecc through CCACHE_PREFIX. */
	if (ccache)
		ctx->cc_value = xasprintf("ccache %s", o->cc);
	else if (wrapper)
		ctx->cc_value = xasprintf("%s %s", wrapper, o->cc);
	else
		ctx->cc_value = xstrdup(o->cc);
	if (ccache && wrapper)
		setenv("CCACHE_PREFIX", wrapper, 1);
	return 0;
}

/* Check that the host-toolchain fixes of an old tree are in place. */
static int check_host_toolchain(struct build_ctx *ctx)
{
	struct hostfix_list list;
	char series[32];
	int ret;

	tree_format_series(&ctx->version, series, sizeof(series));
	ret = hostfix_load(series, &list);
	if (ret <= 0) {
		hostfix_release(&list);
		return ret < 0 ? KBP_EXIT_MISSING : 0;
	}

	ret = 0;
	if (!hostfix_is_applied(ctx->src, &list)) {
		error("the host-toolchain fixes for %s are not applied to '%s'", series, ctx->opts.tree);
		hint("run 'kbackport apply --host-toolchain %s' first; %s as released does not build with this host's gcc, binutils, perl and make",
		     ctx->opts.tree, series);
		ret = KBP_EXIT_REJECTED;
	}
	hostfix_release(&list);
	return ret;
}

static int prepare(struct build_ctx *ctx)
{
	const struct build_opts *o = &ctx->opts;
	char *out;

	if (tree_check_kernel(o->tree) || tree_read_version(o->tree, &ctx->version))
		return KBP_EXIT_REJECTED;
	tree_format_release(&ctx->version, ctx->release, sizeof(ctx->release));
	if (profile_load(o->profile, &ctx->profile))
		return KBP_EXIT_REJECTED;
	if (o->qa && !ctx->profile.nqa_fragments) {
		error("--qa given, but profile '%s' has no qa_fragment in [config]", ctx->profile.file);
		hint("add 'qa_fragment = distro/config/qa.config' to the profile");
		return KBP_EXIT_REJECTED;
	}

	ctx->src = realpath(o->tree, NULL);
	out = o->output ? xstrdup(o->output) :
			  xasprintf("kbp-build/%s-%s", ctx->release, ctx->profile.name);
	if (mkdir_p(out)) {
		error("cannot create build directory '%s': %s", out, strerror(errno));
		free(out);
		return KBP_EXIT_FAILED;
	}
	ctx->out = realpath(out, NULL);
	free(out);

	if (!strncmp(ctx->out, ctx->src, strlen(ctx->src)) && ctx->out[strlen(ctx->src)] == '/') {
		error("build directory '%s' is inside the tree '%s'", ctx->out, ctx->src);
		hint("pass --output with a directory outside the tree, so the source stays clean");
		return KBP_EXIT_USAGE;
	}
	return check_host_toolchain(ctx);
}

/* Run make in the tree with O=, ARCH= and CC=, its output appended to the log. */
static int run_make(struct build_ctx *ctx, const char **env, int stdin_fd, ...)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *o_arg = xasprintf("O=%s", ctx->out);
	char *arch = xasprintf("ARCH=%s", ctx->profile.arch);
	char *cc = xasprintf("CC=%s", ctx->cc_value);
	char *hostcc = xasprintf("HOSTCC=%s", ctx->opts.cc);
	const char *arg;
	va_list ap;
	int status;

	run_cmd_push(&cmd, "make", "-C", ctx->src, o_arg, arch, cc, hostcc, NULL);
	/*
	 * Unless LOCALVERSION is set, setlocalversion of 2.6.35 and later adds
	 * "+" to the release of a git tree that is not at a tag, and the
	 * release would no longer be version + the profile's localversion.
	 */
	if (ctx->profile.localversion)
		run_cmd_push_argv(&cmd, "LOCALVERSION=");
	va_start(ap, stdin_fd);
	while ((arg = va_arg(ap, const char *)))
		run_cmd_push_argv(&cmd, arg);
	va_end(ap);
	cmd.env = env;
	cmd.stdin_fd = stdin_fd;
	cmd.stdout_fd = ctx->log_fd;
	cmd.stderr_fd = ctx->log_fd;

	status = run_cmd(&cmd);
	if (status < 0)
		error_cmd(&cmd, status, "cannot run make");
	run_cmd_release(&cmd);
	free(o_arg);
	free(arch);
	free(cc);
	free(hostcc);
	return status;
}

static int open_log(struct build_ctx *ctx)
{
	ctx->log = xasprintf("%s/kbackport-build.log", ctx->out);
	ctx->log_fd = open(ctx->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (ctx->log_fd < 0) {
		error("cannot create log file '%s': %s", ctx->log, strerror(errno));
		return KBP_EXIT_FAILED;
	}
	return 0;
}

static int add_fragments(struct kconfig_set *set, const struct profile *p,
			 char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char *path = profile_resolve_path(p, names[i]);
		int ret = kconfig_add_fragment(set, path);

		free(path);
		if (ret)
			return -1;
	}
	return 0;
}

/* Collect the profile's fragments, the QA fragments and the release suffix. */
static int collect_fragments(struct build_ctx *ctx, struct kconfig_set *set)
{
	const struct profile *p = &ctx->profile;

	if (add_fragments(set, p, p->fragments, p->nfragments))
		return KBP_EXIT_REJECTED;
	if (ctx->opts.qa && add_fragments(set, p, p->qa_fragments, p->nqa_fragments))
		return KBP_EXIT_REJECTED;
	if (p->localversion) {
		char *value = xasprintf("\"%s\"", p->localversion);
		char *origin = xasprintf("%s [kernel] localversion", p->file);

		kconfig_set_value(set, "LOCALVERSION", value, origin);
		kconfig_set_value(set, "LOCALVERSION_AUTO", "n", origin);
		free(value);
		free(origin);
	}
	return 0;
}

static bool tree_has_config_target(const struct build_ctx *ctx, const char *target)
{
	char *path = xasprintf("%s/scripts/kconfig/Makefile", ctx->src);
	char *text = read_file(path, NULL);
	char *needle = xasprintf("%s:", target);
	bool ret = text && strstr(text, needle);

	free(needle);
	free(text);
	free(path);
	return ret;
}

/*
 * Bring a .config whose fragments were merged in up to date, with new
 * symbols at their defaults: olddefconfig where the tree has it, else
 * oldnoconfig, else oldconfig with every question answered by Enter.
 */
static int resolve_config(struct build_ctx *ctx)
{
	static const char newlines[4096] = { [0 ... 4095] = '\n' };
	char *answers;
	int fd, status;

	if (tree_has_config_target(ctx, "olddefconfig"))
		return run_make(ctx, NULL, -1, "olddefconfig", NULL);
	if (tree_has_config_target(ctx, "oldnoconfig"))
		return run_make(ctx, NULL, -1, "oldnoconfig", NULL);

	answers = xasprintf("%s/.kbackport-answers", ctx->out);
	fd = open(answers, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, newlines, sizeof(newlines)) != sizeof(newlines) ||
	    lseek(fd, 0, SEEK_SET)) {
		error("cannot write '%s': %s", answers, strerror(errno));
		free(answers);
		return -1;
	}
	status = run_make(ctx, NULL, fd, "oldconfig", NULL);
	close(fd);
	unlink(answers);
	free(answers);
	return status;
}

static int make_base_config(struct build_ctx *ctx, const struct kconfig_set *set)
{
	const char *base = ctx->profile.config_base;
	char *dotconfig = xasprintf("%s/.config", ctx->out);
	int status;

	if (!strncmp(base, "file:", 5)) {
		char *src = profile_resolve_path(&ctx->profile, base + 5);
		size_t len;
		char *data = read_file(src, &len);

		status = data ? write_file_atomic(dotconfig, data, len) : -1;
		if (status)
			error("cannot copy base config '%s' to '%s': %s", src, dotconfig, strerror(errno));
		free(data);
		free(src);
		free(dotconfig);
		return status;
	}

	if (!strcmp(base, "allnoconfig")) {
		/* KCONFIG_ALLCONFIG keeps the fragments' settings while all else goes to n. */
		char *all = xasprintf("%s/kbackport-fragments.config", ctx->out);
		char *env = xasprintf("KCONFIG_ALLCONFIG=%s", all);
		const char *envv[] = { env, NULL };

		status = kconfig_write_fragment(set, all);
		if (!status)
			status = run_make(ctx, envv, -1, "allnoconfig", NULL);
		free(env);
		free(all);
	} else {
		status = run_make(ctx, NULL, -1, base, NULL);
	}
	free(dotconfig);
	return status;
}

static int configure(struct build_ctx *ctx)
{
	struct kconfig_set set = { NULL, 0, 0 };
	char *dotconfig = xasprintf("%s/.config", ctx->out);
	int ret;

	step_line("CONFIG", ctx->profile.config_base);
	ret = collect_fragments(ctx, &set);
	if (ret)
		goto out;

	ret = make_base_config(ctx, &set) ? KBP_EXIT_FAILED : 0;
	if (!ret && strcmp(ctx->profile.config_base, "allnoconfig")) {
		ret = kconfig_merge_into(&set, dotconfig) ? KBP_EXIT_FAILED : 0;
		if (!ret)
			ret = resolve_config(ctx) ? KBP_EXIT_FAILED : 0;
	}
	if (ret) {
		error("configuring '%s' failed; see '%s'", ctx->opts.tree, ctx->log);
		goto out;
	}

	if (kconfig_verify(&set, dotconfig, ctx->src) > 0)
		hint("the .config is '%s'", dotconfig);
out:
	kconfig_release(&set);
	free(dotconfig);
	return ret;
}

/*
 * Find the error that stopped a build: the first compiler, assembler,
 * linker or distcc message ("error:", "ERROR:"), else the first make
 * "***" line, such as "make[2]: *** No rule to make target".  With -j,
 * later errors are often other jobs failing or make passing the failure up.
 */
static char *find_build_error(char *text)
{
	char *p;

	for (p = text; (p = strcasestr(p, "error:")); p++) {
		if (p == text || p[-1] == ' ' || p[-1] == '\n' || p[-1] == ')')
			return p;
	}
	return strstr(text, ": *** ");
}

/* Print the error that stopped the build, with 3 lines before and 2 after it. */
static void print_build_error(const char *log)
{
	char *text = read_file(log, NULL);
	char *hit, *p, *start;
	int before = 3, after = 2;

	if (!text)
		return;
	hit = find_build_error(text);
	if (!hit) {
		free(text);
		return;
	}

	start = hit;
	while (start > text && before >= 0) {
		start--;
		if (*start == '\n')
			before--;
	}
	if (*start == '\n')
		start++;
	for (p = strchr(hit, '\n'); p && after > 0; after--)
		p = strchr(p + 1, '\n');
	if (p)
		*p = '\0';
	for (char *line = strtok(start, "\n"); line; line = strtok(NULL, "\n"))
		fprintf(stderr, "> %s\n", line);
	free(text);
}

/*
 * Return the time to stamp into the kernel, as Kbuild's "@<seconds>":
 * SOURCE_DATE_EPOCH when set, else the tree's last commit, else NULL.
 * A fixed stamp, user and host make the image depend only on the tree.
 */
static char *build_timestamp(const struct build_ctx *ctx)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *commit_time, *stamp;

	if (epoch && *epoch)
		return xasprintf("KBUILD_BUILD_TIMESTAMP=@%s", epoch);

	commit_time = git_output(ctx->src, "log", "-1", "--format=%ct", NULL);
	if (!commit_time || !*commit_time) {
		free(commit_time);
		return NULL;
	}
	commit_time[strcspn(commit_time, "\n")] = '\0';
	stamp = xasprintf("KBUILD_BUILD_TIMESTAMP=@%s", commit_time);
	free(commit_time);
	return stamp;
}

static int build(struct build_ctx *ctx)
{
	char *jobs = xasprintf("-j%ld", ctx->opts.jobs);
	char *image = xasprintf("%s/arch/x86/boot/bzImage", ctx->out);
	char *stamp = build_timestamp(ctx);
	const char *env[] = { "KBUILD_BUILD_USER=kbackport", "KBUILD_BUILD_HOST=kbackport",
			      stamp, NULL };
	time_t start = time(NULL);
	int status;

	step_line("MAKE", ctx->log);
	status = run_make(ctx, env, -1, jobs, NULL);
	free(jobs);
	free(stamp);

	if (status) {
		if (!kbp_interrupted) {
			print_build_error(ctx->log);
			error("building '%s' failed; the full output is in '%s'", ctx->opts.tree, ctx->log);
		}
		free(image);
		return kbp_interrupted ? KBP_EXIT_INTERRUPTED : KBP_EXIT_FAILED;
	}

	say("built %s in %lds: %s", ctx->release, (long)(time(NULL) - start), image);
	printf("%s\n", access(image, R_OK) ? ctx->out : image);
	free(image);
	return 0;
}

int cmd_build(int argc, char **argv)
{
	struct build_ctx ctx;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.log_fd = -1;
	if (parse_options(argc, argv, &ctx.opts))
		return KBP_EXIT_USAGE;

	signals_install();
	ret = prepare(&ctx);
	if (!ret)
		ret = check_compiler(&ctx);
	if (!ret)
		ret = open_log(&ctx);
	if (!ret)
		ret = configure(&ctx);
	if (!ret)
		ret = build(&ctx);
	if (kbp_interrupted && ret) {
		if (ctx.out)
			error("interrupted; the tree was not changed, the build directory '%s' is incomplete",
			      ctx.out);
		else
			error("interrupted before the build started; nothing was written");
		ret = KBP_EXIT_INTERRUPTED;
	}

	if (ctx.log_fd >= 0)
		close(ctx.log_fd);
	profile_release(&ctx.profile);
	free(ctx.src);
	free(ctx.out);
	free(ctx.cc_value);
	free(ctx.log);
	return ret;
}
