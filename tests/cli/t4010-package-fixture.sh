#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport package on the small packaging fixture: names per profile,
# payload, signatures, lint, reproducibility, atomic output and rebuilds
# from the source packages.  Every case takes seconds.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/data/package-lib/lib-package.sh"

# List the files of a .deb or .rpm, one path per line, without a leading "./".
deb_files() {
	dpkg-deb --fsys-tarfile "$1" | tar -t | sed -e 's|^\./|/|' -e 's|/$||' | sort
}

rpm_files() {
	rpm -qpl "$1" 2>/dev/null | sort
}

expect_file() {
	[ -f "$1" ] || { ls "$(dirname "$1")" >&2; fail "missing $1"; }
}

package_bookworm_signed() {
	make_fixture_build -kbp1
	make_signing_key
	kbp package --profile bookworm -b build -o out --sign-key "$KEYID" --passphrase-fd 3 tree 3<<<"$PASSPHRASE"
	expect_status 0
	expect_no_sanitizer_report
	for f in rpm/kernel-6.1.0-1.kbp1.src.rpm rpm/kernel-6.1.0-1.kbp1.x86_64.rpm \
		rpm/kernel-devel-6.1.0-1.kbp1.x86_64.rpm rpm/repodata/repomd.xml rpm/repodata/repomd.xml.asc \
		deb/linux-image-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb deb/linux-headers-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb \
		deb/linux-kbp_6.1.0-1~kbp1.dsc deb/linux-kbp_6.1.0.orig.tar.gz deb/linux-kbp_6.1.0-1~kbp1.debian.tar.xz \
		deb/linux-kbp_6.1.0-1~kbp1_amd64.changes deb/Packages deb/Sources deb/Release deb/InRelease \
		deb/Release.gpg signing-key.asc; do
		expect_file "out/$f"
	done
	expect_grep stdout "$PWD/out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm"
	if grep -rq "$PASSPHRASE" stdout stderr; then
		fail "the passphrase appears in the output"
	fi
	verify_signatures "$PWD/out"
	stop_gpg_agent
}

package_payload_layout() {
	make_fixture_build -kbp1
	kbp package --profile bookworm -b build -o out tree
	expect_status 0
	deb_files out/deb/linux-image-6.1.0-kbp1_*.deb >image.list
	rpm_files out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm >kernel.list
	for f in /boot/vmlinuz-6.1.0-kbp1 /boot/System.map-6.1.0-kbp1 /boot/config-6.1.0-kbp1 \
		/lib/modules/6.1.0-kbp1/modules.dep /lib/modules/6.1.0-kbp1/modules.dep.bin; do
		grep -qx "$f" image.list || fail "the image .deb lacks $f"
		grep -qx "$f" kernel.list || fail "the kernel RPM lacks $f"
	done
	deb_files out/deb/linux-headers-6.1.0-kbp1_*.deb >headers.list
	grep -qx /usr/src/linux-headers-6.1.0-kbp1/include/linux/mm.h headers.list || fail "no mm.h in the headers .deb"
	grep -qx /usr/src/linux-headers-6.1.0-kbp1/.config headers.list || fail "no .config in the headers .deb"
	grep -qx /usr/src/linux-headers-6.1.0-kbp1/scripts/basic/fixdep headers.list || fail "no fixdep in the headers .deb"
	rpm_files out/rpm/kernel-devel-6.1.0-1.kbp1.x86_64.rpm >devel.list
	grep -qx /usr/src/kernels/6.1.0-kbp1/arch/x86/include/asm/page.h devel.list || fail "no asm/page.h in kernel-devel"
	grep -qx /lib/modules/6.1.0-kbp1/build devel.list || fail "no build link in kernel-devel"
	cmp build/arch/x86/boot/bzImage <(dpkg-deb --fsys-tarfile out/deb/linux-image-6.1.0-kbp1_*.deb |
		tar -xOf - ./boot/vmlinuz-6.1.0-kbp1) || fail "the packaged image differs from the built one"
	dpkg-deb -I out/deb/linux-image-6.1.0-kbp1_*.deb postinst >postinst
	grep -q 'run-parts --report --exit-on-error --arg="$version" --arg="$image_path" /etc/kernel/postinst.d' postinst ||
		fail "postinst does not run the /etc/kernel/postinst.d hooks"
	rpm -qp --scripts out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm 2>/dev/null | grep -q 'kernel-install add 6.1.0-kbp1' ||
		fail "%post does not call kernel-install"
}

