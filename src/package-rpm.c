// SPDX-License-Identifier: GPL-2.0-only
/*
 * RPM packages: a spec filled from spec/kernel.spec.in, a source RPM that
 * builds with plain make, and binary RPMs made from the build directory
 * by the same spec with --with prebuilt.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kbackport.h"
#include "package-context.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"
#include "workdir.h"

struct rpm_names {
	char *name;
	char *devel;
	char *headers;
	char *firmware;
	char *version;
	char *release;
};

static void rpm_names_fill(const struct package_ctx *ctx, struct rpm_names *n)
{
	const struct package_profile *pkg = &ctx->profile.pkg;

	n->name = package_expand(pkg->rpm_name, &ctx->vars);
	n->devel = package_expand(pkg->rpm_devel, &ctx->vars);
	n->headers = pkg->rpm_headers ? package_expand(pkg->rpm_headers, &ctx->vars) : xstrdup("");
	n->firmware = pkg->rpm_firmware ? package_expand(pkg->rpm_firmware, &ctx->vars) : xstrdup("");
	n->version = package_expand(pkg->rpm_version ? pkg->rpm_version : "{version}", &ctx->vars);
	n->release = package_expand(pkg->rpm_release, &ctx->vars);
}

static void rpm_names_release(struct rpm_names *n)
{
	free(n->name);
	free(n->devel);
	free(n->headers);
	free(n->firmware);
	free(n->version);
	free(n->release);
}

/*
 * %post and %preun for the profile's [rpm] post scheme: new-kernel-pkg
 * (RHEL 5 and 6), kernel-install (systemd), sles (mkinitrd and
 * update-bootloader, SLES 11) or none.
 */
static const char *const post_scripts[][3] = {
	{ "new-kernel-pkg",
	  "if [ -x /sbin/new-kernel-pkg ]; then\n"
	  "    /sbin/new-kernel-pkg --package %{name} --mkinitrd --dracut --depmod --install %{kbp_release} || exit $?\n"
	  "fi",
	  "if [ -x /sbin/new-kernel-pkg ]; then\n"
	  "    /sbin/new-kernel-pkg --rminitrd --rmmoddep --remove %{kbp_release} || exit $?\n"
	  "fi" },
	{ "kernel-install",
	  "if [ -x /usr/bin/kernel-install ]; then\n"
	  "    /usr/bin/kernel-install add %{kbp_release} /boot/vmlinuz-%{kbp_release} || exit $?\n"
	  "fi",
	  "if [ -x /usr/bin/kernel-install ]; then\n"
	  "    /usr/bin/kernel-install remove %{kbp_release} || exit $?\n"
	  "fi" },
	{ "sles",
	  "/sbin/depmod -a %{kbp_release}\n"
	  "if [ -x /sbin/mkinitrd ]; then\n"
	  "    /sbin/mkinitrd -k /boot/vmlinuz-%{kbp_release} -i /boot/initrd-%{kbp_release} || exit $?\n"
	  "fi\n"
	  "if [ -x /sbin/update-bootloader ]; then\n"
	  "    /sbin/update-bootloader --image /boot/vmlinuz-%{kbp_release} --initrd /boot/initrd-%{kbp_release} --add --force\n"
	  "fi",
	  "if [ -x /sbin/update-bootloader ]; then\n"
	  "    /sbin/update-bootloader --image /boot/vmlinuz-%{kbp_release} --initrd /boot/initrd-%{kbp_release} --remove --force\n"
	  "fi\n"
	  "rm -f /boot/initrd-%{kbp_release}" },
	{ "none", ":", ":" },
};

static const char *post_script(const char *scheme, int which)
{
	for (size_t i = 0; i < sizeof(post_scripts) / sizeof(post_scripts[0]); i++) {
		if (!strcmp(post_scripts[i][0], scheme ? scheme : "none"))
			return post_scripts[i][which];
	}
	return ":";
}

