#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot a kernel image under QEMU (TCG, no network, serial console on
# stdio) with an initramfs and check that init printed a line starting with
# the marker: $BOOT_MARKER, by default KBACKPORT-BOOT-OK (tests/boot/init-marker.c).
# Exit status: 0 marker seen, 1 marker missing or QEMU timed out.
# Usage: scripts/boot-qemu.sh BZIMAGE INITRAMFS.cpio LOGFILE [TIMEOUT_SECONDS]
set -u

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: $0 BZIMAGE INITRAMFS.cpio LOGFILE [TIMEOUT_SECONDS]" >&2
	exit 2
fi

image=$1
initramfs=$2
log=$3
seconds=${4:-60}
marker=${BOOT_MARKER:-KBACKPORT-BOOT-OK}

# panic=1 turns a panic into a reset after one second (2.6.3x ignores
# negative values), and -no-reboot turns the reset into a QEMU exit.
# no_timer_check skips the IO-APIC timer test, which under TCG on a loaded
# host can fail and panic with "IO-APIC + timer doesn't work!".
# numa=fake=2 gives NUMA kernels the second node the stress program
# migrates pages to.
timeout "$seconds" qemu-system-x86_64 -machine accel=tcg -m 256 \
	-nic none -nographic -no-reboot -serial stdio -monitor none \
	-kernel "$image" -initrd "$initramfs" \
	-append "console=ttyS0 panic=1 no_timer_check hugepages=8 numa=fake=2 rdinit=/init" \
	< /dev/null > "$log" 2>&1
status=$?

if grep -q "^$marker " "$log"; then
	exit 0
fi
if [ $status -eq 124 ]; then
	echo "$0: timed out after $seconds s without the marker $marker, see $log" >&2
else
	echo "$0: QEMU exited with status $status without the marker $marker, see $log" >&2
fi
exit 1
