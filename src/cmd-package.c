// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport package: turn a tree and the build directory that
 * 'kbackport build' made into the binary and source packages a
 * distribution ships (RPM and DEB, as the profile names them), signed,
 * with yum and apt repository metadata.  Output is reproducible: every
 * time stored comes from SOURCE_DATE_EPOCH.  Everything is written to a
 * staging folder next to the output folder and renamed into place last,
 * so a failed or interrupted run leaves no partial output.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git.h"
#include "kbackport.h"
#include "package-context.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"
#include "workdir.h"

/* A file that marks a folder as kbackport package output, so a re-run may replace it. */
#define OUTPUT_MARKER ".kbackport-package"

static const char package_usage[] =
	"usage: kbackport package [options] --profile PROFILE TREE\n"
	"\n"
	"Package the kernel that 'kbackport build' built from TREE as the profile's\n"
	"distribution names it: binary and source RPMs and DEBs, optionally signed,\n"
	"with yum and apt repository metadata.  Prints the package paths on stdout.\n"
	"\n"
	"  -p, --profile P        distro profile: a name from distro/ or a path to an .ini file\n"
	"  -o, --output DIR       output folder, replaced as a whole on success\n"
	"                         (default: ./kbp-packages/<version>-<profile>)\n"
	"  -b, --build-dir DIR    build directory of 'kbackport build'\n"
	"                         (default: ./kbp-build/<version>-<profile>)\n"
	"      --sign-key KEYID   sign packages and repository metadata with this gpg key\n"
	"      --passphrase-fd N  read the key's passphrase from file descriptor N\n"
	"                         (default: gpg-agent asks for it or has it cached)\n"
	"  -h, --help             show this help\n"
	"\n"
	"SOURCE_DATE_EPOCH, when set, gives the time stored in the packages; else it is\n"
	"the time of the tree's last git commit, or of its newest file.\n";

static int parse_fd(const char *arg, int *fd)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || *end || n < 0 || n > 1023 || fcntl((int)n, F_GETFD) < 0) {
		error("invalid --passphrase-fd value '%s': not an open file descriptor", arg);
		hint("open the descriptor in the calling shell, e.g. 'kbackport package ... --passphrase-fd 3 3<pass.txt'");
		return -1;
	}
	*fd = (int)n;
	return 0;
}

