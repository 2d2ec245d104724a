// SPDX-License-Identifier: GPL-2.0-only
/*
 * One pass over a kernel tree for kbackport cocci: list its C sources and
 * headers (from git's index when the tree is a repository), and record
 * which prefilter identifiers each contains.  The records are kept in the
 * cache with each file's inode, size and timestamps, so a later run reads
 * only the files whose metadata changed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cocci-scan.h"
#include "git.h"
#include "tree.h"
#include "usage.h"

#define SCAN_INDEX_KIND "scan"

/* What identifies a file's content without reading it. */
struct file_stamp {
	uint64_t ino;
	uint64_t size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

struct scan_entry {
	char *path;
	struct file_stamp stamp;
	char *hexbits;
};

static bool is_source_name(const char *name)
{
	size_t n = strlen(name);

	return n > 2 && name[n - 2] == '.' && (name[n - 1] == 'c' || name[n - 1] == 'h');
}

static void list_add(struct source_list *list, size_t *alloc, const char *path)
{
	if (list->count == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 1024;
		list->files = realloc(list->files, *alloc * sizeof(*list->files));
		if (!list->files) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
	}
	list->files[list->count].path = xstrdup(path);
	list->files[list->count].is_header = path[strlen(path) - 1] == 'h';
	list->files[list->count].bits = NULL;
	list->count++;
}

/* Walk a tree without git; names starting with a dot are skipped. */
static void walk_tree(const char *tree, const char *rel, struct source_list *list, size_t *alloc)
{
	char *dir = *rel ? xasprintf("%s/%s", tree, rel) : xstrdup(tree);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		free(dir);
		return;
	}
	while ((de = readdir(d))) {
		char *path;
		bool is_dir = de->d_type == DT_DIR;

		if (de->d_name[0] == '.')
			continue;
		path = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (de->d_type == DT_UNKNOWN) {
			struct stat st;
			char *full = xasprintf("%s/%s", tree, path);

			is_dir = lstat(full, &st) == 0 && S_ISDIR(st.st_mode);
			free(full);
		}
		if (is_dir)
			walk_tree(tree, path, list, alloc);
		else if (is_source_name(de->d_name))
			list_add(list, alloc, path);
		free(path);
	}
	closedir(d);
	free(dir);
}

/* List tracked and untracked, not ignored, *.c and *.h files of a repository. */
static int list_git_files(const char *tree, struct source_list *list, size_t *alloc)
{
	size_t len;
	char *out = git_output_len(tree, &len, "ls-files", "-z", "--cached", "--others",
				   "--exclude-standard", "--", "*.c", "*.h", NULL);

	if (!out)
		return error("cannot list the files of '%s' with git ls-files", tree);
	for (char *p = out; p < out + len; p += strlen(p) + 1) {
		if (*p && is_source_name(p))
			list_add(list, alloc, p);
	}
	free(out);
	return 0;
}

static int compare_files(const void *a, const void *b)
{
	return strcmp(((const struct source_file *)a)->path, ((const struct source_file *)b)->path);
}

static int list_files(const char *tree, struct source_list *list)
{
	char *git = xasprintf("%s/.git", tree);
	size_t alloc = 0, n = 0;
	bool is_repo = access(git, F_OK) == 0;

	free(git);
	if (is_repo) {
		if (list_git_files(tree, list, &alloc))
			return -1;
	} else {
		walk_tree(tree, "", list, &alloc);
	}

	/* Sorted for a stable order; git lists a conflicted path once per stage. */
	qsort(list->files, list->count, sizeof(*list->files), compare_files);
	for (size_t i = 0; i < list->count; i++) {
		if (n && !strcmp(list->files[n - 1].path, list->files[i].path))
			free(list->files[i].path);
		else
			list->files[n++] = list->files[i];
	}
	list->count = n;
	return 0;
}

