// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for steps.ini parsing and .cocci headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cocci.h"
#include "steps.h"
#include "tree.h"
#include "usage.h"

static void series_parse_two_steps(void **state)
{
	struct series s;
	const char *text =
		"; comment\n"
		"[one]\nsubject = mm: first\ndescription = line a\ndescription = line b\n"
		"skip_if = i_mmap_mutex\npatch = backports/x/0001.patch\ncocci = cocci/a.cocci\n"
		"[two]\nsubject = mm: second\nupstream = abc (\"x\")\ncocci = cocci/b.cocci\n";

	assert_int_equal(series_parse_string(text, "steps.ini", &s), 0);
	assert_int_equal(s.nsteps, 2);
	assert_string_equal(s.steps[0].name, "one");
	assert_string_equal(s.steps[0].description.buf, "line a\nline b\n");
	assert_int_equal(s.steps[0].skip_if, PROBE_I_MMAP_MUTEX);
	assert_int_equal(s.steps[0].nitems, 2);
	assert_int_equal(s.steps[0].items[0].kind, ITEM_PATCH);
	assert_int_equal(s.steps[0].items[1].kind, ITEM_COCCI);
	assert_int_equal(s.steps[1].skip_if, -1);
	assert_string_equal(s.steps[1].upstream, "abc (\"x\")");
	series_release(&s);
}

static void series_parse_rejects_unknown_key(void **state)
{
	struct series s;

	assert_int_equal(series_parse_string("[one]\nsubject = x\ncoci = a.cocci\n", "f", &s), -1);
	series_release(&s);
}

static void series_parse_rejects_unknown_probe(void **state)
{
	struct series s;

	assert_int_equal(series_parse_string("[one]\nsubject = x\nskip_if = nope\ncocci = a\n",
					     "f", &s), -1);
	series_release(&s);
}

static void series_parse_code_probe(void **state)
{
	struct series s;

	assert_int_equal(series_parse_string("[one]\nsubject = x\nskip_if = code:mm/rmap.c:page_get_anon_vma\\(\n"
					     "cocci = a\n", "f", &s), 0);
	assert_int_equal(s.steps[0].skip_if, PROBE_CODE);
	assert_string_equal(s.steps[0].skip_path, "mm/rmap.c");
	assert_string_equal(s.steps[0].skip_regex, "page_get_anon_vma\\(");
	series_release(&s);
}

static void series_parse_only_if(void **state)
{
	struct series s;

	assert_int_equal(series_parse_string("[one]\nsubject = x\nonly_if = code:mm/migrate.c:^static int f\\(\n"
					     "cocci = a\n", "f", &s), 0);
	assert_string_equal(s.steps[0].only_path, "mm/migrate.c");
	assert_string_equal(s.steps[0].only_regex, "^static int f\\(");
	assert_int_equal(s.steps[0].skip_if, -1);
	series_release(&s);
	assert_int_equal(series_parse_string("[one]\nsubject = x\nonly_if = i_mmap_mutex\ncocci = a\n",
					     "f", &s), -1);
	series_release(&s);
}

static void series_parse_rejects_bad_code_probe(void **state)
{
	const char *bad[] = {
		"skip_if = code:mm/rmap.c\n",
		"skip_if = code:mm/rmap.c:\n",
		"skip_if = code:../rmap.c:x\n",
		"skip_if = code:/etc/passwd:x\n",
		"skip_if = code:mm/rmap.c:(\n",
		"skip_if = code:mm/rmap.c:x\nskip_if = code:mm/ksm.c:y\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct series s;
		char *text = xasprintf("[one]\nsubject = x\n%scocci = a\n", bad[i]);

		assert_int_equal(series_parse_string(text, "f", &s), -1);
		series_release(&s);
		free(text);
	}
}

static void series_parse_rejects_step_without_items(void **state)
{
	struct series s;

	assert_int_equal(series_parse_string("[one]\nsubject = x\n", "f", &s), -1);
	series_release(&s);
	assert_int_equal(series_parse_string("[one]\ncocci = a\n", "f", &s), -1);
	series_release(&s);
	assert_int_equal(series_parse_string("", "f", &s), -1);
	series_release(&s);
}

static void series_parse_rejects_repeated_section(void **state)
{
	struct series s;

	assert_int_equal(series_parse_string("[a]\nsubject = x\ncocci = c\n[b]\nsubject = y\n"
					     "cocci = c\n[a]\ncocci = d\n", "f", &s), -1);
	series_release(&s);
}

static void series_parse_rejects_long_line(void **state)
{
	struct series s;
	char text[400];
	size_t len;

	/* "description = " and 190 digits make a line of 204 characters. */
	snprintf(text, sizeof(text), "[a]\nsubject = x\ndescription = %0*d\ncocci = c\n", 190, 0);
	assert_int_equal(ini_find_long_line(text, 200, &len), 3);
	assert_int_equal(len, 204);
	assert_int_equal(series_parse_string(text, "f", &s), -1);
	series_release(&s);

	snprintf(text, sizeof(text), "[a]\nsubject = x\ndescription = %0*d\ncocci = c\n", 185, 0);
	assert_int_equal(ini_find_long_line(text, 200, &len), 0);
	assert_int_equal(series_parse_string(text, "f", &s), 0);
	series_release(&s);
}

static void cocci_parse_header_fields(void **state)
{
	struct cocci_header hdr;
	const char *text =
		"// SPDX-License-Identifier: GPL-2.0-only\n"
		"/// Convert the lock.\n///\n/// Second paragraph.\n"
		"// Confidence: High\n// Requires: 1.0.8\n"
		"// Options: --include-headers  --no-includes\n"
		"virtual patch\n/// not header\n";

	cocci_parse_header(text, &hdr);
	assert_string_equal(hdr.description.buf, "Convert the lock.\n\nSecond paragraph.\n");
	assert_string_equal(hdr.requires, "1.0.8");
	assert_string_equal(hdr.options[0], "--include-headers");
	assert_string_equal(hdr.options[1], "--no-includes");
	assert_null(hdr.options[2]);
	cocci_header_release(&hdr);
}

static void version_compare_numeric(void **state)
{
	assert_int_equal(version_compare("1.1.1", "1.1.1"), 0);
	assert_int_equal(version_compare("1.1.10", "1.1.9"), 1);
	assert_int_equal(version_compare("1.0.8", "1.1"), -1);
	assert_int_equal(version_compare("1.1", "1.1.0"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(series_parse_two_steps),
		cmocka_unit_test(series_parse_rejects_unknown_key),
		cmocka_unit_test(series_parse_rejects_unknown_probe),
		cmocka_unit_test(series_parse_code_probe),
		cmocka_unit_test(series_parse_rejects_bad_code_probe),
		cmocka_unit_test(series_parse_only_if),
		cmocka_unit_test(series_parse_rejects_step_without_items),
		cmocka_unit_test(series_parse_rejects_repeated_section),
		cmocka_unit_test(series_parse_rejects_long_line),
		cmocka_unit_test(cocci_parse_header_fields),
		cmocka_unit_test(version_compare_numeric),
	};

	return cmocka_run_group_tests_name("steps", tests, NULL, NULL);
}
