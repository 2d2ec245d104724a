#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Check that the build and test dependencies are installed, and name the
# Debian packages to install when they are not.
missing=""

for lib in inih jansson cmocka; do
	pkg-config --exists "$lib" 2>/dev/null || missing="$missing lib$lib-dev"
done
command -v spatch >/dev/null || missing="$missing coccinelle"
command -v git >/dev/null || missing="$missing git"
command -v jq >/dev/null || missing="$missing jq"
command -v pkg-config >/dev/null || missing="$missing pkg-config"
command -v distccd >/dev/null || missing="$missing distcc"

if [ -n "$missing" ]; then
	echo "kbackport: error: missing build or test dependencies:$missing" >&2
	echo "hint: run 'scripts/install-deps.sh' as root, or: apt-get install$missing" >&2
	exit 4
fi
