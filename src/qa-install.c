// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QA install checks.  DEB: a minbase Debian root made by debootstrap
 * (cached as a tarball between runs) gets the output's signed apt
 * repository with Signed-By.  apt-get installs the kernel packages, so the
 * maintainer scripts and the /etc/kernel hooks really run, then purges them.  RPM: rpm --root installs into a copy of the same
 * root with a fresh rpmdb, and erases.  Both check the files left behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qa-context.h"
#include "tree.h"
#include "usage.h"
#include "workdir.h"

#define HOOK_LOG "var/log/kbackport-qa-hooks"
#define APT_REPO "srv/kbackport-qa"

struct install_ctx {
	struct qa_ctx *qa;
	struct qa_check *check;
	int log_fd;
	char *root;		/* scratch root, below the work folder */
	char *release;		/* kernel release read from the installed /boot */
	char **packages;	/* binary package names or files */
	size_t npackages;
};

static const char *chroot_env[] = {
	"LC_ALL=C", "DEBIAN_FRONTEND=noninteractive",
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", NULL
};

static char *cache_folder(const struct qa_opts *o)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (o->cache)
		return xstrdup(o->cache);
	if (xdg && *xdg)
		return xasprintf("%s/kbackport", xdg);
	return xasprintf("%s/.cache/kbackport", home ? home : "/tmp");
}

static int run_logged(struct install_ctx *s, struct run_cmd *cmd)
{
	int status = qa_run_captured(cmd, s->log_fd);

	run_cmd_release(cmd);
	return status;
}

/* Run a command inside the scratch root. */
static int run_in_root(struct install_ctx *s, struct run_cmd *cmd)
{
	struct run_cmd full = RUN_CMD_INIT;

	run_cmd_push(&full, "chroot", s->root, NULL);
	for (size_t i = 0; i < cmd->argc; i++)
		run_cmd_push_argv(&full, cmd->argv[i]);
	full.env = chroot_env;
	run_cmd_release(cmd);
	return run_logged(s, &full);
}

/*
 * What the root adds to minbase: kmod for the image's depmod, and libelf1,
 * which the headers' host programs (objtool, resolve_btfids) link on 5.x
 * and later.  The DEB install resolves against the repository under test
 * alone, so every dependency of the packages must already be in the root.  The list is in
 * the cached tarball's name, so a change makes a new root.
 */
#define ROOT_PACKAGES "kmod,libelf1"

