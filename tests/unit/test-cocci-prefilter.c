// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the identifiers a semantic patch requires of a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cocci-cache.h"
#include "cocci-prefilter.h"

/* Check that the condition derived from SMPL reads EXPECTED. */
static void expect_filter(const char *smpl, const char *expected)
{
	struct token_table tokens = TOKEN_TABLE_INIT;
	struct prefilter *f = prefilter_parse(smpl, &tokens);
	char *text = prefilter_format(f, &tokens);

	assert_string_equal(text, expected);
	free(text);
	prefilter_free(f);
	token_table_release(&tokens);
}

/* Whether a file with TEXT passes the condition derived from SMPL. */
static bool file_passes(const char *smpl, const char *text)
{
	struct token_table tokens = TOKEN_TABLE_INIT;
	struct prefilter *f = prefilter_parse(smpl, &tokens);
	unsigned char *bits = calloc(1, token_table_bitset_size(&tokens));
	bool pass;

	prefilter_scan(text, strlen(text), &tokens, bits);
	pass = prefilter_eval(f, bits);
	free(bits);
	prefilter_free(f);
	token_table_release(&tokens);
	return pass;
}

static void prefilter_minus_and_context_lines(void **state)
{
	expect_filter("@@\nexpression E;\n@@\n- spin_lock(&E->i_mmap_lock);\n"
		      "+ mutex_lock(&E->i_mmap_mutex);\n",
		      "spin_lock & i_mmap_lock");
}

static void prefilter_metavariables_ignored(void **state)
{
	expect_filter("@r@\nidentifier f, fld;\nexpression list es;\ntype T;\n@@\n"
		      "- f(es)->fld\n+ g(es)\n",
		      "true");
}

static void prefilter_symbol_is_literal(void **state)
{
	expect_filter("@@\nsymbol anon_vma;\n@@\n- anon_vma->lock\n+ anon_vma->mutex\n",
		      "anon_vma & lock");
}

static void prefilter_disjunction_needs_one_branch(void **state)
{
	expect_filter("@@\nexpression E;\n@@\n(\n- spin_lock(E)\n|\n- spin_unlock(E)\n)\n",
		      "spin_lock | spin_unlock");
	expect_filter("@@\nexpression E;\n@@\n- foo(\\(E->a\\|E->b\\))\n", "foo & (a | b)");
}

static void prefilter_branch_without_identifier_is_true(void **state)
{
	expect_filter("@@\nexpression E;\n@@\n(\n- spin_lock(E)\n|\n- E + 0\n)\n", "true");
}

static void prefilter_when_and_optional_nest_ignored(void **state)
{
	expect_filter("@@\nexpression E;\n@@\n  lock(E);\n  ... when != unlock(E)\n"
		      "  <... helper(E) ...>\n- done(E);\n",
		      "lock & done");
	expect_filter("@@\nexpression E;\n@@\n  lock(E);\n  <+... helper(E) ...+>\n", "lock & helper");
}

static void prefilter_optional_line_ignored(void **state)
{
	expect_filter("@@\nexpression E;\n@@\n  lock(E);\n? extra(E);\n- done(E);\n", "lock & done");
}

static void prefilter_position_and_iso_names_ignored(void **state)
{
	expect_filter("@@\nexpression E;\nposition p;\n@@\n- kfree@p(E);\n- E = NULL;\n", "kfree");
	expect_filter("@@\nexpression E;\n@@\n- if (unlikely(E)) bug();\n", "bug");
}

static void prefilter_script_rules_ignored(void **state)
{
	expect_filter("@r@\nexpression E;\nposition p;\n@@\n  kfree@p(E)\n\n"
		      "@script:python@\np << r.p;\n@@\ncoccilib.report.print_report(p[0], \"x\")\n",
		      "kfree");
}

static void prefilter_inherited_rule_required(void **state)
{
	expect_filter("@a@\nexpression E;\n@@\n  kfree(E)\n\n"
		      "@b@\nexpression a.E;\n@@\n- E->x\n",
		      "kfree");
	expect_filter("@a@\n@@\n  first()\n\n@b depends on a@\n@@\n- second()\n", "first");
	expect_filter("@a@\n@@\n  first()\n\n@b depends on !a@\n@@\n- second()\n",
		      "first | second");
}

static void prefilter_include_or_using_is_true(void **state)
{
	expect_filter("using \"my.iso\"\n@@\n@@\n- foo();\n", "true");
	expect_filter("include \"other.cocci\"\n@@\n@@\n- foo();\n", "true");
}

static void prefilter_comments_and_strings_ignored(void **state)
{
	expect_filter("// spin_lock in a comment\n@@\n@@\n- foo(\"bar\"); // baz\n/* qux */\n", "foo");
}

