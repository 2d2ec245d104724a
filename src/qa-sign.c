// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QA signature check verifies every package and repository index of
 * the package output against the public key alone.  It uses the tools a
 * distribution's users run: rpmkeys -K against a scratch rpmdb that holds
 * only this key, debsig-verify with a generated policy, and gpgv on
 * InRelease, Release.gpg and repomd.xml.asc.
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

struct sign_ctx {
	struct qa_ctx *qa;
	struct qa_check *check;
	int log_fd;
	char *rpmdb;
};

static int run_captured(struct sign_ctx *s, struct run_cmd *cmd)
{
	return qa_run_captured(cmd, s->log_fd);
}

/* The first non-empty line of the tool's output, to quote in the report. */
static char *first_line(const struct run_cmd *cmd)
{
	const char *text = cmd->err.len ? strbuf_str(&cmd->err) : strbuf_str(&cmd->out);
	size_t len;

	while (*text == '\n')
		text++;
	len = strcspn(text, "\n");
	return xasprintf("%.*s", (int)len, text);
}

static int gpg_export(struct qa_ctx *ctx, const char *home, const char *output, bool armor,
		      int log_fd)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int ret;

	run_cmd_push(&cmd, "gpg", "--homedir", home, "--batch", "--yes", "-o", output, NULL);
	if (armor)
		run_cmd_push_argv(&cmd, "--armor");
	run_cmd_push(&cmd, "--export", NULL);
	ret = qa_run_captured(&cmd, log_fd);
	run_cmd_release(&cmd);
	return ret;
}

/* Read the key id of the key's primary key from gpg's colon listing. */
static int read_keyid(struct qa_ctx *ctx, const char *home, int log_fd)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	const char *fpr;
	int ret;

	run_cmd_push(&cmd, "gpg", "--homedir", home, "--batch", "--with-colons",
		     "--fingerprint", "--list-keys", NULL);
	ret = qa_run_captured(&cmd, log_fd);
	fpr = strstr(strbuf_str(&cmd.out), "\nfpr:");
	if (!ret && fpr) {
		char *start = strstr(fpr, ":::::::::");
		size_t len = start ? strcspn(start + 9, ":") : 0;

		if (len >= 16)
			ctx->keyid = xasprintf("%.16s", start + 9 + len - 16);
	}
	run_cmd_release(&cmd);
	return ctx->keyid ? 0 : -1;
}

static int import_key(struct qa_ctx *ctx, const char *home, int log_fd)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int ret;

	run_cmd_push(&cmd, "gpg", "--homedir", home, "--batch", "--import", ctx->opts.key, NULL);
	ret = qa_run_captured(&cmd, log_fd);
	run_cmd_release(&cmd);
	if (ret)
		return error("gpg cannot import the key '%s'; see '%s/key.log'", ctx->opts.key,
			     ctx->evidence);
	if (gpg_export(ctx, home, ctx->armored_key, true, log_fd) ||
	    gpg_export(ctx, home, ctx->keyring, false, log_fd) || read_keyid(ctx, home, log_fd))
		return error("gpg cannot export the key '%s'; see '%s/key.log'", ctx->opts.key,
			     ctx->evidence);
	return 0;
}

/*
 * Import the public key, armored or binary, into a scratch GNUPGHOME and
 * write it back in the forms the checks need: a binary keyring for gpgv,
 * debsig-verify and apt, and an armored file for rpmkeys.
 */
int qa_key_prepare(struct qa_ctx *ctx)
{
	char *home = xasprintf("%s/gnupg", ctx->work);
	char *log = qa_evidence_path(ctx, "key.log");
	int log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ret;

	ctx->armored_key = xasprintf("%s/key.asc", ctx->work);
	ctx->keyring = xasprintf("%s/key.gpg", ctx->work);
	if (log_fd < 0)
		ret = error("cannot create '%s': %s", log, strerror(errno));
	else if (mkdir(home, 0700))
		ret = error("cannot create '%s': %s", home, strerror(errno));
	else
		ret = import_key(ctx, home, log_fd);

	if (log_fd >= 0)
		close(log_fd);
	free(home);
	free(log);
	return ret;
}

