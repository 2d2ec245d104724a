// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbackport cocci: run semantic patches over a kernel tree quickly and
 * reproducibly.  A prefilter derived from each rule picks the candidate
 * files in one pass over the tree.  Then spatch runs per rule on small
 * groups of candidates in parallel workers.  Each file's result is cached
 * under a key of the file content, the rule text, the spatch version and
 * the options, and the combined output is sorted by file, so that it does
 * not depend on the number of workers or on what the cache held.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "cocci-cache.h"
#include "cocci-prefilter.h"
#include "cocci-scan.h"
#include "cocci-spacing.h"
#include "cocci.h"
#include "kbackport.h"
#include "run-command.h"
#include "tree.h"
#include "usage.h"

#define RESULT_KIND "results"
#define PARSED_KIND "parsed"
#define VERSION_KIND "spatch"
#define DEFAULT_TIMEOUT 120
#define DEFAULT_CACHE_MIB 512
#define MAX_BATCH 64
/* Start-up cost of one spatch process, in bytes of C it could parse in that time (estimates). */
#define START_COST 8192
#define SCRIPT_START_COST 65536
/* OCaml runtime settings for the spatch workers, unless OCAMLRUNPARAM is set. */
#define SPATCH_GC_PARAMS "s=2M,o=1000"

static const char cocci_usage[] =
	"usage: kbackport cocci [options] RULE... TREE\n"
	"\n"
	"Run each semantic patch RULE over the C files of TREE and print the\n"
	"combined unified diff, sorted by file, on stdout.  Every rule runs on the\n"
	"tree as it is, and spatch sees only the files that contain the identifiers\n"
	"the rule needs.  Results are cached, so a re-run only redoes changed files.\n"
	"\n"
	"  -j, --jobs N          run N spatch processes at once (default: number of CPUs)\n"
	"      --timeout SEC     give up on a file after SEC seconds (default: 120)\n"
	"  -D NAME               set the virtual rule NAME (patch, report, context, org);\n"
	"                        repeatable, passed to spatch\n"
	"      --in-place        write the changes into TREE, all files or none\n"
	"      --json            print a JSON report, with the diff in \"output\", on stdout\n"
	"      --cache-dir DIR   keep results in DIR (default: $XDG_CACHE_HOME/kbackport,\n"
	"                        else ~/.cache/kbackport)\n"
	"      --cache-size MIB  trim the cache to this many MiB (default: 512)\n"
	"      --no-cache        neither read nor write cached results\n"
	"      --progress, --no-progress\n"
	"                        show or hide the progress line (default: when stderr is a terminal)\n"
	"  -h, --help            show this help\n";

struct cocci_opts {
	unsigned jobs;
	unsigned timeout;
	bool in_place;
	bool json;
	bool no_cache;
	int progress;			/* 1, 0, or -1 for "when stderr is a terminal" */
	const char *cache_dir;
	unsigned long cache_mib;
	const char **defines;
	size_t ndefines;
	char **rules;
	size_t nrules;
	const char *tree;
};

struct failure {
	char *file;
	char *reason;
};

struct rule {
	const char *path;		/* as given */
	char *abspath;
	char *text;
	struct cocci_header hdr;
	bool essential;			/* "// Essential: yes": must change something */
	bool include_headers;		/* spatch also processes *.h files */
	bool has_scripts;		/* has script, initialize or finalize rules */
	struct prefilter *filter;
	char key[SHA1_HEX_SIZE];	/* rule text, spatch version and options */
	size_t candidates, cached, changed;
	struct failure *failures;
	size_t nfailures;
	double seconds;			/* spatch time spent on this rule */
};

enum task_state { TASK_PENDING, TASK_DONE, TASK_FAILED };

/* One rule on one candidate file. */
struct task {
	size_t rule;
	size_t file;
	char key[SHA1_HEX_SIZE];
	size_t size;			/* bytes of the file, to estimate the work */
	enum task_state state;
	struct strbuf output;		/* spatch's output for this file */
};

/* One spatch process over a group of tasks of the same rule. */
struct job {
	size_t *tasks;
	size_t ntasks;
	pid_t pid;
	char *out_path, *err_path, *groups_path;
	uint64_t cost;			/* estimated work: bytes of C and start-up */
	double started, deadline;
	off_t err_seen;
	size_t current;			/* the task spatch reported last on stderr */
	bool timed_out;
	bool exact;			/* spatch checks spacing itself: no --force-diff */
};

struct cocci_ctx {
	struct cocci_opts opts;
	char spatch[32];
	struct rule *rules;
	struct token_table tokens;
	struct source_list sources;
	struct cocci_cache cache;
	bool use_cache;
	struct task *tasks;		/* sorted by file, then rule */
	size_t ntasks;
	struct job **queue;
	size_t nqueue, queue_alloc;
	struct job **running;
	size_t nrunning;
	size_t done;
	unsigned job_serial;
	char *tmpdir;
	struct strbuf stray;		/* output lines that name no candidate file */
	bool show_progress;
	double started;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_number(const char *arg, const char *option, unsigned long max,
			unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || *out == 0 || *out > max) {
		error("invalid value '%s' for %s: expected a number from 1 to %lu", arg, option, max);
		hint("run 'kbackport cocci --help'");
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct cocci_opts *opts)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'J' },
		{ "cache-dir", required_argument, NULL, 'c' },
		{ "cache-size", required_argument, NULL, 's' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long n;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+j:D:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (parse_number(optarg, "--jobs", 1024, &n))
				return -1;
			opts->jobs = n;
			break;
		case 't':
			if (parse_number(optarg, "--timeout", 86400, &n))
				return -1;
			opts->timeout = n;
			break;
		case 'D':
			opts->defines = realloc(opts->defines, (opts->ndefines + 1) * sizeof(char *));
			if (!opts->defines)
				return error("out of memory");
			opts->defines[opts->ndefines++] = optarg;
			break;
		case 'i':
			opts->in_place = true;
			break;
		case 'J':
			opts->json = true;
			break;
		case 'c':
			opts->cache_dir = optarg;
			break;
		case 's':
			if (parse_number(optarg, "--cache-size", 1UL << 30, &n))
				return -1;
			opts->cache_mib = n;
			break;
		case 'N':
			opts->no_cache = true;
			break;
		case 'p':
		case 'P':
			opts->progress = c == 'p';
			break;
		case 'h':
			fputs(cocci_usage, stdout);
			exit(KBP_EXIT_OK);
		default:
			fputs(cocci_usage, stderr);
			return -1;
		}
	}

	if (argc - optind < 2) {
		error(optind == argc ? "missing RULE and TREE arguments" : "missing TREE argument");
		hint("run 'kbackport cocci --help'");
		return -1;
	}
	opts->rules = argv + optind;
	opts->nrules = argc - optind - 1;
	opts->tree = argv[argc - 1];
	return 0;
}

static bool is_patch_mode(const struct cocci_opts *opts)
{
	for (size_t i = 0; i < opts->ndefines; i++) {
		if (strcmp(opts->defines[i], "patch"))
			return false;
	}
	return true;
}

