# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the CLI tests.  A test script sources this file, defines
# one function per case, calls run_case for each, then test_done.
#
# Every case runs in a fresh private directory ($scratch) and uses the
# sanitizer build of kbackport ($KBP).

set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KBP=${KBP:-$TOP/build/kbackport-san}
export KBACKPORT_DATADIR=${KBACKPORT_DATADIR:-$TOP}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export GIT_AUTHOR_NAME=kbackport-test GIT_AUTHOR_EMAIL=test@localhost
export GIT_COMMITTER_NAME=kbackport-test GIT_COMMITTER_EMAIL=test@localhost
export LC_ALL=C

script_name=$(basename "$0" .sh)
cases_passed=0
cases_failed=0
cases_skipped=0

# Print a message and fail the current case.
fail() {
	echo "    $*" >&2
	return 1
}

# Run kbackport, keeping stdout, stderr and the exit status for checks.
kbp() {
	"$KBP" "$@" >"$scratch/stdout" 2>"$scratch/stderr" && status=0 || status=$?
}

# Fail unless the last kbp call exited with status $1.
expect_status() {
	if [ "$status" -ne "$1" ]; then
		echo "    command exited with $status, expected $1" >&2
		echo "    --- stderr:" >&2
		sed 's/^/    /' "$scratch/stderr" >&2
		return 1
	fi
}

# Fail unless file $1 (stdout or stderr of the last call) contains text $2.
expect_grep() {
	if ! grep -qF -- "$2" "$scratch/$1"; then
		echo "    $1 does not contain: $2" >&2
		echo "    --- $1:" >&2
		sed 's/^/    /' "$scratch/$1" >&2
		return 1
	fi
}

# Fail if the sanitizers reported anything in the last call.
expect_no_sanitizer_report() {
	if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$scratch/stderr"; then
		sed 's/^/    /' "$scratch/stderr" >&2
		return 1
	fi
}

skip_case() {
	echo "skip - $1: $2"
	cases_skipped=$((cases_skipped + 1))
}

run_case() {
	local name=$1

	scratch=$(mktemp -d "${TMPDIR:-/tmp}/kbp-test.XXXXXX")
	# A private spatch result cache per case: no case reads another's results.
	export XDG_CACHE_HOME=$scratch/.cache
	# Outside an if, so set -e stops the case at its first failing check.
	( set -e; cd "$scratch"; "$name" )
	if [ $? -eq 0 ]; then
		echo "ok - $script_name $name"
		cases_passed=$((cases_passed + 1))
	else
		echo "not ok - $script_name $name"
		cases_failed=$((cases_failed + 1))
	fi
	rm -rf "$scratch"
}

# Make a git repository at $1 holding a copy of the directory $2.
make_repo() {
	mkdir -p "$1"
	cp -a "$2/." "$1/"
	git -C "$1" init -q -b master
	git -C "$1" add -A
	git -C "$1" commit -q -m "tree as released"
}

# Print a checksum of every file below $1, to compare trees before and after.
tree_digest() {
	(cd "$1" && find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
}

# Debian's linux-source-6.1, which the kernel build, QA and distcc tests
# share: extracted once under build/test-kernel and kept between runs.
TARBALL=/usr/src/linux-source-6.1.tar.xz
CACHE=$TOP/build/test-kernel
SRC=$CACHE/linux-source-6.1

extract_source() {
	[ -f "$SRC/Makefile" ] && return 0
	rm -rf "$CACHE/extract"
	mkdir -p "$CACHE/extract"
	tar -xf "$TARBALL" -C "$CACHE/extract"
	mv "$CACHE/extract/linux-source-6.1" "$SRC"
	rmdir "$CACHE/extract"
}

test_done() {
	echo "# $script_name: $cases_passed passed, $cases_failed failed, $cases_skipped skipped"
	[ "$cases_failed" -eq 0 ]
}