/* rpmkeys -K prints "digests signatures OK" only when a signature checked out. */
static void verify_rpm(struct sign_ctx *s, const char *path)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	run_cmd_push(&cmd, "rpmkeys", "--dbpath", s->rpmdb, "-K", path, NULL);
	status = run_captured(s, &cmd);
	if (status || !strstr(strbuf_str(&cmd.out), "signatures OK")) {
		char *why = first_line(&cmd);

		qa_check_fail(s->check, "bad signature: %s: %s", path,
			      status || *why ? why : "not signed");
		free(why);
	}
	run_cmd_release(&cmd);
}

static int import_rpm_key(struct sign_ctx *s)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int ret;

	if (mkdir_p(s->rpmdb))
		return qa_check_fail(s->check, "cannot create '%s': %s", s->rpmdb, strerror(errno));
	run_cmd_push(&cmd, "rpmkeys", "--dbpath", s->rpmdb, "--import", s->qa->armored_key, NULL);
	ret = run_captured(s, &cmd);
	run_cmd_release(&cmd);
	if (ret)
		return qa_check_fail(s->check, "rpmkeys cannot import the key into a scratch rpmdb");
	return 0;
}

/* Write the debsig-verify policy and keyring folders that accept only this key. */
static int write_debsig_policy(struct sign_ctx *s, char **policies, char **keyrings)
{
	char *policy_dir = xasprintf("%s/debsig/policies/%s", s->qa->work, s->qa->keyid);
	char *keyring_dir = xasprintf("%s/debsig/keyrings/%s", s->qa->work, s->qa->keyid);
	char *policy = xasprintf("%s/kbackport-qa.pol", policy_dir);
	char *keyring = xasprintf("%s/kbackport-qa.gpg", keyring_dir);
	char *text = xasprintf(
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Policy SYSTEM \"https://www.debian.org/debsig/1.0/policy.dtd\">\n"
		"<Policy xmlns=\"https://www.debian.org/debsig/1.0/\">\n"
		"  <Origin Name=\"kbackport-qa\" id=\"%s\" Description=\"kbackport QA key\"/>\n"
		"  <Selection>\n"
		"    <Required Type=\"origin\" File=\"kbackport-qa.gpg\" id=\"%s\"/>\n"
		"  </Selection>\n"
		"  <Verification MinOptional=\"0\">\n"
		"    <Required Type=\"origin\" File=\"kbackport-qa.gpg\" id=\"%s\"/>\n"
		"  </Verification>\n"
		"</Policy>\n", s->qa->keyid, s->qa->keyid, s->qa->keyid);
	char *key = NULL;
	size_t len;
	int ret = -1;

	if (mkdir_p(policy_dir) || mkdir_p(keyring_dir) ||
	    write_file_atomic(policy, text, strlen(text)) ||
	    !(key = read_file(s->qa->keyring, &len)) || write_file_atomic(keyring, key, len)) {
		qa_check_fail(s->check, "cannot write the debsig-verify policy: %s", strerror(errno));
	} else {
		*policies = xasprintf("%s/debsig/policies", s->qa->work);
		*keyrings = xasprintf("%s/debsig/keyrings", s->qa->work);
		ret = 0;
	}
	free(key);
	free(text);
	free(policy);
	free(keyring);
	free(policy_dir);
	free(keyring_dir);
	return ret;
}

static void verify_deb(struct sign_ctx *s, const char *path, const char *policies,
		       const char *keyrings)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "debsig-verify", "--policies-dir", policies, "--keyrings-dir", keyrings,
		     path, NULL);
	if (run_captured(s, &cmd)) {
		char *why = first_line(&cmd);

		qa_check_fail(s->check, "bad signature: %s: %s", path, why);
		free(why);
	}
	run_cmd_release(&cmd);
}