static void index_key(const char *tree, const struct token_table *tokens, char key[SHA1_HEX_SIZE])
{
	char real[PATH_MAX];
	struct sha1_ctx ctx;

	if (!realpath(tree, real))
		snprintf(real, sizeof(real), "%s", tree);
	sha1_init(&ctx);
	sha1_update(&ctx, "kbackport scan index 2", 23);
	sha1_update(&ctx, real, strlen(real) + 1);
	for (size_t i = 0; i < tokens->count; i++)
		sha1_update(&ctx, tokens->names[i], strlen(tokens->names[i]) + 1);
	sha1_final_hex(&ctx, key);
}

/* Parse the scan index: one "ino size mtime ctime hexbits path" line per file. */
static struct scan_entry *index_parse(char *text, size_t *count)
{
	struct scan_entry *entries = NULL;
	size_t n = 0, alloc = 0;
	char *line = text;

	while (line && *line) {
		char *nl = strchr(line, '\n');
		struct scan_entry e;
		int bits_at = 0, path_at = 0;

		if (nl)
			*nl = '\0';
		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %" SCNd64 ".%" SCNd64 " %" SCNd64 ".%" SCNd64
			   " %n%*s %n", &e.stamp.ino, &e.stamp.size, &e.stamp.mtime_sec,
			   &e.stamp.mtime_nsec, &e.stamp.ctime_sec, &e.stamp.ctime_nsec, &bits_at,
			   &path_at) == 6 && path_at > bits_at) {
			line[path_at - 1] = '\0';
			e.hexbits = line + bits_at;
			e.path = line + path_at;
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 1024;
				entries = realloc(entries, alloc * sizeof(*entries));
				if (!entries) {
					fprintf(stderr, "kbackport: error: out of memory\n");
					exit(KBP_EXIT_FAILED);
				}
			}
			entries[n++] = e;
		}
		line = nl ? nl + 1 : NULL;
	}
	*count = n;
	return entries;
}

static void stamp_of(const struct stat *st, struct file_stamp *s)
{
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime_sec = st->st_mtim.tv_sec;
	s->mtime_nsec = st->st_mtim.tv_nsec;
	s->ctime_sec = st->st_ctim.tv_sec;
	s->ctime_nsec = st->st_ctim.tv_nsec;
}

static bool hex_to_bits(const char *hex, unsigned char *bits, size_t size)
{
	if (strlen(hex) != size * 2)
		return false;
	for (size_t i = 0; i < size; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		bits[i] = v;
	}
	return true;
}

struct scan_work {
	const char *tree;
	const struct token_table *tokens;
	struct source_list *list;
	size_t *todo;		/* indices of files to read */
	size_t ntodo;
	atomic_size_t next;
};

static void scan_one(const struct scan_work *w, struct source_file *f)
{
	char *path = xasprintf("%s/%s", w->tree, f->path);
	size_t len;
	char *text = read_file(path, &len);

	/* An unreadable file keeps an empty set: no rule can match it. */
	if (text)
		prefilter_scan(text, len, w->tokens, f->bits);
	else
		warning("cannot read '%s': %s", path, strerror(errno));
	free(text);
	free(path);
}

static void *scan_thread(void *arg)
{
	struct scan_work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->ntodo)
		scan_one(w, &w->list->files[w->todo[i]]);
	return NULL;
}

static void scan_files(struct scan_work *w, unsigned threads)
{
	pthread_t ids[64];
	unsigned started = 0;

	if (threads > 64)
		threads = 64;
	atomic_init(&w->next, 0);
	for (unsigned t = 1; t < threads && w->ntodo > 64; t++) {
		if (pthread_create(&ids[started], NULL, scan_thread, w))
			break;
		started++;
	}
	scan_thread(w);
	for (unsigned t = 0; t < started; t++)
		pthread_join(ids[t], NULL);
}

