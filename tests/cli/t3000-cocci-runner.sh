#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kbackport cocci on the small test tree: output that does not depend on
# the number of workers, the cache, resuming, in-place writing, the JSON
# report, and the errors that stop a run before spatch does any work.
. "$(dirname "$0")/lib.sh"

TREE_DATA=$TOP/tests/cli/data/cocci-tree
RULES=$TOP/tests/cli/data/cocci-rules
SPATCH=$(command -v spatch || true)

# Check for spatch, and give the case its own cache in its scratch directory.
need_spatch() {
	export XDG_CACHE_HOME=$PWD/cache
	[ -n "$SPATCH" ] || { echo "    spatch not installed" >&2; return 1; }
}

# A spatch wrapper that logs each file it is given (spatch.log) and each
# run with its number of files (spatch-runs.log), then runs the real one.
# With KBP_TEST_SLOW=NAME it announces each file as spatch does and hangs on
# NAME; with KBP_TEST_CRASH=NAME it dies by SIGSEGV when NAME is in its group.
# Print a diff with its per-file sections sorted by file, rule order kept.
sort_by_file() {
	awk '/^diff -u -p a\// { key = $4 } { print key "\t" $0 }' "$1" | sort -s -t "$(printf '\t')" -k1,1 |
		cut -f2-
}

make_logging_spatch() {
	mkdir -p bin
	cat >bin/spatch <<SH
#!/bin/bash
groups=
prev=
for a in "\$@"; do
	[ "\$prev" = --file-groups ] && groups=\$a
	prev=\$a
done
if [ -n "\$groups" ]; then
	grep -v '^\$' "\$groups" >>"$PWD/spatch.log"
	echo "\$(grep -c . "\$groups") files, OCAMLRUNPARAM=\${OCAMLRUNPARAM:-}" >>"$PWD/spatch-runs.log"
	while read -r f; do
		[ -n "\$f" ] || continue
		echo "HANDLING: \$f" >&2
		[ -n "\${KBP_TEST_SLOW:-}" ] && [ "\$f" = "\$KBP_TEST_SLOW" ] && sleep 30
		[ -n "\${KBP_TEST_CRASH:-}" ] && [ "\$f" = "\$KBP_TEST_CRASH" ] && kill -SEGV \$\$
	done <"\$groups"
	[ -n "\${KBP_TEST_DELAY:-}" ] && sleep "\$KBP_TEST_DELAY"
fi
exec $SPATCH "\$@"
SH
	chmod +x bin/spatch
	: >spatch.log
}

# A spatch wrapper that counts its "--version" calls in version.log.
make_version_counting_spatch() {
	mkdir -p bin
	cat >bin/spatch <<SH
#!/bin/bash
[ "\$1" = --version ] && echo called >>"$PWD/version.log"
exec $SPATCH "\$@"
SH
	chmod +x bin/spatch
	: >version.log
}

cocci_same_output_any_jobs() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --no-cache -j 1 "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	expect_status 0
	cp stdout one.diff
	kbp cocci --no-cache -j 4 "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	expect_status 0
	expect_no_sanitizer_report
	cmp one.diff stdout || fail "output differs between -j 1 and -j 4: $(diff one.diff stdout)"
	expect_grep stdout "+	if (!mutex_trylock(&mapping->i_mmap_mutex))"
	# Sorted by file, each file once per rule that changed it.
	[ "$(grep '^diff ' stdout | awk '{print $4}' | tr '\n' ' ')" = \
	  "a/kernel/fork.c a/mm/memory.c a/mm/mmap.c a/mm/rmap.c a/mm/rmap.c " ] ||
		fail "unexpected file order: $(grep '^diff ' stdout)"
}

