#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport build on a real kernel: Debian's linux-source-6.1 with the
# bookworm profile's tiny config, booted under QEMU to the init marker.
# The extracted tree and the build directory are kept under build/ so a
# second run of the suite checks an incremental build.
. "$(dirname "$0")/lib.sh"

OUT=$CACHE/out-bookworm

build_linux_61_boots() {
	extract_source
	touch stamp
	kbp build --profile bookworm -o "$OUT" "$SRC"
	expect_status 0
	expect_no_sanitizer_report
	image=$(cat stdout)
	[ "$image" = "$OUT/arch/x86/boot/bzImage" ] || fail "stdout is not the image path: $image"
	[ -s "$image" ] || fail "no kernel image at $image"
	grep -q '^CONFIG_LOCALVERSION="-kbp1"$' "$OUT/.config" || fail "profile localversion not set"
	grep -q '^CONFIG_SERIAL_8250_CONSOLE=y$' "$OUT/.config" || fail "fragment not applied"
	[ -z "$(find "$SRC" -newer stamp -type f | head -n 3)" ] || fail "the build wrote into the source tree"

	"$TOP/scripts/initramfs-marker.sh" marker.cpio
	"$TOP/scripts/boot-qemu.sh" "$image" marker.cpio boot.log 120 ||
		{ tail -n 20 boot.log >&2; fail "the kernel did not boot to the init marker"; }
	grep -q '^KBACKPORT-BOOT-OK 6\.1\.[0-9]*-kbp1' boot.log || fail "marker lacks the release"
}

build_linux_61_noop_rebuild() {
	[ -f "$OUT/arch/x86/boot/bzImage" ] || fail "no earlier build in $OUT"
	kbp build --profile bookworm -o "$OUT" "$SRC"
	expect_status 0
	compiled=$(grep -cE '^  (CC|AS)  ' "$OUT/kbackport-build.log" || true)
	[ "$compiled" -eq 0 ] || fail "a no-op rebuild compiled $compiled files"
}

if [ ! -f "$TARBALL" ]; then
	skip_case build_linux_61_boots "$TARBALL missing (apt-get install linux-source-6.1)"
	skip_case build_linux_61_noop_rebuild "$TARBALL missing"
elif ! command -v qemu-system-x86_64 >/dev/null; then
	skip_case build_linux_61_boots "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
	skip_case build_linux_61_noop_rebuild "qemu-system-x86_64 missing"
else
	run_case build_linux_61_boots
	run_case build_linux_61_noop_rebuild
fi
test_done
