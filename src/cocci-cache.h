/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_COCCI_CACHE_H
#define KBP_COCCI_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run-command.h"

/* SHA-1, used for cache keys and for file ids equal to git's blob ids. */
struct sha1_ctx {
	uint32_t h[5];
	uint64_t length;
	unsigned char block[64];
	size_t used;
};

#define SHA1_HEX_SIZE 41

void sha1_init(struct sha1_ctx *ctx);
void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len);
void sha1_final_hex(struct sha1_ctx *ctx, char hex[SHA1_HEX_SIZE]);
void sha1_blob_id(const char *data, size_t len, char hex[SHA1_HEX_SIZE]);

/*
 * Results of earlier runs, one file per key below DIR/results/, and
 * other small records below DIR/<kind>/.  Writes go through a temporary
 * file and a rename, so an interrupted run leaves only whole entries.
 */
struct cocci_cache {
	char *dir;
	uint64_t limit;		/* bytes; the oldest entries go beyond it */
	bool wrote;		/* something was stored during this run */
};

char *cocci_cache_default_dir(void);
int cocci_cache_open(struct cocci_cache *cache, const char *dir, uint64_t limit);
bool cocci_cache_get(const struct cocci_cache *cache, const char *kind, const char *key,
		     struct strbuf *value);
int cocci_cache_put(struct cocci_cache *cache, const char *kind, const char *key,
		    const char *value, size_t len);
int cocci_cache_trim(struct cocci_cache *cache);
void cocci_cache_close(struct cocci_cache *cache);

#endif