# One spatch run per worker and rule, not one per small batch of files.  With
# one worker each rule runs once.  With two, the rule with four files is
# split in two runs (balanced by file size), each file in one of them, so
# spatch sees 5 files in all (mm/rmap.c is a candidate of both rules).
cocci_one_run_per_worker() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	PATH=$PWD/bin:$PATH kbp cocci --no-cache -j 1 "$RULES/i_mmap_lock.cocci" \
		"$RULES/trylock.cocci" tree
	expect_status 0
	cp stdout one.diff
	[ "$(cut -d, -f1 spatch-runs.log | sort | tr '\n' ' ')" = "1 files 4 files " ] ||
		fail "with -j 1, expected one run per rule: $(cat spatch-runs.log)"
	: >spatch.log
	: >spatch-runs.log
	PATH=$PWD/bin:$PATH kbp cocci --no-cache -j 2 "$RULES/i_mmap_lock.cocci" \
		"$RULES/trylock.cocci" tree
	expect_status 0
	cmp one.diff stdout || fail "output differs between -j 1 and -j 2"
	[ "$(wc -l <spatch-runs.log)" -eq 3 ] && [ "$(wc -l <spatch.log)" -eq 5 ] ||
		fail "with -j 2, expected the 4 files in two runs: $(cat spatch-runs.log)"
}

# The workers get a larger OCaml minor heap, unless the user set OCAMLRUNPARAM.
cocci_spatch_gc_settings() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	PATH=$PWD/bin:$PATH kbp cocci --no-cache "$RULES/trylock.cocci" tree
	expect_status 0
	cp stdout tuned.diff
	expect_grep spatch-runs.log "OCAMLRUNPARAM=s=2M,o=1000"
	: >spatch-runs.log
	OCAMLRUNPARAM=v=0 PATH=$PWD/bin:$PATH kbp cocci --no-cache "$RULES/trylock.cocci" tree
	expect_status 0
	[ "$(cat spatch-runs.log)" = "1 files, OCAMLRUNPARAM=v=0" ] ||
		fail "OCAMLRUNPARAM of the user not kept: $(cat spatch-runs.log)"
	cmp tuned.diff stdout || fail "output depends on the OCaml settings"
}

# "spatch --version" runs once per spatch program file, not once per run.
cocci_caches_spatch_version() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_version_counting_spatch
	PATH=$PWD/bin:$PATH kbp cocci "$RULES/trylock.cocci" tree
	expect_status 0
	PATH=$PWD/bin:$PATH kbp cocci "$RULES/trylock.cocci" tree
	expect_status 0
	[ "$(wc -l <version.log)" -eq 1 ] || fail "spatch --version ran $(wc -l <version.log) times, expected 1"
	# Another spatch program (here: a newer timestamp) is asked again.
	touch -d '+1 minute' bin/spatch
	PATH=$PWD/bin:$PATH kbp cocci "$RULES/trylock.cocci" tree
	expect_status 0
	[ "$(wc -l <version.log)" -eq 2 ] || fail "changed spatch not asked for its version"
	PATH=$PWD/bin:$PATH kbp cocci --no-cache "$RULES/trylock.cocci" tree
	expect_status 0
	[ "$(wc -l <version.log)" -eq 3 ] || fail "--no-cache used the cached version"
}

cocci_matches_plain_spatch() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --no-cache "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	(cd tree && spatch --sp-file "$RULES/i_mmap_lock.cocci" --dir . --include-headers) \
		>plain.diff 2>/dev/null
	sort_by_file plain.diff >plain-sorted.diff
	cmp plain-sorted.diff stdout || fail "differs from spatch --dir: $(diff plain-sorted.diff stdout)"
}

# spatch runs with --force-diff, so kbackport must drop the diffs that
# change spacing only, as plain spatch does.  A file with a real change
# keeps its whole diff.
cocci_hides_spacing_only_diff() {
	need_spatch
	mkdir -p tree/mm
	cat >tree/mm/count.c <<'C'
void vma_count(struct vm_area_struct *a, struct vm_area_struct *b)
{
	vma_adjust_count(a, b);
	vma_swap_count(a, b);
}
C
	(cd tree && spatch --sp-file "$RULES/respace.cocci" --dir . --smpl-spacing --force-diff) \
		>forced.diff 2>/dev/null
	expect_grep forced.diff "+	vma_adjust_count(a,b);"

	kbp cocci --no-cache "$RULES/respace.cocci" tree
	expect_status 0
	[ ! -s stdout ] || fail "printed a diff of spacing only: $(cat stdout)"
	expect_grep stderr "1 candidates (0 cached), 0 changed"

	# The check also finds a diff that comes after a note of the rule.
	kbp cocci --no-cache "$RULES/respace_note.cocci" tree
	expect_status 0
	[ "$(cat stdout)" = "mm/count.c:3: vma_adjust_count() call" ] ||
		fail "expected the note alone: $(cat stdout)"

	kbp cocci --no-cache "$RULES/respace_swap.cocci" tree
	expect_status 0
	(cd tree && spatch --sp-file "$RULES/respace_swap.cocci" --dir . --smpl-spacing) \
		>plain.diff 2>/dev/null
	expect_grep stdout "+	vma_swap_count(b, a);"
	expect_grep stdout "+	vma_adjust_count(a,b);"
	cmp plain.diff stdout || fail "differs from spatch --dir: $(diff plain.diff stdout)"
}

