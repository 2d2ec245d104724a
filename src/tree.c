// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel tree inspection: the version from the top Makefile, and the parts
 * of the series that the code already has.  Probes read the code rather than
 * trust the version, because vendor trees carry changes that their version
 * does not predict.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leftover.h"
#include "tree.h"
#include "usage.h"

/* Read a whole file, NUL-terminated.  Returns NULL with errno set. */
char *read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (!errno || S_ISDIR(st.st_mode))
			errno = EISDIR;
		close(fd);
		return NULL;
	}

	buf = xmalloc(st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);

	buf[got] = '\0';
	if (len)
		*len = got;
	return buf;
}

/*
 * Return the 1-based number of the first line of TEXT with LIMIT or more
 * characters and store its length in *LEN, or return 0 if there is none.
 * libinih would parse the rest of such a line as a separate line.
 */
int ini_find_long_line(const char *text, size_t limit, size_t *len)
{
	int lineno = 1;

	while (*text) {
		size_t n = strcspn(text, "\n");

		if (n >= limit) {
			*len = n;
			return lineno;
		}
		text += n;
		if (*text == '\n')
			text++;
		lineno++;
	}
	return 0;
}

/*
 * Report the first line of FILE's TEXT with LIMIT or more characters, with
 * HINT_TEXT as the fix, and return -1; return 0 when there is none.
 */
int ini_reject_long_line(const char *file, const char *text, size_t limit, const char *hint_text)
{
	size_t len;
	int line = ini_find_long_line(text, limit, &len);

	if (!line)
		return 0;
	error("line %d of '%s' has %zu characters; at most %zu fit", line, file, len, limit - 1);
	hint("%s", hint_text);
	return -1;
}

/*
 * Write PATH through a temporary file in the same directory and rename it
 * into place, so a reader sees either the old or the new content.
 */
int write_file_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.kbp-tmp.XXXXXX", path);
	struct stat st;
	int fd, ret = -1;

	fd = mkstemp(tmp);
	if (fd < 0)
		goto out_free;
	if (stat(path, &st) == 0)
		fchmod(fd, st.st_mode & 07777);

	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out_unlink;
		done += n;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		goto out_unlink;
	}
	fd = -1;

	if (rename(tmp, path))
		goto out_unlink;
	ret = 0;
	goto out_free;

out_unlink:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out_free:
	free(tmp);
	return ret;
}

