// SPDX-License-Identifier: GPL-2.0-only
/*
 * Signing with gpg.  signer_open() checks the key and makes one test
 * signature, so a missing, expired or locked key stops the run before
 * any output exists.  A signature counts only when gpg's --status-fd
 * output reports SIG_CREATED, as git's gpg-interface.c does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "package-sign.h"
#include "run-command.h"
#include "usage.h"

#define PASSPHRASE_MAX 1024

/* Return field N (0-based) of a colon-separated gpg listing line, copied into BUF. */
static const char *colon_field(const char *line, int n, char *buf, size_t size)
{
	const char *p = line;
	size_t len;

	for (int i = 0; i < n && p; i++) {
		p = strpbrk(p, ":\n");
		p = p && *p == ':' ? p + 1 : NULL;
	}
	if (!p)
		return "";
	len = strcspn(p, ":\n");
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

static void format_day(const char *epoch, char *buf, size_t size)
{
	time_t t = (time_t)strtoll(epoch, NULL, 10);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/*
 * Check the output of 'gpg --with-colons --list-secret-keys KEY': exactly
 * one secret key, not expired or revoked, able to sign.  Returns 0 and the
 * fingerprint, or an exit code after printing the error.
 */
int signer_check_key_listing(const char *listing, const char *key, char **fingerprint)
{
	const char *sec = NULL, *fpr = NULL;
	char validity[8], expires[32], caps[32], day[16], buf[128];
	int count = 0;

	for (const char *line = listing; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, "sec:", 4) && ++count == 1)
			sec = line;
		else if (!strncmp(line, "fpr:", 4) && sec && !fpr)
			fpr = line;
	}
	if (!count) {
		error("signing key '%s' not found among the secret keys", key);
		hint("list them with 'gpg --list-secret-keys'; GNUPGHOME selects the keyring");
		return KBP_EXIT_MISSING;
	}
	if (count > 1) {
		error("signing key '%s' matches %d secret keys", key, count);
		hint("pass the full fingerprint with --sign-key");
		return KBP_EXIT_USAGE;
	}

	colon_field(sec, 1, validity, sizeof(validity));
	colon_field(sec, 6, expires, sizeof(expires));
	colon_field(sec, 11, caps, sizeof(caps));
	if (validity[0] == 'e' || (*expires && strtoll(expires, NULL, 10) <= time(NULL))) {
		format_day(*expires ? expires : "0", day, sizeof(day));
		error("signing key '%s' expired on %s", key, day);
		hint("extend it with 'gpg --quick-set-expire' or pass another --sign-key");
		return KBP_EXIT_MISSING;
	}
	if (validity[0] == 'r') {
		error("signing key '%s' is revoked", key);
		return KBP_EXIT_MISSING;
	}
	if (!strchr(caps, 'S')) {
		error("signing key '%s' has no usable signing capability (capabilities '%s')", key, caps);
		hint("add a signing subkey or pass another --sign-key");
		return KBP_EXIT_MISSING;
	}
	*fingerprint = xstrdup(fpr ? colon_field(fpr, 9, buf, sizeof(buf)) : key);
	return 0;
}

static int read_passphrase(struct signer *s, int fd)
{
	size_t len = 0;
	char c;

	s->passphrase = xmalloc(PASSPHRASE_MAX);
	if (mlock(s->passphrase, PASSPHRASE_MAX))
		debug("cannot lock the passphrase in memory: %s", strerror(errno));

	for (;;) {
		ssize_t n = read(fd, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error("cannot read the passphrase from file descriptor %d: %s", fd, strerror(errno));
			return KBP_EXIT_USAGE;
		}
		if (n == 0 || c == '\n')
			break;
		if (len + 1 >= PASSPHRASE_MAX) {
			error("passphrase on file descriptor %d is longer than %d bytes", fd, PASSPHRASE_MAX - 1);
			return KBP_EXIT_USAGE;
		}
		s->passphrase[len++] = c;
	}
	if (len && s->passphrase[len - 1] == '\r')
		len--;
	s->passphrase[len] = '\0';
	s->passphrase_len = len;
	return 0;
}

/*
 * Make a pipe holding COPIES lines of the passphrase, one for each gpg run
 * that may read it, and return its read end, inherited by children (no
 * close-on-exec).  Returns -1 when the passphrase comes from gpg-agent.
 */
int signer_passphrase_pipe(const struct signer *s, int copies)
{
	int fds[2];

	if (!s->passphrase)
		return -1;
	if (pipe(fds))
		return -1;
	for (int i = 0; i < copies; i++) {
		if (write(fds[1], s->passphrase, s->passphrase_len) < 0 || write(fds[1], "\n", 1) < 0)
			break;
	}
	close(fds[1]);
	return fds[0];
}

/* The absolute path of gpg in PATH, for tools that need one (rpmsign's %__gpg). */
char *signer_gpg_path(void)
{
	const char *path = getenv("PATH");
	char *copy = xstrdup(path ? path : "/usr/bin:/bin");
	char *dir, *save = NULL, *found = NULL;

	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/gpg", dir);

		if (*dir == '/' && !access(full, X_OK))
			found = full;
		else
			free(full);
	}
	free(copy);
	return found ? found : xstrdup("/usr/bin/gpg");
}

