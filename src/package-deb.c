// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debian packages: a debian/ folder filled from the templates in debian/,
 * binary packages made by its rules file from the build directory, and a
 * 3.0 (quilt) source package (.dsc, orig tarball, debian.tar.xz) whose
 * rules file builds with plain make, with a .changes for the upload.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbackport.h"
#include "package-context.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"

struct deb_names {
	char *source;
	char *image;
	char *headers;
	char *version;		/* full Debian version, e.g. 6.1.192-1~kbp1 */
	char *bare_version;	/* without an epoch: the file name form */
	char *upstream;		/* before the last '-', without an epoch */
	const char *arch;	/* Debian spelling: amd64 */
	char *dir;		/* work/deb/<source>-<upstream> */
	char *dest;		/* result/deb */
};

static const char *deb_arch(const char *arch)
{
	if (!strcmp(arch, "x86_64"))
		return "amd64";
	if (!strcmp(arch, "i386") || !strcmp(arch, "x86"))
		return "i386";
	return arch;
}

static int deb_names_fill(const struct package_ctx *ctx, struct deb_names *n)
{
	const struct package_profile *pkg = &ctx->profile.pkg;
	struct package_vars vars = ctx->vars;
	char *colon, *dash;

	vars.arch = deb_arch(ctx->profile.arch);
	n->source = package_expand(pkg->deb_source, &vars);
	n->image = package_expand(pkg->deb_image, &vars);
	n->headers = package_expand(pkg->deb_headers, &vars);
	n->version = package_expand(pkg->deb_version, &vars);
	colon = strchr(n->version, ':');
	n->bare_version = xstrdup(colon ? colon + 1 : n->version);
	n->upstream = xstrdup(n->bare_version);
	dash = strrchr(n->upstream, '-');
	if (dash)
		*dash = '\0';
	n->arch = vars.arch;
	n->dir = xasprintf("%s/deb/%s-%s", ctx->work, n->source, n->upstream);
	n->dest = xasprintf("%s/deb", ctx->result);

	if (!dash || !isdigit((unsigned char)n->upstream[0])) {
		error("Debian version '%s' from [deb] version in '%s' is invalid", n->version,
		      ctx->profile.file);
		hint("a 3.0 (quilt) package needs a version that starts with a digit and has a '-revision', e.g. {version}-1~kbp1");
		return KBP_EXIT_REJECTED;
	}
	return 0;
}

static void deb_names_release(struct deb_names *n)
{
	free(n->source);
	free(n->image);
	free(n->headers);
	free(n->version);
	free(n->bare_version);
	free(n->upstream);
	free(n->dir);
	free(n->dest);
}

static char *deb_changelog(const struct package_ctx *ctx, const struct deb_names *n)
{
	const struct package_profile *pkg = &ctx->profile.pkg;
	char *date = package_rfc2822_date(ctx->epoch);
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, n->source);
	strbuf_addstr(&sb, " (");
	strbuf_addstr(&sb, n->version);
	strbuf_addstr(&sb, ") ");
	strbuf_addstr(&sb, pkg->distribution);
	strbuf_addstr(&sb, "; urgency=medium\n\n");
	for (size_t i = 0; i < pkg->nchangelog; i++) {
		char *line = package_expand(pkg->changelog[i], &ctx->vars);

		strbuf_addstr(&sb, "  * ");
		strbuf_addstr(&sb, line);
		strbuf_addstr(&sb, "\n");
		free(line);
	}
	if (!pkg->nchangelog)
		strbuf_addstr(&sb, "  * Build the kernel with kbackport.\n");
	strbuf_addstr(&sb, "\n -- ");
	strbuf_addstr(&sb, pkg->maintainer);
	strbuf_addstr(&sb, "  ");
	strbuf_addstr(&sb, date);
	strbuf_addstr(&sb, "\n");
	free(date);
	return sb.buf;
}

/* A file in the debian/ folder: a filled template, or a copy when VARS is NULL. */
static int debian_file(const struct package_ctx *ctx, const struct deb_names *n, const char *from,
		       const char *to, const char *const *vars, mode_t mode)
{
	char *dest = xasprintf("%s/debian/%s", n->dir, to);
	char *src = xasprintf("%s/%s", kbp_datadir(), from);
	int ret;

	if (vars)
		ret = package_fill_template(ctx, from, dest, vars, mode);
	else
		ret = package_copy_file(src, dest, mode);
	free(dest);
	free(src);
	return ret;
}

