/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_PACKAGE_CONTEXT_H
#define KBP_PACKAGE_CONTEXT_H

#include <stdbool.h>
#include <time.h>

#include "package-profile.h"
#include "package-sign.h"
#include "profile.h"
#include "tree.h"

struct package_opts {
	const char *profile;
	const char *output;
	const char *build_dir;
	const char *sign_key;
	const char *tree;
	int passphrase_fd;	/* -1 when the passphrase comes from gpg-agent */
};

/*
 * One run of 'kbackport package'.  Everything is written below stage and
 * renamed to out at the end, so a failed run leaves no partial output.
 */
struct package_ctx {
	struct package_opts opts;
	struct profile profile;
	struct kernel_version kver;
	struct package_vars vars;
	struct signer signer;
	char version[96];	/* upstream version, e.g. 6.1.192 */
	char *release;		/* kernel release of the build, as uname -r prints it */
	char *src;		/* absolute path of the tree */
	char *obj;		/* absolute path of the build directory */
	char *out;		/* final output folder */
	char *stage;		/* private folder next to out */
	char *result;		/* stage/result: becomes out */
	char *work;		/* stage/work: scratch, never shipped */
	char *tarball;		/* work/linux-<version>.tar.gz */
	char *tarball_dir;	/* top folder inside the tarball */
	time_t epoch;		/* SOURCE_DATE_EPOCH */
	char epoch_env[48];	/* "SOURCE_DATE_EPOCH=<epoch>" */
	bool want_rpm;
	bool want_deb;
};

const char *package_srcarch(const struct package_ctx *ctx);
int package_fill_template(const struct package_ctx *ctx, const char *name, const char *dest,
			  const char *const *vars, mode_t mode);
int package_set_mtime(const struct package_ctx *ctx, const char *path);
int package_set_mtimes(const struct package_ctx *ctx, const char *dir);
int package_link_or_copy(const char *from, const char *to);
int package_copy_file(const char *from, const char *to, mode_t mode);
char *package_rfc2822_date(time_t t);

int package_build_rpm(struct package_ctx *ctx);
int package_build_deb(struct package_ctx *ctx);
int package_sign_rpm(struct package_ctx *ctx);
int package_repo_yum(struct package_ctx *ctx);
int package_repo_apt(struct package_ctx *ctx);

#endif
