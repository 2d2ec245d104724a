#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport package on a real kernel: Debian's linux-source-6.1 built with
# the bookworm profile, packaged twice to check the bytes are the same,
# then signed with a throwaway key and verified.  The signed output is
# kept in build/test-kernel/packages-bookworm for t4100.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

package_linux_61_reproducible() {
	ensure_linux_61_build
	kbp package --profile bookworm -b "$LINUX_OUT" -o out1 "$LINUX_SRC"
	expect_status 0
	expect_no_sanitizer_report
	kbp package --profile bookworm -b "$LINUX_OUT" -o out2 "$LINUX_SRC"
	expect_status 0
	output_digest out1 >digest1
	output_digest out2 >digest2
	diff -u digest1 digest2 >&2 || fail "two runs on linux-source-6.1 differ"
	sed 's/^/    /' digest1
}

package_linux_61_signed() {
	ensure_linux_61_build
	make_signing_key
	kbp package --profile bookworm -b "$LINUX_OUT" -o out --sign-key "$KEYID" --passphrase-fd 3 "$LINUX_SRC" 3<<<"$PASSPHRASE"
	stop_gpg_agent
	expect_status 0
	expect_no_sanitizer_report
	sed 's/^/    /' stdout
	release=$(cat "$LINUX_OUT/include/config/kernel.release")
	for f in "rpm/kernel-${release%-kbp1}-1.kbp1.x86_64.rpm" "deb/linux-image-${release}_${release%-kbp1}-1~kbp1_amd64.deb"; do
		[ -f "out/$f" ] || fail "missing out/$f"
	done
	verify_signatures "$PWD/out"
	rpm -qpl "out/rpm/kernel-${release%-kbp1}-1.kbp1.x86_64.rpm" 2>/dev/null | grep -qx "/lib/modules/$release/modules.dep" ||
		fail "the kernel RPM lacks modules.dep"
	rm -rf "$LINUX_PACKAGES"
	mv out "$LINUX_PACKAGES"
}

if [ ! -f "$LINUX_TARBALL" ]; then
	skip_case package_linux_61_reproducible "$LINUX_TARBALL missing (apt-get install linux-source-6.1)"
	skip_case package_linux_61_signed "$LINUX_TARBALL missing"
elif ! command -v rpmbuild >/dev/null || ! command -v debsig-verify >/dev/null || ! command -v createrepo_c >/dev/null; then
	skip_case package_linux_61_reproducible "rpm, createrepo-c or debsig-verify missing (scripts/install-deps.sh)"
	skip_case package_linux_61_signed "rpm, createrepo-c or debsig-verify missing"
else
	run_case package_linux_61_reproducible
	run_case package_linux_61_signed
fi
test_done