static void prefilter_unbalanced_rule_is_true(void **state)
{
	expect_filter("@@\n@@\n(\n- foo();\n|\n- bar();\n", "true");
}

static void prefilter_scan_matches_whole_words(void **state)
{
	const char *smpl = "@@\nexpression E;\n@@\n- spin_lock(&E->i_mmap_lock);\n";

	assert_true(file_passes(smpl, "spin_lock(&m->i_mmap_lock);"));
	assert_false(file_passes(smpl, "spin_lock(&m->i_mmap_locked);"));
	assert_false(file_passes(smpl, "spin_lock(&m->lock); /* i_mmap_lock_x */"));
	assert_true(file_passes(smpl, "x = 0x10; spin_lock(i_mmap_lock);"));
}

/* Words in comments do not count; words in literals still do. */
static void prefilter_scan_skips_comments(void **state)
{
	const char *smpl = "@@\nexpression E;\n@@\n- spin_lock(&E->i_mmap_lock);\n";

	assert_false(file_passes(smpl, "spin_lock(x); /* i_mmap_lock */"));
	assert_false(file_passes(smpl, "spin_lock(x); // i_mmap_lock\n"));
	assert_false(file_passes(smpl, "/** i_mmap_lock **/ spin_lock(x);"));
	assert_true(file_passes(smpl, "spin_lock(x); // a\ni_mmap_lock"));
	assert_true(file_passes(smpl, "spin_lock(x); /* a */ i_mmap_lock /* b */"));
	assert_true(file_passes(smpl, "spin_lock(x); s = \"i_mmap_lock\";"));
	assert_true(file_passes(smpl, "s = \"/*\"; spin_lock(&m->i_mmap_lock); t = \"*/\";"));
	assert_true(file_passes(smpl, "c = '\\''; d = '/'; spin_lock(&m->i_mmap_lock); /* */"));
	assert_true(file_passes(smpl, "spin_lock(x); /* never closed i_mmap_lock"));
	assert_true(file_passes(smpl, "spin_lock(x); s = \"unterminated\ni_mmap_lock;"));
	assert_true(file_passes(smpl, "spin_lock(a/b); i_mmap_lock/"));
}

/*
 * The scan skips words by length and by first and last byte before it
 * looks a word up.  Names that share a length or an end must still count,
 * and so must a word at the very start or end of the file.
 */
static void prefilter_scan_words_sharing_length_or_ends(void **state)
{
	const char *smpl = "@@\n@@\n- lock_a(x_1);\n";

	assert_true(file_passes(smpl, "lock_a(x_1)"));
	assert_true(file_passes(smpl, "x_1 lock_a"));
	assert_false(file_passes(smpl, "lock_b(x_1); lock_x(y_1);"));
	assert_false(file_passes(smpl, "lock_a(x_11); 1lock_a"));
	assert_false(file_passes(smpl, "lock_a(); x_1z"));
	assert_true(file_passes(smpl, "\xfflock_a\xfe(x_1)"));
}

static void sha1_blob_id_matches_git(void **state)
{
	char hex[SHA1_HEX_SIZE];

	/* printf 'hello\n' | git hash-object --stdin */
	sha1_blob_id("hello\n", 6, hex);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
	sha1_blob_id("", 0, hex);
	assert_string_equal(hex, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefilter_minus_and_context_lines),
		cmocka_unit_test(prefilter_metavariables_ignored),
		cmocka_unit_test(prefilter_symbol_is_literal),
		cmocka_unit_test(prefilter_disjunction_needs_one_branch),
		cmocka_unit_test(prefilter_branch_without_identifier_is_true),
		cmocka_unit_test(prefilter_when_and_optional_nest_ignored),
		cmocka_unit_test(prefilter_optional_line_ignored),
		cmocka_unit_test(prefilter_position_and_iso_names_ignored),
		cmocka_unit_test(prefilter_script_rules_ignored),
		cmocka_unit_test(prefilter_inherited_rule_required),
		cmocka_unit_test(prefilter_include_or_using_is_true),
		cmocka_unit_test(prefilter_comments_and_strings_ignored),
		cmocka_unit_test(prefilter_unbalanced_rule_is_true),
		cmocka_unit_test(prefilter_scan_matches_whole_words),
		cmocka_unit_test(prefilter_scan_words_sharing_length_or_ends),
		cmocka_unit_test(prefilter_scan_skips_comments),
		cmocka_unit_test(sha1_blob_id_matches_git),
	};

	return cmocka_run_group_tests_name("cocci-prefilter", tests, NULL, NULL);
}