static int write_debian_dir(const struct package_ctx *ctx, const struct deb_names *n)
{
	const struct package_profile *pkg = &ctx->profile.pkg;
	char *source_dir = xasprintf("%s/debian/source", n->dir);
	char *changelog_path = xasprintf("%s/debian/changelog", n->dir);
	char *changelog = deb_changelog(ctx, n);
	char *config = xasprintf("%s/.config", ctx->obj);
	char *config_to = xasprintf("%s/debian/config", n->dir);
	const char *vars[] = {
		"SOURCE", n->source,
		"IMAGE", n->image,
		"HEADERS", n->headers,
		"KREL", ctx->release,
		"VERSION", ctx->version,
		"ARCH", ctx->profile.arch,
		"SRCARCH", package_srcarch(ctx),
		"DEB_ARCH", n->arch,
		"SECTION", pkg->deb_section ? pkg->deb_section : "kernel",
		"MAINTAINER", pkg->maintainer,
		"STANDARDS_VERSION", pkg->deb_standards_version ? pkg->deb_standards_version : "4.6.2",
		"BUILD_DEPENDS", pkg->deb_build_depends ? pkg->deb_build_depends
							: "bc, bison, flex, kmod, cpio, libelf-dev, libssl-dev",
		"COMPRESSION", pkg->deb_compression ? pkg->deb_compression : "xz",
		"PROFILE", ctx->profile.name,
		NULL,
	};
	static const char *const scripts[] = { "preinst", "postinst", "prerm", "postrm" };
	int ret = 0;

	if (mkdir_p(source_dir))
		ret = error("cannot create '%s': %s", source_dir, strerror(errno));
	if (!ret && write_file_atomic(changelog_path, changelog, strlen(changelog)))
		ret = error("cannot write '%s': %s", changelog_path, strerror(errno));
	if (!ret)
		ret = debian_file(ctx, n, "debian/control.in", "control", vars, 0644);
	if (!ret)
		ret = debian_file(ctx, n, "debian/rules.in", "rules", vars, 0755);
	if (!ret)
		ret = debian_file(ctx, n, "debian/copyright", "copyright", NULL, 0644);
	if (!ret)
		ret = debian_file(ctx, n, "debian/source/format", "source/format", NULL, 0644);
	if (!ret)
		ret = debian_file(ctx, n, "spec/install-kernel.sh", "install-kernel.sh", NULL, 0755);
	if (!ret)
		ret = package_copy_file(config, config_to, 0644);
	for (int i = 0; !ret && i < 4; i++) {
		char *from = xasprintf("debian/image.%s.in", scripts[i]);
		char *to = xasprintf("image.%s", scripts[i]);

		ret = debian_file(ctx, n, from, to, vars, 0755);
		free(from);
		free(to);
	}
	if (!ret)
		ret = debian_file(ctx, n, "debian/headers.postinst.in", "headers.postinst", vars, 0755);

	free(source_dir);
	free(changelog_path);
	free(changelog);
	free(config);
	free(config_to);
	return ret;
}

/* Run a tool in DIR with SOURCE_DATE_EPOCH set, and print its stderr if it fails. */
static int run_in(const struct package_ctx *ctx, const char *dir, const char *tag, const char *what,
		  struct run_cmd *cmd)
{
	const char *env[] = { ctx->epoch_env, "LC_ALL=C", NULL };
	int status;

	cmd->dir = dir;
	cmd->env = env;
	cmd->capture_stdout = true;
	cmd->capture_stderr = true;
	step_line(tag, what);
	status = run_cmd(cmd);
	if (status)
		error_cmd(cmd, status, "cannot build '%s'", what);
	else
		verbose("%s", strbuf_str(&cmd->out));
	run_cmd_release(cmd);
	return status ? KBP_EXIT_FAILED : 0;
}