/* gpg options that read the passphrase from FD, or "" for gpg-agent. */
char *signer_gpg_options(const struct signer *s, int fd)
{
	if (!s->passphrase || fd < 0)
		return xstrdup("--batch");
	return xasprintf("--batch --pinentry-mode loopback --passphrase-fd %d", fd);
}

/*
 * Sign IN into OUT.  MODE is "detach" (armored detached signature),
 * "binary" (binary detached signature) or "clear" (clearsigned text).
 */
int signer_sign_file(const struct signer *s, const char *mode, const char *in, const char *out)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int fd = signer_passphrase_pipe(s, 1);
	char fdarg[16];
	int status, ret = 0;

	run_cmd_push(&cmd, "gpg", "--batch", "--no-tty", "--yes", "--status-fd", "1",
		     "--local-user", s->fingerprint, "--digest-algo", "SHA256", NULL);
	if (fd >= 0) {
		snprintf(fdarg, sizeof(fdarg), "%d", fd);
		run_cmd_push(&cmd, "--pinentry-mode", "loopback", "--passphrase-fd", fdarg, NULL);
	}
	if (!strcmp(mode, "clear"))
		run_cmd_push(&cmd, "--clearsign", NULL);
	else
		run_cmd_push(&cmd, !strcmp(mode, "detach") ? "--armor" : "--no-armor", "--detach-sign", NULL);
	run_cmd_push(&cmd, "--output", out, "--", in, NULL);
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	status = run_cmd(&cmd);
	if (fd >= 0)
		close(fd);
	if (status || !strstr(strbuf_str(&cmd.out), "[GNUPG:] SIG_CREATED ")) {
		if (strstr(strbuf_str(&cmd.out), "BAD_PASSPHRASE") ||
		    strstr(strbuf_str(&cmd.out), "MISSING_PASSPHRASE") ||
		    strstr(strbuf_str(&cmd.err), "Bad passphrase") ||
		    strstr(strbuf_str(&cmd.err), "No passphrase given") ||
		    strstr(strbuf_str(&cmd.err), "No pinentry"))
			error("cannot sign '%s' with key '%s': wrong or missing passphrase", in, s->key);
		else
			error_cmd(&cmd, status, "cannot sign '%s' with key '%s'", in, s->key);
		ret = KBP_EXIT_FAILED;
	}
	run_cmd_release(&cmd);
	return ret;
}

static int list_secret_key(struct signer *s)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	const char *env[] = { "LC_ALL=C", NULL };
	int status, ret;

	run_cmd_push(&cmd, "gpg", "--batch", "--no-tty", "--with-colons", "--fixed-list-mode",
		     "--list-secret-keys", "--", s->key, NULL);
	cmd.env = env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	status = run_cmd(&cmd);
	if (status < 0) {
		error_cmd(&cmd, status, "cannot check signing key '%s'", s->key);
		hint("install gnupg");
		run_cmd_release(&cmd);
		return KBP_EXIT_MISSING;
	}
	ret = signer_check_key_listing(strbuf_str(&cmd.out), s->key, &s->fingerprint);
	run_cmd_release(&cmd);
	return ret;
}

/* Check only that KEY is a usable secret key, without signing anything. */
int signer_check_key(const char *key)
{
	struct signer s = { .key = (char *)key };
	int ret = list_secret_key(&s);

	free(s.fingerprint);
	return ret;
}

/* A test signature of an empty file: proves the passphrase before any output. */
static int sign_probe(struct signer *s)
{
	char dir[] = "/tmp/kbackport-sign.XXXXXX";
	char *in, *out;
	int ret;

	if (!mkdtemp(dir))
		return error("cannot create a temporary directory: %s", strerror(errno));
	in = xasprintf("%s/probe", dir);
	out = xasprintf("%s/probe.asc", dir);
	close(open(in, O_WRONLY | O_CREAT | O_CLOEXEC, 0600));

	ret = signer_sign_file(s, "detach", in, out);
	unlink(out);
	unlink(in);
	rmdir(dir);
	free(in);
	free(out);
	return ret;
}

int signer_open(struct signer *s, const char *key, int passphrase_fd)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->key = xstrdup(key);
	if (passphrase_fd >= 0) {
		ret = read_passphrase(s, passphrase_fd);
		if (ret)
			return ret;
	}
	ret = list_secret_key(s);
	if (!ret)
		ret = sign_probe(s);
	return ret;
}

void signer_close(struct signer *s)
{
	if (s->passphrase) {
		explicit_bzero(s->passphrase, PASSPHRASE_MAX);
		munlock(s->passphrase, PASSPHRASE_MAX);
	}
	free(s->passphrase);
	free(s->key);
	free(s->fingerprint);
	memset(s, 0, sizeof(*s));
}
