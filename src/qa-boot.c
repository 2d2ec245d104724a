// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QA boot check: boot the packaged kernel under QEMU (TCG, no network,
 * serial console) with an initramfs whose init is the mm stress program
 * tests/boot/mm-stress.c, then scan the console log for kernel reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbackport.h"
#include "qa-context.h"
#include "tree.h"
#include "usage.h"

#define PASS_MARKER "KBACKPORT-STRESS-PASS"
#define FAIL_MARKER "KBACKPORT-STRESS-FAIL"

/* Append one newc cpio entry: header, name and data, each padded to 4 bytes. */
static void cpio_add(struct strbuf *sb, const char *name, unsigned int mode,
		     const char *data, size_t size, unsigned int ino)
{
	static const char zeros[4];
	size_t namesize = strlen(name) + 1;
	char header[111];

	snprintf(header, sizeof(header),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0, 0, 1, 0, (unsigned int)size, 0, 0, 0, 0,
		 (unsigned int)namesize, 0);
	strbuf_add(sb, header, 110);
	strbuf_add(sb, name, namesize);
	strbuf_add(sb, zeros, (4 - (110 + namesize) % 4) % 4);
	if (size) {
		strbuf_add(sb, data, size);
		strbuf_add(sb, zeros, (4 - size % 4) % 4);
	}
}

/* Compile the stress program without libc and pack it as /init into CPIO. */
static int build_initramfs(struct qa_ctx *ctx, const char *cpio, int log_fd)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	struct strbuf archive = STRBUF_INIT;
	char *source = xasprintf("%s/tests/boot/mm-stress.c", kbp_datadir());
	char *init = xasprintf("%s/init", ctx->work);
	char *data = NULL;
	size_t size;
	int ret = -1;

	run_cmd_push(&cmd, "gcc", "-static", "-nostdlib", "-ffreestanding", "-fno-builtin",
		     "-fno-pie", "-no-pie", "-O2", "-fno-stack-protector",
		     "-fno-tree-loop-distribute-patterns", "-o", init, source, NULL);
	if (qa_run_logged(&cmd, log_fd)) {
		error("cannot compile the stress program '%s'", source);
		goto out;
	}

	data = read_file(init, &size);
	if (!data) {
		error("cannot read '%s': %s", init, strerror(errno));
		goto out;
	}
	cpio_add(&archive, "init", 0100755, data, size, 1);
	cpio_add(&archive, "TRAILER!!!", 0, NULL, 0, 0);
	ret = write_file_atomic(cpio, archive.buf, archive.len);
	if (ret)
		error("cannot write '%s': %s", cpio, strerror(errno));
out:
	strbuf_release(&archive);
	run_cmd_release(&cmd);
	free(data);
	free(init);
	free(source);
	return ret;
}

/* Boot IMAGE with CPIO; the console goes to LOG.  Returns QEMU's status, 124 on timeout. */
static int boot_image(struct qa_ctx *ctx, const char *image, const char *cpio, const char *log)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *timeout = xasprintf("%ld", ctx->opts.timeout);
	/*
	 * no_timer_check: on a loaded host, TCG runs the guest too slowly for
	 * the IO-APIC timer check of 2.6.32, which then panics at boot.
	 * hugepages=8 reserves the hugetlbfs pages at boot, because a tiny
	 * 6.1 config has no sysctl to reserve them from the stress program.
	 * numa=fake=2 splits memory into two nodes for the migration worker.
	 * A kernel without NUMA emulation passes it on to init's environment.
	 */
	char *append = xasprintf("console=ttyS0 panic=-1 no_timer_check hugepages=8 numa=fake=2 "
				 "rdinit=/init "
				 "kbp_seconds=%ld%s%s%s%s",
				 ctx->opts.stress_seconds,
				 ctx->opts.inject_panic ? " kbp_mode=exit-init" :
				 ctx->opts.inject_bug ? " kbp_mode=" : "",
				 ctx->opts.inject_panic || !ctx->opts.inject_bug ? "" : ctx->opts.inject_bug,
				 ctx->opts.skip_workloads ? " kbp_skip=" : "",
				 ctx->opts.skip_workloads ? ctx->opts.skip_workloads : "");
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int status;

	if (fd < 0) {
		free(timeout);
		free(append);
		return error("cannot create '%s': %s", log, strerror(errno));
	}

	/* panic=-1 turns a panic into a reset, which -no-reboot turns into a QEMU exit. */
	run_cmd_push(&cmd, "timeout", timeout, "qemu-system-x86_64", "-machine", "accel=tcg",
		     "-m", "256", "-nic", "none", "-nographic", "-no-reboot", "-serial", "stdio",
		     "-monitor", "none", "-kernel", image, "-initrd", cpio, "-append", append, NULL);
	cmd.stdout_fd = fd;
	cmd.stderr_fd = fd;
	status = run_cmd(&cmd);
	if (status < 0)
		error_cmd(&cmd, status, "cannot boot '%s'", image);
	close(fd);
	run_cmd_release(&cmd);
	free(timeout);
	free(append);
	return status;
}

