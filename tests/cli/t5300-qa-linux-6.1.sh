#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport qa on real packages: Debian's linux-source-6.1 built with the
# bookworm profile and its QA fragment, packaged and signed with a test
# key, then every check: signatures, the DEB install in a debootstrap
# root, the RPM install and the QEMU boot with the stress init.
#
# The kernel build is shared with t5100, the package output and its key
# are kept under build/test-kernel/qa-packages, and the debootstrap root
# under build/qa-cache, so only the first run builds, packages and
# downloads.
. "$(dirname "$0")/lib.sh"

OUT=$CACHE/out-bookworm-qa
PKG=$CACHE/qa-packages
ROOT_CACHE=$TOP/build/qa-cache

# Build the QA kernel and package it with a fresh key, unless an earlier run did.
prepare_packages() {
	if [ ! -f "$OUT/arch/x86/boot/bzImage" ]; then
		bash "$TOP/tests/cli/t5100-qa-boot.sh" >/dev/null 2>&1
		[ -f "$OUT/arch/x86/boot/bzImage" ] || fail "no QA kernel in $OUT"
	fi
	[ -f "$PKG/done" ] && [ "$PKG/done" -nt "$OUT/arch/x86/boot/bzImage" ] && return 0

	rm -rf "$PKG"
	mkdir -p "$PKG/gnupg"
	chmod 0700 "$PKG/gnupg"
	GNUPGHOME=$PKG/gnupg gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-gen-key 'kbackport qa test <qa@localhost>' rsa2048 sign 30d 2>/dev/null
	GNUPGHOME=$PKG/gnupg gpg --batch --export >"$PKG/trusted.gpg"
	GNUPGHOME=$PKG/gnupg "$KBP" package --profile bookworm -b "$OUT" -o "$PKG/out" \
		--sign-key "qa@localhost" "$SRC" >"$PKG/package.log" 2>&1 ||
		{ tail -n 20 "$PKG/package.log" >&2; fail "kbackport package failed"; }
	touch "$PKG/done"
}

# Print the result of check $1 from the JSON report.
result_of() {
	jq -r --arg name "$1" '.checks[] | select(.name == $name) | .result' stdout
}

qa_linux61_checks() {
	prepare_packages
	rm -f "$PKG/last-report.json"
	kbp qa --profile bookworm --key "$PKG/trusted.gpg" --cache "$ROOT_CACHE" -e ev --json "$PKG/out"
	cp stdout "$PKG/last-report.json"
	expect_no_sanitizer_report
	for check in signatures deb-install boot; do
		[ "$(result_of "$check")" = pass ] ||
			fail "$check: $(jq -r --arg n "$check" '.checks[] | select(.name == $n) | .summary' stdout)"
	done
	[ -n "$(result_of rpm-install)" ] || fail "the rpm-install check did not run"
	if [ "$(jq -r .failed stdout)" = 0 ]; then
		expect_status 0
	else
		expect_status 1
	fi
	grep -q '^KBACKPORT-STRESS-PASS 6\.1\.' ev/boot-console.log || fail "no stress pass marker"
	jq -e '.checks[] | select(.name == "boot") | .summary | test("from the installed root")' stdout \
		>/dev/null || fail "the boot check did not boot the installed image"
}

# Reads the report that qa_linux61_checks saved.
qa_linux61_rpm_install_passes() {
	cp "$PKG/last-report.json" stdout
	[ "$(result_of rpm-install)" = pass ] ||
		fail "rpm-install: $(jq -r '.checks[] | select(.name == "rpm-install") | .summary' stdout)"
}

if [ ! -f "$TARBALL" ]; then
	skip_case qa_linux61_checks "$TARBALL missing (apt-get install linux-source-6.1)"
elif [ "$(id -u)" -ne 0 ]; then
	skip_case qa_linux61_checks "the installs need root for chroot and rpm --root"
else
	missing=
	for tool in qemu-system-x86_64 debootstrap rpm rpmkeys debsig-verify gpgv jq; do
		command -v "$tool" >/dev/null || missing="$missing $tool"
	done
	if [ -n "$missing" ]; then
		skip_case qa_linux61_checks "missing:$missing (scripts/install-deps.sh installs them)"
	else
		run_case qa_linux61_checks
		run_case qa_linux61_rpm_install_passes
	fi
fi
test_done
