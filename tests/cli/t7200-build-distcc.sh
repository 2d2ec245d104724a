#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport build --distcc against a real distccd on loopback: the
# compiles of a Debian linux-source-6.1 tiny build must reach the daemon,
# with distcc's local fallback and retry turned off so that nothing is
# compiled locally behind the test's back.
#
# To stay cheap, the first case rebuilds a few files of the build
# directory that t7100 keeps under build/test-kernel (made here first when
# this script runs alone), and the second stops its build after a few
# compiles.
. "$(dirname "$0")/lib.sh"

REF=$CACHE/out-bookworm

# Make the build that t7100 makes, unless it exists already.
reference_build() {
	extract_source
	[ -f "$REF/arch/x86/boot/bzImage" ] && return 0
	kbp build --profile bookworm -o "$REF" "$SRC"
	expect_status 0
}

# True while process $1 runs (a zombie that is not yet waited for does not).
is_running() {
	local state

	state=$(ps -o stat= -p "$1") && [ "${state#Z}" = "$state" ]
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_distccd() {
	if [ -n "${distccd_pid:-}" ]; then
		# distccd leads its own process group with its preforked children.
		kill -- "-$distccd_pid" 2>/dev/null || kill "$distccd_pid" 2>/dev/null || true
		wait "$distccd_pid" 2>/dev/null || true
	fi
	distccd_pid=
}

# Start distccd on 127.0.0.1, serving only 127.0.0.1, and set DISTCC_HOSTS.
# As root the daemon runs as the distcc user, which cannot open a log file
# here, so it logs to its stderr, redirected to distccd.log.
start_distccd() {
	local port tries=0

	port=$(free_port)
	distccd --daemon --no-detach --listen 127.0.0.1 --port "$port" --allow 127.0.0.1 \
		--jobs 2 --log-level info --log-stderr 2>distccd.log &
	distccd_pid=$!
	trap stop_distccd EXIT
	until grep -q 'listening on 127.0.0.1' distccd.log; do
		tries=$((tries + 1))
		[ "$tries" -le 50 ] || fail "distccd did not start on port $port"
		is_running "$distccd_pid" || fail "distccd exited: $(cat distccd.log)"
		sleep 0.1
	done

	export DISTCC_HOSTS=127.0.0.1:$port/2
	export DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1
	export DISTCC_DIR=$PWD/distcc-state
	mkdir -p "$DISTCC_DIR"
}

# Fail unless distccd compiled object $1.  The daemon logs base names
# only ("compile from main.c to main.o").
expect_compiled_by_daemon() {
	local obj=${1##*/}

	grep -qE " compile from ${obj%.*}\.[cS] to $obj\$" distccd.log ||
		fail "distccd did not compile $1; its log has $(grep -c COMPILE_OK distccd.log) COMPILE_OK lines"
}

# The usual path when ccache is installed: ccache misses and hands the
# compile to distcc through CCACHE_PREFIX.  The command lines equal those
# of t7100's build, so rebuilding its build directory in place with the
# init/ objects deleted compiles only those.  A copy of the directory
# would rebuild everything, because the objtool build records absolute paths.
build_distcc_through_ccache() {
	reference_build
	grep -q '^cmd_init/main.o := ccache gcc ' "$REF/init/.main.o.cmd" ||
		fail "the reference build in $REF did not use ccache"
	rm "$REF"/init/*.o
	start_distccd
	export CCACHE_DIR=$PWD/ccache

	kbp build --profile bookworm --distcc --jobs 2 -o "$REF" "$SRC"
	expect_status 0
	expect_no_sanitizer_report
	[ -s "$REF/arch/x86/boot/bzImage" ] || fail "no kernel image"
	for obj in main.o do_mounts.o initramfs.o calibrate.o; do
		expect_compiled_by_daemon "init/$obj"
	done
	! grep -E 'distcc\[[0-9]+\].*(ERROR|Warning)' "$REF/kbackport-build.log" ||
		fail "distcc reported errors or ran compiles locally"
	stop_distccd
}

# Without ccache, CC is "distcc gcc".  A clean build takes minutes, so
# stop it once the daemon has finished a few compiles, as Ctrl-C would
# (the whole process group gets SIGINT), and check it stopped as
# interrupted.
build_distcc_without_ccache() {
	local pid cmdfile tries=0

	extract_source
	start_distccd

	setsid "$KBP" build --profile bookworm --distcc --no-ccache --jobs 2 -o "$PWD/out" "$SRC" \
		>stdout 2>stderr &
	pid=$!
	# Kbuild writes an object's .cmd file once its compile has succeeded.
	until cmdfile=$(grep -rls --include='*.o.cmd' ':= distcc gcc ' out | head -n 1) && [ -n "$cmdfile" ]; do
		tries=$((tries + 1))
		if ! is_running "$pid" || [ "$tries" -gt 1200 ]; then
			kill -INT -- "-$pid" 2>/dev/null || true
			wait "$pid" || true
			fail "no object was compiled with 'distcc gcc'; stderr: $(cat stderr)"
		fi
		sleep 0.5
	done
	kill -INT -- "-$pid"
	wait "$pid" && status=0 || status=$?
	expect_status 130
	expect_grep stderr "interrupted"
	expect_no_sanitizer_report
	expect_compiled_by_daemon "$(sed -n 's/^cmd_\([^ ]*\) := distcc gcc .*/\1/p' "$cmdfile")"
	stop_distccd
}

# With no daemon to reach and the fallback off, the first compile fails,
# and the error shown is distcc's, not only make's "Error 1".
build_distcc_unreachable_host() {
	extract_source
	export DISTCC_HOSTS=127.0.0.1:$(free_port) DISTCC_FALLBACK=0 DISTCC_DIR=$PWD/distcc-state
	mkdir -p "$DISTCC_DIR"

	kbp build --profile bookworm --distcc --no-ccache --jobs 2 -o "$PWD/out" "$SRC"
	expect_status 1
	expect_grep stderr "failed to distribute and fallbacks are disabled"
	expect_grep stderr "the full output is in '$PWD/out/kbackport-build.log'"
	expect_no_sanitizer_report
}

if [ ! -f "$TARBALL" ]; then
	skip_case build_distcc_through_ccache "$TARBALL missing (apt-get install linux-source-6.1)"
	skip_case build_distcc_without_ccache "$TARBALL missing"
	skip_case build_distcc_unreachable_host "$TARBALL missing"
elif ! command -v distccd >/dev/null || ! command -v distcc >/dev/null; then
	skip_case build_distcc_through_ccache "distcc missing (apt-get install distcc)"
	skip_case build_distcc_without_ccache "distcc missing (apt-get install distcc)"
	skip_case build_distcc_unreachable_host "distcc missing (apt-get install distcc)"
else
	if command -v ccache >/dev/null; then
		run_case build_distcc_through_ccache
	else
		skip_case build_distcc_through_ccache "ccache missing (apt-get install ccache)"
	fi
	run_case build_distcc_without_ccache
	run_case build_distcc_unreachable_host
fi
test_done
