#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Configure an out-of-tree x86_64 build of a 2.6.3x tree from config
# fragments: allnoconfig with the fragments as KCONFIG_ALLCONFIG, then a
# check that every option the fragments set reached the .config.
# Options a tree does not know (DEBUG_ATOMIC_SLEEP before 3.1) are reported
# and skipped. Exit status: 0 all known options set, 1 some were dropped.
# Usage: scripts/boot-config.sh SRCDIR OBJDIR FRAGMENT... [-- MAKE_ARGS...]
set -eu

if [ $# -lt 3 ]; then
	echo "usage: $0 SRCDIR OBJDIR FRAGMENT... [-- MAKE_ARGS...]" >&2
	exit 2
fi

src=$(cd "$1" && pwd)
obj=$2
shift 2
mkdir -p "$obj"
obj=$(cd "$obj" && pwd)

merged=$obj/kbackport-allconfig
: > "$merged"
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	cat "$1" >> "$merged"
	shift
done
[ $# -gt 0 ] && shift

make -C "$src" O="$obj" ARCH=x86_64 KCONFIG_ALLCONFIG="$merged" "$@" \
	allnoconfig > "$obj/kbackport-config.log" 2>&1 || {
	cat "$obj/kbackport-config.log" >&2
	exit 1
}


grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set)' "$merged" |
while IFS= read -r line; do
	case $line in
	"# "*) name=${line#\# }; name=${name%% *} ;;
	*) name=${line%%=*} ;;
	esac
	if ! grep -rqE "^[[:space:]]*(menu)?config ${name#CONFIG_}\$" \
		--include='Kconfig*' "$src"; then
		echo "note: $name is not defined in this tree's Kconfig, skipped" >&2
		continue
	fi
	if ! grep -qxF "$line" "$obj/.config"; then
		echo "error: kconfig dropped '$line'; .config has" \
			"'$(grep -E "^(# )?$name[= ]" "$obj/.config" || echo 'no entry')'" >&2
		echo "hint: add the options $name depends on to the fragment" >&2
		echo dropped
	fi
done > "$obj/kbackport-dropped"

if [ -s "$obj/kbackport-dropped" ]; then
	exit 1
fi
rm -f "$obj/kbackport-dropped"
