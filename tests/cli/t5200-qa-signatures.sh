#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport qa signature check on the output of 'kbackport package' for
# the packaging fixture tree, signed with a fresh test key: good output,
# a package with one byte changed, indexes changed, and another key.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

# Build and package the fixture, signed with a new key; sets KEYID.
make_signed_output() {
	make_fixture_build -kbp1 >fixture.log 2>&1 || { cat fixture.log >&2; fail "fixture build failed"; }
	make_signing_key
	"$KBP" package --profile bookworm -b build -o out --sign-key "$KEYID" --passphrase-fd 3 tree \
		3<<<"$PASSPHRASE" >package.log 2>&1 || { cat package.log >&2; fail "kbackport package failed"; }
}

# Change the byte in the middle of file $1.
flip_middle_byte() {
	local size offset byte

	size=$(stat -c %s "$1")
	offset=$((size / 2))
	byte=$(od -An -tu1 -j "$offset" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(((byte + 1) % 256)))" |
		dd of="$1" bs=1 seek="$offset" count=1 conv=notrunc 2>/dev/null
}

qa_signatures() {
	stop_gpg_agent
	kbp qa --profile bookworm --key trusted.gpg --checks signatures -e ev "$@" out
}

qa_signatures_package_output_passes() {
	make_signed_output
	qa_signatures
	expect_status 0
	expect_no_sanitizer_report
	expect_grep stdout "pass  signatures"
	expect_grep stdout "rpm: 3 packages checked with rpmkeys -K"
	expect_grep stdout "deb: 2 packages checked with debsig-verify"
	[ -s ev/signatures.log ] || fail "no evidence file"
}

qa_signatures_tampered_rpm() {
	make_signed_output
	flip_middle_byte out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm
	qa_signatures
	expect_status 1
	expect_grep stdout "bad signature: out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm: "
	if grep -q 'bad signature: out/rpm/kernel-devel' stdout; then
		fail "the untouched kernel-devel package was rejected"
	fi
}

qa_signatures_tampered_deb() {
	make_signed_output
	flip_middle_byte out/deb/linux-image-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb
	qa_signatures
	expect_status 1
	expect_grep stdout "bad signature: out/deb/linux-image-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb: "
	if grep -q 'bad signature: out/deb/linux-headers' stdout; then
		fail "the untouched headers package was rejected"
	fi
}

qa_signatures_tampered_indexes() {
	make_signed_output
	sed -i 's/^Suite: .*/Suite: sid/' out/deb/InRelease
	echo '<!-- changed -->' >>out/rpm/repodata/repomd.xml
	qa_signatures
	expect_status 1
	expect_grep stdout "bad signature: out/deb/InRelease: gpgv: BAD signature"
	expect_grep stdout "bad signature: out/rpm/repodata/repomd.xml.asc: gpgv: BAD signature"
}

qa_signatures_other_key() {
	make_signed_output
	mkdir -m 0700 other
	gpg --homedir other --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-gen-key 'another key <other@localhost>' rsa2048 sign 1d 2>/dev/null
	gpg --homedir other --batch --export >other.gpg
	kbp qa --profile bookworm --key other.gpg --checks signatures -e ev out
	expect_status 1
	expect_grep stdout "bad signature: out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm: "
	expect_grep stdout "bad signature: out/deb/linux-image-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb: "
	expect_grep stdout "bad signature: out/deb/InRelease: "
	expect_grep stdout "bad signature: out/rpm/repodata/repomd.xml.asc: "
}

missing=
for tool in rpmkeys debsig-verify gpgv rpmsign dpkg-deb; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
cases="package_output_passes tampered_rpm tampered_deb tampered_indexes other_key"
for c in $cases; do
	if [ -n "$missing" ]; then
		skip_case "qa_signatures_$c" "missing:$missing (scripts/install-deps.sh installs them)"
	else
		run_case "qa_signatures_$c"
	fi
done
test_done
