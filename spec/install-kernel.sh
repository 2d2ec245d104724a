#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install one part of a built kernel into a package root.  kbackport runs
# it on the build directory of 'kbackport build'; the RPM spec and
# debian/rules of the source packages run the same copy after their own
# make, so binary packages from either path hold the same files.
#
# usage: install-kernel.sh PART SRCTREE OBJTREE DESTDIR RELEASE [HEADERS_DIR]
#   PART         image, devel, headers or firmware
#   SRCTREE      kernel source tree
#   OBJTREE      build directory (O= of the build); may equal SRCTREE
#   DESTDIR      package root to fill
#   RELEASE      kernel release string, as 'uname -r' prints it
#   HEADERS_DIR  for devel: where the headers go, e.g. /usr/src/kernels/RELEASE
#
# ARCH (default x86_64) and SRCARCH (default x86) select the architecture.
# When SOURCE_DATE_EPOCH is set, no installed file is newer than it.
set -eu

part=$1
srctree=$(cd "$2" && pwd)
objtree=$(cd "$3" && pwd)
mkdir -p "$4"
dest=$(cd "$4" && pwd)
release=$5
headers_dir=${6:-/usr/src/linux-headers-$release}
arch=${ARCH:-x86_64}
srcarch=${SRCARCH:-x86}

kmake() {
	make -s -C "$srctree" O="$objtree" ARCH="$arch" "$@"
}

has_config() {
	grep -q "^$1=y" "$objtree/.config"
}

# Copy the files that find prints (run in $1) to $2, keeping relative paths.
copy_listed() {
	from=$1
	to=$2
	shift 2
	mkdir -p "$to"
	(cd "$from" && find "$@" 2>/dev/null | LC_ALL=C sort) >"$to/.kbp-list"
	(cd "$from" && tar -cf - --no-recursion -T "$to/.kbp-list") | (cd "$to" && tar -xf -)
	rm -f "$to/.kbp-list"
}

install_image() {
	mkdir -p "$dest/boot" "$dest/lib/modules/$release"
	install -m 0644 "$objtree/arch/$srcarch/boot/bzImage" "$dest/boot/vmlinuz-$release"
	install -m 0644 "$objtree/System.map" "$dest/boot/System.map-$release"
	install -m 0644 "$objtree/.config" "$dest/boot/config-$release"

	if has_config CONFIG_MODULES; then
		kmake INSTALL_MOD_PATH="$dest" DEPMOD=true modules_install
		# 2.6.3x installs module firmware here too; the firmware part ships it.
		rm -rf "$dest/lib/firmware"
	else
		# What modules_install would copy, so depmod finds its inputs.
		for f in modules.builtin modules.builtin.modinfo; do
			if [ -f "$objtree/$f" ]; then
				install -m 0644 "$objtree/$f" "$dest/lib/modules/$release/$f"
			fi
		done
		: >"$dest/lib/modules/$release/modules.order"
	fi
	rm -f "$dest/lib/modules/$release/build" "$dest/lib/modules/$release/source"
	depmod=$(command -v depmod || echo /sbin/depmod)
	"$depmod" -b "$dest" "$release"
}

# Headers and build files that out-of-tree modules need, merged from the
# source tree and the build directory into one folder, as kernel-devel
# and linux-headers packages ship them.
install_devel() {
	to=$dest$headers_dir

	copy_listed "$srctree" "$to" \
		Makefile Kbuild Kconfig \
		arch/"$srcarch"/Makefile arch/"$srcarch"/Makefile_32.cpu arch/"$srcarch"/Kconfig \
		arch/"$srcarch"/Kconfig.debug arch/"$srcarch"/include \
		include scripts -name '.git*' -prune -o -print
	copy_listed "$objtree" "$to" \
		.config Module.symvers System.map include/generated include/config \
		arch/"$srcarch"/include/generated scripts tools/objtool/objtool \
		-name '*.o' -prune -o -name '.*.cmd' -prune -o -name '*.d' -prune -o \
		-name modules.order -prune -o -print
	strip_host_programs "$to"
	mkdir -p "$dest/lib/modules/$release"
	ln -sfn "$headers_dir" "$dest/lib/modules/$release/build"
}

# The build's host programs (fixdep, modpost, kallsyms, ...) ship for
# out-of-tree builds, so strip them as a distribution strips any executable.
strip_host_programs() {
	find "$1" -type f -perm -u+x | LC_ALL=C sort | while read -r f; do
		if [ "$(head -c 4 "$f" | tail -c 3)" = ELF ]; then
			strip --strip-unneeded "$f"
		fi
	done
}

install_userspace_headers() {
	kmake INSTALL_HDR_PATH="$dest/usr" headers_install
	find "$dest/usr/include" \( -name .install -o -name '..install.cmd' \) -exec rm -f {} +
}

install_firmware() {
	if grep -q '^firmware_install:' "$srctree/Makefile"; then
		kmake INSTALL_FW_PATH="$dest/lib/firmware" firmware_install
	else
		mkdir -p "$dest/lib/firmware"
	fi
}

case $part in
image) install_image ;;
devel) install_devel ;;
headers) install_userspace_headers ;;
firmware) install_firmware ;;
*)
	echo "install-kernel.sh: unknown part '$part'; expected image, devel, headers or firmware" >&2
	exit 2
	;;
esac

chmod -R u+rw,go-w,go+rX "$dest"
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	find "$dest" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
fi
