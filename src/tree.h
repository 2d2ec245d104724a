/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_TREE_H
#define KBP_TREE_H

#include <stdbool.h>
#include <stddef.h>

struct kernel_version {
	int version;
	int patchlevel;
	int sublevel;
	char extraversion[64];
};

/* Oldest and newest stable series that backports/ carries wrappers for. */
#define KBP_SUBLEVEL_MIN 32
#define KBP_SUBLEVEL_MAX 39

int tree_parse_makefile(const char *text, struct kernel_version *v, const char **bad_key);
int tree_read_version(const char *tree, struct kernel_version *v);
bool tree_is_supported(const struct kernel_version *v);
void tree_format_series(const struct kernel_version *v, char *buf, size_t size);
void tree_format_release(const struct kernel_version *v, char *buf, size_t size);
int tree_check_kernel(const char *tree);

char *read_file(const char *path, size_t *len);
int ini_find_long_line(const char *text, size_t limit, size_t *len);
int ini_reject_long_line(const char *file, const char *text, size_t limit, const char *hint_text);
int write_file_atomic(const char *path, const char *data, size_t len);
int mkdir_p(const char *path);

/* Parts of the series that can be recognised in the code. */
enum probe_id {
	PROBE_MUTEX_LOCK_NEST_LOCK,
	PROBE_LOCKBREAK_REMOVED,
	PROBE_I_MMAP_MUTEX,
	PROBE_ANON_VMA_MUTEX,
	PROBE_MMU_GATHER_ON_STACK,
	PROBE_COUNT,		/* the named probes end here */
	PROBE_CODE,		/* skip_if = code:PATH:ERE, see tree_probe_code() */
};

enum probe_result {
	PROBE_ABSENT = 0,
	PROBE_PRESENT = 1,
	PROBE_UNKNOWN = -1,	/* the file the probe reads is missing */
};

const char *probe_name(enum probe_id id);
int probe_lookup(const char *name);
enum probe_result tree_probe(const char *tree, enum probe_id id);
enum probe_result tree_probe_code(const char *tree, const char *rel, const char *ere);
char *struct_body(const char *text, const char *tag);

#endif
