// SPDX-License-Identifier: GPL-2.0-only
#include "qa-context.h"

int qa_check_deb_install(struct qa_ctx *ctx)
{
	struct qa_check *check = qa_check_start(&ctx->report, "deb-install", NULL);

	return qa_check_fail(check, "not written yet");
}

int qa_check_rpm_install(struct qa_ctx *ctx)
{
	struct qa_check *check = qa_check_start(&ctx->report, "rpm-install", NULL);

	return qa_check_fail(check, "not written yet");
}
