#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Compare "kbackport cocci" with plain "spatch --dir" on a kernel tree you
# have: the rules of the series (cocci/*.cocci) and a few of the kernel's
# own scripts/coccinelle rules, read from that tree when the script runs,
# each rule with the options of its "// Options:" line.
#
# usage: bench/cocci-bench.sh [-n RUNS] [-k RUNS] TREE
#
#   -n RUNS   runs of every setup for the series' rules (default 3; 0 skips
#             them)
#   -k RUNS   runs of every setup for the kernel's rules (default: as -n;
#             0 skips them)
#
# KBP_BENCH_KERNEL_RULES names the kernel's rules, relative to
# scripts/coccinelle (default: iterators/fen api/err_cast api/memdup_user
# api/kstrdup); they run with -D patch.
#
# Setups, with N = 1 and 2 workers:
#   spatch-jN   plain "spatch --sp-file RULE --dir . -j N" once per rule
#   cold-jN     kbackport cocci with an empty cache directory: the tree is
#               scanned, every rule is parsed and spatch runs on every
#               candidate file
#   warm-jN     the result entries removed, the scan index and the rule
#               checks kept: spatch runs on every candidate file
#   edit-jN     one rule edited (a comment added to the first rule), all
#               else cached: spatch runs on that rule's candidates only
#   rerun-jN    nothing changed: every result comes from the cache
# One round runs every setup once, one after the other, so that each
# setup sees about the same load; the rounds repeat RUNS times.  The tree
# is read into the page cache first, so "cold" and "warm" are about
# kbackport's cache, not the kernel's.  Every run's output is compared,
# file by file, with plain spatch's output of the same round.  The tree is
# only read.  Needs spatch, GNU time and a built ./kbackport.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
KBP=${KBP:-$TOP/kbackport}
RUNS=3
KRUNS=

while [ $# -gt 1 ]; do
	case $1 in
	-n) RUNS=$2; shift 2 ;;
	-k) KRUNS=$2; shift 2 ;;
	*) break ;;
	esac
done
KRUNS=${KRUNS:-$RUNS}
if [ $# -ne 1 ] || [ ! -d "$1/scripts/coccinelle" ]; then
	echo "usage: bench/cocci-bench.sh [-n RUNS] [-k RUNS] TREE (a kernel tree with scripts/coccinelle)" >&2
	exit 2
fi
TREE=$(cd "$1" && pwd)
command -v spatch >/dev/null || { echo "error: spatch not found in PATH" >&2; exit 4; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found; install GNU time" >&2; exit 4; }
[ -x "$KBP" ] || { echo "error: '$KBP' not found; run 'make' first" >&2; exit 4; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kbp-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

SERIES_RULES=("$TOP"/cocci/*.cocci)
KERNEL_RULES=()
for r in ${KBP_BENCH_KERNEL_RULES:-iterators/fen api/err_cast api/memdup_user api/kstrdup}; do
	[ -f "$TREE/scripts/coccinelle/$r.cocci" ] && KERNEL_RULES+=("$TREE/scripts/coccinelle/$r.cocci")
done

# Print the "// Options:" words of a rule.
rule_options() {
	sed -n 's|^//[[:space:]]*Options:||p' "$1" | head -n1
}

# Split a combined output $1 into one file per source file below $2, keyed
# by the path in "diff -u -p a/PATH" headers or before the first ':'.
split_by_file() {
	mkdir -p "$2"
	awk -v dir="$2" '
		/^diff -u -p a\// { key = substr($4, 3); gsub("/", "%", key); print > (dir "/" key); next }
		/^[-+@ \\]/ && key != "" { print > (dir "/" key); next }
		{ key = ""; k = $0; sub(/:.*/, "", k); gsub("/", "%", k); print > (dir "/" k ".report") }
	' "$1"
}

# Run a command and append "wall cpu load" to file $1: wall clock seconds,
# user and system seconds of the command and its children, and the 1-minute
# load average when it started.
timed() {
	local out=$1 load

	shift
	load=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f "%e %U %S" -o "$WORK/time" bash -c '"$@"' timed "$@"
	awk -v l="$load" '{ printf "%.3f %.3f %s\n", $1, $2 + $3, l }' "$WORK/time" >>"$out"
}

# Print "min median max" of column $2 of file $1.
stats() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f", v[1], m, v[NR] }'
}

median() {
	stats "$1" "$2" | cut -d' ' -f2
}

# Plain spatch, one run per rule, outputs concatenated in rule order.
run_spatch() {
	local jobs=$1 mode=$2 out=$3 r

	shift 3
	: >"$out"
	for r in "$@"; do
		# shellcheck disable=SC2046
		(cd "$TREE" && spatch --sp-file "$r" --dir . -j "$jobs" $(rule_options "$r") \
			${mode:+-D "$mode"} >>"$out" 2>/dev/null)
	done
}

run_kbp() {
	local jobs=$1 mode=$2 out=$3 cache=$4

	shift 4
	"$KBP" -q cocci --no-progress -j "$jobs" --cache-dir "$cache" ${mode:+-D "$mode"} \
		"$@" "$TREE" >"$out" 2>>"$WORK/kbp-stderr"
}

