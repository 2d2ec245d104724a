#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install what building and testing kbackport needs, from Debian's archive.
set -e

if [ "$(id -u)" -ne 0 ]; then
	echo "kbackport: error: installing packages needs root" >&2
	echo "hint: run 'sudo $0'" >&2
	exit 4
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential pkg-config git ca-certificates \
	libinih-dev libjansson-dev libcmocka-dev \
	coccinelle jq patch \
	linux-source-6.1 qemu-system-x86 bc bison flex libelf-dev libssl-dev cpio \
	gcc-11 ccache distcc \
	rpm createrepo-c rpmlint lintian debsig-verify devscripts dpkg-dev apt-utils gnupg kmod binutils \
	debootstrap gpgv >/dev/null
