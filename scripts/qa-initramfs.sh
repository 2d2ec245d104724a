#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the QA boot initramfs: a newc cpio archive holding only /init,
# the mm stress program tests/boot/mm-stress.c compiled without libc
# (static, raw system calls), so it starts on 2.6.32 as well as on 6.1.
# 'kbackport qa' builds the same archive itself; this script is for
# booting a kernel by hand with scripts/boot-qemu.sh.
# Usage: scripts/qa-initramfs.sh OUTPUT.cpio [CC]
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

"$cc" -static -nostdlib -ffreestanding -fno-builtin -fno-pie -no-pie -O2 \
	-fno-stack-protector -fno-tree-loop-distribute-patterns -Wall -Wextra \
	-o "$work/init" "$source_dir/tests/boot/mm-stress.c"

(cd "$work" && echo init | cpio --quiet -o -H newc -R 0:0) > "$output.tmp"
mv "$output.tmp" "$output"