static int parse_options(int argc, char **argv, struct package_opts *o)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "build-dir", required_argument, NULL, 'b' },
		{ "sign-key", required_argument, NULL, 'K' },
		{ "passphrase-fd", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	o->passphrase_fd = -1;
	while ((c = getopt_long(argc, argv, "p:o:b:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'o': o->output = optarg; break;
		case 'b': o->build_dir = optarg; break;
		case 'K': o->sign_key = optarg; break;
		case 'F':
			if (parse_fd(optarg, &o->passphrase_fd))
				return -1;
			break;
		case 'h':
			fputs(package_usage, stdout);
			exit(KBP_EXIT_OK);
		default:
			fputs(package_usage, stderr);
			return -1;
		}
	}

	if (optind != argc - 1) {
		error(optind == argc ? "missing TREE argument" : "too many arguments");
		hint("run 'kbackport package --help'");
		return -1;
	}
	if (!o->profile) {
		error("missing --profile");
		hint("pass --profile with a name from distro/, for example --profile bookworm");
		return -1;
	}
	if (o->passphrase_fd >= 0 && !o->sign_key) {
		error("--passphrase-fd given without --sign-key");
		return -1;
	}
	o->tree = argv[optind];
	return 0;
}

static char *read_line_file(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *text = read_file(path, NULL);

	free(path);
	if (text)
		text[strcspn(text, "\n")] = '\0';
	return text;
}

/* Check the build directory and read the kernel release it built. */
static int read_build(struct package_ctx *ctx)
{
	const char *const needed[] = { ".config", "System.map", "include/config/kernel.release", NULL };
	char *image = xasprintf("%s/arch/%s/boot/bzImage", ctx->obj, package_srcarch(ctx));
	char *expected;
	int ret = 0;

	for (const char *const *n = needed; *n && !ret; n++) {
		char *path = xasprintf("%s/%s", ctx->obj, *n);

		if (access(path, R_OK))
			ret = error("build directory '%s' has no '%s': %s", ctx->obj, *n, strerror(errno));
		free(path);
	}
	if (!ret && access(image, R_OK))
		ret = error("build directory '%s' has no kernel image '%s'", ctx->obj, image);
	free(image);
	if (ret) {
		hint("run 'kbackport build --profile %s %s' first, or pass --build-dir",
		     ctx->opts.profile, ctx->opts.tree);
		return KBP_EXIT_MISSING;
	}

	ctx->release = read_line_file(ctx->obj, "include/config/kernel.release");
	expected = xasprintf("%s%s", ctx->version, ctx->profile.localversion ? ctx->profile.localversion : "");
	if (ctx->profile.localversion && strcmp(ctx->release, expected)) {
		error("build directory '%s' holds kernel release '%s', but profile '%s' makes '%s'",
		      ctx->obj, ctx->release, ctx->profile.file, expected);
		hint("rebuild with 'kbackport build --profile %s', or pass the matching --build-dir",
		     ctx->opts.profile);
		ret = KBP_EXIT_REJECTED;
	}
	free(expected);
	return ret;
}

static const char *debian_package_of(const char *tool)
{
	static const char *const map[] = {
		"rpmbuild", "rpm", "rpmsign", "rpm", "createrepo_c", "createrepo-c",
		"dpkg-deb", "dpkg", "dpkg-source", "dpkg-dev", "dpkg-genchanges", "dpkg-dev",
		"dpkg-gencontrol", "dpkg-dev", "apt-ftparchive", "apt-utils", "ar", "binutils",
		"debsign", "devscripts", "gpg", "gnupg", "xz", "xz-utils", "depmod", "kmod", NULL,
	};

	for (const char *const *m = map; *m; m += 2) {
		if (!strcmp(m[0], tool))
			return m[1];
	}
	return tool;
}

static bool have_tool(const char *tool)
{
	char *sbin = xasprintf("/sbin/%s", tool);
	char *usr_sbin = xasprintf("/usr/sbin/%s", tool);
	bool ret = have_program(tool) || have_program(sbin) || have_program(usr_sbin);

	free(sbin);
	free(usr_sbin);
	return ret;
}

static int check_tools(const struct package_ctx *ctx)
{
	static const char *const base[] = { "make", "tar", "gzip", "xz", "depmod", NULL };
	static const char *const rpm[] = { "rpmbuild", "createrepo_c", NULL };
	static const char *const deb[] = { "dpkg-deb", "dpkg-source", "dpkg-genchanges",
					   "dpkg-gencontrol", "apt-ftparchive", NULL };
	static const char *const rpm_sign[] = { "gpg", "rpmsign", NULL };
	static const char *const deb_sign[] = { "gpg", "ar", "debsign", NULL };
	const char *const *lists[] = {
		base, ctx->want_rpm ? rpm : NULL, ctx->want_deb ? deb : NULL,
		ctx->want_rpm && ctx->opts.sign_key ? rpm_sign : NULL,
		ctx->want_deb && ctx->opts.sign_key ? deb_sign : NULL,
	};

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		for (const char *const *t = lists[i]; t && *t; t++) {
			if (have_tool(*t))
				continue;
			error("'%s' not found in PATH, which packaging with profile '%s' needs",
			      *t, ctx->profile.name);
			hint("install it with 'apt-get install %s' (scripts/install-deps.sh installs all)",
			     debian_package_of(*t));
			return KBP_EXIT_MISSING;
		}
	}
	return 0;
}