static int check_options(const struct cocci_opts *opts)
{
	struct stat st;

	if (opts->in_place && !is_patch_mode(opts)) {
		error("--in-place writes changes, but -D %s does not make any", opts->defines[0]);
		hint("drop --in-place to print the output, or use -D patch");
		return KBP_EXIT_USAGE;
	}
	if (stat(opts->tree, &st) || !S_ISDIR(st.st_mode)) {
		error("cannot use tree '%s': %s", opts->tree,
		      errno ? strerror(errno) : "not a directory");
		hint("pass the top folder of a kernel tree as the last argument");
		return KBP_EXIT_MISSING;
	}
	return 0;
}

/* Read "// Essential: yes" from the header comments of a rule. */
static bool header_is_essential(const char *text)
{
	for (const char *line = text; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, "// Essential:", 13)) {
			const char *v = line + 13;

			while (*v == ' ' || *v == '\t')
				v++;
			return !strncasecmp(v, "yes", 3);
		}
		if (*line && *line != '/' && *line != '\n')
			break;
	}
	return false;
}

/* Whether the rule has script, initialize or finalize rules; Python ones slow each start. */
static bool has_script_rules(const char *text)
{
	for (const char *line = text; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (*line == '@') {
			line++;
			while (*line == ' ' || *line == '\t')
				line++;
			if (!strncmp(line, "script:", 7) || !strncmp(line, "initialize:", 11) ||
			    !strncmp(line, "finalize:", 9))
				return true;
		}
	}
	return false;
}

static bool has_option(const struct rule *r, const char *a, const char *b)
{
	for (char **o = r->hdr.options; o && *o; o++) {
		if (!strcmp(*o, a) || !strcmp(*o, b))
			return true;
	}
	return false;
}

static void rule_key(struct cocci_ctx *ctx, struct rule *r)
{
	struct sha1_ctx sha;

	sha1_init(&sha);
	sha1_update(&sha, "kbackport cocci 1", 18);
	sha1_update(&sha, ctx->spatch, strlen(ctx->spatch) + 1);
	sha1_update(&sha, r->text, strlen(r->text) + 1);
	for (char **o = r->hdr.options; o && *o; o++)
		sha1_update(&sha, *o, strlen(*o) + 1);
	for (size_t i = 0; i < ctx->opts.ndefines; i++) {
		sha1_update(&sha, "-D", 3);
		sha1_update(&sha, ctx->opts.defines[i], strlen(ctx->opts.defines[i]) + 1);
	}
	sha1_final_hex(&sha, r->key);
}

static int load_rule(struct cocci_ctx *ctx, struct rule *r, const char *path)
{
	char real[PATH_MAX];

	r->path = path;
	r->text = read_file(path, NULL);
	if (!r->text || !realpath(path, real)) {
		error("cannot read semantic patch '%s': %s", path, strerror(errno));
		hint("check the path; the rules of the series are in %s/cocci/", kbp_datadir());
		return KBP_EXIT_MISSING;
	}
	r->abspath = xstrdup(real);
	cocci_parse_header(r->text, &r->hdr);
	r->essential = header_is_essential(r->text);
	r->include_headers = has_option(r, "--include-headers", "-include_headers");
	r->has_scripts = has_script_rules(r->text);
	r->filter = prefilter_parse(r->text, &ctx->tokens);
	return 0;
}

/* Check that spatch can parse rule R with the virtual rules of -D set. */
static int check_parse(const struct cocci_ctx *ctx, const struct rule *r)
{
	static const char *env[] = { "LC_ALL=C", NULL };
	struct run_cmd cmd = RUN_CMD_INIT;
	int status;

	run_cmd_push(&cmd, "spatch", "--parse-cocci", r->abspath, NULL);
	for (size_t i = 0; i < ctx->opts.ndefines; i++)
		run_cmd_push(&cmd, "-D", ctx->opts.defines[i], NULL);
	cmd.env = env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;

	status = run_cmd(&cmd);
	if (status && (strstr(strbuf_str(&cmd.out), "No rules apply") ||
		       strstr(strbuf_str(&cmd.err), "No rules apply"))) {
		error("no rule of semantic patch '%s' applies without a virtual rule", r->path);
		hint("set one with -D, such as -D patch or -D report");
	} else if (status) {
		error_cmd(&cmd, status, "cannot parse semantic patch '%s'", r->path);
		hint("fix the rule; 'spatch --parse-cocci %s' shows the error", r->path);
	}
	run_cmd_release(&cmd);
	return status ? -1 : 0;
}

/*
 * Find the spatch that execvp() runs: the first executable "spatch" in
 * PATH.  Returns NULL, so that nothing is cached, when PATH is unset or has
 * an empty entry (the current directory).
 */
static char *find_spatch(struct stat *st)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (!path || !*path || *path == ':' || path[strlen(path) - 1] == ':' || strstr(path, "::"))
		return NULL;
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *candidate = xasprintf("%s/spatch", dir);

		if (!stat(candidate, st) && S_ISREG(st->st_mode) && !access(candidate, X_OK))
			found = candidate;
		else
			free(candidate);
	}
	free(copy);
	return found;
}

/*
 * Read the spatch version, from the cache when the spatch program file is
 * the same (path, inode, size and timestamps) as when it was last asked:
 * each "spatch --version" costs a process start.
 * NOTE: a wrapper script that runs another spatch binary is keyed by the
 * script, so a changed binary behind an unchanged script goes unnoticed.
 */
static int read_spatch_version(struct cocci_ctx *ctx)
{
	struct stat st;
	char *path = ctx->use_cache ? find_spatch(&st) : NULL;
	char key[SHA1_HEX_SIZE];
	struct strbuf cached = STRBUF_INIT;

	if (path) {
		uint64_t stamp[] = {
			st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
		};
		struct sha1_ctx sha;

		sha1_init(&sha);
		sha1_update(&sha, "kbackport spatch version 1", 27);
		sha1_update(&sha, path, strlen(path) + 1);
		sha1_update(&sha, stamp, sizeof(stamp));
		sha1_final_hex(&sha, key);
		if (cocci_cache_get(&ctx->cache, VERSION_KIND, key, &cached) && cached.len &&
		    cached.len < sizeof(ctx->spatch) && !memchr(cached.buf, '\n', cached.len)) {
			memcpy(ctx->spatch, cached.buf, cached.len);
			ctx->spatch[cached.len] = '\0';
			strbuf_release(&cached);
			free(path);
			return 0;
		}
		strbuf_release(&cached);
	}

	if (spatch_version(ctx->spatch, sizeof(ctx->spatch))) {
		free(path);
		return -1;
	}
	if (path)
		cocci_cache_put(&ctx->cache, VERSION_KIND, key, ctx->spatch, strlen(ctx->spatch));
	free(path);
	return 0;
}

/*
 * Check spatch against each rule: a "// Requires:" version newer than the
 * installed one stops the run, and so does a rule that spatch cannot
 * parse.  A rule that parsed once with this spatch is not parsed again.
 */