static void index_store(struct cocci_cache *cache, const char *key, const struct source_list *list,
			const struct file_stamp *stamps)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < list->count; i++) {
		const struct file_stamp *s = &stamps[i];
		char line[256];

		if (!s->ino && !s->size)
			continue;
		snprintf(line, sizeof(line), "%" PRIu64 " %" PRIu64 " %" PRId64 ".%09" PRId64
			 " %" PRId64 ".%09" PRId64 " ", s->ino, s->size, s->mtime_sec,
			 s->mtime_nsec, s->ctime_sec, s->ctime_nsec);
		strbuf_addstr(&sb, line);
		for (size_t b = 0; b < list->bitset_size; b++) {
			snprintf(line, sizeof(line), "%02x", list->files[i].bits[b]);
			strbuf_addstr(&sb, line);
		}
		strbuf_addstr(&sb, " ");
		strbuf_addstr(&sb, list->files[i].path);
		strbuf_addstr(&sb, "\n");
	}
	cocci_cache_put(cache, SCAN_INDEX_KIND, key, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
}

/*
 * Reuse the bit sets of files whose stamp matches the index, and return
 * the indices of the files that must be read.
 */
static size_t *match_index(const char *tree, struct source_list *list, struct scan_entry *index,
			   size_t nindex, struct file_stamp *stamps, size_t *ntodo)
{
	size_t *todo = xcalloc(list->count, sizeof(*todo));
	size_t n = 0, j = 0;
	int dirfd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	for (size_t i = 0; i < list->count; i++) {
		struct source_file *f = &list->files[i];
		struct stat st;
		int cmp = 1;

		if (dirfd < 0 || fstatat(dirfd, f->path, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode)) {
			/* Deleted, or not a regular file: nothing to match. */
			continue;
		}
		stamp_of(&st, &stamps[i]);

		while (j < nindex && (cmp = strcmp(index[j].path, f->path)) < 0)
			j++;
		if (j < nindex && cmp == 0 &&
		    !memcmp(&index[j].stamp, &stamps[i], sizeof(stamps[i])) &&
		    hex_to_bits(index[j].hexbits, f->bits, list->bitset_size))
			continue;
		todo[n++] = i;
	}
	if (dirfd >= 0)
		close(dirfd);
	*ntodo = n;
	return todo;
}

/*
 * List the C files of TREE and fill each one's bit set for TOKENS, reading
 * only files that changed since the index in CACHE (which may be NULL)
 * was written, with THREADS threads.
 */
int source_list_scan(struct source_list *list, const char *tree,
		     const struct token_table *tokens, struct cocci_cache *cache,
		     unsigned threads)
{
	struct scan_work work = { tree, tokens, list, NULL, 0, 0 };
	struct strbuf stored = STRBUF_INIT;
	struct scan_entry *index = NULL;
	struct file_stamp *stamps;
	char key[SHA1_HEX_SIZE];
	size_t nindex = 0;

	memset(list, 0, sizeof(*list));
	if (list_files(tree, list))
		return -1;

	list->bitset_size = token_table_bitset_size(tokens);
	list->bits = xcalloc(list->count + 1, list->bitset_size);
	for (size_t i = 0; i < list->count; i++)
		list->files[i].bits = list->bits + i * list->bitset_size;

	index_key(tree, tokens, key);
	if (cache && cocci_cache_get(cache, SCAN_INDEX_KIND, key, &stored))
		index = index_parse(stored.buf, &nindex);

	stamps = xcalloc(list->count + 1, sizeof(*stamps));
	work.todo = match_index(tree, list, index, nindex, stamps, &work.ntodo);
	scan_files(&work, threads);
	list->rescanned = work.ntodo;

	if (cache && (work.ntodo || nindex != list->count))
		index_store(cache, key, list, stamps);

	free(work.todo);
	free(stamps);
	free(index);
	strbuf_release(&stored);
	return 0;
}

void source_list_release(struct source_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->files[i].path);
	free(list->files);
	free(list->bits);
	memset(list, 0, sizeof(*list));
}
