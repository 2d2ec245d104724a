#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Compare "kbackport cocci" with plain "spatch --dir" on a kernel tree you
# have: the rules of the series (cocci/*.cocci) and a few of the kernel's
# own scripts/coccinelle rules found in that tree, with the same options.
#
# usage: bench/cocci-bench.sh [-n RUNS] TREE
#
# For each setup it prints the minimum, median and maximum wall time of
# RUNS runs (default 3):
#   spatch-j1, spatch-j2   plain "spatch --dir ." per rule, 1 and 2 processes
#   cold-j1, cold-j2       kbackport cocci with an empty cache
#   warm-j1, warm-j2       kbackport cocci again, nothing changed
# and checks that every file's output is identical to plain spatch's, in
# every setup.  The tree is only read.  Needs spatch and a built ./kbackport.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
KBP=${KBP:-$TOP/kbackport}
RUNS=3

if [ "${1:-}" = -n ]; then
	RUNS=$2
	shift 2
fi
if [ $# -ne 1 ] || [ ! -d "$1/scripts/coccinelle" ]; then
	echo "usage: bench/cocci-bench.sh [-n RUNS] TREE (a kernel tree with scripts/coccinelle)" >&2
	exit 2
fi
TREE=$(cd "$1" && pwd)
command -v spatch >/dev/null || { echo "error: spatch not found in PATH" >&2; exit 4; }
[ -x "$KBP" ] || { echo "error: '$KBP' not found; run 'make' first" >&2; exit 4; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kbp-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The rule sets: a name, the virtual rule to set (or "-"), and the rules.
SERIES_RULES=("$TOP"/cocci/*.cocci)
KERNEL_RULES=()
for r in api/err_cast api/memdup_user api/kstrdup api/resource_size iterators/fen; do
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

# Wall time of a command in seconds, appended to file $1.
timed() {
	local out=$1 start end

	shift
	start=$(date +%s.%N)
	"$@"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }' >>"$out"
}

stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%8.2f %8.2f %8.2f", v[1], m, v[NR] }'
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

# Check per file that kbackport's output $1 equals spatch's output $2.
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

bench_set() {
	local name=$1 mode=$2 jobs setup run

	shift 2
	echo
	echo "## $name: $# rules${mode:+, -D $mode}"
	printf '%-11s %8s %8s %8s  %s\n' setup min median max "per-file output"

	for jobs in 1 2; do
		: >"$WORK/t"
		for run in $(seq "$RUNS"); do
			timed "$WORK/t" run_spatch "$jobs" "$mode" "$WORK/spatch-$jobs.out" "$@"
		done
		printf '%-11s %s  %s\n' "spatch-j$jobs" "$(stats "$WORK/t")" reference
	done

	# kbackport runs every rule on the tree as it is, as spatch does, and
	# sorts by file, so each file's output must equal spatch's.
	for jobs in 1 2; do
		for setup in cold warm; do
			: >"$WORK/t"
			for run in $(seq "$RUNS"); do
				[ "$setup" = cold ] && rm -rf "$WORK/cache"
				timed "$WORK/t" run_kbp "$jobs" "$mode" "$WORK/run.out" "$WORK/cache" "$@"
			done
			printf '%-11s %s  %s\n' "$setup-j$jobs" "$(stats "$WORK/t")" \
				"$(same_per_file "$WORK/run.out" "$WORK/spatch-1.out")"
		done
	done
	printf '%-11s %26s  %s\n' spatch-j2 "" "$(same_per_file "$WORK/spatch-2.out" "$WORK/spatch-1.out")"
}

echo "# kbackport cocci benchmark"
echo "tree: $TREE"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
echo "spatch: $(spatch --version 2>/dev/null | head -n1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs per setup: $RUNS; times in seconds (wall clock)"

# Read the tree once so that every setup starts with it in the page cache.
find "$TREE" -name '*.[ch]' -print0 | xargs -0 cat >/dev/null

bench_set "series rules" "" "${SERIES_RULES[@]}"
[ ${#KERNEL_RULES[@]} -gt 0 ] && bench_set "kernel rules" patch "${KERNEL_RULES[@]}"

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