/*
 * Take the kernel image out of the image .deb of DIR when no installed root gave one.
 * TODO: an output without DEBs (an RPM-only profile) boots only after its RPM install.
 */
static char *extract_packaged_image(struct qa_ctx *ctx, const char *dir, const char *tag)
{
	char *debdir = xasprintf("%s/deb", dir);
	char *deb = qa_find_file(debdir, "linux-image-", ".deb");
	char *root = xasprintf("%s/%s-image", ctx->work, tag);
	char *bootdir = xasprintf("%s/boot", root);
	struct run_cmd cmd = RUN_CMD_INIT;
	char *image = NULL;

	if (!deb) {
		error("no linux-image-*.deb in '%s'", debdir);
		goto out;
	}
	run_cmd_push(&cmd, "dpkg-deb", "-x", deb, root, NULL);
	cmd.capture_stderr = true;
	if (run_cmd(&cmd)) {
		error("cannot unpack '%s'", deb);
		goto out;
	}
	image = qa_find_file(bootdir, "vmlinuz-", "");
	if (!image)
		error("'%s' holds no boot/vmlinuz-*", deb);
out:
	run_cmd_release(&cmd);
	free(debdir);
	free(deb);
	free(root);
	free(bootdir);
	return image;
}

/* Pick the image to boot: --kernel, else the one from the installed root, else the .deb. */
static char *choose_image(struct qa_ctx *ctx, struct qa_check *check)
{
	if (ctx->opts.kernel) {
		qa_check_note(check, "kernel: %s (given with --kernel, not a packaged kernel)",
			      ctx->opts.kernel);
		return xstrdup(ctx->opts.kernel);
	}
	if (ctx->installed_image) {
		qa_check_note(check, "kernel: %s (from the installed root)", ctx->installed_image);
		return xstrdup(ctx->installed_image);
	}

	char *image = extract_packaged_image(ctx, ctx->opts.output, "main");

	if (image)
		qa_check_note(check, "kernel: %s (unpacked from the image .deb, the DEB install gave none)",
			      image);
	return image;
}

/* Find the stress program's marker line in the log and quote it. */
static int check_marker(struct qa_check *check, const char *text, int status, long timeout)
{
	const char *pass = strstr(text, PASS_MARKER " ");
	const char *failed = strstr(text, FAIL_MARKER " ");
	const char *line = pass ? pass : failed;

	if (line) {
		const char *end = strpbrk(line, "\r\n");

		qa_check_note(check, "> %.*s", (int)(end ? end - line : (long)strlen(line)), line);
	}
	if (pass && !failed)
		return 0;
	if (failed)
		return qa_check_fail(check, "the stress program failed");
	if (status == 124)
		return qa_check_fail(check, "timed out after %ld s without the stress program's marker",
				     timeout);
	return qa_check_fail(check, "QEMU exited with status %d without the stress program's marker",
			     status);
}

/*
 * Tell whether QEMU timed out before init printed anything.
 * NOTE: tiny 6.1 configs have no HPET or ACPI PM timer, and under TCG on a
 * loaded host the kernel sometimes loses its timer interrupt in early boot
 * and idles until the timeout.  That hang says nothing about the mm code,
 * so the check boots once more and keeps the first log.  A hang after
 * init started is a failure.
 */
static bool hung_before_init(int status, const char *log)
{
	char *text = read_file(log, NULL);
	bool hung = status == 124 && text && !strstr(text, "mm-stress:") &&
		    !strstr(text, "Kernel panic");

	free(text);
	return hung;
}

