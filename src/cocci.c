// SPDX-License-Identifier: GPL-2.0-only
/* The spatch wrapper: rule headers, version checks and runs over a tree. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cocci.h"
#include "tree.h"
#include "usage.h"

static const char *spatch_env[] = { "LC_ALL=C", NULL };

static void add_option(struct cocci_header *hdr, size_t *n, const char *word, size_t len)
{
	hdr->options = realloc(hdr->options, (*n + 2) * sizeof(*hdr->options));
	if (!hdr->options) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	hdr->options[*n] = strndup(word, len);
	hdr->options[++*n] = NULL;
}

static void split_options(struct cocci_header *hdr, const char *p, const char *end)
{
	size_t n = 0;

	while (p < end) {
		const char *word;

		while (p < end && isspace((unsigned char)*p))
			p++;
		word = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		if (p > word)
			add_option(hdr, &n, word, p - word);
	}
}

static void copy_field(char *dst, size_t size, const char *p, const char *end)
{
	size_t n;

	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	n = (size_t)(end - p) < size - 1 ? (size_t)(end - p) : size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/* Read the leading comment lines of a rule; the first code line ends the header. */
int cocci_parse_header(const char *text, struct cocci_header *hdr)
{
	const char *line = text;

	memset(hdr, 0, sizeof(*hdr));
	while (line && *line) {
		const char *end = strchr(line, '\n');

		if (!end)
			end = line + strlen(line);

		if (!strncmp(line, "///", 3)) {
			const char *p = line + 3;

			if (p < end && *p == ' ')
				p++;
			strbuf_add(&hdr->description, p, end - p);
			strbuf_addstr(&hdr->description, "\n");
		} else if (!strncmp(line, "// Options:", 11)) {
			split_options(hdr, line + 11, end);
		} else if (!strncmp(line, "// Requires:", 12)) {
			copy_field(hdr->requires, sizeof(hdr->requires), line + 12, end);
		} else if (strncmp(line, "//", 2) && line != end) {
			break;
		}
		line = *end ? end + 1 : NULL;
	}

	if (!hdr->options)
		hdr->options = xcalloc(1, sizeof(*hdr->options));
	return 0;
}

int cocci_read_header(const char *path, struct cocci_header *hdr)
{
	char *text = read_file(path, NULL);

	if (!text) {
		memset(hdr, 0, sizeof(*hdr));
		return error("cannot read semantic patch '%s': %s", path, strerror(errno));
	}
	cocci_parse_header(text, hdr);
	free(text);
	return 0;
}

void cocci_header_release(struct cocci_header *hdr)
{
	for (char **o = hdr->options; o && *o; o++)
		free(*o);
	free(hdr->options);
	strbuf_release(&hdr->description);
	memset(hdr, 0, sizeof(*hdr));
}

/* Compare dotted version strings numerically: "1.1.10" > "1.1.9". */
int version_compare(const char *a, const char *b)
{
	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10);
		long y = strtol(b, (char **)&b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
		if ((*a && !isdigit((unsigned char)*a)) || (*b && !isdigit((unsigned char)*b)))
			break;
	}
	return 0;
}

/* Store the installed spatch version ("1.1.1") in BUF. */
int spatch_version(char *buf, size_t size)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	const char *p;
	int status;

	run_cmd_push(&cmd, "spatch", "--version", NULL);
	cmd.env = spatch_env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	status = run_cmd(&cmd);
	if (status) {
		if (status < 0 && errno == ENOENT) {
			error("spatch not found in PATH");
			hint("install Coccinelle: apt-get install coccinelle");
		} else {
			error_cmd(&cmd, status, "cannot read the spatch version");
		}
		run_cmd_release(&cmd);
		return -1;
	}

	p = strstr(strbuf_str(&cmd.out), "spatch version ");
	if (!p) {
		run_cmd_release(&cmd);
		return error("cannot read the spatch version from 'spatch --version'");
	}
	copy_field(buf, size, p + 15, p + 15 + strcspn(p + 15, " \n"));
	run_cmd_release(&cmd);
	return 0;
}

/* Check that the installed spatch is new enough for RULE and can parse it. */
int spatch_check(const char *rule, const struct cocci_header *hdr, const char *installed)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	if (hdr->requires[0] && version_compare(installed, hdr->requires) < 0) {
		error("'%s' requires spatch %s or later, but spatch %s is installed", rule,
		      hdr->requires, installed);
		hint("install a newer Coccinelle");
		return -1;
	}

	run_cmd_push(&cmd, "spatch", "--parse-cocci", rule, NULL);
	cmd.env = spatch_env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;
	status = run_cmd(&cmd);
	if (status) {
		error_cmd(&cmd, status, "cannot parse semantic patch '%s'", rule);
		hint("fix the rule; 'spatch --parse-cocci %s' shows the error", rule);
	}
	run_cmd_release(&cmd);
	return status ? -1 : 0;
}

/* Apply RULE in place to every C file below DIR. */
int spatch_apply(const char *rule, const struct cocci_header *hdr, const char *dir)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	run_cmd_push(&cmd, "spatch", "--sp-file", rule, "--dir", ".", "--in-place",
		     "--very-quiet", NULL);
	for (char **o = hdr->options; o && *o; o++)
		run_cmd_push_argv(&cmd, *o);
	cmd.dir = dir;
	cmd.env = spatch_env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	status = run_cmd(&cmd);
	if (status)
		error_cmd(&cmd, status, "cannot apply '%s'", rule);
	else if (kbp_verbosity >= KBP_VERBOSE && cmd.out.len)
		fputs(cmd.out.buf, stderr);
	run_cmd_release(&cmd);
	return status;
}