/* Make the debootstrap tarball once; later runs only unpack it. */
static int make_cached_root(struct install_ctx *s, const char *tarball)
{
	const struct qa_opts *o = &s->qa->opts;
	const char *suite = qa_profile_root_suite(&s->qa->profile.qa);
	char *bootstrap = xasprintf("%s/bootstrap", s->qa->work);
	char *tmp = xasprintf("%s.tmp", tarball);
	struct run_cmd cmd = RUN_CMD_INIT;
	int ret = -1;

	step_line("DEBOOT", suite);
	run_cmd_push(&cmd, "debootstrap", "--variant=minbase", "--arch=amd64",
		     "--include=" ROOT_PACKAGES, suite, bootstrap, o->mirror, NULL);
	if (run_logged(s, &cmd)) {
		qa_check_fail(s->check, "debootstrap of '%s' from %s failed", suite, o->mirror);
		goto out;
	}
	run_cmd_push(&cmd, "tar", "--numeric-owner", "-C", bootstrap, "-czf", tmp, ".", NULL);
	if (run_logged(s, &cmd) || rename(tmp, tarball)) {
		qa_check_fail(s->check, "cannot write the cached root '%s'", tarball);
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	remove_tree(bootstrap);
	free(bootstrap);
	free(tmp);
	return ret;
}

/* Unpack a fresh copy of the cached debootstrap root to s->root. */
static int unpack_root(struct install_ctx *s, const char *name)
{
	char *cache = cache_folder(&s->qa->opts);
	const char *suite = qa_profile_root_suite(&s->qa->profile.qa);
	char *tarball = xasprintf("%s/qa-debootstrap-%s-amd64-%s.tar.gz", cache, suite, ROOT_PACKAGES);
	struct run_cmd cmd = RUN_CMD_INIT;
	int ret = -1;

	s->root = xasprintf("%s/%s", s->qa->work, name);
	if (mkdir_p(cache) || mkdir_p(s->root)) {
		qa_check_fail(s->check, "cannot create '%s' or '%s': %s", cache, s->root, strerror(errno));
		goto out;
	}
	if (access(tarball, R_OK) && make_cached_root(s, tarball))
		goto out;
	qa_check_note(s->check, "root: debootstrap minbase %s, cached in %s", suite, tarball);

	run_cmd_push(&cmd, "tar", "--numeric-owner", "-C", s->root, "-xzf", tarball, NULL);
	if (run_logged(s, &cmd)) {
		qa_check_fail(s->check, "cannot unpack the cached root '%s'", tarball);
		goto out;
	}
	ret = 0;
out:
	free(cache);
	free(tarball);
	return ret;
}

static int write_root_file(struct install_ctx *s, const char *rel, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", s->root, rel);
	char *dir = xstrdup(path);
	int ret;

	*strrchr(dir, '/') = '\0';
	ret = mkdir_p(dir) || write_file_atomic(path, text, strlen(text)) || chmod(path, mode);
	if (ret)
		qa_check_fail(s->check, "cannot write '%s': %s", path, strerror(errno));
	free(dir);
	free(path);
	return ret ? -1 : 0;
}

/* A hook or helper that records how it was called, so the check can see that it ran. */
static int write_recording_hook(struct install_ctx *s, const char *rel, const char *tag)
{
	char *text = xasprintf("#!/bin/sh\n# Written by kbackport qa: record the call.\n"
			       "echo \"%s $*\" >>/" HOOK_LOG "\n", tag);
	int ret = write_root_file(s, rel, text, 0755);

	free(text);
	return ret;
}

static char *read_root_file(struct install_ctx *s, const char *rel)
{
	char *path = xasprintf("%s/%s", s->root, rel);
	char *text = read_file(path, NULL);

	free(path);
	return text;
}

static bool root_has(struct install_ctx *s, const char *fmt, const char *release)
{
	char *rel = xasprintf(fmt, release);
	char *path = xasprintf("%s/%s", s->root, rel);
	struct stat st;
	bool ret = lstat(path, &st) == 0;

	free(rel);
	free(path);
	return ret;
}

/* Read the kernel release from the one /boot/vmlinuz-* the packages installed. */
static int find_release(struct install_ctx *s)
{
	char *boot = xasprintf("%s/boot", s->root);
	char *image = qa_find_file(boot, "vmlinuz-", "");

	free(boot);
	if (!image)
		return qa_check_fail(s->check, "no /boot/vmlinuz-* after the install");
	free(s->release);
	s->release = xstrdup(strrchr(image, '/') + strlen("/vmlinuz-"));
	free(image);
	return 0;
}

/* Check the files an installed kernel package must leave, then whether the hook ran. */
static void check_installed(struct install_ctx *s, const char *hook_line)
{
	static const char *const files[] = {
		"boot/vmlinuz-%s", "boot/System.map-%s", "boot/config-%s",
		"lib/modules/%s", "lib/modules/%s/modules.dep", NULL
	};
	char *hooks;

	if (find_release(s))
		return;
	for (const char *const *f = files; *f; f++) {
		if (!root_has(s, *f, s->release)) {
			char *rel = xasprintf(*f, s->release);

			qa_check_fail(s->check, "missing after install: /%s", rel);
			free(rel);
		}
	}

	hooks = read_root_file(s, HOOK_LOG);
	if (!hooks || !strstr(hooks, hook_line))
		qa_check_fail(s->check, "the install did not run '%s'; the hook log holds: %s",
			      hook_line, hooks ? hooks : "nothing");
	else
		qa_check_note(s->check, "hook ran: %s", hook_line);
	free(hooks);
}

static bool is_empty_directory(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	bool empty = dir != NULL;

	while (dir && (e = readdir(dir))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	}
	if (dir)
		closedir(dir);
	return empty;
}

/* Check that removing the packages took every file of the release with it. */
static void check_removed(struct install_ctx *s, const char *hook_line)
{
	static const char *const files[] = {
		"boot/vmlinuz-%s", "boot/System.map-%s", "boot/config-%s", "lib/modules/%s", NULL
	};
	char *hooks;

	if (!s->release)
		return;
	for (const char *const *f = files; *f; f++) {
		if (root_has(s, *f, s->release)) {
			char *rel = xasprintf(*f, s->release);
			char *path = xasprintf("%s/%s", s->root, rel);
			qa_check_fail(s->check, "left behind after removal: /%s%s", rel,
				      is_empty_directory(path) ? " (an empty directory)" : "");
			free(path);
			free(rel);
		}
	}
	hooks = read_root_file(s, HOOK_LOG);
	if (!hooks || !strstr(hooks, hook_line))
		qa_check_fail(s->check, "the removal did not run '%s'", hook_line);
	free(hooks);
}

static void add_package(struct install_ctx *s, const char *name)
{
	s->packages = realloc(s->packages, (s->npackages + 1) * sizeof(*s->packages));
	if (!s->packages) {
		error("out of memory");
		exit(KBP_EXIT_FAILED);
	}
	s->packages[s->npackages++] = xstrdup(name);
}

static void release_install(struct install_ctx *s)
{
	if (s->log_fd >= 0)
		close(s->log_fd);
	for (size_t i = 0; i < s->npackages; i++)
		free(s->packages[i]);
	free(s->packages);
	free(s->release);
	if (s->root)
		remove_tree(s->root);
	free(s->root);
}

static struct qa_check *start_install(struct qa_ctx *ctx, struct install_ctx *s, const char *name)
{
	char *log = xasprintf("%s/%s.log", ctx->evidence, name);

	memset(s, 0, sizeof(*s));
	s->qa = ctx;
	s->check = qa_check_start(&ctx->report, name, log);
	s->log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s->log_fd < 0)
		qa_check_fail(s->check, "cannot create '%s': %s", log, strerror(errno));
	free(log);
	return s->check;
}

