#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job on bundled and packaged input: apply the series to a fresh
# copy of the bundled 2.6.32-shaped sample tree, then run build, package,
# sign and QA on Debian's linux-source-6.1 with a throwaway signing key.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/demo
tree=$work/linux-2.6.32
tarball=/usr/src/linux-source-6.1.tar.xz

export GIT_AUTHOR_NAME=kbackport-demo GIT_AUTHOR_EMAIL=demo@localhost
export GIT_COMMITTER_NAME=kbackport-demo GIT_COMMITTER_EMAIL=demo@localhost

apply_sample() {
	rm -rf "$tree"
	mkdir -p "$work"
	cp -a "$top/sample/linux-2.6.32" "$tree"
	git -C "$tree" init -q -b master
	git -C "$tree" add -A
	git -C "$tree" commit -q -m "Linux 2.6.32 (kbackport sample tree)"

	echo "== kbackport detect $tree"
	"$top/kbackport" detect "$tree"
	echo
	echo "== kbackport apply $tree"
	"$top/kbackport" apply "$tree"
	echo
	echo "== commits on the new branch"
	git -C "$tree" log --stat --format='%n%h %s' master..HEAD
}

# Reuse the tree the tests extract, else extract one for the demo.
linux_61() {
	local cached=$top/build/test-kernel/linux-source-6.1

	if [ -f "$cached/Makefile" ]; then
		echo "$cached"
		return
	fi
	if [ ! -f "$work/linux-source-6.1/Makefile" ]; then
		rm -rf "$work/extract"
		mkdir -p "$work/extract"
		tar -xf "$tarball" -C "$work/extract"
		mv "$work/extract/linux-source-6.1" "$work/linux-source-6.1"
		rmdir "$work/extract"
	fi
	echo "$work/linux-source-6.1"
}

# Make a throwaway key without passphrase in a private GNUPGHOME.
make_key() {
	rm -rf "$GNUPGHOME"
	mkdir -m 0700 "$GNUPGHOME"
	gpg --batch --quiet --passphrase '' --quick-gen-key \
		"kbackport demo <demo@localhost>" rsa3072 sign 1d 2>/dev/null
	gpg --batch --list-secret-keys --with-colons | awk -F: '/^fpr/ { print $10; exit }'
}

apply_sample

if [ ! -f "$tarball" ]; then
	echo
	echo "kbackport: warning: $tarball is missing, so build, package and QA were not run" >&2
	echo "hint: apt-get install linux-source-6.1, or run scripts/install-deps.sh" >&2
	exit 4
fi

src=$(linux_61)
export GNUPGHOME=$work/gnupg
key=$(make_key)
echo
echo "== kbackport run $src"
"$top/kbackport" run --profile bookworm --sign-key "$key" -o "$work/run" "$src"

echo
echo "The converted sample tree is in $tree"
echo "Build, packages and QA evidence of linux-source-6.1 are in $work/run"
