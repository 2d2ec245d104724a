#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport package: every error that stops packaging before any output
# exists, and the help text.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

# Fail if the last run left an output folder or a staging folder behind.
expect_no_output() {
	[ ! -e out ] || fail "an output folder was written"
	[ -z "$(find . -maxdepth 1 -name '.out.kbp-*')" ] || fail "a staging folder was left behind"
}

package_requires_profile() {
	cp -a "$PACKAGE_TREE" tree
	kbp package tree
	expect_status 2
	expect_grep stderr "missing --profile"
}

package_passphrase_fd_needs_sign_key() {
	cp -a "$PACKAGE_TREE" tree
	kbp package --profile bookworm --passphrase-fd 0 tree
	expect_status 2
	expect_grep stderr "--passphrase-fd given without --sign-key"
	kbp package --profile bookworm --sign-key x --passphrase-fd 77 tree
	expect_status 2
	expect_grep stderr "invalid --passphrase-fd value '77': not an open file descriptor"
}

package_rejects_malformed_profile() {
	make_fixture_build -kbp1
	printf '[profile]\nformats = rpm\n[config]\nbase = allnoconfig\n[rpm]\npost = grubby\n' >bad.ini
	kbp package --profile ./bad.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'post' in [rpm] of './bad.ini' line 6: not one of the allowed values"
	printf '[config]\nbase = allnoconfig\n[deb]\nimage = linux-image-{abi}\n' >bad.ini
	kbp package --profile ./bad.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'image' in [deb] of './bad.ini' line 4: unknown placeholder"
	printf '[config]\nbase = allnoconfig\n[deb]\nimage = Linux-Image\n' >bad.ini
	kbp package --profile ./bad.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'image' in [deb] of './bad.ini' line 4: a name may contain only"
	printf '[config]\nbase = allnoconfig\n[package]\nmaintainer = nobody\n' >bad.ini
	kbp package --profile ./bad.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'maintainer' in [package] of './bad.ini' line 4: expected 'Name <address@host>'"
	printf '[config]\nbase = allnoconfig\n[rpm]\nname = kernel\nname = kernel\n' >bad.ini
	kbp package --profile ./bad.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'name' in [rpm] of './bad.ini' line 5: the key is given twice"
	printf '[config]\nbase = allnoconfig\n[rpm]\nflavours = xen\n' >bad.ini
	kbp package --profile ./bad.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "invalid key 'flavours' in [rpm] of './bad.ini' line 4: unknown key"
	expect_no_output
	expect_no_sanitizer_report
}

package_rejects_incomplete_profile() {
	make_fixture_build -kbp1
	printf '[profile]\nformats = rpm deb\n[config]\nbase = allnoconfig\n[package]\nmaintainer = A <a@b>\n' >p.ini
	kbp package --profile ./p.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "profile './p.ini' has no 'distribution' key in [package], which packaging needs"
	expect_grep stderr "profile './p.ini' has no 'release' key in [rpm]"
	expect_grep stderr "profile './p.ini' has no 'image' key in [deb]"
	printf '[profile]\nformats = exe\n[config]\nbase = allnoconfig\n' >p.ini
	kbp package --profile ./p.ini -b build -o out tree
	expect_status 3
	expect_grep stderr "profile './p.ini' lists no package format"
	expect_no_output
}