/* Create PATH and its missing parents, like mkdir -p. */
int mkdir_p(const char *path)
{
	char *copy = xstrdup(path);
	int ret = 0;

	for (char *p = copy + 1; *p && !ret; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	if (!ret && mkdir(copy, 0755) && errno != EEXIST)
		ret = -1;
	free(copy);
	return ret;
}

/* Parse "KEY = value" for one of the four version keys of a top Makefile. */
static const char *makefile_value(const char *text, const char *key, char *out, size_t size)
{
	size_t keylen = strlen(key);
	const char *line = text;

	while (line && *line) {
		const char *p = line;

		if (!strncmp(p, key, keylen)) {
			p += keylen;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '=') {
				const char *end;
				size_t n;

				p++;
				while (*p == ' ' || *p == '\t')
					p++;
				end = p;
				while (*end && *end != '\n')
					end++;
				while (end > p && isspace((unsigned char)end[-1]))
					end--;
				n = (size_t)(end - p) < size - 1 ? (size_t)(end - p) : size - 1;
				memcpy(out, p, n);
				out[n] = '\0';
				return out;
			}
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

static int parse_number(const char *s, int *out)
{
	char *end;
	long n;

	if (!*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n > INT_MAX)
		return -EINVAL;
	*out = (int)n;
	return 0;
}

/*
 * Fill V from the text of a top Makefile.  Returns 0, -ENOENT when a key is
 * missing or -EINVAL when its value is not a number; *bad_key names the key.
 */
int tree_parse_makefile(const char *text, struct kernel_version *v, const char **bad_key)
{
	static const char *const keys[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL" };
	int *fields[] = { &v->version, &v->patchlevel, &v->sublevel };
	char value[64];

	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < 3; i++) {
		*bad_key = keys[i];
		if (!makefile_value(text, keys[i], value, sizeof(value)))
			return -ENOENT;
		if (parse_number(value, fields[i]))
			return -EINVAL;
	}

	*bad_key = "EXTRAVERSION";
	if (!makefile_value(text, "EXTRAVERSION", v->extraversion, sizeof(v->extraversion)))
		v->extraversion[0] = '\0';
	*bad_key = NULL;
	return 0;
}

int tree_read_version(const char *tree, struct kernel_version *v)
{
	char *path = xasprintf("%s/Makefile", tree);
	const char *bad_key;
	char value[64];
	char *text;
	int ret;

	text = read_file(path, NULL);
	if (!text) {
		ret = error("cannot read '%s': %s", path, strerror(errno));
		hint("pass the top directory of a kernel source tree");
		goto out;
	}

	ret = tree_parse_makefile(text, v, &bad_key);
	if (ret == -ENOENT) {
		error("no %s line in '%s'", bad_key, path);
		hint("pass the top directory of a kernel source tree; its Makefile starts with VERSION, PATCHLEVEL and SUBLEVEL");
	} else if (ret == -EINVAL) {
		makefile_value(text, bad_key, value, sizeof(value));
		error("invalid %s '%s' in '%s': not a number", bad_key, value, path);
		hint("fix the Makefile or pass an unmodified kernel tree");
	}
	free(text);
out:
	free(path);
	return ret ? -1 : 0;
}

bool tree_is_supported(const struct kernel_version *v)
{
	return v->version == 2 && v->patchlevel == 6 &&
	       v->sublevel >= KBP_SUBLEVEL_MIN && v->sublevel <= KBP_SUBLEVEL_MAX;
}

/* "2.6.32": the stable series, which names the backports/ folder. */
void tree_format_series(const struct kernel_version *v, char *buf, size_t size)
{
	snprintf(buf, size, "%d.%d.%d", v->version, v->patchlevel, v->sublevel);
}

/* "2.6.32.27-rc1": the full kernel version as the Makefile gives it. */
void tree_format_release(const struct kernel_version *v, char *buf, size_t size)
{
	snprintf(buf, size, "%d.%d.%d%s", v->version, v->patchlevel, v->sublevel, v->extraversion);
}

static bool is_dir(const char *tree, const char *sub)
{
	char *path = xasprintf("%s/%s", tree, sub);
	struct stat st;
	bool ret = stat(path, &st) == 0 && S_ISDIR(st.st_mode);

	free(path);
	return ret;
}

/* Check that TREE looks like a kernel source tree, with an error if not. */
int tree_check_kernel(const char *tree)
{
	static const char *const dirs[] = { "mm", "kernel", "include/linux" };
	struct stat st;

	if (stat(tree, &st) || !S_ISDIR(st.st_mode)) {
		error("cannot open tree '%s': %s", tree, errno ? strerror(errno) : "not a directory");
		return -1;
	}

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!is_dir(tree, dirs[i])) {
			error("'%s' is not a kernel source tree: it has no %s/ directory", tree, dirs[i]);
			hint("pass the top directory of a Linux kernel source tree");
			return -1;
		}
	}
	return 0;
}

/*
 * Return a copy of the body of "struct TAG { ... }" in TEXT, braces
 * balanced, or NULL when the definition is not there.
 */
char *struct_body(const char *text, const char *tag)
{
	size_t taglen = strlen(tag);
	const char *p = text;

	while ((p = strstr(p, "struct "))) {
		const char *q = p + 7;
		const char *start;
		int depth = 0;

		p = q;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, tag, taglen) || isalnum((unsigned char)q[taglen]) || q[taglen] == '_')
			continue;
		q += taglen;
		while (isspace((unsigned char)*q))
			q++;
		if (*q != '{')
			continue;

		start = q;
		for (; *q; q++) {
			if (*q == '{')
				depth++;
			else if (*q == '}' && --depth == 0) {
				char *body = xmalloc(q - start + 2);

				memcpy(body, start, q - start + 1);
				body[q - start + 1] = '\0';
				return body;
			}
		}
		return NULL;
	}
	return NULL;
}

static const char *const probe_names[PROBE_COUNT] = {
	[PROBE_MUTEX_LOCK_NEST_LOCK] = "mutex_lock_nest_lock",
	[PROBE_LOCKBREAK_REMOVED] = "lockbreak_removed",
	[PROBE_I_MMAP_MUTEX] = "i_mmap_mutex",
	[PROBE_ANON_VMA_MUTEX] = "anon_vma_mutex",
	[PROBE_MMU_GATHER_ON_STACK] = "mmu_gather_on_stack",
};

const char *probe_name(enum probe_id id)
{
	return probe_names[id];
}