# A change that may be spacing only runs again without --force-diff, so
# that spatch decides.  A backslash-newline joined away is spacing, and a
# newline that ends a #define early is not.  The log shows the re-run.
cocci_rechecks_possible_spacing() {
	need_spatch
	mkdir -p tree/mm
	printf '#define VMA_MERGE(a) vma_merge_count(a, \\\n\t2)\n' >tree/mm/merge.c
	printf '#define VMA_CHECK(x) if (x) vma_check(1);\n' >tree/mm/check.c
	make_logging_spatch

	PATH=$PWD/bin:$PATH kbp cocci --no-cache "$RULES/rejoin.cocci" tree
	expect_status 0
	[ ! -s stdout ] || fail "printed a diff of spacing only: $(cat stdout)"
	[ "$(grep -c . spatch-runs.log)" -eq 2 ] ||
		fail "expected a run with --force-diff and a re-run: $(cat spatch-runs.log)"

	kbp cocci --no-cache "$RULES/relayout_if.cocci" tree
	expect_status 0
	(cd tree && spatch --sp-file "$RULES/relayout_if.cocci" --dir .) >plain.diff 2>/dev/null
	expect_grep stdout "+vma_check(1);"
	cmp plain.diff stdout || fail "differs from spatch --dir: $(diff plain.diff stdout)"
}

cocci_rerun_uses_cache() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	PATH=$PWD/bin:$PATH kbp cocci "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	cp stdout first.diff
	[ "$(wc -l <spatch.log)" -eq 4 ] || fail "first run: spatch saw $(wc -l <spatch.log) files, expected 4"
	: >spatch.log
	PATH=$PWD/bin:$PATH kbp cocci "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	cmp first.diff stdout || fail "cached output differs"
	[ ! -s spatch.log ] || fail "re-run ran spatch on: $(cat spatch.log)"
	expect_grep stderr "4 candidates (4 cached)"
	# A changed file is the only one run again.
	echo "/* touched */" >>tree/kernel/fork.c
	PATH=$PWD/bin:$PATH kbp cocci "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	[ "$(cat spatch.log)" = kernel/fork.c ] || fail "after a change, spatch saw: $(cat spatch.log)"
	[ -d cache/kbackport/results ] || fail "no cache below XDG_CACHE_HOME"
}

cocci_cache_dir_option() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --cache-dir mycache "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	[ -d mycache/results ] || fail "--cache-dir not used"
	[ ! -e cache ] || fail "default cache written despite --cache-dir"
}

cocci_resumes_after_kill() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	# One worker: one spatch run per rule (4 files, then 1), each slowed to 2 s.
	KBP_TEST_DELAY=2 PATH=$PWD/bin:$PATH "$KBP" cocci -j 1 "$RULES/i_mmap_lock.cocci" \
		"$RULES/trylock.cocci" tree >stdout 2>stderr &
	pid=$!
	for _ in $(seq 100); do
		[ -n "$(find cache/kbackport/results -type f 2>/dev/null)" ] && break
		sleep 0.1
	done
	# The first run's files are stored one after another; the second run sleeps.
	sleep 0.5
	kill -KILL $pid
	wait $pid 2>/dev/null || true
	done_before=$(find cache/kbackport/results -type f | wc -l)
	[ "$done_before" -eq 4 ] || fail "expected the 4 files of the first run cached, found $done_before"
	: >spatch.log
	PATH=$PWD/bin:$PATH kbp cocci -j 1 "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	expect_status 0
	expect_grep stderr "i_mmap_lock.cocci: 8 files scanned, 4 candidates (4 cached)"
	expect_grep stderr "trylock.cocci: 8 files scanned, 1 candidates (0 cached)"
	[ "$(cat spatch.log)" = mm/rmap.c ] || fail "resumed run redid finished files: $(cat spatch.log)"
	cp stdout resumed.diff
	kbp cocci --no-cache "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	cmp resumed.diff stdout || fail "resumed output differs from a fresh run"
}