/* A folder may become the output if it is new, empty or an earlier output. */
static int check_output(const struct package_ctx *ctx)
{
	char *marker = xasprintf("%s/" OUTPUT_MARKER, ctx->out);
	DIR *d = opendir(ctx->out);
	struct dirent *e;
	int entries = 0, ret = 0;

	if (!d && errno != ENOENT)
		ret = error("cannot use output folder '%s': %s", ctx->out, strerror(errno));
	while (d && (e = readdir(d)))
		entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	if (!ret && entries && access(marker, F_OK)) {
		error("output folder '%s' is not empty and was not made by 'kbackport package'", ctx->out);
		hint("pass a new or empty folder with --output; a run replaces its output folder as a whole");
		ret = KBP_EXIT_REJECTED;
	}
	free(marker);
	return ret;
}

static int prepare(struct package_ctx *ctx)
{
	const struct package_opts *o = &ctx->opts;
	char *obj, *out;

	if (tree_check_kernel(o->tree) || tree_read_version(o->tree, &ctx->kver))
		return KBP_EXIT_REJECTED;
	tree_format_release(&ctx->kver, ctx->version, sizeof(ctx->version));
	if (profile_load(o->profile, &ctx->profile))
		return KBP_EXIT_REJECTED;

	ctx->want_rpm = package_has_format(&ctx->profile, "rpm");
	ctx->want_deb = package_has_format(&ctx->profile, "deb");
	if (!ctx->want_rpm && !ctx->want_deb) {
		error("profile '%s' lists no package format in [profile] formats", ctx->profile.file);
		hint("set 'formats = deb rpm', 'formats = rpm' or 'formats = deb'");
		return KBP_EXIT_REJECTED;
	}
	if (package_profile_check(&ctx->profile, ctx->want_rpm, ctx->want_deb))
		return KBP_EXIT_REJECTED;

	ctx->src = realpath(o->tree, NULL);
	obj = o->build_dir ? xstrdup(o->build_dir)
			   : xasprintf("kbp-build/%s-%s", ctx->version, ctx->profile.name);
	ctx->obj = realpath(obj, NULL);
	if (!ctx->obj) {
		error("build directory '%s' not found: %s", obj, strerror(errno));
		hint("run 'kbackport build --profile %s %s' first, or pass --build-dir", o->profile, o->tree);
		free(obj);
		return KBP_EXIT_MISSING;
	}
	free(obj);

	out = o->output ? xstrdup(o->output)
			: xasprintf("kbp-packages/%s-%s", ctx->version, ctx->profile.name);
	if (out[0] == '/') {
		ctx->out = out;
	} else {
		char *cwd = getcwd(NULL, 0);

		ctx->out = xasprintf("%s/%s", cwd ? cwd : ".", out);
		free(cwd);
		free(out);
	}
	return check_output(ctx);
}

static time_t newest_mtime;

static int note_mtime(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	if (!strcmp(path + ftw->base, ".git"))
		return FTW_SKIP_SUBTREE;
	if (S_ISREG(st->st_mode) && st->st_mtime > newest_mtime)
		newest_mtime = st->st_mtime;
	return FTW_CONTINUE;
}

/*
 * SOURCE_DATE_EPOCH: from the environment when set, else the committer
 * time of the tree's last commit, else the mtime of its newest file.
 */
static int find_epoch(struct package_ctx *ctx)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	char *git_dir = xasprintf("%s/.git", ctx->src);
	char *end;

	if (env && *env) {
		ctx->epoch = strtoll(env, &end, 10);
		if (*end || ctx->epoch < 0) {
			free(git_dir);
			error("invalid SOURCE_DATE_EPOCH '%s'", env);
			hint("set it to seconds since 1970, e.g. $(git log -1 --format=%%ct), or unset it");
			return KBP_EXIT_USAGE;
		}
	} else if (!access(git_dir, F_OK)) {
		char *ct = git_output(ctx->src, "log", "-1", "--format=%ct", NULL);

		ctx->epoch = ct ? strtoll(ct, NULL, 10) : 0;
		free(ct);
	}
	free(git_dir);

	if (ctx->epoch <= 0) {
		newest_mtime = 0;
		nftw(ctx->src, note_mtime, 64, FTW_PHYS | FTW_ACTIONRETVAL);
		ctx->epoch = newest_mtime;
	}
	snprintf(ctx->epoch_env, sizeof(ctx->epoch_env), "SOURCE_DATE_EPOCH=%lld", (long long)ctx->epoch);
	debug("SOURCE_DATE_EPOCH=%lld", (long long)ctx->epoch);
	return 0;
}

