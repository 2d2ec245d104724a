#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the boot-check initramfs: a newc cpio archive holding only /init,
# compiled from tests/boot/init-marker.c without libc.
# Usage: scripts/initramfs-marker.sh OUTPUT.cpio [CC]
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 OUTPUT.cpio [CC]" >&2
	exit 2
fi

output=$1
cc=${2:-gcc}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cc" -static -nostdlib -ffreestanding -fno-pie -no-pie -Os \
	-fno-stack-protector -fno-tree-loop-distribute-patterns \
	-o "$work/init" "$source_dir/tests/boot/init-marker.c"

(cd "$work" && echo init | cpio --quiet -o -H newc -R 0:0) > "$output.tmp"
mv "$output.tmp" "$output"