/* Boot IMAGE and scan its console log into SCAN; fail CHECK if the run itself failed. */
static int boot_and_scan(struct qa_ctx *ctx, struct qa_check *check, const char *image,
			 const char *cpio, const char *log, struct qa_scan *scan)
{
	char *text;
	int status, ret;

	status = boot_image(ctx, image, cpio, log);
	if (status >= 0 && hung_before_init(status, log)) {
		char *first = xasprintf("%s.try1", log);

		rename(log, first);
		qa_check_note(check, "the boot hung before init started (log %s); booted again", first);
		free(first);
		status = boot_image(ctx, image, cpio, log);
	}
	if (status < 0)
		return qa_check_fail(check, "cannot run qemu-system-x86_64");
	text = read_file(log, NULL);
	if (!text)
		return qa_check_fail(check, "cannot read the console log '%s'", log);

	ret = check_marker(check, text, status, ctx->opts.timeout);
	if (qa_scan_text(text, &ctx->profile.qa, scan))
		ret = qa_check_fail(check, "cannot scan the console log");
	free(text);
	return ret;
}

/* Boot the kernel without the series and mark the reports it prints too. */
static void boot_baseline(struct qa_ctx *ctx, struct qa_check *check, const char *cpio)
{
	char *image = ctx->opts.baseline_kernel ? xstrdup(ctx->opts.baseline_kernel) :
			   extract_packaged_image(ctx, ctx->opts.baseline, "baseline");
	char *log = qa_evidence_path(ctx, "baseline-console.log");
	struct qa_scan baseline = { NULL, 0 };

	if (!image) {
		qa_check_fail(check, "no baseline kernel image found");
		free(log);
		return;
	}
	qa_check_note(check, "baseline kernel: %s, console log %s", image, log);
	boot_and_scan(ctx, check, image, cpio, log, &baseline);
	qa_check_note(check, "baseline: %zu reports", baseline.nreports);
	qa_scan_mark_baseline(&check->scan, &baseline);
	qa_scan_release(&baseline);
	free(image);
	free(log);
}

int qa_check_boot(struct qa_ctx *ctx)
{
	char *log = qa_evidence_path(ctx, "boot-console.log");
	char *cpio = xasprintf("%s/mm-stress.cpio", ctx->work);
	char *build_log = qa_evidence_path(ctx, "boot-initramfs.log");
	struct qa_check *check = qa_check_start(&ctx->report, "boot", log);
	double start = qa_now();
	int log_fd = open(build_log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	char *image = NULL;
	size_t fresh;

	if (log_fd < 0 || build_initramfs(ctx, cpio, log_fd)) {
		qa_check_fail(check, "cannot build the stress initramfs; see %s", build_log);
		goto out;
	}
	image = choose_image(ctx, check);
	if (!image) {
		qa_check_fail(check, "no packaged kernel image to boot");
		goto out;
	}

	boot_and_scan(ctx, check, image, cpio, log, &check->scan);
	if (check->scan.nreports && (ctx->opts.baseline || ctx->opts.baseline_kernel))
		boot_baseline(ctx, check, cpio);

	fresh = qa_scan_count_new(&check->scan);
	if (fresh)
		qa_check_fail(check, "%zu of %zu kernel reports are neither known nor in the baseline",
			      fresh, check->scan.nreports);
out:
	if (log_fd >= 0)
		close(log_fd);
	qa_check_finish(check, start);
	free(image);
	free(cpio);
	free(log);
	free(build_log);
	return check->result == QA_FAIL ? -1 : 0;
}

/* Scan a recorded console log, as the boot check scans a fresh one. */
int qa_scan_log_file(struct qa_ctx *ctx, const char *path)
{
	struct qa_check *check = qa_check_start(&ctx->report, "scan-log", path);
	double start = qa_now();
	char *text = read_file(path, NULL);
	size_t fresh;

	if (!text) {
		qa_check_fail(check, "cannot read '%s': %s", path, strerror(errno));
	} else if (qa_scan_text(text, &ctx->profile.qa, &check->scan)) {
		qa_check_fail(check, "cannot scan '%s'", path);
	} else {
		fresh = qa_scan_count_new(&check->scan);
		if (fresh)
			qa_check_fail(check, "%zu of %zu kernel reports are not known",
				      fresh, check->scan.nreports);
	}
	free(text);
	qa_check_finish(check, start);
	return check->result == QA_FAIL ? -1 : 0;
}