package_rhel6_names() {
	make_fixture_build -71.kbp1.el6.x86_64 2.6.32
	kbp package --profile rhel6 -b build -o out tree
	expect_status 0
	for f in kernel-2.6.32-71.kbp1.el6.src.rpm kernel-2.6.32-71.kbp1.el6.x86_64.rpm \
		kernel-devel-2.6.32-71.kbp1.el6.x86_64.rpm kernel-headers-2.6.32-71.kbp1.el6.x86_64.rpm \
		kernel-firmware-2.6.32-71.kbp1.el6.noarch.rpm; do
		expect_file "out/rpm/$f"
	done
	[ ! -e out/deb ] || fail "an rpm-only profile made DEBs"
	rpm_files out/rpm/kernel-2.6.32-71.kbp1.el6.x86_64.rpm | grep -qx /boot/vmlinuz-2.6.32-71.kbp1.el6.x86_64 ||
		fail "wrong image path in the RHEL 6 kernel RPM"
	rpm_files out/rpm/kernel-headers-*.rpm | grep -qx /usr/include/linux/fixture.h || fail "no uapi header"
	rpm_files out/rpm/kernel-firmware-*.rpm | grep -qx /lib/firmware/fixture.fw || fail "no firmware file"
	rpm -qp --scripts out/rpm/kernel-2.6.32-71.kbp1.el6.x86_64.rpm 2>/dev/null >scripts
	grep -q '/sbin/new-kernel-pkg --package kernel --mkinitrd --dracut --depmod --install 2.6.32-71.kbp1.el6.x86_64' scripts ||
		fail "%post does not call new-kernel-pkg"
	rpm -qpR out/rpm/kernel-2.6.32-71.kbp1.el6.x86_64.rpm 2>/dev/null | grep -q '^kernel-firmware = 2.6.32-71.kbp1.el6' ||
		fail "the kernel does not require its firmware"
}

