// SPDX-License-Identifier: GPL-2.0-only
/*
 * The result cache of kbackport cocci, outside the kernel tree: entries
 * are files named by a SHA-1 key, fanned out by its first two digits.
 * A hit refreshes the entry's modification time, and trimming removes the
 * least recently used entries until the cache is below 80% of its limit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cocci-cache.h"
#include "tree.h"
#include "usage.h"

/* SHA-1 as specified in FIPS 180-4, section 6.1. */

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(struct sha1_ctx *ctx, const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e;

	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

	a = ctx->h[0], b = ctx->h[1], c = ctx->h[2], d = ctx->h[3], e = ctx->h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k, tmp;

		if (t < 20)
			f = (b & c) | (~b & d), k = 0x5a827999;
		else if (t < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1;
		else if (t < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
		else
			f = b ^ c ^ d, k = 0xca62c1d6;
		tmp = rol(a, 5) + f + e + k + w[t];
		e = d, d = c, c = rol(b, 30), b = a, a = tmp;
	}
	ctx->h[0] += a, ctx->h[1] += b, ctx->h[2] += c, ctx->h[3] += d, ctx->h[4] += e;
}

void sha1_init(struct sha1_ctx *ctx)
{
	static const uint32_t initial[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
	};

	memcpy(ctx->h, initial, sizeof(initial));
	ctx->length = 0;
	ctx->used = 0;
}

void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len)
{
	const unsigned char *p = data;

	ctx->length += len;
	while (len > 0) {
		size_t n = sizeof(ctx->block) - ctx->used;

		if (n > len)
			n = len;
		memcpy(ctx->block + ctx->used, p, n);
		ctx->used += n;
		p += n;
		len -= n;
		if (ctx->used == sizeof(ctx->block)) {
			sha1_block(ctx, ctx->block);
			ctx->used = 0;
		}
	}
}

void sha1_final_hex(struct sha1_ctx *ctx, char hex[SHA1_HEX_SIZE])
{
	uint64_t bits = ctx->length * 8;
	unsigned char pad = 0x80, len[8];

	sha1_update(ctx, &pad, 1);
	pad = 0;
	while (ctx->used != 56)
		sha1_update(ctx, &pad, 1);
	for (int i = 0; i < 8; i++)
		len[i] = bits >> (56 - 8 * i);
	sha1_update(ctx, len, 8);

	for (int i = 0; i < 5; i++)
		sprintf(hex + 8 * i, "%08x", ctx->h[i]);
}

/* The id git gives a file with this content ("git hash-object"). */
void sha1_blob_id(const char *data, size_t len, char hex[SHA1_HEX_SIZE])
{
	struct sha1_ctx ctx;
	char header[32];
	int n = snprintf(header, sizeof(header), "blob %zu", len);

	sha1_init(&ctx);
	sha1_update(&ctx, header, n + 1);
	sha1_update(&ctx, data, len);
	sha1_final_hex(&ctx, hex);
}

/* $XDG_CACHE_HOME/kbackport, else ~/.cache/kbackport; NULL if neither is set. */
char *cocci_cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/kbackport", xdg);
	if (home && *home)
		return xasprintf("%s/.cache/kbackport", home);
	return NULL;
}

static int cache_mkdir(const char *path, mode_t mode)
{
	char *copy = xstrdup(path);

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) && errno != EEXIST) {
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return mkdir(path, mode) && errno != EEXIST ? -1 : 0;
}

int cocci_cache_open(struct cocci_cache *cache, const char *dir, uint64_t limit)
{
	memset(cache, 0, sizeof(*cache));
	if (cache_mkdir(dir, 0700))
		return error("cannot create cache directory '%s': %s", dir, strerror(errno));
	cache->dir = xstrdup(dir);
	cache->limit = limit;
	return 0;
}

static char *entry_path(const struct cocci_cache *cache, const char *kind, const char *key)
{
	return xasprintf("%s/%s/%.2s/%s", cache->dir, kind, key, key + 2);
}

/* Read the entry KEY of KIND into VALUE; false when there is none. */
bool cocci_cache_get(const struct cocci_cache *cache, const char *kind, const char *key,
		     struct strbuf *value)
{
	char *path = entry_path(cache, kind, key);
	size_t len;
	char *data = read_file(path, &len);

	if (data) {
		strbuf_add(value, data, len);
		/* Mark the entry as recently used, for trimming. */
		utimensat(AT_FDCWD, path, NULL, 0);
	}
	free(data);
	free(path);
	return data != NULL;
}

int cocci_cache_put(struct cocci_cache *cache, const char *kind, const char *key,
		    const char *value, size_t len)
{
	char *path = entry_path(cache, kind, key);
	char *dir = xasprintf("%s/%s/%.2s", cache->dir, kind, key);
	int ret = 0;

	if (cache_mkdir(dir, 0700) || write_file_atomic(path, value, len))
		ret = error("cannot write cache entry '%s': %s", path, strerror(errno));
	else
		cache->wrote = true;
	free(dir);
	free(path);
	return ret;
}

struct cache_entry {
	char *path;
	off_t size;
	struct timespec mtime;
};

struct entry_list {
	struct cache_entry *entries;
	size_t count;
	uint64_t total;
};

static void list_entries(const char *dir, struct entry_list *list)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *path;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st)) {
			free(path);
		} else if (S_ISDIR(st.st_mode)) {
			list_entries(path, list);
			free(path);
		} else {
			list->entries = realloc(list->entries, (list->count + 1) * sizeof(*list->entries));
			if (!list->entries) {
				fprintf(stderr, "kbackport: error: out of memory\n");
				exit(KBP_EXIT_FAILED);
			}
			list->entries[list->count].path = path;
			list->entries[list->count].size = st.st_size;
			list->entries[list->count].mtime = st.st_mtim;
			list->count++;
			list->total += st.st_size;
		}
	}
	closedir(d);
}

static int compare_age(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
	return strcmp(x->path, y->path);
}

/*
 * Remove the least recently used entries when the cache exceeds its limit.
 * Only a run that stored something walks the cache.
 */
int cocci_cache_trim(struct cocci_cache *cache)
{
	struct entry_list list = { NULL, 0, 0 };
	size_t removed = 0;

	if (!cache->dir || !cache->wrote)
		return 0;

	list_entries(cache->dir, &list);
	if (list.total > cache->limit) {
		uint64_t target = cache->limit / 10 * 8;

		qsort(list.entries, list.count, sizeof(*list.entries), compare_age);
		for (size_t i = 0; i < list.count && list.total > target; i++) {
			if (unlink(list.entries[i].path))
				continue;
			list.total -= list.entries[i].size;
			removed++;
		}
		debug("removed %zu cache entries from '%s'", removed, cache->dir);
	}

	for (size_t i = 0; i < list.count; i++)
		free(list.entries[i].path);
	free(list.entries);
	return 0;
}

void cocci_cache_close(struct cocci_cache *cache)
{
	free(cache->dir);
	cache->dir = NULL;
}
