// SPDX-License-Identifier: GPL-2.0-only
/*
 * Repository metadata in the output folder: a yum repository in rpm/
 * (createrepo_c, repomd.xml.asc) and a flat apt repository in deb/
 * (Packages, Sources, Release, InRelease, Release.gpg).  Times in the
 * metadata come from SOURCE_DATE_EPOCH, so two runs give the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "package-context.h"
#include "run-command.h"
#include "usage.h"

/* Run CMD in DIR; with OUTPUT set, its stdout goes to that file. */
static int run_to_file(const struct package_ctx *ctx, struct run_cmd *cmd, const char *dir,
		       const char *output, const char *what)
{
	const char *env[] = { ctx->epoch_env, "LC_ALL=C", NULL };
	int fd = -1, status;

	if (output) {
		fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			run_cmd_release(cmd);
			return error("cannot create '%s': %s", output, strerror(errno));
		}
		cmd->stdout_fd = fd;
	} else {
		cmd->capture_stdout = true;
	}
	cmd->dir = dir;
	cmd->env = env;
	cmd->capture_stderr = true;

	status = run_cmd(cmd);
	if (status)
		error_cmd(cmd, status, "cannot write %s", what);
	if (fd >= 0 && close(fd) && !status)
		status = error("cannot write '%s': %s", output, strerror(errno));
	run_cmd_release(cmd);
	return status ? KBP_EXIT_FAILED : 0;
}

int package_repo_yum(struct package_ctx *ctx)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *dir = xasprintf("%s/rpm", ctx->result);
	char *revision = xasprintf("--revision=%lld", (long long)ctx->epoch);
	char *repomd = xasprintf("%s/repodata/repomd.xml", dir);
	char *asc = xasprintf("%s.asc", repomd);
	int ret;

	/* primary.xml records each package file's mtime. */
	ret = package_set_mtimes(ctx, dir);
	if (ret) {
		free(dir);
		free(revision);
		free(repomd);
		free(asc);
		return ret;
	}
	step_line("REPO", "rpm/repodata");
	run_cmd_push(&cmd, "createrepo_c", "--quiet", "--no-database", revision,
		     "--set-timestamp-to-revision", "--general-compress-type=gz", dir, NULL);
	ret = run_to_file(ctx, &cmd, NULL, NULL, "the yum repository metadata");
	if (!ret && ctx->opts.sign_key) {
		step_line("GPG", "rpm/repodata/repomd.xml.asc");
		ret = signer_sign_file(&ctx->signer, "detach", repomd, asc);
	}
	free(dir);
	free(revision);
	free(repomd);
	free(asc);
	return ret;
}

static int gzip_copy(const struct package_ctx *ctx, const char *dir, const char *name)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "gzip", "-9nk", "--", name, NULL);
	return run_to_file(ctx, &cmd, dir, NULL, name);
}

static int write_release(const struct package_ctx *ctx, const char *dir, const char *release)
{
	const struct package_profile *pkg = &ctx->profile.pkg;
	struct run_cmd cmd = RUN_CMD_INIT;
	char *suite = xasprintf("APT::FTPArchive::Release::Suite=%s", pkg->distribution);
	char *codename = xasprintf("APT::FTPArchive::Release::Codename=%s", pkg->distribution);
	char *origin = xasprintf("APT::FTPArchive::Release::Origin=%s", pkg->vendor ? pkg->vendor : "kbackport");
	char *label = xasprintf("APT::FTPArchive::Release::Label=kbackport %s", ctx->profile.name);
	char *rfc_date = package_rfc2822_date(ctx->epoch);
	char *date = xasprintf("APT::FTPArchive::Release::Date=%s", rfc_date);
	char *arch = xasprintf("APT::FTPArchive::Release::Architectures=%s source",
			       strcmp(ctx->profile.arch, "x86_64") ? ctx->profile.arch : "amd64");
	int ret;

	run_cmd_push(&cmd, "apt-ftparchive", "-o", suite, "-o", codename, "-o", origin, "-o", label,
		     "-o", date, "-o", arch, "release", ".", NULL);
	ret = run_to_file(ctx, &cmd, dir, release, "the apt Release file");
	free(suite);
	free(codename);
	free(origin);
	free(label);
	free(rfc_date);
	free(date);
	free(arch);
	return ret;
}

int package_repo_apt(struct package_ctx *ctx)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *dir = xasprintf("%s/deb", ctx->result);
	char *packages = xasprintf("%s/Packages", dir);
	char *sources = xasprintf("%s/Sources", dir);
	char *tmp_release = xasprintf("%s/Release", ctx->work);
	char *release = xasprintf("%s/Release", dir);
	char *inrelease = xasprintf("%s/InRelease", dir);
	char *release_gpg = xasprintf("%s/Release.gpg", dir);
	int ret;

	step_line("REPO", "deb/Release");
	run_cmd_push(&cmd, "apt-ftparchive", "packages", ".", NULL);
	ret = run_to_file(ctx, &cmd, dir, packages, "the apt Packages index");
	if (!ret) {
		run_cmd_push(&cmd, "apt-ftparchive", "sources", ".", NULL);
		ret = run_to_file(ctx, &cmd, dir, sources, "the apt Sources index");
	}
	if (!ret)
		ret = gzip_copy(ctx, dir, "Packages");
	if (!ret)
		ret = gzip_copy(ctx, dir, "Sources");
	/* Written outside the folder it lists, so it does not list itself. */
	if (!ret)
		ret = write_release(ctx, dir, tmp_release);
	if (!ret && rename(tmp_release, release))
		ret = error("cannot move '%s' to '%s': %s", tmp_release, release, strerror(errno));
	if (!ret && ctx->opts.sign_key) {
		step_line("GPG", "deb/InRelease");
		ret = signer_sign_file(&ctx->signer, "clear", release, inrelease);
		if (!ret)
			ret = signer_sign_file(&ctx->signer, "detach", release, release_gpg);
	}

	free(dir);
	free(packages);
	free(sources);
	free(tmp_release);
	free(release);
	free(inrelease);
	free(release_gpg);
	return ret;
}
