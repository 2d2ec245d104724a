#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the semantic patch fixtures in Coccinelle's style: for each
# tests/cocci/<rule>/<case>.c, cocci/<rule>.cocci must turn it into
# <case>.res.  A case named *_failure is a known failure: it is reported
# but does not fail the run, and is flagged once it passes.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
passed=0
failed=0
skipped=0

if ! command -v spatch >/dev/null; then
	echo "skip - every fixture: spatch not found (apt-get install coccinelle)"
	echo "# cocci: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

# The words of the rule's "// Options:" header line.
rule_options() {
	sed -n 's|^// Options:||p' "$1" | head -n1
}

run_fixture() {
	local rule=$1 input=$2 expected=${2%.c}.res
	local name out opts status

	name=$(basename "$(dirname "$input")")/$(basename "$input" .c)
	out=$(mktemp -d)
	cp "$input" "$out/input.c"
	opts=$(rule_options "$rule")

	# shellcheck disable=SC2086 # the header's options are separate words
	spatch --very-quiet --sp-file "$rule" $opts --in-place "$out/input.c" \
		>"$out/log" 2>&1
	status=$?

	if [ $status -ne 0 ]; then
		result="spatch exited with $status"
	elif ! diff -u "$expected" "$out/input.c" >"$out/diff"; then
		result="output differs from $(basename "$expected")"
	else
		result=ok
	fi

	case "$name" in
	*_failure)
		if [ "$result" = ok ]; then
			echo "ok - $name (known failure now passes: drop the _failure suffix)"
		else
			echo "ok - $name (known failure: $result)"
		fi
		passed=$((passed + 1))
		;;
	*)
		if [ "$result" = ok ]; then
			echo "ok - $name"
			passed=$((passed + 1))
		else
			echo "not ok - $name: $result"
			echo "    spatch --sp-file $rule $opts $input"
			sed 's/^/    /' "$out/log" "$out/diff" 2>/dev/null | head -n 60
			failed=$((failed + 1))
		fi
		;;
	esac
	rm -rf "$out"
}

for dir in "$TOP"/tests/cocci/*/; do
	stem=$(basename "$dir")
	rule=$TOP/cocci/$stem.cocci
	for input in "$dir"*.c; do
		[ -e "$input" ] || continue
		if [ ! -f "$rule" ]; then
			echo "not ok - $stem/$(basename "$input" .c): no rule cocci/$stem.cocci"
			failed=$((failed + 1))
			continue
		fi
		if [ ! -f "${input%.c}.res" ]; then
			echo "not ok - $stem/$(basename "$input" .c): missing $(basename "${input%.c}").res"
			failed=$((failed + 1))
			continue
		fi
		run_fixture "$rule" "$input"
	done
done

echo "# cocci: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
