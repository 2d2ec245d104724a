#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run kbackport apply on copies of real kernel trees that you already have
# (kernel.org releases, for example) and print one result line per tree.
# Nothing is downloaded; the trees given are only read.
# Usage: scripts/check-real-trees.sh WORKDIR TREE...
set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 WORKDIR TREE..." >&2
	exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
work=$1
shift
mkdir -p "$work"
failed=0

export GIT_AUTHOR_NAME=kbackport-check GIT_AUTHOR_EMAIL=check@localhost
export GIT_COMMITTER_NAME=kbackport-check GIT_COMMITTER_EMAIL=check@localhost

printf '%-10s %-6s %-8s %-7s %s\n' version status commits seconds files-changed
for src in "$@"; do
	version=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$src/Makefile" |
		head -n 3 | paste -sd.)
	tree=$work/linux-$version
	rm -rf "$tree"
	cp -a --reflink=auto "$src" "$tree"
	git -C "$tree" init -q -b master
	git -C "$tree" add -A
	git -C "$tree" commit -q -m "Linux $version"

	start=$(date +%s)
	"$top/kbackport" apply "$tree" >"$work/apply-$version.out" 2>"$work/apply-$version.err"
	status=$?
	seconds=$(($(date +%s) - start))

	commits=$(git -C "$tree" rev-list --count master..HEAD 2>/dev/null || echo 0)
	files=$(git -C "$tree" diff --name-only master HEAD 2>/dev/null | wc -l)
	[ $status -eq 0 ] || failed=$((failed + 1))
	printf '%-10s %-6s %-8s %-7s %s\n' "$version" "$status" "$commits" "$seconds" "$files"
done

[ $failed -eq 0 ]