/* gpgv with --status-fd: a signature counts only with a VALIDSIG status line. */
static void verify_detached(struct sign_ctx *s, const char *signature, const char *data)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	if (access(signature, F_OK)) {
		qa_check_fail(s->check, "missing signature: %s", signature);
		return;
	}
	run_cmd_push(&cmd, "gpgv", "--status-fd", "1", "--keyring", s->qa->keyring, signature, NULL);
	if (data)
		run_cmd_push_argv(&cmd, data);
	status = run_captured(s, &cmd);
	if (status || !strstr(strbuf_str(&cmd.out), "[GNUPG:] VALIDSIG ")) {
		char *why = xstrdup(strbuf_str(&cmd.err));
		char *bad = strstr(why, "BAD signature");

		why[strcspn(why, "\n")] = '\0';
		qa_check_fail(s->check, "bad signature: %s: %s", signature,
			      bad ? "gpgv: BAD signature" : why);
		free(why);
	}
	run_cmd_release(&cmd);
}

/*
 * Verify every file in DIR ending in SUFFIX: with debsig-verify when
 * POLICIES is set, else with rpmkeys.  Returns how many files there were.
 */
static int verify_packages(struct sign_ctx *s, const char *dir, const char *suffix,
			   const char *policies, const char *keyrings)
{
	struct dirent **entries;
	int n = scandir(dir, &entries, NULL, alphasort);
	int count = 0;

	for (int i = 0; i < n; i++) {
		const char *name = entries[i]->d_name;
		size_t len = strlen(name);

		if (len > strlen(suffix) && !strcmp(name + len - strlen(suffix), suffix)) {
			char *path = xasprintf("%s/%s", dir, name);

			if (policies)
				verify_deb(s, path, policies, keyrings);
			else
				verify_rpm(s, path);
			count++;
			free(path);
		}
		free(entries[i]);
	}
	if (n >= 0)
		free(entries);
	return count;
}

static void verify_rpm_output(struct sign_ctx *s, const char *output)
{
	char *dir = xasprintf("%s/rpm", output);
	char *repomd = xasprintf("%s/repodata/repomd.xml", dir);
	char *asc = xasprintf("%s.asc", repomd);
	int n;

	if (import_rpm_key(s))
		goto out;
	n = verify_packages(s, dir, ".rpm", NULL, NULL);
	if (!n)
		qa_check_fail(s->check, "no .rpm files in '%s'", dir);
	qa_check_note(s->check, "rpm: %d packages checked with rpmkeys -K", n);
	verify_detached(s, asc, repomd);
out:
	free(dir);
	free(repomd);
	free(asc);
}

static void verify_deb_output(struct sign_ctx *s, const char *output)
{
	char *dir = xasprintf("%s/deb", output);
	char *inrelease = xasprintf("%s/InRelease", dir);
	char *release = xasprintf("%s/Release", dir);
	char *release_gpg = xasprintf("%s/Release.gpg", dir);
	char *policies = NULL, *keyrings = NULL;
	int n;

	if (!write_debsig_policy(s, &policies, &keyrings)) {
		n = verify_packages(s, dir, ".deb", policies, keyrings);
		if (!n)
			qa_check_fail(s->check, "no .deb files in '%s'", dir);
		qa_check_note(s->check, "deb: %d packages checked with debsig-verify", n);
	}
	verify_detached(s, inrelease, NULL);
	verify_detached(s, release_gpg, release);
	free(policies);
	free(keyrings);
	free(dir);
	free(inrelease);
	free(release);
	free(release_gpg);
}

int qa_check_signatures(struct qa_ctx *ctx)
{
	char *log = qa_evidence_path(ctx, "signatures.log");
	struct sign_ctx s = { ctx, qa_check_start(&ctx->report, "signatures", log), -1, NULL };
	double start = qa_now();

	s.log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s.log_fd < 0)
		qa_check_fail(s.check, "cannot create '%s': %s", log, strerror(errno));
	else {
		s.rpmdb = xasprintf("%s/rpmdb", ctx->work);
		qa_check_note(s.check, "key %s from %s", ctx->keyid, ctx->opts.key);
		if (qa_has_format(ctx, "rpm"))
			verify_rpm_output(&s, ctx->opts.output);
		if (qa_has_format(ctx, "deb"))
			verify_deb_output(&s, ctx->opts.output);
	}

	if (s.log_fd >= 0)
		close(s.log_fd);
	qa_check_finish(s.check, start);
	free(log);
	free(s.rpmdb);
	return s.check->result == QA_FAIL ? -1 : 0;
}