/* ---- DEB ---- */

/* Read the Package field of every binary .deb in DIR. */
static int list_deb_packages(struct install_ctx *s, const char *dir)
{
	struct dirent **entries;
	int n = scandir(dir, &entries, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *name = entries[i]->d_name;
		size_t len = strlen(name);

		if (len > 4 && !strcmp(name + len - 4, ".deb")) {
			struct run_cmd cmd = RUN_CMD_INIT;
			char *path = xasprintf("%s/%s", dir, name);

			run_cmd_push(&cmd, "dpkg-deb", "-f", path, "Package", NULL);
			cmd.capture_stdout = true;
			if (!run_cmd(&cmd) && cmd.out.len) {
				cmd.out.buf[strcspn(cmd.out.buf, "\n")] = '\0';
				add_package(s, cmd.out.buf);
			}
			run_cmd_release(&cmd);
			free(path);
		}
		free(entries[i]);
	}
	if (n >= 0)
		free(entries);
	if (!s->npackages)
		return qa_check_fail(s->check, "no .deb packages in '%s'", dir);
	return 0;
}

/* Copy the apt repository into the root and point apt at it alone, with Signed-By. */
static int add_apt_repository(struct install_ctx *s)
{
	char *debdir = xasprintf("%s/deb", s->qa->opts.output);
	char *repo = xasprintf("%s/" APT_REPO, s->root);
	char *keydir = xasprintf("%s/etc/apt/keyrings", s->root);
	char *keyring = xasprintf("%s/kbackport-qa.gpg", keydir);
	char *sources = xasprintf("%s/etc/apt/sources.list", s->root);
	struct run_cmd cmd = RUN_CMD_INIT;
	int ret = -1;

	run_cmd_push(&cmd, "cp", "-a", debdir, repo, NULL);
	if (run_logged(s, &cmd)) {
		qa_check_fail(s->check, "cannot copy '%s' into the root", debdir);
		goto out;
	}
	if (mkdir_p(keydir)) {
		qa_check_fail(s->check, "cannot create '%s': %s", keydir, strerror(errno));
		goto out;
	}
	run_cmd_push(&cmd, "cp", s->qa->keyring, keyring, NULL);
	if (run_logged(s, &cmd)) {
		qa_check_fail(s->check, "cannot copy the key into the root");
		goto out;
	}

	/* Only the repository under test: the install needs no network. */
	unlink(sources);
	ret = write_root_file(s, "etc/apt/sources.list.d/kbackport-qa.sources",
			      "Types: deb\nURIs: file:/" APT_REPO "\nSuites: ./\n"
			      "Signed-By: /etc/apt/keyrings/kbackport-qa.gpg\n", 0644);
out:
	free(debdir);
	free(repo);
	free(keydir);
	free(keyring);
	free(sources);
	return ret;
}

static int apt_get(struct install_ctx *s, const char *action)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "apt-get", "-y", "--no-install-recommends", action, NULL);
	for (size_t i = 0; i < s->npackages; i++)
		run_cmd_push_argv(&cmd, s->packages[i]);
	return run_in_root(s, &cmd);
}

/* Keep the installed image: the boot check boots it, not the build tree's. */
static void keep_installed_image(struct install_ctx *s)
{
	char *image = xasprintf("%s/boot/vmlinuz-%s", s->root, s->release);
	char *kept = xasprintf("%s/vmlinuz-%s", s->qa->evidence, s->release);
	size_t len;
	char *data = read_file(image, &len);

	if (data && !write_file_atomic(kept, data, len)) {
		free(s->qa->installed_image);
		s->qa->installed_image = xstrdup(kept);
	}
	free(data);
	free(image);
	free(kept);
}