/* The %changelog entry: RPM wants "* Www Mmm DD YYYY Name <mail> - version-release". */
static char *rpm_changelog(const struct package_ctx *ctx, const struct rpm_names *n)
{
	const struct package_profile *pkg = &ctx->profile.pkg;
	struct strbuf sb = STRBUF_INIT;
	char day[32];
	struct tm tm;

	gmtime_r(&ctx->epoch, &tm);
	strftime(day, sizeof(day), "%a %b %d %Y", &tm);
	strbuf_addstr(&sb, "* ");
	strbuf_addstr(&sb, day);
	strbuf_addstr(&sb, " ");
	strbuf_addstr(&sb, pkg->maintainer);
	strbuf_addstr(&sb, " - ");
	strbuf_addstr(&sb, n->version);
	strbuf_addstr(&sb, "-");
	strbuf_addstr(&sb, n->release);
	for (size_t i = 0; i < pkg->nchangelog; i++) {
		char *line = package_expand(pkg->changelog[i], &ctx->vars);

		strbuf_addstr(&sb, "\n- ");
		strbuf_addstr(&sb, line);
		free(line);
	}
	if (!pkg->nchangelog)
		strbuf_addstr(&sb, "\n- Build kernel release with kbackport");
	return sb.buf;
}

static int write_spec(const struct package_ctx *ctx, const struct rpm_names *n, const char *spec)
{
	const struct package_profile *pkg = &ctx->profile.pkg;
	bool gzip = pkg->rpm_payload && !strcmp(pkg->rpm_payload, "gzip");
	bool md5 = pkg->rpm_digest && !strcmp(pkg->rpm_digest, "md5");
	char *tarball = strrchr(ctx->tarball, '/') + 1;
	char *changelog = rpm_changelog(ctx, n);
	char *image_deps = *n->firmware ? xasprintf("Requires: %s = %%{version}-%%{release}", n->firmware)
					: xstrdup("");
	const char *vars[] = {
		"KREL", ctx->release,
		"SRCARCH", package_srcarch(ctx),
		"ARCH", ctx->profile.arch,
		"POST_SCRIPT", post_script(pkg->rpm_post, 1),
		"PREUN_SCRIPT", post_script(pkg->rpm_post, 2),
		"WITH_HEADERS", *n->headers ? "1" : "0",
		"WITH_FIRMWARE", *n->firmware ? "1" : "0",
		"BINARY_PAYLOAD", gzip ? "w9.gzdio" : "w2.xzdio",
		/* The source payload is mostly the gzipped tarball: level 1 costs little. */
		"SOURCE_PAYLOAD", "w1.gzdio",
		"DIGEST_ALGO", md5 ? "1" : "8",
		"NAME", n->name,
		"DEVEL", n->devel,
		"HEADERS", *n->headers ? n->headers : "none",
		"FIRMWARE", *n->firmware ? n->firmware : "none",
		"VERSION", n->version,
		"RELEASE", n->release,
		"LICENSE", pkg->rpm_license ? pkg->rpm_license : "GPL-2.0-only",
		"GROUP", pkg->rpm_group ? pkg->rpm_group : "System Environment/Kernel",
		"VENDOR", pkg->vendor ? pkg->vendor : "kbackport",
		"MAINTAINER", pkg->maintainer,
		"TARBALL", tarball,
		"SRCDIR", ctx->tarball_dir,
		"BUILD_REQUIRES", pkg->rpm_build_requires ? pkg->rpm_build_requires
							   : "gcc, make, bc, bison, flex, perl",
		"IMAGE_DEPS", image_deps,
		"PROFILE", ctx->profile.name,
		"CHANGELOG", changelog,
		NULL,
	};
	int ret = package_fill_template(ctx, "spec/kernel.spec.in", spec, vars, 0644);

	free(changelog);
	free(image_deps);
	return ret;
}

