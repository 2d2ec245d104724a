#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build and boot-check kernel trees with `kbackport build`, one version x
# compiler x config at a time, and print one result line for each.
#
# Each PRISTINE_TREE is only read: it is copied to WORKDIR/src-<version>,
# made a git repository and given the host-toolchain fixes and the series
# with `kbackport apply --host-toolchain`.  A copy left by an earlier run
# (it has the kbackport/mm-preempt-<version> branch) is used again.  Then,
# for every compiler:
#   - a clean build into WORKDIR/out-<version>-<cc>-<config>, timed;
#   - the same command again, timed, counting the compile and link steps
#     it ran (a no-op rebuild should run none);
#   - a boot under QEMU to the marker of tests/boot/init-marker.c.
# Result lines are appended to WORKDIR/results.txt and printed; the logs
# stay in WORKDIR/logs.  Nothing is downloaded.
#
# A copy made before backports/<version> changed keeps the old fixes:
# remove WORKDIR/src-<version> to start again from the pristine tree.
#
# Usage: scripts/build-matrix.sh [--defconfig] [--keep] [--cc CC]... [-j N] WORKDIR PRISTINE_TREE...
#   --defconfig  build the x86_64 defconfig (profile defconfig-x86_64)
#                instead of the tiny config plus the QA fragment
#                (profile bookworm with --qa)
#   --keep       build on top of an existing build directory, for example
#                to finish a build that failed.  The time then covers only
#                the rest of the build.
#   --cc CC      compiler to build with; repeatable (default: gcc and gcc-11)
#   -j N         parallel make jobs (default 2)
# Environment: KBP, the kbackport binary (default: ./kbackport of this
# checkout); KBACKPORT_DATADIR, where backports/ and distro/ are read
# (default: this checkout); BOOT_TIMEOUT, seconds for each boot (default 120).
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
KBP=${KBP:-$TOP/kbackport}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
export KBACKPORT_DATADIR=${KBACKPORT_DATADIR:-$TOP}
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-kbackport-matrix}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-matrix@localhost}
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

usage() {
	echo "usage: $0 [--defconfig] [--keep] [--cc CC]... [-j N] WORKDIR PRISTINE_TREE..." >&2
	exit 2
}

config=tiny
profile_args=(--profile bookworm --qa)
compilers=()
jobs=2
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--defconfig) config=defconfig; profile_args=(--profile defconfig-x86_64); shift ;;
	--keep) keep=1; shift ;;
	--cc) [ $# -ge 2 ] || usage; compilers+=("$2"); shift 2 ;;
	-j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	-h|--help) sed -n '3,34s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || usage
[ ${#compilers[@]} -gt 0 ] || compilers=(gcc gcc-11)
workdir=$1
shift

if [ ! -x "$KBP" ]; then
	echo "$0: error: kbackport binary '$KBP' not found" >&2
	echo "hint: run 'make' first, or set KBP" >&2
	exit 4
fi
mkdir -p "$workdir/logs" || exit 1
workdir=$(cd "$workdir" && pwd)
results=$workdir/results.txt
marker=$workdir/marker.cpio
if [ ! -s "$marker" ] && ! "$TOP/scripts/initramfs-marker.sh" "$marker"; then
	echo "$0: error: building the marker initramfs '$marker' failed" >&2
	exit 1
fi

now() {
	date +%s.%N
}

# Print the seconds since $1, with one decimal.
since() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

tree_version() {
	awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 } END { print v "." p "." s }' "$1/Makefile"
}

# Copy a pristine tree to $workdir/src-<version> and apply the fixes there.
prepare_tree() {
	local pristine=$1 version=$2 src=$workdir/src-$2

	if git -C "$src" rev-parse -q --verify "refs/heads/kbackport/mm-preempt-$version" >/dev/null 2>&1; then
		return 0
	fi
	rm -rf "$src"
	cp -a "$pristine/." "$src/" &&
		git -C "$src" init -q -b master &&
		git -C "$src" add -A &&
		git -C "$src" commit -q -m "$version as released" &&
		"$KBP" apply --host-toolchain "$src" >"$workdir/logs/apply-$version.log" 2>&1
}

# Build, rebuild and boot one version with one compiler; print the result line.
run_one() {
	local version=$1 cc=$2 src=$workdir/src-$1
	local name=$version-$cc-$config
	local out=$workdir/out-$name log=$workdir/logs/build-$name.log
	local start status build_time noop_status noop_time steps boot=- boot_time=-
	local load config_note

	[ "$keep" -eq 1 ] || rm -rf "$out"
	load=$(cut -d' ' -f1 /proc/loadavg)
	start=$(now)
	"$KBP" build "${profile_args[@]}" --cc "$cc" -j "$jobs" -o "$out" "$src" >"$log" 2>&1
	status=$?
	build_time=$(since "$start")

	noop_status=- noop_time=- steps=-
	if [ "$status" -eq 0 ]; then
		start=$(now)
		"$KBP" build "${profile_args[@]}" --cc "$cc" -j "$jobs" -o "$out" "$src" \
			>"$workdir/logs/noop-$name.log" 2>&1
		noop_status=$?
		noop_time=$(since "$start")
		if [ "$noop_status" -eq 0 ]; then
			steps=$(grep -cE '^  (CC|AS|LD|VDSOSYM|HOSTCC) ' "$out/kbackport-build.log")
			cp "$out/kbackport-build.log" "$workdir/logs/noop-make-$name.log"
		fi

		start=$(now)
		if "$TOP/scripts/boot-qemu.sh" "$out/arch/x86/boot/bzImage" "$marker" \
			"$workdir/logs/boot-$name.log" "$BOOT_TIMEOUT" 2>/dev/null; then
			boot=ok
		else
			boot=FAIL
		fi
		boot_time=$(since "$start")
	fi

	[ "$keep" -eq 1 ] && config_note=$config+kept || config_note=$config
	echo "$version $cc $config_note build=$status ${build_time}s noop=$noop_status ${noop_time}s noop_steps=$steps boot=$boot ${boot_time}s load=$load" |
		tee -a "$results"
	[ "$status" -eq 0 ] && [ "$boot" = ok ]
}

failed=0
for pristine in "$@"; do
	if [ ! -f "$pristine/Makefile" ]; then
		echo "$0: error: '$pristine' is not a kernel tree" >&2
		failed=1
		continue
	fi
	version=$(tree_version "$pristine")
	if ! prepare_tree "$pristine" "$version"; then
		echo "$version - $config apply=FAIL see $workdir/logs/apply-$version.log" | tee -a "$results"
		failed=1
		continue
	fi
	for cc in "${compilers[@]}"; do
		run_one "$version" "$cc" || failed=1
	done
done
exit $failed
