// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the check that two versions of a C file differ in spacing only. */
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
	assert_true(same("", " \t\n"));
}

static void other_tokens_count(void **state)
{
	assert_false(same("f(a, b);\n", "f(b, a);\n"));
	assert_false(same("f(a, b);\n", "f(a, b);\nf(a, b);\n"));
	assert_false(same("int ab;", "int a b;"));
	assert_false(same("x = a - -b;", "x = a--b;"));
	assert_false(same("x = a+++b;", "x = a+ ++b;"));
	assert_false(same("p->x", "p- >x"));
	assert_false(same("x <<= 1;", "x << = 1;"));
}

static void comments_count(void **state)
{
	assert_false(same("/* one */ x;", "/* two */ x;"));
	assert_false(same("x; // one\n", "x; // two\n"));
	assert_false(same("x;", "/* new */ x;"));
	assert_true(same("x; /* c */\n", "x;   /* c */"));
	/* Spacing inside a comment is part of its text. */
	assert_false(same("/* a b */", "/* a  b */"));
}

static void literals_are_whole(void **state)
{
	assert_false(same("s = \"a b\";", "s = \"a  b\";"));
	assert_false(same("c = ' ';", "c = '  ';"));
	assert_true(same("s = L\"x\" ;", "s = L\"x\";"));
	assert_false(same("s = L\"x\";", "s = L \"x\";"));
	assert_true(same("s = \"a\\\"b\" ;", "s = \"a\\\"b\";"));
	/* A quote inside a literal does not start a comment or a literal. */
	assert_false(same("s = \"/*\"; x;", "s = \"/*\"; y;"));
}

static void trailing_comma_before_brace(void **state)
{
	assert_true(same("int a[] = { 1, 2, };", "int a[] = { 1, 2 };"));
	assert_true(same("int a[] = { 1, 2 };", "int a[] = {\n\t1,\n\t2,\n};"));
	assert_false(same("int a[] = { 1, 2, };", "int a[] = { 1, 2; };"));
	assert_false(same("f(a, b);", "f(a b);"));
}

static void directives_keep_their_spacing(void **state)
{
	assert_false(same("#include <a.h>\n", "#include  <a.h>\n"));
	assert_false(same("#if A && B\n#endif\n", "#if A&&B\n#endif\n"));
	assert_true(same("#include <a.h>   \nint x;\n", "#include <a.h>\nint x;\n"));
	assert_true(same("#ifdef A /* why */\n", "#ifdef A\t/* why */\n"));
	/* The body of a #define is code. */
	assert_true(same("#define F(x) ((x) + 1)\n", "#define F(x) ((x)+1)\n"));
	assert_false(same("#define F(x) \\\n\tg(x)\n", "#define F(x) g(x)\n"));
	/* A "#" after a backslash continues the #define, and a "#" inside a line is code. */
	assert_true(same("#define S(x) \\\n#x\n", "#define S(x) \\\n# x\n"));
	assert_true(same("a # b", "a#b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spacing_and_newlines_ignored),
		cmocka_unit_test(other_tokens_count),
		cmocka_unit_test(comments_count),
		cmocka_unit_test(literals_are_whole),
		cmocka_unit_test(trailing_comma_before_brace),
		cmocka_unit_test(directives_keep_their_spacing),
	};

	return cmocka_run_group_tests_name("cocci-spacing", tests, NULL, NULL);
}