static int run_rpmbuild(const struct package_ctx *ctx, const char *topdir, const char *spec,
			bool binary)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	const char *env[] = { ctx->epoch_env, "LC_ALL=C", NULL };
	char *define_top = xasprintf("_topdir %s", topdir);
	char *define_src = xasprintf("kbp_srctree %s", ctx->src);
	char *define_obj = xasprintf("kbp_objtree %s", ctx->obj);
	int status;

	run_cmd_push(&cmd, "rpmbuild", "--define", define_top, NULL);
	if (binary)
		run_cmd_push(&cmd, "-bb", "--with", "prebuilt", "--define", define_src, "--define",
			     define_obj, "--nodeps", "--target", ctx->profile.arch, spec, NULL);
	else
		run_cmd_push(&cmd, "-bs", spec, NULL);
	cmd.env = env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	step_line(binary ? "RPM" : "SRPM", strrchr(spec, '/') + 1);
	status = run_cmd(&cmd);
	if (status)
		error_cmd(&cmd, status, "cannot build the %s RPM from '%s'", binary ? "binary" : "source", spec);
	else
		verbose("%s", strbuf_str(&cmd.out));
	run_cmd_release(&cmd);
	free(define_top);
	free(define_src);
	free(define_obj);
	return status ? KBP_EXIT_FAILED : 0;
}

/* Move every *.rpm below DIR (one level of subfolders) into DEST. */
static int collect_rpms(const char *dir, const char *dest)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error("cannot read '%s': %s", dir, strerror(errno));
	while (!ret && (e = readdir(d))) {
		char *path = xasprintf("%s/%s", dir, e->d_name);
		size_t len = strlen(e->d_name);
		struct stat st;

		if (e->d_name[0] == '.' || lstat(path, &st)) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			ret = collect_rpms(path, dest);
		} else if (len > 4 && !strcmp(e->d_name + len - 4, ".rpm")) {
			char *to = xasprintf("%s/%s", dest, e->d_name);

			if (rename(path, to) && (errno != EXDEV || package_link_or_copy(path, to)))
				ret = error("cannot move '%s' to '%s': %s", path, to, strerror(errno));
			free(to);
		}
		free(path);
	}
	closedir(d);
	return ret;
}

static int stage_sources(const struct package_ctx *ctx, const char *topdir)
{
	char *sources = xasprintf("%s/SOURCES", topdir);
	char *tarball = xasprintf("%s/%s", sources, strrchr(ctx->tarball, '/') + 1);
	char *config_from = xasprintf("%s/.config", ctx->obj);
	char *config_to = xasprintf("%s/config-%s", sources, ctx->release);
	char *script_from = xasprintf("%s/spec/install-kernel.sh", kbp_datadir());
	char *script_to = xasprintf("%s/install-kernel.sh", sources);
	int ret = 0;

	if (mkdir_p(sources))
		ret = error("cannot create '%s': %s", sources, strerror(errno));
	else
		ret = package_link_or_copy(ctx->tarball, tarball);
	if (!ret)
		ret = package_copy_file(config_from, config_to, 0644);
	if (!ret)
		ret = package_copy_file(script_from, script_to, 0755);
	/* The source RPM stores each source file's mtime. */
	if (!ret)
		ret = package_set_mtime(ctx, tarball) || package_set_mtime(ctx, config_to) ||
		      package_set_mtime(ctx, script_to) ? KBP_EXIT_FAILED : 0;

	free(sources);
	free(tarball);
	free(config_from);
	free(config_to);
	free(script_from);
	free(script_to);
	return ret;
}

/*
 * The source RPM stores its spec with every macro expanded, _topdir
 * included, so rpmbuild works in one fixed folder per user: a path that
 * changed from run to run would make two source RPMs of one tree differ.
 * A lock on the folder serialises concurrent runs.
 */
static char *lock_topdir(int *lock_fd)
{
	const char *tmp = getenv("TMPDIR");
	char *topdir = xasprintf("%s/kbackport-rpmbuild.%u", tmp && *tmp ? tmp : "/tmp", (unsigned)getuid());
	char *lock = xasprintf("%s.lock", topdir);

	*lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*lock_fd < 0 || flock(*lock_fd, LOCK_EX)) {
		error("cannot lock '%s': %s", lock, strerror(errno));
		free(lock);
		free(topdir);
		return NULL;
	}
	free(lock);
	remove_tree(topdir);
	return topdir;
}