static int make_stage(struct package_ctx *ctx)
{
	char *copy = xstrdup(ctx->out);
	char *parent = xstrdup(dirname(copy));
	char *base = xstrdup(basename(strcpy(copy, ctx->out)));
	int ret = 0;

	ctx->stage = xasprintf("%s/.%s.kbp-XXXXXX", parent, base);
	if (mkdir_p(parent) || !mkdtemp(ctx->stage)) {
		ret = error("cannot create a staging folder '%s': %s", ctx->stage, strerror(errno));
		free(ctx->stage);
		ctx->stage = NULL;
	} else {
		chmod(ctx->stage, 0755);
		ctx->result = xasprintf("%s/result", ctx->stage);
		ctx->work = xasprintf("%s/work", ctx->stage);
		if (mkdir(ctx->result, 0755) || mkdir(ctx->work, 0755))
			ret = error("cannot create '%s': %s", ctx->result, strerror(errno));
	}
	free(copy);
	free(parent);
	free(base);
	return ret ? KBP_EXIT_FAILED : 0;
}

/* The tree as a sorted tarball with owners and times normalised, compressed with gzip -n. */
static int make_tarball(struct package_ctx *ctx)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	const char *env[] = { "LC_ALL=C", NULL };
	char *mtime = xasprintf("--mtime=@%lld", (long long)ctx->epoch);
	char *transform;
	int status;

	ctx->tarball_dir = xasprintf("linux-%s", ctx->version);
	ctx->tarball = xasprintf("%s/%s.tar.gz", ctx->work, ctx->tarball_dir);
	transform = xasprintf("--transform=s,^\\.,%s,", ctx->tarball_dir);
	run_cmd_push(&cmd, "tar", "--sort=name", "--format=gnu", "--owner=0", "--group=0",
		     "--numeric-owner", mtime, "--clamp-mtime", "--mode=u+rw,go-w,go+rX",
		     "--exclude=./.git", transform, "--use-compress-program=gzip -n -6",
		     "-C", ctx->src, "-cf", ctx->tarball, ".", NULL);
	cmd.env = env;
	cmd.capture_stderr = true;

	step_line("TAR", strrchr(ctx->tarball, '/') + 1);
	status = run_cmd(&cmd);
	if (status)
		error_cmd(&cmd, status, "cannot archive the tree '%s'", ctx->opts.tree);
	run_cmd_release(&cmd);
	free(mtime);
	free(transform);
	return status ? KBP_EXIT_FAILED : 0;
}

static int export_public_key(struct package_ctx *ctx)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *path = xasprintf("%s/signing-key.asc", ctx->result);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int status;

	if (fd < 0) {
		free(path);
		return error("cannot create the public key file: %s", strerror(errno));
	}
	run_cmd_push(&cmd, "gpg", "--batch", "--armor", "--export", ctx->signer.fingerprint, NULL);
	cmd.stdout_fd = fd;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	if (status)
		error_cmd(&cmd, status, "cannot export key '%s'", ctx->signer.key);
	close(fd);
	run_cmd_release(&cmd);
	free(path);
	return status ? KBP_EXIT_FAILED : 0;
}