static int check_rules(struct cocci_ctx *ctx)
{
	if (read_spatch_version(ctx))
		return KBP_EXIT_MISSING;

	for (size_t i = 0; i < ctx->opts.nrules; i++) {
		struct rule *r = &ctx->rules[i];
		struct strbuf seen = STRBUF_INIT;
		bool parsed;

		if (r->hdr.requires[0] && version_compare(ctx->spatch, r->hdr.requires) < 0) {
			error("'%s' requires spatch %s or later, but spatch %s is installed", r->path,
			      r->hdr.requires, ctx->spatch);
			hint("install a newer Coccinelle, or drop the rule from the command line");
			return KBP_EXIT_MISSING;
		}

		rule_key(ctx, r);
		parsed = ctx->use_cache && cocci_cache_get(&ctx->cache, PARSED_KIND, r->key, &seen);
		strbuf_release(&seen);
		if (parsed)
			continue;
		if (check_parse(ctx, r))
			return KBP_EXIT_REJECTED;
		if (ctx->use_cache)
			cocci_cache_put(&ctx->cache, PARSED_KIND, r->key, "ok\n", 3);
	}
	return 0;
}

static int open_cache(struct cocci_ctx *ctx)
{
	char *dir;
	int ret;

	if (ctx->opts.no_cache)
		return 0;
	dir = ctx->opts.cache_dir ? xstrdup(ctx->opts.cache_dir) : cocci_cache_default_dir();
	if (!dir) {
		warning("neither XDG_CACHE_HOME nor HOME is set; running without a cache");
		return 0;
	}
	ret = cocci_cache_open(&ctx->cache, dir, (uint64_t)ctx->opts.cache_mib << 20);
	free(dir);
	if (ret) {
		hint("pass --cache-dir DIR, or --no-cache");
		return KBP_EXIT_FAILED;
	}
	ctx->use_cache = true;
	return 0;
}

/* Hash the local headers a file includes ("#include \"x.h\"" next to it). */
static void add_local_includes(struct sha1_ctx *sha, const char *tree, const char *rel,
			       const char *text)
{
	const char *slash = strrchr(rel, '/');
	int dirlen = slash ? (int)(slash - rel) : 0;

	for (const char *p = strstr(text, "#include"); p; p = strstr(p + 8, "#include")) {
		const char *q = p + 8, *close;
		char *path, *data, id[SHA1_HEX_SIZE];
		size_t len;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '"' || !(close = strchr(q + 1, '"')) || memchr(q, '\n', close - q))
			continue;
		path = dirlen ? xasprintf("%s/%.*s/%.*s", tree, dirlen, rel, (int)(close - q - 1), q + 1)
			      : xasprintf("%s/%.*s", tree, (int)(close - q - 1), q + 1);
		data = read_file(path, &len);
		if (data) {
			sha1_blob_id(data, len, id);
			sha1_update(sha, id, sizeof(id));
		}
		free(data);
		free(path);
	}
}

/*
 * The cache key of one rule on one file: the rule's key, the file's path
 * and content, and the content of the local headers it includes, which
 * spatch reads for type information.
 */
static int task_key(const struct cocci_ctx *ctx, struct task *t, const char *content, size_t len)
{
	const struct rule *r = &ctx->rules[t->rule];
	const char *path = ctx->sources.files[t->file].path;
	struct sha1_ctx sha;
	char id[SHA1_HEX_SIZE];

	sha1_blob_id(content, len, id);
	sha1_init(&sha);
	sha1_update(&sha, r->key, sizeof(r->key));
	sha1_update(&sha, path, strlen(path) + 1);
	sha1_update(&sha, id, sizeof(id));
	/* NOTE: headers found through -I or included by headers are not part of the key. */
	add_local_includes(&sha, ctx->opts.tree, path, content);
	sha1_final_hex(&sha, t->key);
	return 0;
}

static bool is_candidate(const struct rule *r, const struct source_file *f)
{
	if (f->is_header && !r->include_headers)
		return false;
	return prefilter_eval(r->filter, f->bits);
}

/* Make one task per rule and candidate file, in output order, and look each up in the cache. */
static int plan_tasks(struct cocci_ctx *ctx)
{
	size_t alloc = 0;

	for (size_t f = 0; f < ctx->sources.count; f++) {
		const struct source_file *file = &ctx->sources.files[f];
		char *content = NULL;
		size_t len = 0;

		for (size_t r = 0; r < ctx->opts.nrules; r++) {
			struct task *t;

			if (!is_candidate(&ctx->rules[r], file))
				continue;
			if (!content) {
				char *path = xasprintf("%s/%s", ctx->opts.tree, file->path);

				content = read_file(path, &len);
				free(path);
				if (!content)
					return error("cannot read '%s/%s': %s", ctx->opts.tree,
						     file->path, strerror(errno));
			}
			if (ctx->ntasks == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				ctx->tasks = realloc(ctx->tasks, alloc * sizeof(*ctx->tasks));
				if (!ctx->tasks)
					return error("out of memory");
			}
			t = &ctx->tasks[ctx->ntasks++];
			memset(t, 0, sizeof(*t));
			t->rule = r;
			t->file = f;
			t->size = len;
			task_key(ctx, t, content, len);
			ctx->rules[r].candidates++;
			if (ctx->use_cache &&
			    cocci_cache_get(&ctx->cache, RESULT_KIND, t->key, &t->output)) {
				t->state = TASK_DONE;
				ctx->rules[r].cached++;
				ctx->done++;
			}
		}
		free(content);
	}
	return 0;
}

/* Jobs */

static struct job *job_new(void)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->pid = -1;
	return j;
}

static void job_add_task(struct job *j, size_t task)
{
	j->tasks = realloc(j->tasks, (j->ntasks + 1) * sizeof(*j->tasks));
	if (!j->tasks) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	j->tasks[j->ntasks++] = task;
}

static void job_free(struct job *j)
{
	if (j->out_path)
		unlink(j->out_path);
	if (j->err_path)
		unlink(j->err_path);
	if (j->groups_path)
		unlink(j->groups_path);
	free(j->out_path);
	free(j->err_path);
	free(j->groups_path);
	free(j->tasks);
	free(j);
}

static void queue_push(struct cocci_ctx *ctx, struct job *j)
{
	if (ctx->nqueue == ctx->queue_alloc) {
		ctx->queue_alloc = ctx->queue_alloc ? ctx->queue_alloc * 2 : 64;
		ctx->queue = realloc(ctx->queue, ctx->queue_alloc * sizeof(*ctx->queue));
		if (!ctx->queue) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
	}
	ctx->queue[ctx->nqueue++] = j;
}

static uint64_t start_cost(const struct rule *r)
{
	return r->has_scripts ? SCRIPT_START_COST : START_COST;
}