int probe_lookup(const char *name)
{
	for (int i = 0; i < PROBE_COUNT; i++) {
		if (!strcmp(probe_names[i], name))
			return i;
	}
	return -1;
}

static bool matches(const char *text, const char *pattern)
{
	regex_t re;
	bool ret;

	if (!text)
		return false;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return false;
	ret = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return ret;
}

/* Read a file of the tree with its comments blanked out, as probes see it. */
static char *read_tree_file(const char *tree, const char *rel)
{
	char *path = xasprintf("%s/%s", tree, rel);
	char *text = read_file(path, NULL);

	free(path);
	if (text)
		strip_comments(text);
	return text;
}

/* Return whether the struct TAG defined in REL has a member matching PATTERN. */
static enum probe_result probe_struct(const char *tree, const char *rel, const char *tag,
				      const char *pattern)
{
	char *text = read_tree_file(tree, rel);
	char *body;
	enum probe_result ret;

	if (!text)
		return PROBE_UNKNOWN;

	body = struct_body(text, tag);
	ret = body ? (matches(body, pattern) ? PROBE_PRESENT : PROBE_ABSENT) : PROBE_UNKNOWN;
	free(body);
	free(text);
	return ret;
}

static enum probe_result probe_file(const char *tree, const char *rel, const char *pattern)
{
	char *text = read_tree_file(tree, rel);
	enum probe_result ret;

	if (!text)
		return PROBE_UNKNOWN;
	ret = matches(text, pattern) ? PROBE_PRESENT : PROBE_ABSENT;
	free(text);
	return ret;
}

static enum probe_result probe_lockbreak_removed(const char *tree)
{
	enum probe_result lock_pointer, restart;

	lock_pointer = probe_struct(tree, "include/linux/mm.h", "zap_details", "i_mmap_lock");
	restart = probe_file(tree, "mm/memory.c", "restart_addr");
	if (lock_pointer == PROBE_UNKNOWN || restart == PROBE_UNKNOWN)
		return PROBE_UNKNOWN;
	return lock_pointer == PROBE_ABSENT && restart == PROBE_ABSENT ? PROBE_PRESENT : PROBE_ABSENT;
}

static enum probe_result probe_mmu_gather(const char *tree)
{
	enum probe_result per_cpu;

	per_cpu = probe_file(tree, "include/asm-generic/tlb.h",
			     "DECLARE_PER_CPU\\(struct mmu_gather,[ \t]*mmu_gathers\\)");
	if (per_cpu == PROBE_UNKNOWN)
		return PROBE_UNKNOWN;
	return per_cpu == PROBE_ABSENT ? PROBE_PRESENT : PROBE_ABSENT;
}

/*
 * The probe a steps.ini file writes itself: is there a code line in REL
 * (comments blanked) that matches the extended regex ERE?  ^ and $ match at
 * line ends, and . never crosses a line.
 */
enum probe_result tree_probe_code(const char *tree, const char *rel, const char *ere)
{
	char *text = read_tree_file(tree, rel);
	enum probe_result ret = PROBE_UNKNOWN;
	regex_t re;

	if (!text)
		return PROBE_UNKNOWN;

	if (!regcomp(&re, ere, REG_EXTENDED | REG_NOSUB | REG_NEWLINE)) {
		ret = regexec(&re, text, 0, NULL, 0) == 0 ? PROBE_PRESENT : PROBE_ABSENT;
		regfree(&re);
	}
	free(text);
	return ret;
}

enum probe_result tree_probe(const char *tree, enum probe_id id)
{
	switch (id) {
	case PROBE_MUTEX_LOCK_NEST_LOCK:
		return probe_file(tree, "include/linux/mutex.h",
				  "define[ \t]+mutex_lock_nest_lock[ \t]*\\(");
	case PROBE_LOCKBREAK_REMOVED:
		return probe_lockbreak_removed(tree);
	case PROBE_I_MMAP_MUTEX:
		return probe_struct(tree, "include/linux/fs.h", "address_space",
				    "struct[ \t]+mutex[ \t]+i_mmap_mutex");
	case PROBE_ANON_VMA_MUTEX:
		return probe_struct(tree, "include/linux/rmap.h", "anon_vma",
				    "struct[ \t]+mutex[ \t]+[a-z_]+;");
	case PROBE_MMU_GATHER_ON_STACK:
		return probe_mmu_gather(tree);
	default:
		return PROBE_UNKNOWN;
	}
}