int package_build_rpm(struct package_ctx *ctx)
{
	struct rpm_names names;
	int lock_fd = -1;
	char *topdir = lock_topdir(&lock_fd);
	char *specs, *dest, *spec;
	int ret;

	if (!topdir)
		return KBP_EXIT_FAILED;
	specs = xasprintf("%s/SPECS", topdir);
	dest = xasprintf("%s/rpm", ctx->result);
	rpm_names_fill(ctx, &names);
	spec = xasprintf("%s/%s.spec", specs, names.name);
	ret = stage_sources(ctx, topdir);
	if (!ret && (mkdir_p(specs) || mkdir_p(dest)))
		ret = error("cannot create '%s': %s", specs, strerror(errno));
	if (!ret)
		ret = write_spec(ctx, &names, spec);
	if (!ret)
		ret = package_set_mtime(ctx, spec) ? KBP_EXIT_FAILED : 0;
	if (!ret)
		ret = run_rpmbuild(ctx, topdir, spec, false);
	if (!ret)
		ret = run_rpmbuild(ctx, topdir, spec, true);
	if (!ret) {
		char *rpms = xasprintf("%s/RPMS", topdir);
		char *srpms = xasprintf("%s/SRPMS", topdir);

		ret = collect_rpms(srpms, dest) || collect_rpms(rpms, dest) ? KBP_EXIT_FAILED : 0;
		free(rpms);
		free(srpms);
	}

	rpm_names_release(&names);
	remove_tree(topdir);
	close(lock_fd);
	free(topdir);
	free(specs);
	free(dest);
	free(spec);
	return ret;
}

/*
 * Sign every RPM in the output with rpmsign --addsign.  The passphrase
 * pipe's descriptor number reaches gpg through a macro, never the
 * passphrase itself.
 */
int package_sign_rpm(struct package_ctx *ctx)
{
	char *dir = xasprintf("%s/rpm", ctx->result);
	struct dirent *e;
	DIR *d = opendir(dir);
	int ret = 0;

	if (!d) {
		ret = error("cannot read '%s': %s", dir, strerror(errno));
		free(dir);
		return ret;
	}
	while (!ret && (e = readdir(d))) {
		struct run_cmd cmd = RUN_CMD_INIT;
		size_t len = strlen(e->d_name);
		int fd, status;
		char *path, *opts, *name, *extra, *gpg_path, *gpg;

		if (len < 5 || strcmp(e->d_name + len - 4, ".rpm"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		fd = signer_passphrase_pipe(&ctx->signer, 4);
		opts = signer_gpg_options(&ctx->signer, fd);
		name = xasprintf("_gpg_name %s", ctx->signer.fingerprint);
		extra = xasprintf("_gpg_sign_cmd_extra_args %s --no-tty", opts);
		gpg_path = signer_gpg_path();
		/* Debian's rpm macros name gpg2, which Debian does not ship. */
		gpg = xasprintf("__gpg %s", gpg_path);
		run_cmd_push(&cmd, "rpmsign", "--addsign", "--define", gpg, "--define", name, "--define",
			     extra, path, NULL);
		cmd.capture_stdout = true;
		cmd.capture_stderr = true;

		step_line("RPMSIGN", e->d_name);
		status = run_cmd(&cmd);
		if (status)
			ret = error_cmd(&cmd, status, "cannot sign '%s' with key '%s'", path, ctx->signer.key) ?
				      KBP_EXIT_FAILED : 0;
		if (fd >= 0)
			close(fd);
		run_cmd_release(&cmd);
		free(path);
		free(opts);
		free(name);
		free(extra);
		free(gpg_path);
		free(gpg);
	}
	closedir(d);
	free(dir);
	return ret;
}
