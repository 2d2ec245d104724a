# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the packaging tests (tests/cli/t4*.sh), sourced after lib.sh.

PACKAGE_TREE=$TOP/tests/cli/data/package-tree

# Make tree/ from the packaging fixture, with the Makefile version set to
# $2 (default 6.1.0), and build it into build/ with CONFIG_LOCALVERSION $1.
make_fixture_build() {
	local localversion=$1 version=${2:-6.1.0}
	local v=${version%%.*} rest=${version#*.}

	cp -a "$PACKAGE_TREE" tree
	sed -i -e "s/^VERSION = .*/VERSION = $v/" -e "s/^PATCHLEVEL = .*/PATCHLEVEL = ${rest%%.*}/" \
		-e "s/^SUBLEVEL = .*/SUBLEVEL = ${rest#*.}/" tree/Makefile
	touch -d @1700000000 $(find tree)
	mkdir build
	printf 'CONFIG_LOCALVERSION="%s"\n# CONFIG_MODULES is not set\n' "$localversion" >build/.config
	KBUILD_BUILD_TIMESTAMP=@1700000000 make -s -C tree O="$PWD/build" all
}

# Make a private 0700 GNUPGHOME with a fresh RSA signing key protected by
# the passphrase in $PASSPHRASE; sets KEYID.  No key material is committed.
PASSPHRASE=kbackport-test-passphrase
make_signing_key() {
	export GNUPGHOME=$PWD/gnupg
	mkdir -m 0700 "$GNUPGHOME"
	gpg --batch --quiet --pinentry-mode loopback --passphrase "$PASSPHRASE" \
		--quick-gen-key 'kbackport test <test@localhost>' rsa2048 sign 1d 2>/dev/null
	KEYID=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "sec" { print $5; exit }')
	gpg --batch --export "$KEYID" >trusted.gpg
	forget_passphrase
}

# Drop the passphrase that gpg-agent cached, so the next run must supply it.
forget_passphrase() {
	gpg-connect-agent reloadagent /bye >/dev/null 2>&1 || true
}

stop_gpg_agent() {
	[ -n "${GNUPGHOME:-}" ] && gpgconf --kill gpg-agent 2>/dev/null || true
}

# Check every signature in output folder $1 against the key in trusted.gpg.
verify_signatures() {
	local out=$1 f

	rpm --dbpath "$PWD/rpmdb" --initdb
	rpm --dbpath "$PWD/rpmdb" --import "$out/signing-key.asc"
	for f in "$out"/rpm/*.rpm; do
		rpm --dbpath "$PWD/rpmdb" -K "$f" >rpmk.out 2>&1 || { cat rpmk.out >&2; fail "rpm -K failed on $f"; }
		grep -q 'signatures OK' rpmk.out || { cat rpmk.out >&2; fail "no signature checked on $f"; }
	done

	mkdir -p "debsig/policies/$KEYID" "debsig/keyrings/$KEYID"
	cp trusted.gpg "debsig/keyrings/$KEYID/debsig.gpg"
	cat >"debsig/policies/$KEYID/kbackport.pol" <<POLICY
<?xml version="1.0"?>
<!DOCTYPE Policy SYSTEM "https://www.debian.org/debsig/1.0/policy.dtd">
<Policy xmlns="https://www.debian.org/debsig/1.0/">
  <Origin Name="kbackport" id="$KEYID" Description="kbackport test key"/>
  <Selection>
    <Required Type="origin" File="debsig.gpg" id="$KEYID"/>
  </Selection>
  <Verification MinOptional="0">
    <Required Type="origin" File="debsig.gpg" id="$KEYID"/>
  </Verification>
</Policy>
POLICY
	for f in "$out"/deb/*.deb; do
		debsig-verify --policies-dir "$PWD/debsig/policies" --keyrings-dir "$PWD/debsig/keyrings" "$f" \
			>debsig.out 2>&1 || { cat debsig.out >&2; fail "debsig-verify failed on $f"; }
	done

	gpgv --keyring "$PWD/trusted.gpg" "$out/deb/InRelease" 2>/dev/null || fail "gpgv rejects InRelease"
	gpgv --keyring "$PWD/trusted.gpg" "$out/deb/Release.gpg" "$out/deb/Release" 2>/dev/null ||
		fail "gpgv rejects Release.gpg"
	gpgv --keyring "$PWD/trusted.gpg" "$out/rpm/repodata/repomd.xml.asc" "$out/rpm/repodata/repomd.xml" \
		2>/dev/null || fail "gpgv rejects repomd.xml.asc"
	for f in "$out"/deb/*.dsc "$out"/deb/*.changes; do
		gpgv --keyring "$PWD/trusted.gpg" "$f" 2>/dev/null || fail "gpgv rejects $f"
	done
}

# Print one line per file below $1: its checksum and path, to compare two runs.
output_digest() {
	(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# Debian's linux-source-6.1, extracted and built with the bookworm profile
# into the same folders tests/cli/t7100-build-linux-6.1.sh uses, so
# whichever test runs first builds it and the other reuses it.
LINUX_TARBALL=/usr/src/linux-source-6.1.tar.xz
LINUX_CACHE=$TOP/build/test-kernel
LINUX_SRC=$LINUX_CACHE/linux-source-6.1
LINUX_OUT=$LINUX_CACHE/out-bookworm
LINUX_PACKAGES=$LINUX_CACHE/packages-bookworm

ensure_linux_61_build() {
	if [ ! -f "$LINUX_SRC/Makefile" ]; then
		rm -rf "$LINUX_CACHE/extract"
		mkdir -p "$LINUX_CACHE/extract"
		tar -xf "$LINUX_TARBALL" -C "$LINUX_CACHE/extract"
		mv "$LINUX_CACHE/extract/linux-source-6.1" "$LINUX_SRC"
		rmdir "$LINUX_CACHE/extract"
	fi
	[ -f "$LINUX_OUT/arch/x86/boot/bzImage" ] && return 0
	nice "$KBP" build --profile bookworm -o "$LINUX_OUT" "$LINUX_SRC" >build.out 2>&1 ||
		{ tail -n 20 build.out >&2; fail "kbackport build of linux-source-6.1 failed"; }
}