static int build_source_tarballs(const struct package_ctx *ctx, const struct deb_names *n)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *orig = xasprintf("%s/%s_%s.orig.tar.gz", n->dest, n->source, n->upstream);
	char *debian_tar = xasprintf("%s/%s_%s.debian.tar.xz", n->dest, n->source, n->bare_version);
	char *mtime = xasprintf("--mtime=@%lld", (long long)ctx->epoch);
	int ret = 0;

	if (link(ctx->tarball, orig))
		ret = error("cannot link '%s' to '%s': %s", ctx->tarball, orig, strerror(errno));
	if (!ret) {
		run_cmd_push(&cmd, "tar", "--sort=name", "--format=gnu", "--owner=0", "--group=0",
			     "--numeric-owner", mtime, "--clamp-mtime", "--mode=u+rw,go-w,go+rX",
			     "--use-compress-program=xz -6 -T1", "-cf", debian_tar, "debian", NULL);
		ret = run_in(ctx, n->dir, "TAR", strrchr(debian_tar, '/') + 1, &cmd);
	}
	free(orig);
	free(debian_tar);
	free(mtime);
	return ret;
}

static int build_binaries(const struct package_ctx *ctx, const struct deb_names *n)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *src = xasprintf("srctree=%s", ctx->src);
	char *obj = xasprintf("objtree=%s", ctx->obj);
	char *out = xasprintf("outdir=%s", n->dest);
	int ret;

	run_cmd_push(&cmd, "make", "-f", "debian/rules", "binary", "KBP_PREBUILT=1", src, obj, out, NULL);
	ret = run_in(ctx, n->dir, "DEB", n->image, &cmd);
	free(src);
	free(obj);
	free(out);
	return ret;
}

static int build_dsc(const struct package_ctx *ctx, const struct deb_names *n)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *orig = xasprintf("%s_%s.orig.tar.gz", n->source, n->upstream);
	char *debian_tar = xasprintf("%s_%s.debian.tar.xz", n->source, n->bare_version);
	char *dsc = xasprintf("%s_%s.dsc", n->source, n->bare_version);
	int ret;

	run_cmd_push(&cmd, "dpkg-source", "--format=3.0 (custom)", "--target-format=3.0 (quilt)",
		     "-b", n->dir, orig, debian_tar, NULL);
	ret = run_in(ctx, n->dest, "DSC", dsc, &cmd);
	free(orig);
	free(debian_tar);
	free(dsc);
	return ret;
}

static int build_changes(const struct package_ctx *ctx, const struct deb_names *n, char **changes)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *upload = xasprintf("-u%s", n->dest);
	char *output;

	*changes = xasprintf("%s/%s_%s_%s.changes", n->dest, n->source, n->bare_version, n->arch);
	output = xasprintf("-O%s", *changes);
	run_cmd_push(&cmd, "dpkg-genchanges", "-sa", upload, output, NULL);
	free(upload);
	free(output);
	return run_in(ctx, n->dir, "CHANGES", strrchr(*changes, '/') + 1, &cmd);
}

/* Run CMD in DIR with its stdout written to the file OUT. */
static int run_to(const struct package_ctx *ctx, struct run_cmd *cmd, const char *dir, const char *out)
{
	const char *env[] = { ctx->epoch_env, "LC_ALL=C", NULL };
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int status;

	if (fd < 0) {
		run_cmd_release(cmd);
		return error("cannot create '%s': %s", out, strerror(errno));
	}
	cmd->dir = dir;
	cmd->env = env;
	cmd->stdout_fd = fd;
	cmd->capture_stderr = true;
	status = run_cmd(cmd);
	if (status)
		error_cmd(cmd, status, "cannot read the members of '%s'", cmd->argv[cmd->argc - 1]);
	close(fd);
	run_cmd_release(cmd);
	return status ? KBP_EXIT_FAILED : 0;
}

/*
 * Add a debsigs origin signature to DEB: an ar member _gpgorigin holding a
 * binary detached signature over debian-binary, control.tar.* and
 * data.tar.* in that order, as debsigs(1) writes it.  kbackport signs
 * itself because debsigs 0.1.26 passes --openpgp to gpg, which signs with
 * SHA-1, and debsig-verify 0.28 rejects SHA-1 signatures.
 */