cocci_interrupt_exits_130() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	KBP_TEST_DELAY=3 PATH=$PWD/bin:$PATH "$KBP" cocci -j 1 "$RULES/i_mmap_lock.cocci" tree \
		>stdout 2>stderr &
	pid=$!
	sleep 1
	kill -INT $pid
	wait $pid && status=0 || status=$?
	expect_status 130
	expect_grep stderr "interrupted; finished files are cached"
	[ -z "$(ls "${TMPDIR:-/tmp}" | grep "kbackport-cocci.*$pid" || true)" ]
}

cocci_essential_rule_changed_nothing() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --no-cache "$RULES/missing_lock.cocci" tree
	expect_status 1
	expect_grep stderr "essential rule '$RULES/missing_lock.cocci' changed nothing in 'tree'"
	expect_grep stderr "hint: "
	# The same rule without the header line is fine.
	sed '/Essential/d' "$RULES/missing_lock.cocci" >plain.cocci
	kbp cocci --no-cache plain.cocci tree
	expect_status 0
}

cocci_rejects_unparsable_rule() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --no-cache "$RULES/i_mmap_lock.cocci" "$RULES/broken.cocci" tree
	expect_status 3
	expect_grep stderr "cannot parse semantic patch '$RULES/broken.cocci'"
	expect_grep stderr "hint: fix the rule"
	[ ! -s stdout ] || fail "printed output despite the error"
}

cocci_needs_virtual_rule() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --no-cache "$RULES/init_patch_mode.cocci" tree
	expect_status 3
	expect_grep stderr "hint: set one with -D"
	kbp cocci --no-cache -D patch "$RULES/init_patch_mode.cocci" tree
	expect_status 0
	expect_grep stdout "+	mutex_init(&mapping->i_mmap_mutex);"
}

cocci_reports_missing_spatch() {
	cp -a "$TREE_DATA" tree
	mkdir bin
	for tool in git cp; do ln -s "$(command -v $tool)" bin/$tool; done
	PATH=$PWD/bin kbp cocci "$RULES/i_mmap_lock.cocci" tree
	expect_status 4
	expect_grep stderr "spatch not found in PATH"
	expect_grep stderr "apt-get install coccinelle"
}

cocci_reports_too_old_spatch() {
	need_spatch
	cp -a "$TREE_DATA" tree
	sed 's|^// Requires: .*|// Requires: 99.0|' "$RULES/i_mmap_lock.cocci" >new.cocci
	kbp cocci new.cocci tree
	expect_status 4
	expect_grep stderr "'new.cocci' requires spatch 99.0 or later, but spatch"
}

cocci_reports_missing_rule() {
	cp -a "$TREE_DATA" tree
	kbp cocci nosuch.cocci tree
	expect_status 4
	expect_grep stderr "cannot read semantic patch 'nosuch.cocci'"
	kbp cocci "$RULES/i_mmap_lock.cocci"
	expect_status 2
	expect_grep stderr "missing TREE argument"
	kbp cocci -j 0 "$RULES/i_mmap_lock.cocci" tree
	expect_status 2
	expect_grep stderr "invalid value '0' for --jobs"
}

cocci_timeout_names_file() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	KBP_TEST_SLOW=mm/mmap.c PATH=$PWD/bin:$PATH kbp cocci -j 1 --timeout 1 \
		"$RULES/i_mmap_lock.cocci" tree
	expect_status 1
	expect_grep stderr "'mm/mmap.c' failed: timed out after 1 s"
	expect_grep stderr "3 changed, 1 failed"
	expect_grep stdout "a/mm/memory.c"
	# A failed file is not cached: the next run tries it again.
	PATH=$PWD/bin:$PATH kbp cocci -j 1 "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	expect_grep stderr "4 candidates (3 cached)"
}

cocci_crash_names_file() {
	need_spatch
	cp -a "$TREE_DATA" tree
	make_logging_spatch
	KBP_TEST_CRASH=mm/rmap.c PATH=$PWD/bin:$PATH kbp cocci -j 1 --no-cache \
		"$RULES/i_mmap_lock.cocci" tree
	expect_status 1
	expect_grep stderr "'mm/rmap.c' failed: spatch was killed by signal 11"
	expect_grep stdout "a/kernel/fork.c"
	! grep -q "a/mm/rmap.c" stdout || fail "output of the crashed file was printed"
}

