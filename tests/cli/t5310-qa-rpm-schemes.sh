#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport qa rpm-install with the %post schemes of the 2.6.32 profiles:
# new-kernel-pkg (rhel6) and the SLES 11 tools (sles11).  The packages
# come from the small fixture tree.  The debootstrap root is the one t5300
# caches, so only a run without it needs the archive.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

ROOT_CACHE=$TOP/build/qa-cache

# Package the fixture with profile $1 and localversion $2, signed with a fresh key.
package_fixture() {
	make_fixture_build "$2" 2.6.32
	export GNUPGHOME=$PWD/gnupg
	mkdir -m 0700 "$GNUPGHOME"
	gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
		--quick-gen-key 'kbackport qa test <qa@localhost>' rsa2048 sign 1d 2>/dev/null
	gpg --batch --export >trusted.gpg
	kbp package --profile "$1" -b build -o out --sign-key qa@localhost tree
	expect_status 0
}

qa_rpm_rhel6_new_kernel_pkg() {
	package_fixture rhel6 -71.kbp1.el6.x86_64
	kbp qa --profile rhel6 --key trusted.gpg --cache "$ROOT_CACHE" --checks rpm-install -e ev out
	expect_status 0
	expect_grep stdout "pass  rpm-install"
	expect_grep stdout "hook ran: --mkinitrd --dracut --depmod --install 2.6.32-71.kbp1.el6.x86_64"
}

qa_rpm_sles11_update_bootloader() {
	package_fixture sles11 -0.7.kbp1-default
	kbp qa --profile sles11 --key trusted.gpg --cache "$ROOT_CACHE" --checks rpm-install -e ev out
	expect_status 0
	expect_grep stdout "hook ran: update-bootloader --image /boot/vmlinuz-2.6.32-0.7.kbp1-default"
}

qa_rpm_missing_scriptlet_fails() {
	# Packages whose %post calls nothing, checked against rhel6, which expects new-kernel-pkg.
	sed 's/^post = .*/post = none/' "$TOP/distro/rhel6.ini" >none.ini
	package_fixture ./none.ini -71.kbp1.el6.x86_64
	kbp qa --profile rhel6 --key trusted.gpg --cache "$ROOT_CACHE" --checks rpm-install -e ev out
	expect_status 1
	expect_grep stdout "fail  rpm-install"
	expect_grep stdout "the install did not run '--mkinitrd --dracut --depmod --install 2.6.32-71.kbp1.el6.x86_64'"
}

if [ "$(id -u)" -ne 0 ]; then
	for c in rhel6_new_kernel_pkg sles11_update_bootloader missing_scriptlet_fails; do
		skip_case "qa_rpm_$c" "the installs need root for chroot and rpm --root"
	done
else
	missing=
	for tool in debootstrap rpm rpmbuild rpmkeys gpg; do
		command -v "$tool" >/dev/null || missing="$missing $tool"
	done
	if [ -n "$missing" ]; then
		for c in rhel6_new_kernel_pkg sles11_update_bootloader missing_scriptlet_fails; do
			skip_case "qa_rpm_$c" "missing:$missing (scripts/install-deps.sh installs them)"
		done
	else
		run_case qa_rpm_rhel6_new_kernel_pkg
		run_case qa_rpm_sles11_update_bootloader
		run_case qa_rpm_missing_scriptlet_fails
	fi
fi
test_done