package_loads_every_shipped_profile() {
	cp -a "$PACKAGE_TREE" tree
	for ini in "$TOP"/distro/*.ini; do
		kbp package --profile "$ini" -b no-such-build -o out tree
		if grep -q '^formats *=' "$ini"; then
			expect_status 4
			expect_grep stderr "build directory 'no-such-build' not found"
		else
			# A build-only profile, such as defconfig-x86_64.
			expect_status 3
			expect_grep stderr "lists no package format in [profile] formats"
		fi
	done
	expect_no_sanitizer_report
}

package_reports_missing_build() {
	cp -a "$PACKAGE_TREE" tree
	kbp package --profile bookworm tree
	expect_status 4
	expect_grep stderr "build directory 'kbp-build/6.1.0-bookworm' not found"
	expect_grep stderr "hint: run 'kbackport build --profile bookworm tree' first"
	mkdir build
	kbp package --profile bookworm -b build -o out tree
	expect_status 4
	expect_grep stderr "has no '.config'"
	expect_no_output
}

package_rejects_release_of_other_profile() {
	make_fixture_build -other
	kbp package --profile bookworm -b build -o out tree
	expect_status 3
	expect_grep stderr "holds kernel release '6.1.0-other', but profile '$TOP/distro/bookworm.ini' makes '6.1.0-kbp1'"
	expect_no_output
}

package_keeps_foreign_output() {
	make_fixture_build -kbp1
	mkdir out
	echo keep >out/notes.txt
	kbp package --profile bookworm -b build -o out tree
	expect_status 3
	expect_grep stderr "output folder '$PWD/out' is not empty and was not made by 'kbackport package'"
	[ "$(cat out/notes.txt)" = keep ] || fail "the foreign output folder was changed"
}

package_rejects_missing_key() {
	make_fixture_build -kbp1
	make_signing_key
	kbp package --profile bookworm -b build -o out --sign-key 0123456789ABCDEF tree
	stop_gpg_agent
	expect_status 4
	expect_grep stderr "signing key '0123456789ABCDEF' not found among the secret keys"
	expect_no_output
}

package_rejects_expired_key() {
	make_fixture_build -kbp1
	make_signing_key
	gpg --batch --pinentry-mode loopback --passphrase "$PASSPHRASE" --quick-set-expire \
		"$(gpg --with-colons --list-keys "$KEYID" | awk -F: '$1 == "fpr" { print $10; exit }')" \
		seconds=1 2>/dev/null
	sleep 2
	kbp package --profile bookworm -b build -o out --sign-key "$KEYID" --passphrase-fd 3 tree 3<<<"$PASSPHRASE"
	stop_gpg_agent
	expect_status 4
	expect_grep stderr "signing key '$KEYID' expired on "
	expect_no_output
}

package_rejects_wrong_passphrase() {
	make_fixture_build -kbp1
	make_signing_key
	kbp package --profile bookworm -b build -o out --sign-key "$KEYID" --passphrase-fd 3 tree 3<<<"not-the-passphrase"
	stop_gpg_agent
	expect_status 1
	expect_grep stderr "with key '$KEYID': wrong or missing passphrase"
	if grep -q not-the-passphrase stderr stdout; then
		fail "the passphrase appears in the output"
	fi
	expect_no_output
	expect_no_sanitizer_report
}

package_help_lists_every_option() {
	kbp package --help
	expect_status 0
	expect_grep stdout "--help"
	for opt in --profile --output --build-dir --sign-key --passphrase-fd; do
		expect_grep stdout "$opt"
		grep -q -- "${opt//-/\\\\-}" "$TOP/docs/kbackport.1" || fail "kbackport.1 does not document $opt"
	done
	kbp --help
	expect_grep stdout "package"
}

run_case package_requires_profile
run_case package_passphrase_fd_needs_sign_key
run_case package_rejects_malformed_profile
run_case package_rejects_incomplete_profile
run_case package_loads_every_shipped_profile
run_case package_reports_missing_build
run_case package_rejects_release_of_other_profile
run_case package_keeps_foreign_output
if command -v gpg >/dev/null; then
	run_case package_rejects_missing_key
	run_case package_rejects_expired_key
	run_case package_rejects_wrong_passphrase
else
	skip_case package_rejects_missing_key "gpg missing (apt-get install gnupg)"
	skip_case package_rejects_expired_key "gpg missing"
	skip_case package_rejects_wrong_passphrase "gpg missing"
fi
run_case package_help_lists_every_option
test_done