static void deb_install_and_purge(struct install_ctx *s)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *line;

	run_cmd_push(&cmd, "apt-get", "update", NULL);
	if (run_in_root(s, &cmd)) {
		qa_check_fail(s->check, "apt-get update rejects the repository; see the log");
		return;
	}
	if (apt_get(s, "install")) {
		qa_check_fail(s->check, "apt-get install failed; see the log");
		return;
	}
	qa_check_note(s->check, "installed: %zu packages with apt-get", s->npackages);
	if (find_release(s))
		return;
	line = xasprintf("postinst.d %s /boot/vmlinuz-%s", s->release, s->release);
	check_installed(s, line);
	keep_installed_image(s);
	free(line);

	if (apt_get(s, "purge")) {
		qa_check_fail(s->check, "apt-get purge failed; see the log");
		return;
	}
	line = xasprintf("postrm.d %s /boot/vmlinuz-%s", s->release, s->release);
	check_removed(s, line);
	free(line);
}

int qa_check_deb_install(struct qa_ctx *ctx)
{
	struct install_ctx s;
	struct qa_check *check = start_install(ctx, &s, "deb-install");
	double start = qa_now();
	char *debdir = xasprintf("%s/deb", ctx->opts.output);

	if (check->result != QA_FAIL && !list_deb_packages(&s, debdir) &&
	    !unpack_root(&s, "deb-root") && !add_apt_repository(&s) &&
	    !write_recording_hook(&s, "etc/kernel/postinst.d/zz-kbackport-qa", "postinst.d") &&
	    !write_recording_hook(&s, "etc/kernel/postrm.d/zz-kbackport-qa", "postrm.d"))
		deb_install_and_purge(&s);

	free(debdir);
	release_install(&s);
	qa_check_finish(check, start);
	return check->result == QA_FAIL ? -1 : 0;
}

/* ---- RPM ---- */

/* Collect the binary .rpm files of DIR; source packages are not installed. */
static int list_rpm_files(struct install_ctx *s, const char *dir)
{
	struct dirent **entries;
	int n = scandir(dir, &entries, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *name = entries[i]->d_name;
		size_t len = strlen(name);

		if (len > 4 && !strcmp(name + len - 4, ".rpm") &&
		    !(len > 8 && !strcmp(name + len - 8, ".src.rpm"))) {
			char *path = xasprintf("%s/%s", dir, name);

			add_package(s, path);
			free(path);
		}
		free(entries[i]);
	}
	if (n >= 0)
		free(entries);
	if (!s->npackages)
		return qa_check_fail(s->check, "no binary .rpm packages in '%s'", dir);
	return 0;
}

static int rpm_in_root(struct install_ctx *s, struct run_cmd *cmd)
{
	int status = qa_run_captured(cmd, s->log_fd);

	/* rpm reports a failed %post or %preun scriptlet as a warning: look for it whatever the exit status. */
	if (strstr(strbuf_str(&cmd->err), "scriptlet failed") ||
	    strstr(strbuf_str(&cmd->out), "scriptlet failed"))
		qa_check_fail(s->check, "an rpm scriptlet failed; see the log");
	return status;
}

/* Check that every file rpm lists for the installed packages is in the root. */
static void check_rpm_file_list(struct install_ctx *s)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	size_t files = 0, missing = 0;

	run_cmd_push(&cmd, "rpm", "--root", s->root, "-qa", "--qf", "[%{FILENAMES}\\n]", NULL);
	if (qa_run_captured(&cmd, s->log_fd)) {
		qa_check_fail(s->check, "rpm cannot list the installed files");
		run_cmd_release(&cmd);
		return;
	}
	for (char *line = strtok(cmd.out.buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *path = xasprintf("%s%s", s->root, line);
		struct stat st;

		files++;
		if (lstat(path, &st) && missing++ < 5)
			qa_check_fail(s->check, "rpm lists %s, but the root lacks it", line);
		free(path);
	}
	qa_check_note(s->check, "file list: %zu files, %zu missing", files, missing);
	run_cmd_release(&cmd);
}

static const char *rpm_post_scheme(const struct install_ctx *s)
{
	const char *scheme = s->qa->profile.pkg.rpm_post;

	return scheme ? scheme : "none";
}

/*
 * The root has no systemd, grubby or SLES bootloader tools, so a recording
 * stand-in replaces the tool that the profile's %post and %preun call
 * when it exists.
 */
