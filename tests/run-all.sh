#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test family: the cmocka unit tests given as arguments, the CLI
# tests in tests/cli, and the semantic patch fixtures in tests/cocci.  Each
# family prints its own results; the last line sums them up.
set -u

cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
failed_names=()

add_counts() {
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + ${3:-0}))
}

run_unit() {
	local bin=$1 out p f

	out=$("$bin" 2>&1)
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n1)
	if [ -z "$p" ] && [ -z "$f" ]; then
		echo "error: '$bin' printed no cmocka summary" >&2
		f=1
	fi
	[ "${f:-0}" -gt 0 ] && failed_names+=("$bin")
	add_counts "${p:-0}" "${f:-0}"
}

run_cli() {
	local script=$1 out line p f s

	out=$(bash "$script" 2>&1)
	echo "$out"
	line=$(grep -E '^# [^ ]+: [0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n1)
	if [ -z "$line" ]; then
		echo "error: '$script' ended without its summary line" >&2
		failed_names+=("$script")
		add_counts 0 1
		return
	fi
	p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	s=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
	[ "$f" -gt 0 ] && failed_names+=("$script")
	add_counts "$p" "$f" "${s:-0}"
}

echo "== unit tests"
for bin in "$@"; do
	run_unit "$bin"
done

echo "== CLI tests"
for script in tests/cli/t[0-9]*.sh; do
	[ -e "$script" ] && run_cli "$script"
done

echo "== semantic patch fixtures"
run_cli tests/cocci/run.sh

echo
if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failing: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