static int compare_task_size(const void *a, const void *b, void *arg)
{
	const struct task *tasks = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (tasks[x].size != tasks[y].size)
		return tasks[x].size > tasks[y].size ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int compare_job_cost(const void *a, const void *b)
{
	const struct job *x = *(struct job *const *)a, *y = *(struct job *const *)b;

	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	/* Equal costs: keep the order of rules and files, for a stable plan. */
	return x->tasks[0] < y->tasks[0] ? -1 : x->tasks[0] > y->tasks[0];
}

/*
 * Split the pending tasks of rule R into NGROUPS jobs of about the same
 * size: largest file first, each to the job with the least work so far.
 * Each job then lists its files in tree order.
 */
static void split_rule(struct cocci_ctx *ctx, size_t r, size_t *pending, size_t npending,
		       size_t ngroups)
{
	struct job **group = xcalloc(ngroups, sizeof(*group));

	qsort_r(pending, npending, sizeof(*pending), compare_task_size, ctx->tasks);
	for (size_t g = 0; g < ngroups; g++) {
		group[g] = job_new();
		group[g]->cost = start_cost(&ctx->rules[r]);
	}
	for (size_t i = 0; i < npending; i++) {
		size_t best = 0;

		for (size_t g = 1; g < ngroups; g++) {
			if (group[g]->ntasks < MAX_BATCH &&
			    (group[best]->ntasks >= MAX_BATCH || group[g]->cost < group[best]->cost))
				best = g;
		}
		job_add_task(group[best], pending[i]);
		group[best]->cost += ctx->tasks[pending[i]].size;
	}
	for (size_t g = 0; g < ngroups; g++) {
		struct job *j = group[g];

		if (!j->ntasks) {
			job_free(j);
			continue;
		}
		for (size_t a = 1; a < j->ntasks; a++) {
			for (size_t b = a; b > 0 && j->tasks[b - 1] > j->tasks[b]; b--) {
				size_t tmp = j->tasks[b];

				j->tasks[b] = j->tasks[b - 1];
				j->tasks[b - 1] = tmp;
			}
		}
		queue_push(ctx, j);
	}
	free(group);
}

/*
 * Group the pending tasks into jobs, one spatch process each.  Every
 * process pays a start-up cost (more for rules with Python scripts), so a
 * rule is split only as far as it helps the workers finish together.  A
 * piece is about half a worker's share of the whole work, a rule gets at
 * most one piece per worker, and a piece has at most MAX_BATCH files.  An
 * interrupted run keeps the results of the jobs that finished, so it
 * loses at most the running jobs.  The largest jobs start first.
 */
static void plan_jobs(struct cocci_ctx *ctx)
{
	size_t *pending = xcalloc(ctx->ntasks + 1, sizeof(*pending));
	uint64_t total = 0, piece;

	for (size_t r = 0; r < ctx->opts.nrules; r++) {
		bool any = false;

		for (size_t i = 0; i < ctx->ntasks; i++) {
			if (ctx->tasks[i].rule == r && ctx->tasks[i].state == TASK_PENDING) {
				total += ctx->tasks[i].size;
				any = true;
			}
		}
		if (any)
			total += start_cost(&ctx->rules[r]);
	}
	piece = total / (2 * ctx->opts.jobs);
	if (piece < 1)
		piece = 1;

	for (size_t r = 0; r < ctx->opts.nrules; r++) {
		size_t npending = 0, ngroups;
		uint64_t cost = start_cost(&ctx->rules[r]);

		for (size_t i = 0; i < ctx->ntasks; i++) {
			if (ctx->tasks[i].rule == r && ctx->tasks[i].state == TASK_PENDING) {
				pending[npending++] = i;
				cost += ctx->tasks[i].size;
			}
		}
		if (!npending)
			continue;
		ngroups = (cost + piece - 1) / piece;
		if (ngroups > ctx->opts.jobs)
			ngroups = ctx->opts.jobs;
		if (ngroups < (npending + MAX_BATCH - 1) / MAX_BATCH)
			ngroups = (npending + MAX_BATCH - 1) / MAX_BATCH;
		if (ngroups > npending)
			ngroups = npending;
		split_rule(ctx, r, pending, npending, ngroups);
	}
	free(pending);
	if (ctx->nqueue > 1)
		qsort(ctx->queue, ctx->nqueue, sizeof(*ctx->queue), compare_job_cost);
}

static int write_groups(struct cocci_ctx *ctx, struct job *j)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	for (size_t i = 0; i < j->ntasks; i++) {
		strbuf_addstr(&sb, ctx->sources.files[ctx->tasks[j->tasks[i]].file].path);
		strbuf_addstr(&sb, "\n\n");
	}
	ret = write_file_atomic(j->groups_path, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return ret;
}

/* Check whether the options of rule R include --force-diff. */
static bool rule_forces_diff(const struct rule *r)
{
	for (char **o = r->hdr.options; o && *o; o++) {
		if (!strcmp(*o, "--force-diff"))
			return true;
	}
	return false;
}

static void job_argv(const struct cocci_ctx *ctx, const struct job *j, struct run_cmd *cmd)
{
	const struct rule *r = &ctx->rules[ctx->tasks[j->tasks[0]].rule];

	run_cmd_push(cmd, "spatch", "--sp-file", r->abspath, "--file-groups", j->groups_path,
		     "--patch", ".", NULL);
	if (!j->exact)
		run_cmd_push(cmd, "--force-diff", NULL);
	for (char **o = r->hdr.options; o && *o; o++)
		run_cmd_push_argv(cmd, *o);
	for (size_t i = 0; i < ctx->opts.ndefines; i++)
		run_cmd_push(cmd, "-D", ctx->opts.defines[i], NULL);
}

static void exec_child(const char *tree, struct run_cmd *cmd, const char *out, const char *err)
{
	sigset_t none;
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);

	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, 0);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0)
		dup2(fd, 1);
	fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0)
		dup2(fd, 2);
	if (chdir(tree))
		_exit(127);
	setenv("LC_ALL", "C", 1);
	/*
	 * With a 16 MB minor heap and a lazier major collector, spatch 1.1.1
	 * used about 20% less CPU time on the series' rules over a 2.6.39
	 * tree than with OCaml's defaults, with the same output.  Its memory
	 * grew by about a quarter (150 MB for 64 files of mm/ and fs/).
	 */
	setenv("OCAMLRUNPARAM", SPATCH_GC_PARAMS, 0);
	execvp(cmd->argv[0], cmd->argv);
	fprintf(stderr, "cannot run '%s': %s\n", cmd->argv[0], strerror(errno));
	_exit(127);
}

static int job_start(struct cocci_ctx *ctx, struct job *j)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	unsigned id = ctx->job_serial++;

	j->out_path = xasprintf("%s/%u.out", ctx->tmpdir, id);
	j->err_path = xasprintf("%s/%u.err", ctx->tmpdir, id);
	j->groups_path = xasprintf("%s/%u.groups", ctx->tmpdir, id);
	if (write_groups(ctx, j))
		return error("cannot write '%s': %s", j->groups_path, strerror(errno));

	job_argv(ctx, j, &cmd);
	for (size_t i = 0; i < j->ntasks; i++)
		debug("job %u: %s", id, ctx->sources.files[ctx->tasks[j->tasks[i]].file].path);
	if (kbp_verbosity >= KBP_VERBOSE) {
		char *line = run_cmd_format(&cmd);

		fprintf(stderr, "  + (cd %s && %s)\n", ctx->opts.tree, line);
		free(line);
	}

	j->pid = fork();
	if (j->pid == 0)
		exec_child(ctx->opts.tree, &cmd, j->out_path, j->err_path);
	run_cmd_release(&cmd);
	if (j->pid < 0)
		return error("cannot start spatch: %s", strerror(errno));

	j->started = now();
	j->deadline = j->started + ctx->opts.timeout;
	j->current = 0;
	return 0;
}

/*
 * Follow the "HANDLING: FILE" lines spatch writes to stderr, so that the
 * timeout counts per file and a file that hangs can be named.
 */
