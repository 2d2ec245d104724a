#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rebuild the linux-source-6.1 packages from their source packages, as a
# build service would: rpmbuild --rebuild on the SRPM, and dpkg-source -x
# with dpkg-buildpackage on the .dsc.  Each recompiles the kernel, so this
# file holds the slow checks; it reuses the output t4050 keeps.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

ensure_packages() {
	ensure_linux_61_build
	[ -f "$LINUX_PACKAGES/.kbackport-package" ] && return 0
	kbp package --profile bookworm -b "$LINUX_OUT" -o "$LINUX_PACKAGES" "$LINUX_SRC"
	expect_status 0
}

package_files_list() {
	case $1 in
	*.rpm) rpm -qpl "$1" 2>/dev/null | sort ;;
	*.deb) dpkg-deb --fsys-tarfile "$1" | tar -t | sed -e 's|^\./|/|' -e 's|/$||' | sort ;;
	esac
}

rebuild_linux_61_from_srpm() {
	ensure_packages
	nice rpmbuild --define "_topdir $PWD/rpmtop" --define "_smp_mflags -j$(nproc)" --nodeps \
		--rebuild "$LINUX_PACKAGES"/rpm/*.src.rpm >rpmbuild.log 2>&1 ||
		{ tail -n 30 rpmbuild.log >&2; fail "rpmbuild --rebuild failed"; }
	for f in "$LINUX_PACKAGES"/rpm/*.x86_64.rpm; do
		rebuilt=rpmtop/RPMS/x86_64/$(basename "$f")
		[ -f "$rebuilt" ] || fail "the SRPM rebuild made no $(basename "$f")"
		diff -u <(package_files_list "$f") <(package_files_list "$rebuilt") >&2 ||
			fail "$(basename "$f") from the SRPM holds other files"
	done
}

rebuild_linux_61_from_dsc() {
	ensure_packages
	dpkg-source -x "$LINUX_PACKAGES"/deb/*.dsc src >dsc.log 2>&1 || { cat dsc.log >&2; fail "dpkg-source -x failed"; }
	(cd src && nice dpkg-buildpackage -b -us -uc -j"$(nproc)") >dpkg.log 2>&1 ||
		{ tail -n 30 dpkg.log >&2; fail "dpkg-buildpackage failed"; }
	for f in "$LINUX_PACKAGES"/deb/*.deb; do
		rebuilt=$(basename "$f")
		[ -f "$rebuilt" ] || fail "the .dsc rebuild made no $rebuilt"
		diff -u <(package_files_list "$f") <(package_files_list "$rebuilt") >&2 ||
			fail "$rebuilt from the .dsc holds other files"
	done
}

if [ ! -f "$LINUX_TARBALL" ]; then
	skip_case rebuild_linux_61_from_srpm "$LINUX_TARBALL missing (apt-get install linux-source-6.1)"
	skip_case rebuild_linux_61_from_dsc "$LINUX_TARBALL missing"
elif ! command -v rpmbuild >/dev/null || ! command -v dpkg-buildpackage >/dev/null; then
	skip_case rebuild_linux_61_from_srpm "rpm or dpkg-dev missing (scripts/install-deps.sh)"
	skip_case rebuild_linux_61_from_dsc "rpm or dpkg-dev missing"
else
	run_case rebuild_linux_61_from_srpm
	run_case rebuild_linux_61_from_dsc
fi
test_done