cocci_in_place_writes_all() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --no-cache "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	cp stdout expected.diff
	cp -a "$TREE_DATA" expected
	(cd expected && patch -p1 -s <../expected.diff)
	kbp cocci --in-place "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	expect_status 0
	expect_no_sanitizer_report
	[ ! -s stdout ] || fail "--in-place printed a diff"
	expect_grep stderr "updated 4 files in 'tree'"
	diff -r expected tree || fail "in-place result differs from the printed diff"
	[ -z "$(find tree -name '*.kbp-*')" ] || fail "temporary files left in the tree"
	kbp cocci --in-place "$RULES/trylock.cocci" tree
	expect_status 0
	expect_grep stderr "0 candidates"
	kbp cocci --in-place "$RULES/i_mmap_lock.cocci" tree
	expect_status 1
	expect_grep stderr "essential rule"
}

cocci_in_place_rejects_report_mode() {
	cp -a "$TREE_DATA" tree
	kbp cocci --in-place -D report "$RULES/i_mmap_lock.cocci" tree
	expect_status 2
	expect_grep stderr "--in-place writes changes, but -D report does not make any"
}

cocci_json_fields() {
	need_spatch
	cp -a "$TREE_DATA" tree
	kbp cocci --json "$RULES/i_mmap_lock.cocci" "$RULES/trylock.cocci" tree
	expect_status 0
	python3 - stdout <<'PY' || fail "JSON report is wrong: $(cat stdout)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["tree"] == "tree", r["tree"]
assert r["files_scanned"] == 8, r["files_scanned"]
assert r["spatch"], r["spatch"]
assert r["jobs"] >= 1, r["jobs"]
assert r["seconds"] >= 0, r["seconds"]
assert r["output"].startswith("diff -u -p a/kernel/fork.c"), r["output"][:40]
first, second = r["rules"]
assert first["rule"].endswith("i_mmap_lock.cocci"), first["rule"]
assert first["essential"] is True, first
assert first["candidates"] == 4, first
assert first["files_changed"] == 4, first
assert first["failed"] == [], first
assert first["cached"] == 0, first
assert first["files_scanned"] == 8, first
assert first["seconds"] >= 0, first
assert first["prefilter"] == "(spin_lock & i_mmap_lock) | (spin_unlock & i_mmap_lock)", first
assert second["candidates"] == 1, second
assert second["files_changed"] == 1, second
assert second["essential"] is False, second
PY
}

cocci_git_tree_uses_index() {
	need_spatch
	make_repo tree "$TREE_DATA"
	echo "int ignored_lock(void) { spin_lock(&m->i_mmap_lock); }" >tree/ignored.c
	echo "ignored.c" >tree/.gitignore
	git -C tree add .gitignore
	git -C tree commit -qm "ignore a generated file"
	kbp cocci --no-cache "$RULES/i_mmap_lock.cocci" tree
	expect_status 0
	expect_grep stderr "8 files scanned, 4 candidates"
	! grep -q ignored.c stdout || fail "an ignored file was processed"
	[ -z "$(git -C tree status --porcelain)" ] || fail "the run changed the repository"
}

run_case cocci_same_output_any_jobs
run_case cocci_one_run_per_worker
run_case cocci_spatch_gc_settings
run_case cocci_caches_spatch_version
run_case cocci_matches_plain_spatch
run_case cocci_hides_spacing_only_diff
run_case cocci_rechecks_possible_spacing
run_case cocci_rerun_uses_cache
run_case cocci_cache_dir_option
run_case cocci_resumes_after_kill
run_case cocci_interrupt_exits_130
run_case cocci_essential_rule_changed_nothing
run_case cocci_rejects_unparsable_rule
run_case cocci_needs_virtual_rule
run_case cocci_reports_missing_spatch
run_case cocci_reports_too_old_spatch
run_case cocci_reports_missing_rule
run_case cocci_timeout_names_file
run_case cocci_crash_names_file
run_case cocci_in_place_writes_all
run_case cocci_in_place_rejects_report_mode
run_case cocci_json_fields
run_case cocci_git_tree_uses_index
test_done