/* Put stage/result in place of the output folder in one rename. */
static int publish(struct package_ctx *ctx)
{
	char *marker = xasprintf("%s/" OUTPUT_MARKER, ctx->result);
	int ret = 0;

	if (write_file_atomic(marker, "", 0))
		ret = error("cannot write '%s': %s", marker, strerror(errno));
	free(marker);
	if (ret)
		return KBP_EXIT_FAILED;

	signals_block();
	if (rename(ctx->result, ctx->out) && (errno == EEXIST || errno == ENOTEMPTY)) {
		/* The old output moves to stage/result and goes with the stage. */
		if (renameat2(AT_FDCWD, ctx->result, AT_FDCWD, ctx->out, RENAME_EXCHANGE))
			ret = error("cannot replace '%s': %s", ctx->out, strerror(errno));
	} else if (access(ctx->out, F_OK) || !access(ctx->result, F_OK)) {
		ret = error("cannot move the output to '%s': %s", ctx->out, strerror(errno));
	}
	signals_unblock();
	return ret ? KBP_EXIT_FAILED : 0;
}

static void print_folder(const char *out, const char *sub)
{
	char *dir = xasprintf("%s/%s", out, sub);
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		size_t len = strlen(name);

		if ((len > 4 && (!strcmp(name + len - 4, ".rpm") || !strcmp(name + len - 4, ".deb") ||
				 !strcmp(name + len - 4, ".dsc"))) ||
		    (len > 8 && !strcmp(name + len - 8, ".changes")))
			printf("%s/%s\n", dir, name);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	free(dir);
}

static int run_steps(struct package_ctx *ctx)
{
	int ret = make_stage(ctx);

	if (!ret)
		ret = make_tarball(ctx);
	if (!ret && ctx->want_rpm && !kbp_interrupted)
		ret = package_build_rpm(ctx);
	if (!ret && ctx->want_rpm && ctx->opts.sign_key && !kbp_interrupted)
		ret = package_sign_rpm(ctx);
	if (!ret && ctx->want_rpm && !kbp_interrupted)
		ret = package_repo_yum(ctx);
	if (!ret && ctx->want_deb && !kbp_interrupted)
		ret = package_build_deb(ctx);
	if (!ret && ctx->want_deb && !kbp_interrupted)
		ret = package_repo_apt(ctx);
	if (!ret && ctx->opts.sign_key && !kbp_interrupted)
		ret = export_public_key(ctx);
	if (!ret && kbp_interrupted)
		ret = KBP_EXIT_INTERRUPTED;
	if (!ret)
		ret = publish(ctx);
	return ret;
}

static void release_ctx(struct package_ctx *ctx)
{
	if (ctx->stage)
		remove_tree(ctx->stage);
	signer_close(&ctx->signer);
	profile_release(&ctx->profile);
	free(ctx->release);
	free(ctx->src);
	free(ctx->obj);
	free(ctx->out);
	free(ctx->stage);
	free(ctx->result);
	free(ctx->work);
	free(ctx->tarball);
	free(ctx->tarball_dir);
}

int cmd_package(int argc, char **argv)
{
	struct package_ctx ctx;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	if (parse_options(argc, argv, &ctx.opts))
		return KBP_EXIT_USAGE;

	signals_install();
	ret = prepare(&ctx);
	if (!ret)
		ret = read_build(&ctx);
	if (!ret) {
		ctx.vars.version = ctx.version;
		ctx.vars.release = ctx.release;
		ctx.vars.flavour = ctx.profile.pkg.flavour;
		ctx.vars.arch = ctx.profile.arch;
		ret = check_tools(&ctx);
	}
	if (!ret && ctx.opts.sign_key)
		ret = signer_open(&ctx.signer, ctx.opts.sign_key, ctx.opts.passphrase_fd);
	if (!ret)
		ret = find_epoch(&ctx);
	if (!ret)
		ret = run_steps(&ctx);

	if (kbp_interrupted && ret) {
		error("interrupted; no output was written to '%s'", ctx.out);
		ret = KBP_EXIT_INTERRUPTED;
	}
	if (!ret) {
		print_folder(ctx.out, "rpm");
		print_folder(ctx.out, "deb");
		say("packages of %s are in '%s'", ctx.release, ctx.out);
	}
	release_ctx(&ctx);
	return ret;
}
