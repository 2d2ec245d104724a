/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_QA_CONTEXT_H
#define KBP_QA_CONTEXT_H

#include <stdbool.h>

#include "profile.h"
#include "qa-report.h"

struct qa_opts {
	const char *profile;
	const char *output;		/* folder written by 'kbackport package' */
	const char *key;		/* public key file, armored or binary */
	const char *evidence;		/* folder for the evidence files */
	const char *cache;		/* folder for the cached debootstrap root */
	const char *mirror;		/* Debian mirror for debootstrap */
	const char *kernel;		/* boot this image instead of the packaged one */
	const char *baseline;		/* package output of the kernel without the series */
	const char *baseline_kernel;	/* or that kernel's image */
	const char *scan_log;		/* scan a recorded console log and stop */
	char *checks;			/* comma-separated check names, or NULL for all */
	long timeout;			/* seconds for one QEMU boot */
	long stress_seconds;
	char *skip_workloads;		/* kbp_skip of the stress init: comma-separated names */
	bool json;
	const char *inject_bug;		/* kbp_mode of the stress init: kernel-bug or kmsg-bug */
	bool inject_panic;		/* the stress init exits, so the kernel panics */
};

struct qa_ctx {
	struct qa_opts opts;
	struct profile profile;
	char *evidence;			/* absolute path of the evidence folder */
	char *work;			/* private scratch folder, removed at the end */
	char *installed_image;		/* kernel image copied from the installed DEB root */
	char *keyring;			/* the public key as a binary keyring, for gpgv and apt */
	char *armored_key;		/* the public key armored, for rpmkeys --import */
	char *keyid;			/* 16 hex digits, upper case, as debsig-verify names keys */
	struct qa_report_set report;
};

bool qa_has_format(const struct qa_ctx *ctx, const char *format);
char *qa_evidence_path(const struct qa_ctx *ctx, const char *name);
char *qa_find_file(const char *dir, const char *prefix, const char *suffix);
int qa_run_logged(struct run_cmd *cmd, int log_fd);
int qa_run_captured(struct run_cmd *cmd, int log_fd);

int qa_key_prepare(struct qa_ctx *ctx);
int qa_check_signatures(struct qa_ctx *ctx);
int qa_check_deb_install(struct qa_ctx *ctx);
int qa_check_rpm_install(struct qa_ctx *ctx);
int qa_check_boot(struct qa_ctx *ctx);
int qa_scan_log_file(struct qa_ctx *ctx, const char *path);

#endif