static void job_watch(struct cocci_ctx *ctx, struct job *j)
{
	char buf[8192];
	int fd = open(j->err_path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = pread(fd, buf, sizeof(buf) - 1, j->err_seen)) > 0) {
		char *line = buf, *nl;

		buf[n] = '\0';
		nl = strrchr(buf, '\n');
		if (!nl)
			break;
		j->err_seen += nl + 1 - buf;
		*(nl + 1) = '\0';
		while ((line = strstr(line, "HANDLING: "))) {
			line += 10;
			for (size_t i = 0; i < j->ntasks; i++) {
				const char *path = ctx->sources.files[ctx->tasks[j->tasks[i]].file].path;
				size_t len = strlen(path);

				if (!strncmp(line, path, len) && (line[len] == '\n' || line[len] == ' ')) {
					j->current = i;
					j->deadline = now() + ctx->opts.timeout;
				}
			}
		}
	}
	close(fd);
}

static void add_failure(struct cocci_ctx *ctx, size_t task, const char *reason)
{
	struct task *t = &ctx->tasks[task];
	struct rule *r = &ctx->rules[t->rule];

	r->failures = realloc(r->failures, (r->nfailures + 1) * sizeof(*r->failures));
	if (!r->failures) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	r->failures[r->nfailures].file = xstrdup(ctx->sources.files[t->file].path);
	r->failures[r->nfailures].reason = xstrdup(reason);
	r->nfailures++;
	t->state = TASK_FAILED;
	ctx->done++;
}

static struct task *job_task_for_path(struct cocci_ctx *ctx, const struct job *j, const char *p,
				      size_t len)
{
	for (size_t i = 0; i < j->ntasks; i++) {
		struct task *t = &ctx->tasks[j->tasks[i]];
		const char *path = ctx->sources.files[t->file].path;

		if (strlen(path) == len && !strncmp(path, p, len))
			return t;
	}
	return NULL;
}

/*
 * Return the file named by the diff header LINE, or NULL for any other
 * line.  Patch mode prints "diff -u -p a/FILE b/FILE" ("-U N" with
 * spatch's -U option), context mode "diff -u -p FILE /tmp/nothing/FILE".
 */
static const char *diff_header_file(const char *line, size_t len, size_t *file_len)
{
	const char *end = line + len, *p = line + 5, *stop;

	if (len < 12 || strncmp(line, "diff -", 6))
		return NULL;
	if (!strncmp(p, "-u ", 3)) {
		p += 3;
	} else if (!strncmp(p, "-U ", 3) && isdigit((unsigned char)p[3])) {
		for (p += 3; p < end && isdigit((unsigned char)*p);)
			p++;
		p++;
	} else {
		return NULL;
	}
	if (end - p < 6 || strncmp(p, "-p ", 3))
		return NULL;
	p += 3;

	if (!strncmp(p, "a/", 2)) {
		p += 2;
		stop = memmem(p, end - p, " b/", 3);
	} else {
		stop = memmem(p, end - p, " /tmp/nothing/", 14);
	}
	if (!stop)
		return NULL;
	*file_len = stop - p;
	return p;
}

/*
 * Find the file a line of spatch output is about: a diff header, a report
 * line "FILE:LINE:...", or an org line "* TODO [[view:FILE::...".
 */
static struct task *line_owner(struct cocci_ctx *ctx, const struct job *j, const char *line,
			       size_t len, bool *is_header)
{
	const char *end = line + len, *p, *stop;
	size_t file_len;

	p = diff_header_file(line, len, &file_len);
	*is_header = p != NULL;
	if (*is_header)
		return job_task_for_path(ctx, j, p, file_len);

	p = memmem(line, len, "[[view:", 7);
	if (p) {
		p += 7;
		stop = memmem(p, end - p, "::", 2);
		return stop ? job_task_for_path(ctx, j, p, stop - p) : NULL;
	}
	stop = memchr(line, ':', len);
	return stop ? job_task_for_path(ctx, j, line, stop - line) : NULL;
}

/* Split a job's output into the tasks it belongs to. */
static void split_output(struct cocci_ctx *ctx, const struct job *j, const char *out)
{
	struct task *in_diff = NULL;

	for (const char *line = out; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
		bool is_header;
		struct task *owner;

		if (in_diff && strchr(" -+@\\", *line)) {
			strbuf_add(&in_diff->output, line, len);
			line += len;
			continue;
		}
		owner = line_owner(ctx, j, line, len, &is_header);
		in_diff = is_header ? owner : NULL;
		if (owner)
			strbuf_add(&owner->output, line, len);
		else
			strbuf_add(&ctx->stray, line, len);
		line += len;
	}
}

static char *last_stderr_line(const char *err_path)
{
	char *text = read_file(err_path, NULL);
	char *end, *start;

	if (!text)
		return xstrdup("");
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	*end = '\0';
	start = strrchr(text, '\n');
	start = xstrdup(start ? start + 1 : text);
	free(text);
	return start;
}

static bool maybe_spacing_only(const struct cocci_ctx *ctx, const struct task *t);

/*
 * Queue TASK for a run without --force-diff when its diff may change
 * spacing only, so that spatch decides as it does for "spatch --dir".
 * Return whether the task was queued.
 */
static bool recheck_spacing(struct cocci_ctx *ctx, const struct job *j, size_t task,
			    struct job **recheck)
{
	struct task *t = &ctx->tasks[task];

	if (j->exact || rule_forces_diff(&ctx->rules[t->rule]) || !maybe_spacing_only(ctx, t))
		return false;

	strbuf_release(&t->output);
	if (!*recheck) {
		*recheck = job_new();
		(*recheck)->exact = true;
	}
	job_add_task(*recheck, task);
	return true;
}

static void job_succeeded(struct cocci_ctx *ctx, struct job *j)
{
	char *out = read_file(j->out_path, NULL);
	struct job *recheck = NULL;

	split_output(ctx, j, out ? out : "");
	free(out);
	for (size_t i = 0; i < j->ntasks; i++) {
		struct task *t = &ctx->tasks[j->tasks[i]];

		if (recheck_spacing(ctx, j, j->tasks[i], &recheck))
			continue;
		t->state = TASK_DONE;
		ctx->done++;
		if (ctx->use_cache)
			cocci_cache_put(&ctx->cache, RESULT_KIND, t->key, strbuf_str(&t->output),
					t->output.len);
	}
	if (recheck)
		queue_push(ctx, recheck);
}

/*
 * A job failed.  A file that timed out is reported, and the other files
 * of its group run again.  After a crash each file of the group runs in
 * a job of its own, so that the one that makes spatch fail is named.
 */
static void job_failed(struct cocci_ctx *ctx, struct job *j, int status)
{
	struct job *rest = NULL;

	for (size_t i = 0; i < j->ntasks; i++) {
		size_t task = j->tasks[i];

		strbuf_release(&ctx->tasks[task].output);
		if (j->timed_out && i == j->current) {
			char *reason = xasprintf("timed out after %u s", ctx->opts.timeout);

			add_failure(ctx, task, reason);
			free(reason);
		} else if (j->timed_out && i > j->current) {
			if (!rest) {
				rest = job_new();
				rest->exact = j->exact;
			}
			job_add_task(rest, task);
		} else if (j->ntasks > 1) {
			struct job *single = job_new();

			single->exact = j->exact;
			job_add_task(single, task);
			queue_push(ctx, single);
		} else {
			char *last = last_stderr_line(j->err_path);
			char *reason = status > 128 ?
				xasprintf("spatch was killed by signal %d: %s", status - 128, last) :
				xasprintf("spatch exited with status %d: %s", status, last);

			add_failure(ctx, task, reason);
			free(reason);
			free(last);
		}
	}
	if (rest)
		queue_push(ctx, rest);
}