static int sign_deb_origin(struct package_ctx *ctx, const struct deb_names *n, const char *deb)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *signed_data = xasprintf("%s/deb/origin-data", ctx->work);
	char *members = xasprintf("%s/deb/origin-members", ctx->work);
	char *sig_dir = xasprintf("%s/deb/origin", ctx->work);
	char *sig = xasprintf("%s/_gpgorigin", sig_dir);
	char *list = NULL, *control = NULL, *data = NULL;
	int ret;

	run_cmd_push(&cmd, "ar", "t", deb, NULL);
	ret = run_to(ctx, &cmd, n->dest, members);
	if (!ret && !(list = read_file(members, NULL)))
		ret = error("cannot read '%s': %s", members, strerror(errno));
	for (char *line = list ? strtok(list, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "control.tar", 11))
			control = line;
		else if (!strncmp(line, "data.tar", 8))
			data = line;
		else if (!strcmp(line, "_gpgorigin"))
			ret = error("'%s' already has an origin signature", deb);
	}
	if (!ret && (!control || !data))
		ret = error("'%s' lacks a control.tar or data.tar member", deb);
	if (!ret) {
		run_cmd_push(&cmd, "ar", "p", deb, "debian-binary", control, data, NULL);
		ret = run_to(ctx, &cmd, n->dest, signed_data);
	}
	if (!ret && mkdir_p(sig_dir))
		ret = error("cannot create '%s': %s", sig_dir, strerror(errno));
	if (!ret)
		ret = signer_sign_file(&ctx->signer, "binary", signed_data, sig);
	if (!ret) {
		char *path = xasprintf("%s/%s", n->dest, deb);

		run_cmd_push(&cmd, "ar", "qD", path, "_gpgorigin", NULL);
		ret = run_in(ctx, sig_dir, "DEBSIG", deb, &cmd);
		free(path);
	}
	unlink(sig);
	unlink(signed_data);
	free(list);
	free(signed_data);
	free(members);
	free(sig_dir);
	free(sig);
	return ret;
}

static int sign_debs(struct package_ctx *ctx, const struct deb_names *n)
{
	DIR *d = opendir(n->dest);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error("cannot read '%s': %s", n->dest, strerror(errno));
	while (!ret && (e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len > 4 && !strcmp(e->d_name + len - 4, ".deb"))
			ret = sign_deb_origin(ctx, n, e->d_name);
	}
	closedir(d);
	return ret;
}

/* Clearsign the .dsc and the .changes with debsign, which also updates the checksums. */
static int sign_changes(struct package_ctx *ctx, const struct deb_names *n, const char *changes)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int fd = signer_passphrase_pipe(&ctx->signer, 4);
	char *opts = signer_gpg_options(&ctx->signer, fd);
	char *program = xasprintf("gpg %s --no-tty", opts);
	char *key = xasprintf("-k%s", ctx->signer.fingerprint);
	int ret;

	run_cmd_push(&cmd, "debsign", "--no-conf", key, "-p", program, "--re-sign", changes, NULL);
	ret = run_in(ctx, n->dest, "DEBSIGN", strrchr(changes, '/') + 1, &cmd);
	if (fd >= 0)
		close(fd);
	free(opts);
	free(program);
	free(key);
	return ret;
}

int package_build_deb(struct package_ctx *ctx)
{
	struct deb_names names;
	char *changes = NULL;
	int ret;

	memset(&names, 0, sizeof(names));
	ret = deb_names_fill(ctx, &names);
	if (!ret && mkdir_p(names.dest))
		ret = error("cannot create '%s': %s", names.dest, strerror(errno));
	if (!ret)
		ret = write_debian_dir(ctx, &names);
	if (!ret)
		ret = build_source_tarballs(ctx, &names);
	if (!ret)
		ret = build_binaries(ctx, &names);
	if (!ret && ctx->opts.sign_key)
		ret = sign_debs(ctx, &names);
	if (!ret)
		ret = build_dsc(ctx, &names);
	if (!ret)
		ret = build_changes(ctx, &names, &changes);
	if (!ret && ctx->opts.sign_key)
		ret = sign_changes(ctx, &names, changes);

	free(changes);
	deb_names_release(&names);
	return ret;
}