# Check per file that output $1 equals output $2; print "same" or "DIFFERENT".
same_per_file() {
	rm -rf "$WORK/a" "$WORK/b"
	split_by_file "$1" "$WORK/a"
	split_by_file "$2" "$WORK/b"
	if diff -r "$WORK/b" "$WORK/a" >"$WORK/why" 2>&1; then
		echo same
	else
		echo DIFFERENT
		sed 's/^/    /' "$WORK/why" | head -n 20 >&2
	fi
}

# One timed kbackport run of setup $1 with $2 workers; the rules are the
# copies in $WORK/rules-$2, the cache is $WORK/cache-$2.
kbp_setup() {
	local setup=$1 jobs=$2 mode=$3 round=$4 reference=$5 rules=("$WORK/rules-$2"/*)

	case $setup in
	cold) rm -rf "$WORK/cache-$jobs" ;;
	warm) rm -rf "$WORK/cache-$jobs/results" ;;
	edit) echo "// edited for round $round" >>"${rules[0]}" ;;
	esac
	timed "$WORK/t-$setup-j$jobs" run_kbp "$jobs" "$mode" "$WORK/out" "$WORK/cache-$jobs" "${rules[@]}"
	[ "$(same_per_file "$WORK/out" "$reference")" = same ] || echo "$setup-j$jobs" >>"$WORK/different"
}

bench_set() {
	local name=$1 mode=$2 runs=$3 jobs setup round i spatch_median
	local setups=(cold warm edit rerun)

	shift 3
	rm -f "$WORK"/t-* "$WORK/different"
	for jobs in 1 2; do
		rm -rf "$WORK/rules-$jobs" "$WORK/cache-$jobs"
		mkdir "$WORK/rules-$jobs"
		# Numbered copies keep the order of the rules given.
		i=0
		for r in "$@"; do
			i=$((i + 1))
			cp "$r" "$WORK/rules-$jobs/$(printf %02d $i)-$(basename "$r")"
		done
	done

	for round in $(seq "$runs"); do
		for jobs in 1 2; do
			timed "$WORK/t-spatch-j$jobs" run_spatch "$jobs" "$mode" "$WORK/spatch-$jobs.out" "$@"
		done
		[ "$(same_per_file "$WORK/spatch-2.out" "$WORK/spatch-1.out")" = same ] ||
			echo spatch-j2 >>"$WORK/different"
		for jobs in 1 2; do
			for setup in "${setups[@]}"; do
				kbp_setup "$setup" "$jobs" "$mode" "$round" "$WORK/spatch-1.out"
			done
		done
	done

	echo
	echo "## $name: $# rules${mode:+, -D $mode}, $runs runs per setup"
	echo
	echo "| setup | min | median | max | speedup | CPU s | load | per-file output |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for setup in spatch "${setups[@]}"; do
		for jobs in 1 2; do
			local t=$WORK/t-$setup-j$jobs result=same speedup

			spatch_median=$(median "$WORK/t-spatch-j$jobs" 1)
			speedup=$(awk -v a="$spatch_median" -v b="$(median "$t" 1)" \
				'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
			grep -qx "$setup-j$jobs" "$WORK/different" 2>/dev/null && result=DIFFERENT
			[ "$setup$jobs" = spatch1 ] && result=reference
			printf '| %s-j%s | %s | %s | %s | %s |\n' "$setup" "$jobs" \
				"$(stats "$t" 1 | sed 's/ / | /g')" "$speedup" "$(median "$t" 2)" \
				"$(median "$t" 3) | $result"
		done
	done
}

# The timed commands run in a child shell of GNU time.
export TREE KBP WORK
export -f rule_options run_spatch run_kbp

echo "# kbackport cocci benchmark"
echo
echo "- tree: $TREE ($(cd "$TREE" && find . -name '*.[ch]' -not -path './.git/*' | wc -l) *.c and *.h files)"
echo "- machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "- spatch: $(spatch --version 2>/dev/null | head -n1)"
echo "- kbackport: $(cd "$TOP" && git describe --always --dirty 2>/dev/null || echo unknown)"
echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- times: wall clock seconds; speedup: plain spatch's median wall time with"
echo "  the same number of workers divided by the setup's; CPU s: median user and"
echo "  system time of all processes; load: median 1-minute load average when"
echo "  the runs started"

# Read the tree once so that every setup starts with it in the page cache.
(cd "$TREE" && find . -name '*.[ch]' -not -path './.git/*' -print0 | xargs -0 cat >/dev/null)

[ "$RUNS" -gt 0 ] && bench_set "The series' rules" "" "$RUNS" "${SERIES_RULES[@]}"
if [ "$KRUNS" -gt 0 ] && [ ${#KERNEL_RULES[@]} -gt 0 ]; then
	bench_set "The kernel's rules ($(for r in "${KERNEL_RULES[@]}"; do
		printf '%s ' "${r#"$TREE"/scripts/coccinelle/}"; done | sed 's/ $//'))" patch "$KRUNS" \
		"${KERNEL_RULES[@]}"
fi

echo
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