static void job_finished(struct cocci_ctx *ctx, struct job *j, int wstatus)
{
	int status = WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus) : WEXITSTATUS(wstatus);
	struct rule *r = &ctx->rules[ctx->tasks[j->tasks[0]].rule];

	r->seconds += now() - j->started;
	if (kbp_interrupted)
		return;
	if (status == 0 && !j->timed_out)
		job_succeeded(ctx, j);
	else
		job_failed(ctx, j, status);
}

static void show_progress(struct cocci_ctx *ctx, bool last)
{
	if (!ctx->show_progress)
		return;
	fprintf(stderr, "\r  SPATCH  %zu/%zu files, %zu running\033[K", ctx->done, ctx->ntasks,
		ctx->nrunning);
	if (last)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

static void reap_children(struct cocci_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nrunning;) {
		struct job *j = ctx->running[i];
		int wstatus;
		pid_t pid = waitpid(j->pid, &wstatus, WNOHANG);

		if (pid == 0) {
			job_watch(ctx, j);
			if (now() > j->deadline && !j->timed_out) {
				j->timed_out = true;
				kill(j->pid, SIGKILL);
			}
			i++;
			continue;
		}
		if (pid > 0) {
			job_watch(ctx, j);
			job_finished(ctx, j, wstatus);
		}
		job_free(j);
		ctx->running[i] = ctx->running[--ctx->nrunning];
	}
}

static void stop_children(struct cocci_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nrunning; i++) {
		int wstatus;

		kill(ctx->running[i]->pid, SIGTERM);
		waitpid(ctx->running[i]->pid, &wstatus, 0);
		job_free(ctx->running[i]);
	}
	ctx->nrunning = 0;
}

/* Run the queued jobs, at most opts.jobs at a time, until all are done. */
static int run_jobs(struct cocci_ctx *ctx)
{
	size_t next = 0;

	ctx->running = xcalloc(ctx->opts.jobs, sizeof(*ctx->running));
	while ((next < ctx->nqueue || ctx->nrunning) && !kbp_interrupted) {
		struct timespec tick = { 0, 20 * 1000 * 1000 };

		while (ctx->nrunning < ctx->opts.jobs && next < ctx->nqueue) {
			struct job *j = ctx->queue[next++];

			if (job_start(ctx, j)) {
				job_free(j);
				stop_children(ctx);
				return KBP_EXIT_FAILED;
			}
			ctx->running[ctx->nrunning++] = j;
		}
		show_progress(ctx, false);
		nanosleep(&tick, NULL);
		reap_children(ctx);
	}
	show_progress(ctx, true);

	if (kbp_interrupted) {
		stop_children(ctx);
		for (; next < ctx->nqueue; next++)
			job_free(ctx->queue[next]);
		return KBP_EXIT_INTERRUPTED;
	}
	return 0;
}

/* Output */

static void count_changes(struct cocci_ctx *ctx)
{
	for (size_t i = 0; i < ctx->ntasks; i++) {
		const struct task *t = &ctx->tasks[i];

		if (t->state == TASK_DONE && t->output.len)
			ctx->rules[t->rule].changed++;
	}
}

/* The combined output: tasks are already sorted by file, then by rule. */
static void combined_output(const struct cocci_ctx *ctx, struct strbuf *out)
{
	for (size_t i = 0; i < ctx->ntasks; i++) {
		const struct task *t = &ctx->tasks[i];

		if (t->state == TASK_DONE)
			strbuf_add(out, strbuf_str(&t->output), t->output.len);
	}
	strbuf_add(out, strbuf_str(&ctx->stray), ctx->stray.len);
}

static void print_rule_line(const struct cocci_ctx *ctx, const struct rule *r)
{
	char *what = xasprintf("%s: %zu files scanned, %zu candidates (%zu cached), "
			       "%zu changed, %zu failed, %.2f s", r->path, ctx->sources.count,
			       r->candidates, r->cached, r->changed, r->nfailures, r->seconds);

	step_line("COCCI", what);
	free(what);
	for (size_t i = 0; i < r->nfailures; i++)
		error("%s: '%s' failed: %s", r->path, r->failures[i].file, r->failures[i].reason);
}

static void print_json(const struct cocci_ctx *ctx, const char *output)
{
	json_t *root = json_object(), *rules = json_array();
	char *text;

	json_object_set_new(root, "tree", json_string(ctx->opts.tree));
	json_object_set_new(root, "spatch", json_string(ctx->spatch));
	json_object_set_new(root, "jobs", json_integer(ctx->opts.jobs));
	json_object_set_new(root, "files_scanned", json_integer(ctx->sources.count));
	json_object_set_new(root, "files_read", json_integer(ctx->sources.rescanned));
	json_object_set_new(root, "seconds", json_real(now() - ctx->started));
	for (size_t i = 0; i < ctx->opts.nrules; i++) {
		const struct rule *r = &ctx->rules[i];
		json_t *o = json_object(), *failed = json_array();
		char *filter = prefilter_format(r->filter, &ctx->tokens);

		json_object_set_new(o, "rule", json_string(r->path));
		json_object_set_new(o, "essential", json_boolean(r->essential));
		json_object_set_new(o, "prefilter", json_string(filter));
		json_object_set_new(o, "files_scanned", json_integer(ctx->sources.count));
		json_object_set_new(o, "candidates", json_integer(r->candidates));
		json_object_set_new(o, "cached", json_integer(r->cached));
		json_object_set_new(o, "files_changed", json_integer(r->changed));
		json_object_set_new(o, "seconds", json_real(r->seconds));
		for (size_t k = 0; k < r->nfailures; k++) {
			json_t *f = json_object();

			json_object_set_new(f, "file", json_string(r->failures[k].file));
			json_object_set_new(f, "reason", json_string(r->failures[k].reason));
			json_array_append_new(failed, f);
		}
		json_object_set_new(o, "failed", failed);
		json_array_append_new(rules, o);
		free(filter);
	}
	json_object_set_new(root, "rules", rules);
	json_object_set_new(root, "output", json_string(output));

	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text)
		printf("%s\n", text);
	free(text);
	json_decref(root);
}

/* In-place writing */

struct lines {
	char **line;		/* each with its newline, if it has one */
	size_t count;
	size_t alloc;
};

static void lines_push(struct lines *l, const char *s, size_t len)
{
	if (l->count == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 256;
		l->line = realloc(l->line, l->alloc * sizeof(*l->line));
		if (!l->line) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
	}
	l->line[l->count++] = strndup(s, len);
}

static void lines_split(struct lines *l, const char *text)
{
	while (*text) {
		size_t len = strcspn(text, "\n");

		len += text[len] == '\n';
		lines_push(l, text, len);
		text += len;
	}
}

static void lines_release(struct lines *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->line[i]);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