static int write_rpm_hooks(struct install_ctx *s)
{
	const char *scheme = rpm_post_scheme(s);

	if (!strcmp(scheme, "kernel-install"))
		return write_recording_hook(s, "usr/bin/kernel-install", "kernel-install");
	if (!strcmp(scheme, "new-kernel-pkg"))
		return write_recording_hook(s, "sbin/new-kernel-pkg", "new-kernel-pkg");
	if (!strcmp(scheme, "sles"))
		return write_recording_hook(s, "sbin/mkinitrd", "mkinitrd") ||
		       write_recording_hook(s, "sbin/update-bootloader", "update-bootloader");
	return 0;
}

/* Return the call the install (ADD) or the removal must have recorded, or NULL for post = none. */
static char *rpm_hook_line(const struct install_ctx *s, bool add)
{
	const char *scheme = rpm_post_scheme(s);
	const char *release = s->release;

	if (!strcmp(scheme, "kernel-install"))
		return add ? xasprintf("kernel-install add %s /boot/vmlinuz-%s", release, release) :
			     xasprintf("kernel-install remove %s", release);
	if (!strcmp(scheme, "new-kernel-pkg"))
		return add ? xasprintf("--mkinitrd --dracut --depmod --install %s", release) :
			     xasprintf("new-kernel-pkg --rminitrd --rmmoddep --remove %s", release);
	if (!strcmp(scheme, "sles"))
		return xasprintf("update-bootloader --image /boot/vmlinuz-%s --initrd /boot/initrd-%s %s",
				 release, release, add ? "--add --force" : "--remove --force");
	return NULL;
}

static void rpm_install_and_erase(struct install_ctx *s)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *line;

	run_cmd_push(&cmd, "rpm", "--root", s->root, "--initdb", NULL);
	if (run_logged(s, &cmd)) {
		qa_check_fail(s->check, "rpm --initdb failed in the scratch root");
		return;
	}
	run_cmd_push(&cmd, "rpmkeys", "--root", s->root, "--import", s->qa->armored_key, NULL);
	if (run_logged(s, &cmd)) {
		qa_check_fail(s->check, "rpmkeys cannot import the key into the scratch root");
		return;
	}

	/* The scratch rpmdb lists none of the root's Debian files, so dependencies cannot resolve. */
	run_cmd_push(&cmd, "rpm", "--root", s->root, "-ivh", "--nodeps", NULL);
	for (size_t i = 0; i < s->npackages; i++)
		run_cmd_push_argv(&cmd, s->packages[i]);
	if (rpm_in_root(s, &cmd)) {
		qa_check_fail(s->check, "rpm -i failed; see the log");
		run_cmd_release(&cmd);
		return;
	}
	run_cmd_release(&cmd);
	qa_check_note(s->check, "installed: %zu packages with rpm --root", s->npackages);
	check_rpm_file_list(s);
	if (find_release(s))
		return;
	line = rpm_hook_line(s, true);
	if (line)
		check_installed(s, line);
	else
		qa_check_note(s->check, "[rpm] post = none: no scriptlet hook to check");
	if (!s->qa->installed_image)
		keep_installed_image(s);
	free(line);

	run_cmd_push(&cmd, "rpm", "--root", s->root, "-e", "--nodeps", NULL);
	for (size_t i = 0; i < s->npackages; i++) {
		char *base = strrchr(s->packages[i], '/') + 1;

		/* Erase by NAME-VERSION-RELEASE.ARCH: the file name without .rpm. */
		run_cmd_push_argv(&cmd, base);
		cmd.argv[cmd.argc - 1][strlen(base) - 4] = '\0';
	}
	if (rpm_in_root(s, &cmd))
		qa_check_fail(s->check, "rpm -e failed; see the log");
	run_cmd_release(&cmd);
	line = rpm_hook_line(s, false);
	if (line)
		check_removed(s, line);
	free(line);
}

int qa_check_rpm_install(struct qa_ctx *ctx)
{
	struct install_ctx s;
	struct qa_check *check = start_install(ctx, &s, "rpm-install");
	double start = qa_now();
	char *rpmdir = xasprintf("%s/rpm", ctx->opts.output);

	if (check->result != QA_FAIL && !list_rpm_files(&s, rpmdir) && !unpack_root(&s, "rpm-root") &&
	    !write_rpm_hooks(&s))
		rpm_install_and_erase(&s);

	free(rpmdir);
	release_install(&s);
	qa_check_finish(check, start);
	return check->result == QA_FAIL ? -1 : 0;
}
