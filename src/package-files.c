// SPDX-License-Identifier: GPL-2.0-only
/*
 * Files of a package run: templates from spec/ and debian/ with their
 * @NAME@ tokens filled, plain copies, and the dates that changelogs use.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* Kbuild's SRCARCH for the profile's ARCH: the folder under arch/. */
const char *package_srcarch(const struct package_ctx *ctx)
{
	const char *arch = ctx->profile.arch;

	if (!strcmp(arch, "x86_64") || !strcmp(arch, "i386") || !strcmp(arch, "x86"))
		return "x86";
	return arch;
}

static const char *lookup_var(const char *const *vars, const char *name, size_t len)
{
	for (const char *const *v = vars; v[0]; v += 2) {
		if (strlen(v[0]) == len && !strncmp(v[0], name, len))
			return v[1];
	}
	return NULL;
}

/* Length of an @NAME@ token at P (NAME is [A-Z][A-Z_]*), or 0. */
static size_t token_length(const char *p)
{
	size_t n = 1;

	if (p[0] != '@' || !isupper((unsigned char)p[1]))
		return 0;
	while (isupper((unsigned char)p[n]) || p[n] == '_')
		n++;
	return p[n] == '@' ? n + 1 : 0;
}

static int fill_text(const char *text, const char *const *vars, const char *name,
		     struct strbuf *out)
{
	for (const char *p = text; *p;) {
		size_t len = token_length(p);
		const char *value = len ? lookup_var(vars, p + 1, len - 2) : NULL;

		if (len && !value)
			return error("template '%s' uses an unknown token '%.*s'", name, (int)len, p);
		if (value) {
			strbuf_addstr(out, value);
			p += len;
		} else {
			strbuf_add(out, p, 1);
			p++;
		}
	}
	return 0;
}

static int write_all(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		done += n;
	}
	if (fchmod(fd, mode)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/*
 * Fill the template NAME (relative to the data directory, e.g.
 * "spec/kernel.spec.in") with VARS, NULL-terminated name/value pairs,
 * and write it to DEST.  A token without a value is an error, so a
 * template and the code that fills it cannot drift apart unnoticed.
 */
int package_fill_template(const struct package_ctx *ctx, const char *name, const char *dest,
			  const char *const *vars, mode_t mode)
{
	char *path = xasprintf("%s/%s", kbp_datadir(), name);
	char *text = read_file(path, NULL);
	struct strbuf out = STRBUF_INIT;
	int ret;

	(void)ctx;
	if (!text) {
		ret = error("cannot read template '%s': %s", path, strerror(errno));
		goto out;
	}
	ret = fill_text(text, vars, path, &out);
	if (!ret && write_all(dest, strbuf_str(&out), out.len, mode))
		ret = error("cannot write '%s': %s", dest, strerror(errno));
out:
	strbuf_release(&out);
	free(text);
	free(path);
	return ret;
}

int package_copy_file(const char *from, const char *to, mode_t mode)
{
	size_t len;
	char *data = read_file(from, &len);
	int ret = 0;

	if (!data || write_all(to, data, len, mode))
		ret = error("cannot copy '%s' to '%s': %s", from, to, strerror(errno));
	free(data);
	return ret;
}

/* Format T as Debian changelogs and RFC 2822 want it, in UTC. */
char *package_rfc2822_date(time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	return xasprintf("%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
			 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Set the modification time of PATH to SOURCE_DATE_EPOCH. */
int package_set_mtime(const struct package_ctx *ctx, const char *path)
{
	struct timespec times[2] = { { ctx->epoch, 0 }, { ctx->epoch, 0 } };

	if (utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW))
		return error("cannot set the time of '%s': %s", path, strerror(errno));
	return 0;
}

/* Hard-link FROM to TO, or copy it when they are on different file systems. */
int package_link_or_copy(const char *from, const char *to)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	if (!link(from, to))
		return 0;
	if (errno != EXDEV)
		return error("cannot link '%s' to '%s': %s", from, to, strerror(errno));

	in = open(from, O_RDONLY | O_CLOEXEC);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			n = -1;
			break;
		}
	}
	if (in < 0 || out < 0 || n < 0)
		ret = error("cannot copy '%s' to '%s': %s", from, to, strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) && !ret)
		ret = error("cannot write '%s': %s", to, strerror(errno));
	return ret;
}

/* Set the modification time of every file in DIR to SOURCE_DATE_EPOCH. */
int package_set_mtimes(const struct package_ctx *ctx, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return error("cannot read '%s': %s", dir, strerror(errno));
	while (!ret && (e = readdir(d))) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		ret = package_set_mtime(ctx, path);
		free(path);
	}
	closedir(d);
	return ret ? KBP_EXIT_FAILED : 0;
}