/*
 * One change a diff makes to the original file: NOLD lines from line START
 * (counted from 0) are removed and the lines of NEW put in their place.
 * Every rule's diff is against the original file, so the changes of all
 * rules can be merged as long as they remove no line twice.
 */
struct edit {
	size_t start;
	struct lines old;
	struct lines new;
	size_t rule;
};

struct edit_list {
	struct edit *edits;
	size_t count;
};

static struct edit *edit_open(struct edit_list *l, size_t start, size_t rule)
{
	struct edit *e;

	l->edits = realloc(l->edits, (l->count + 1) * sizeof(*l->edits));
	if (!l->edits) {
		fprintf(stderr, "kbackport: error: out of memory\n");
		exit(KBP_EXIT_FAILED);
	}
	e = &l->edits[l->count++];
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->rule = rule;
	return e;
}

static void strip_newline(struct lines *l)
{
	if (l->count)
		l->line[l->count - 1][strcspn(l->line[l->count - 1], "\n")] = '\0';
}

/* Read the hunks of the unified diff DIFF of rule RULE into edits. */
static int read_edits(struct edit_list *l, const char *diff, size_t rule)
{
	const char *p = strstr(diff, "\n@@ ");

	for (p = p ? p + 1 : NULL; p && *p;) {
		struct edit *e = NULL;
		long start, count = 1;
		size_t pos;
		char last = 0;

		if (sscanf(p, "@@ -%ld,%ld", &start, &count) < 1)
			return -1;
		pos = count == 0 ? (size_t)start : (size_t)(start - 1);
		p += strcspn(p, "\n");
		p += *p == '\n';
		for (; *p && strchr(" -+\\", *p); p += strcspn(p, "\n"), p += *p == '\n') {
			size_t len = strcspn(p + 1, "\n") + (p[1 + strcspn(p + 1, "\n")] == '\n');

			if (*p == '\\') {
				if (last == '+' && e)
					strip_newline(&e->new);
				continue;
			}
			last = *p;
			if (*p == ' ') {
				e = NULL;
				pos++;
				continue;
			}
			if (!e)
				e = edit_open(l, pos, rule);
			if (*p == '-') {
				lines_push(&e->old, p + 1, len);
				pos++;
			} else {
				lines_push(&e->new, p + 1, len);
			}
		}
	}
	return 0;
}

static int compare_edits(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Whether each removed line matches FILE, and no line is removed twice. */
static bool edits_fit(const struct edit_list *l, const struct lines *file)
{
	for (size_t i = 0; i < l->count; i++) {
		const struct edit *e = &l->edits[i];

		if (e->start + e->old.count > file->count)
			return false;
		for (size_t k = 0; k < e->old.count; k++) {
			if (strcspn(e->old.line[k], "\n") != strcspn(file->line[e->start + k], "\n") ||
			    strncmp(e->old.line[k], file->line[e->start + k],
				    strcspn(e->old.line[k], "\n")))
				return false;
		}
		if (i && l->edits[i - 1].start + l->edits[i - 1].old.count > e->start)
			return false;
	}
	return true;
}

static void apply_edits(const struct edit_list *l, const struct lines *file, struct strbuf *out)
{
	size_t pos = 0;

	for (size_t i = 0; i < l->count; i++) {
		const struct edit *e = &l->edits[i];

		for (; pos < e->start; pos++)
			strbuf_addstr(out, file->line[pos]);
		for (size_t k = 0; k < e->new.count; k++)
			strbuf_addstr(out, e->new.line[k]);
		pos += e->old.count;
	}
	for (; pos < file->count; pos++)
		strbuf_addstr(out, file->line[pos]);
}

static void edits_release(struct edit_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		lines_release(&l->edits[i].old);
		lines_release(&l->edits[i].new);
	}
	free(l->edits);
}

/* Check whether any line of OUTPUT is a diff header, since report lines may come first. */
static bool has_diff(const struct strbuf *output)
{
	const char *line = output->buf, *end = output->buf + output->len;
	size_t file_len;

	while (line && line < end) {
		const char *nl = memchr(line, '\n', end - line);
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);

		if (diff_header_file(line, len, &file_len))
			return true;
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

/*
 * Check whether the diff of task T may change spacing only, by the loose
 * test of c_same_but_spacing().  A diff that does not fit the file counts
 * as a real change, and the code that applies it reports the mismatch.
 */
static bool maybe_spacing_only(const struct cocci_ctx *ctx, const struct task *t)
{
	struct lines file = { NULL, 0, 0 };
	struct edit_list edits = { NULL, 0 };
	struct strbuf result = STRBUF_INIT;
	char *path, *text;
	size_t len;
	bool same = false;

	if (!has_diff(&t->output))
		return false;
	path = xasprintf("%s/%s", ctx->opts.tree, ctx->sources.files[t->file].path);
	text = read_file(path, &len);
	free(path);
	if (!text)
		return false;

	lines_split(&file, text);
	if (!read_edits(&edits, strbuf_str(&t->output), t->rule) && edits_fit(&edits, &file)) {
		apply_edits(&edits, &file, &result);
		same = c_same_but_spacing(text, len, strbuf_str(&result), result.len);
	}
	strbuf_release(&result);
	edits_release(&edits);
	lines_release(&file);
	free(text);
	return same;
}

struct staged_file {
	char *path;		/* the target in the tree */
	char *tmp;		/* the new content beside it */
};

/* Write the new content of the file of tasks [first, end) beside it. */
static int stage_file(const struct cocci_ctx *ctx, size_t first, size_t end, struct staged_file *s)
{
	struct lines file = { NULL, 0, 0 };
	struct edit_list edits = { NULL, 0 };
	struct strbuf result = STRBUF_INIT;
	char *text;
	int ret = 0;

	s->path = xasprintf("%s/%s", ctx->opts.tree, ctx->sources.files[ctx->tasks[first].file].path);
	text = read_file(s->path, NULL);
	if (!text)
		return error("cannot read '%s': %s", s->path, strerror(errno));
	lines_split(&file, text);
	free(text);

	for (size_t i = first; i < end && !ret; i++) {
		const struct task *t = &ctx->tasks[i];

		if (t->state == TASK_DONE && t->output.len &&
		    read_edits(&edits, t->output.buf, t->rule))
			ret = error("cannot read the diff of '%s' for '%s'", ctx->rules[t->rule].path,
				    s->path);
	}
	qsort(edits.edits, edits.count, sizeof(*edits.edits), compare_edits);
	if (!ret && !edits_fit(&edits, &file)) {
		error("two rules change the same lines of '%s', or the file changed during the run",
		      s->path);
		hint("run the rules one at a time: kbackport cocci --in-place RULE TREE");
		ret = -1;
	}
	if (!ret) {
		apply_edits(&edits, &file, &result);
		s->tmp = xasprintf("%s.kbp-new", s->path);
		if (write_file_atomic(s->tmp, strbuf_str(&result), result.len))
			ret = error("cannot write '%s': %s", s->tmp, strerror(errno));
	}
	edits_release(&edits);
	lines_release(&file);
	strbuf_release(&result);
	return ret;
}

static bool file_has_changes(const struct cocci_ctx *ctx, size_t first, size_t end)
{
	for (size_t i = first; i < end; i++) {
		if (ctx->tasks[i].state == TASK_DONE && ctx->tasks[i].output.len)
			return true;
	}
	return false;
}

static void unstage(struct staged_file *staged, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (staged[i].tmp)
			unlink(staged[i].tmp);
		free(staged[i].tmp);
		free(staged[i].path);
	}
	free(staged);
}

