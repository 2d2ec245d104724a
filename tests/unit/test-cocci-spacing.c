// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the check that a change to a C file may be one of spacing only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "cocci-spacing.h"

static bool same(const char *a, const char *b)
{
	return c_same_but_spacing(a, strlen(a), b, strlen(b));
}

static void spacing_and_newlines_ignored(void **state)
{
	assert_true(same("f(a, b);\n", "f(a,b);\n"));
	assert_true(same("int x;\n\n\nint y;\n", "int x;\nint y;"));
	assert_true(same("if (a)\n\tb();\n", "if (a) b();\n"));
	assert_true(same("x;\r\ny;\r\n", "x;\ny;\n"));
	assert_true(same("", " \t\n\f\v"));
}

static void backslash_newline_ignored(void **state)
{
	assert_true(same("#define F(x) \\\n\tg(x, \\\n\t  1)\n", "#define F(x) g(x, 1)\n"));
	assert_true(same("#define F(x) \\\r\n\tg(x)\r\n", "#define F(x) g(x)\n"));
	/* A backslash elsewhere counts. */
	assert_false(same("s = \"a\\tb\";", "s = \"atb\";"));
}

static void other_characters_count(void **state)
{
	assert_false(same("f(a, b);\n", "f(b, a);\n"));
	assert_false(same("f(a, b);\n", "f(a, b);\nf(a, b);\n"));
	assert_false(same("/* one */ x;", "/* two */ x;"));
	assert_false(same("x;", "/* new */ x;"));
	assert_false(same("x;", "x"));
	assert_false(same("f(a, b);", "f(a b);"));
}

static void trailing_comma_before_brace(void **state)
{
	assert_true(same("int a[] = { 1, 2, };", "int a[] = { 1, 2 };"));
	assert_true(same("int a[] = { 1, 2 };", "int a[] = {\n\t1,\n\t2,\n};"));
	assert_true(same("{ 1, \\\n}", "{ 1 }"));
	assert_false(same("int a[] = { 1, 2, };", "int a[] = { 1, 2; };"));
	assert_false(same("{ 1,, }", "{ 1 }"));
}

/*
 * The test is looser than spatch's token comparison: these pairs pass
 * here, and spatch, run again without --force-diff, decides.
 */
static void looser_than_spatch(void **state)
{
	assert_true(same("int ab;", "int a b;"));
	assert_true(same("x = a - -b;", "x = a--b;"));
	assert_true(same("s = \"a b\";", "s = \"ab\";"));
	assert_true(same("#define M(x) if (x) f();\n", "#define M(x) if (x)\nf();\n"));
	assert_true(same("#include <a.h>\n", "#include  <a.h>\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spacing_and_newlines_ignored),
		cmocka_unit_test(backslash_newline_ignored),
		cmocka_unit_test(other_characters_count),
		cmocka_unit_test(trailing_comma_before_brace),
		cmocka_unit_test(looser_than_spatch),
	};

	return cmocka_run_group_tests_name("cocci-spacing", tests, NULL, NULL);
}