package_sles11_format() {
	make_fixture_build -0.7.kbp1-default 2.6.32
	kbp package --profile sles11 -b build -o out tree
	expect_status 0
	rpm=out/rpm/kernel-default-2.6.32-0.7.kbp1.x86_64.rpm
	expect_file "$rpm"
	expect_file out/rpm/kernel-default-devel-2.6.32-0.7.kbp1.x86_64.rpm
	[ "$(rpm -qp --qf '%{PAYLOADCOMPRESSOR}' "$rpm" 2>/dev/null)" = gzip ] || fail "the SLES 11 payload is not gzip"
	# rpm stores FILEDIGESTALGO only when it is not MD5; MD5 digests are 32 hex digits.
	digest=$(rpm -qp --qf '[%{FILEDIGESTS}\n]' "$rpm" 2>/dev/null | grep -m1 .)
	[ ${#digest} -eq 32 ] || fail "the SLES 11 file digests are not MD5: $digest"
	rpm -qp --scripts "$rpm" 2>/dev/null | grep -q 'mkinitrd -k /boot/vmlinuz-2.6.32-0.7.kbp1-default' ||
		fail "%post does not run mkinitrd"
}

package_squeeze_and_lucid_names() {
	make_fixture_build -kbp1-amd64 2.6.32
	kbp package --profile squeeze -b build -o out tree
	expect_status 0
	deb=out/deb/linux-image-2.6.32-kbp1-amd64_2.6.32-1~kbp1_amd64.deb
	expect_file "$deb"
	expect_file out/deb/linux-headers-2.6.32-kbp1-amd64_2.6.32-1~kbp1_amd64.deb
	ar t "$deb" | grep -qx data.tar.gz || fail "the squeeze .deb is not gzip-compressed"
	ar t "$deb" | grep -qx control.tar.gz || fail "the squeeze control member is not gzip-compressed"
	[ ! -e out/rpm ] || fail "a deb-only profile made RPMs"

	rm -rf tree build out
	make_fixture_build -kbp1-generic 2.6.32
	kbp package --profile lucid -b build -o out tree
	expect_status 0
	expect_file out/deb/linux-image-2.6.32-kbp1-generic_2.6.32-1~kbp1_amd64.deb
	expect_grep stdout "linux-kbp_2.6.32-1~kbp1.dsc"
}

package_is_reproducible() {
	make_fixture_build -kbp1
	kbp package --profile bookworm -b build -o out1 tree
	expect_status 0
	kbp package --profile bookworm -b build -o out2 tree
	expect_status 0
	output_digest out1 >digest1
	output_digest out2 >digest2
	diff -u digest1 digest2 >&2 || fail "two runs on the same tree differ"
	[ "$(wc -l <digest1)" -gt 15 ] || fail "too few files compared"
}

package_replaces_output_atomically() {
	make_fixture_build -kbp1
	kbp package --profile bookworm -b build -o out tree
	expect_status 0
	output_digest out >before
	# A dpkg-genchanges that fails: the DEB half breaks after the RPMs were made.
	mkdir fakebin
	printf '#!/bin/sh\necho "dpkg-genchanges: simulated failure" >&2\nexit 9\n' >fakebin/dpkg-genchanges
	chmod +x fakebin/dpkg-genchanges
	PATH=$PWD/fakebin:$PATH kbp package --profile bookworm -b build -o out tree
	expect_status 1
	expect_grep stderr "simulated failure"
	output_digest out >after
	diff -u before after >&2 || fail "a failed run changed the earlier output"
	[ -z "$(find . -maxdepth 1 -name '.out.kbp-*')" ] || fail "a staging folder was left behind"
	kbp package --profile bookworm -b build -o out tree
	expect_status 0
	expect_no_sanitizer_report
}

package_passes_lint() {
	make_fixture_build -kbp1
	make_signing_key
	kbp package --profile bookworm -b build -o signed --sign-key "$KEYID" --passphrase-fd 3 tree 3<<<"$PASSPHRASE"
	expect_status 0
	kbp package --profile bookworm -b build -o unsigned tree
	expect_status 0
	stop_gpg_agent
	# rpmlint checks signatures against the rpm database of ~/.rpmmacros.
	export HOME=$PWD
	echo "%_dbpath $PWD/rpmdb" >.rpmmacros
	rpm --initdb && rpm --import signed/signing-key.asc
	# The fixture lacks the kernel-devel files that some filters are for.
	rpmlint --ignore-unused-rpmlintrc -r "$TOP/spec/kernel.rpmlintrc" signed/rpm/*.rpm \
		>rpmlint.out 2>&1 || true
	# lintian runs on the unsigned DEBs: it rejects the _gpgorigin member debsigs appends.
	lintian --tag-display-limit 0 unsigned/deb/*.changes >lintian.out 2>&1 || true
	check_lint_report rpmlint.out rpmlint
	check_lint_report lintian.out lintian
}

# Fail on any error in lint output $1, or a warning tag that docs/packaging.md does not list.
check_lint_report() {
	local tag tags

	if grep -E '^[^ ]+ E: |^E: ' "$1" >&2; then
		fail "$2 reports errors"
	fi
	if [ "$2" = rpmlint ]; then
		tags=$(sed -nE 's/^[^ ]+ W: ([^ ]+).*/\1/p' "$1" | sort -u)
	else
		tags=$(sed -nE 's/^W: [^:]+: ([^ ]+).*/\1/p' "$1" | sort -u)
	fi
	for tag in $tags; do
		grep -q "^| \`$tag\` |" "$TOP/docs/packaging.md" || { grep -- "$tag" "$1" >&2; fail "$2 warning '$tag' is not in docs/packaging.md"; }
	done
}

package_rebuilds_from_sources() {
	make_fixture_build -kbp1
	kbp package --profile bookworm -b build -o out tree
	expect_status 0
	SOURCE_DATE_EPOCH= rpmbuild --define "_topdir $PWD/rpmtop" --nodeps --rebuild out/rpm/*.src.rpm \
		>rpmbuild.log 2>&1 || { tail -n 20 rpmbuild.log >&2; fail "rpmbuild --rebuild failed"; }
	for f in kernel-6.1.0-1.kbp1.x86_64.rpm kernel-devel-6.1.0-1.kbp1.x86_64.rpm; do
		[ -f "rpmtop/RPMS/x86_64/$f" ] || fail "the SRPM rebuild made no $f"
		diff -u <(rpm_files "out/rpm/$f") <(rpm_files "rpmtop/RPMS/x86_64/$f") >&2 ||
			fail "$f from the SRPM holds other files"
	done
	cmp <(rpm2cpio out/rpm/kernel-6.1.0-1.kbp1.x86_64.rpm | cpio -i --quiet --to-stdout ./boot/vmlinuz-6.1.0-kbp1) \
		<(rpm2cpio rpmtop/RPMS/x86_64/kernel-6.1.0-1.kbp1.x86_64.rpm | cpio -i --quiet --to-stdout ./boot/vmlinuz-6.1.0-kbp1) ||
		fail "the image rebuilt from the SRPM differs"

	dpkg-source -x out/deb/linux-kbp_6.1.0-1~kbp1.dsc src >dsc.log 2>&1 || { cat dsc.log >&2; fail "dpkg-source -x failed"; }
	(cd src && dpkg-buildpackage -b -us -uc) >dpkg.log 2>&1 || { tail -n 20 dpkg.log >&2; fail "dpkg-buildpackage failed"; }
	for f in linux-image-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb linux-headers-6.1.0-kbp1_6.1.0-1~kbp1_amd64.deb; do
		[ -f "$f" ] || fail "the .dsc rebuild made no $f"
		diff -u <(deb_files "out/deb/$f") <(deb_files "$f") >&2 || fail "$f from the .dsc holds other files"
		cmp "out/deb/$f" "$f" || fail "$f from the .dsc is not bit-identical"
	done
}

if ! command -v rpmbuild >/dev/null || ! command -v dpkg-source >/dev/null || ! command -v createrepo_c >/dev/null; then
	for c in bookworm_signed payload_layout rhel6_names sles11_format squeeze_and_lucid_names is_reproducible \
		replaces_output_atomically passes_lint rebuilds_from_sources; do
		skip_case "package_$c" "rpm, dpkg-dev or createrepo-c missing (scripts/install-deps.sh)"
	done
	test_done
	exit
fi
if command -v debsig-verify >/dev/null && command -v gpgv >/dev/null; then
	run_case package_bookworm_signed
else
	skip_case package_bookworm_signed "debsig-verify or gpgv missing"
fi
run_case package_payload_layout
run_case package_rhel6_names
run_case package_sles11_format
run_case package_squeeze_and_lucid_names
run_case package_is_reproducible
run_case package_replaces_output_atomically
if command -v lintian >/dev/null && command -v rpmlint >/dev/null; then
	run_case package_passes_lint
else
	skip_case package_passes_lint "lintian or rpmlint missing"
fi
run_case package_rebuilds_from_sources
test_done