/*
 * Write every changed file beside its target first, then rename all into
 * place with interrupts held off, so the tree gets all changes or none.
 */
static int write_in_place(struct cocci_ctx *ctx)
{
	struct staged_file *staged = xcalloc(ctx->ntasks + 1, sizeof(*staged));
	size_t count = 0;
	int ret = 0;

	for (size_t first = 0, end; first < ctx->ntasks && !ret; first = end) {
		for (end = first; end < ctx->ntasks && ctx->tasks[end].file == ctx->tasks[first].file;)
			end++;
		if (file_has_changes(ctx, first, end))
			ret = stage_file(ctx, first, end, &staged[count++]);
		if (kbp_interrupted)
			ret = -1;
	}
	if (ret) {
		unstage(staged, count);
		error("nothing was written to '%s'", ctx->opts.tree);
		return kbp_interrupted ? KBP_EXIT_INTERRUPTED : KBP_EXIT_FAILED;
	}

	signals_block();
	for (size_t i = 0; i < count; i++) {
		if (rename(staged[i].tmp, staged[i].path))
			ret = error("cannot update '%s': %s", staged[i].path, strerror(errno));
		else {
			free(staged[i].tmp);
			staged[i].tmp = NULL;
		}
	}
	signals_unblock();
	if (!ret)
		say("updated %zu files in '%s'", count, ctx->opts.tree);
	unstage(staged, count);
	return ret ? KBP_EXIT_FAILED : 0;
}

/* Report and exit status */

static int check_results(const struct cocci_ctx *ctx)
{
	int ret = 0;

	for (size_t i = 0; i < ctx->opts.nrules; i++) {
		const struct rule *r = &ctx->rules[i];

		if (r->nfailures) {
			ret = KBP_EXIT_FAILED;
			continue;
		}
		if (r->essential && !r->changed) {
			error("essential rule '%s' changed nothing in '%s'", r->path, ctx->opts.tree);
			hint("the tree may already have the change, or the rule no longer matches its code");
			ret = KBP_EXIT_FAILED;
		}
	}
	if (ret && ctx->opts.in_place)
		error("nothing was written to '%s'", ctx->opts.tree);
	return ret;
}

static int report(struct cocci_ctx *ctx)
{
	struct strbuf out = STRBUF_INIT;
	int ret;

	count_changes(ctx);
	for (size_t i = 0; i < ctx->opts.nrules; i++)
		print_rule_line(ctx, &ctx->rules[i]);
	if (ctx->stray.len)
		warning("spatch printed %zu bytes that name no file; they come last in the output",
			ctx->stray.len);

	ret = check_results(ctx);
	combined_output(ctx, &out);
	if (!ret && ctx->opts.in_place)
		ret = write_in_place(ctx);
	if (ctx->opts.json)
		print_json(ctx, strbuf_str(&out));
	else if (!ctx->opts.in_place)
		fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_release(&out);
	return ret;
}

/* Setup and cleanup */

static int make_tmpdir(struct cocci_ctx *ctx)
{
	const char *base = getenv("TMPDIR");

	ctx->tmpdir = xasprintf("%s/kbackport-cocci.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(ctx->tmpdir)) {
		error("cannot create a temporary directory '%s': %s", ctx->tmpdir, strerror(errno));
		free(ctx->tmpdir);
		ctx->tmpdir = NULL;
		return KBP_EXIT_FAILED;
	}
	return 0;
}

static void release(struct cocci_ctx *ctx)
{
	for (size_t i = 0; ctx->rules && i < ctx->opts.nrules; i++) {
		struct rule *r = &ctx->rules[i];

		free(r->abspath);
		free(r->text);
		cocci_header_release(&r->hdr);
		prefilter_free(r->filter);
		for (size_t k = 0; k < r->nfailures; k++) {
			free(r->failures[k].file);
			free(r->failures[k].reason);
		}
		free(r->failures);
	}
	free(ctx->rules);
	for (size_t i = 0; i < ctx->ntasks; i++)
		strbuf_release(&ctx->tasks[i].output);
	free(ctx->tasks);
	free(ctx->queue);
	free(ctx->running);
	if (ctx->tmpdir)
		rmdir(ctx->tmpdir);
	free(ctx->tmpdir);
	strbuf_release(&ctx->stray);
	token_table_release(&ctx->tokens);
	source_list_release(&ctx->sources);
	cocci_cache_trim(&ctx->cache);
	cocci_cache_close(&ctx->cache);
	free(ctx->opts.defines);
}

static int prepare(struct cocci_ctx *ctx)
{
	int ret = check_options(&ctx->opts);

	ctx->rules = xcalloc(ctx->opts.nrules, sizeof(*ctx->rules));
	for (size_t i = 0; i < ctx->opts.nrules && !ret; i++)
		ret = load_rule(ctx, &ctx->rules[i], ctx->opts.rules[i]);
	if (!ret)
		ret = open_cache(ctx);
	if (!ret)
		ret = check_rules(ctx);
	if (ret)
		return ret;

	for (size_t i = 0; i < ctx->opts.nrules; i++) {
		char *filter = prefilter_format(ctx->rules[i].filter, &ctx->tokens);

		debug("prefilter of '%s': %s", ctx->rules[i].path, filter);
		free(filter);
	}
	if (source_list_scan(&ctx->sources, ctx->opts.tree, &ctx->tokens,
			     ctx->use_cache ? &ctx->cache : NULL, ctx->opts.jobs))
		return KBP_EXIT_FAILED;
	debug("%zu files listed, %zu read", ctx->sources.count, ctx->sources.rescanned);
	return plan_tasks(ctx) ? KBP_EXIT_FAILED : 0;
}

int cmd_cocci(int argc, char **argv)
{
	struct cocci_ctx ctx;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.started = now();
	ctx.opts.timeout = DEFAULT_TIMEOUT;
	ctx.opts.cache_mib = DEFAULT_CACHE_MIB;
	ctx.opts.progress = -1;
	if (parse_options(argc, argv, &ctx.opts)) {
		free(ctx.opts.defines);
		return KBP_EXIT_USAGE;
	}
	if (!ctx.opts.jobs) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		ctx.opts.jobs = cpus > 0 ? cpus : 1;
	}
	ctx.show_progress = ctx.opts.progress == 1 ||
		(ctx.opts.progress < 0 && isatty(STDERR_FILENO) && kbp_verbosity == KBP_NORMAL);

	signals_install();
	ret = prepare(&ctx);
	if (!ret) {
		plan_jobs(&ctx);
		ret = ctx.nqueue ? make_tmpdir(&ctx) : 0;
	}
	if (!ret)
		ret = run_jobs(&ctx);
	if (!ret)
		ret = report(&ctx);
	if (ret == KBP_EXIT_INTERRUPTED || (kbp_interrupted && ret)) {
		error("interrupted; finished files are cached and a re-run resumes from them");
		ret = KBP_EXIT_INTERRUPTED;
	}
	release(&ctx);
	return ret;
}
