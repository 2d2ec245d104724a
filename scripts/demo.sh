#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run kbackport on a fresh copy of the bundled sample tree: detect it, put
# it in git, apply the series and show the commits that apply made.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/demo
tree=$work/linux-2.6.32

rm -rf "$work"
mkdir -p "$work"
cp -a "$top/sample/linux-2.6.32" "$tree"

git -C "$tree" init -q -b master
git -C "$tree" add -A
git -C "$tree" -c user.name=kbackport-demo -c user.email=demo@localhost \
	commit -q -m "Linux 2.6.32 (kbackport sample tree)"

echo "== kbackport detect $tree"
"$top/kbackport" detect "$tree"

echo
echo "== kbackport apply $tree"
GIT_AUTHOR_NAME=kbackport-demo GIT_AUTHOR_EMAIL=demo@localhost \
GIT_COMMITTER_NAME=kbackport-demo GIT_COMMITTER_EMAIL=demo@localhost \
	"$top/kbackport" apply "$tree"

echo
echo "== commits on the new branch"
git -C "$tree" log --stat --format='%n%h %s' master..HEAD

echo
echo "The converted sample tree is in $tree"
