// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for config fragments and distro profiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kconfig.h"
#include "profile.h"
#include "tree.h"
#include "usage.h"

static void kconfig_parse_line_forms(void **state)
{
	char *symbol, *value;

	assert_int_equal(kconfig_parse_line("CONFIG_64BIT=y", &symbol, &value), 1);
	assert_string_equal(symbol, "64BIT");
	assert_string_equal(value, "y");
	free(symbol);
	free(value);

	assert_int_equal(kconfig_parse_line("# CONFIG_MODULES is not set\n", &symbol, &value), 1);
	assert_string_equal(symbol, "MODULES");
	assert_string_equal(value, "n");
	free(symbol);
	free(value);

	assert_int_equal(kconfig_parse_line("CONFIG_LOCALVERSION=\"-kbp1\"", &symbol, &value), 1);
	assert_string_equal(value, "\"-kbp1\"");
	free(symbol);
	free(value);

	assert_int_equal(kconfig_parse_line("# a comment", &symbol, &value), 0);
	assert_int_equal(kconfig_parse_line("   ", &symbol, &value), 0);
	assert_int_equal(kconfig_parse_line("PROVE_LOCKING=y", &symbol, &value), -1);
	assert_int_equal(kconfig_parse_line("CONFIG_X y", &symbol, &value), -1);
}

static void kconfig_set_reports_conflict(void **state)
{
	struct kconfig_set set = { NULL, 0, 0 };

	kconfig_set_value(&set, "PREEMPT", "y", "a.config:1");
	kconfig_set_value(&set, "PREEMPT", "y", "b.config:4");
	assert_int_equal(set.conflicts, 0);
	kconfig_set_value(&set, "PREEMPT", "n", "c.config:2");
	assert_int_equal(set.conflicts, 1);
	assert_int_equal(set.count, 1);
	assert_string_equal(set.entries[0].value, "n");
	assert_string_equal(set.entries[0].origin, "c.config:2");
	kconfig_release(&set);
}

static void kconfig_merge_into_replaces(void **state)
{
	char path[] = "/tmp/kbp-config.XXXXXX";
	struct kconfig_set set = { NULL, 0, 0 };
	const char *config = "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n";
	char *text;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(write_file_atomic(path, config, strlen(config)), 0);
	kconfig_set_value(&set, "B", "y", "f:1");
	kconfig_set_value(&set, "C", "n", "f:2");
	kconfig_set_value(&set, "D", "y", "f:3");
	assert_int_equal(kconfig_merge_into(&set, path), 0);

	text = read_file(path, NULL);
	assert_string_equal(text, "CONFIG_A=y\nCONFIG_B=y\n# CONFIG_C is not set\nCONFIG_D=y\n");
	free(text);
	unlink(path);
	kconfig_release(&set);
}

static void profile_parse_valid(void **state)
{
	struct profile p;

	assert_int_equal(profile_parse_string("[kernel]\nlocalversion = -kbp1\n[config]\n"
					      "base = allnoconfig\nfragment = a.config\n"
					      "fragment = b.config\nqa_fragment = qa.config\n",
					      "/x/distro/test.ini", &p), 0);
	assert_string_equal(p.name, "test");
	assert_string_equal(p.arch, "x86_64");
	assert_string_equal(p.localversion, "-kbp1");
	assert_int_equal(p.nfragments, 2);
	assert_string_equal(p.fragments[1], "b.config");
	assert_int_equal(p.nqa_fragments, 1);
	assert_string_equal(p.qa_fragments[0], "qa.config");
	profile_release(&p);
}

static void profile_parse_rejects_typo(void **state)
{
	struct profile p;

	assert_int_equal(profile_parse_string("[config]\nbase = defconfig\nfragmnet = a\n", "t.ini",
					      &p), -1);
	profile_release(&p);
	assert_int_equal(profile_parse_string("[config]\nbase = sometimes\n", "t.ini", &p), -1);
	profile_release(&p);
	assert_int_equal(profile_parse_string("[kernel]\narch = x86_64\n", "t.ini", &p), -1);
	profile_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kconfig_parse_line_forms),
		cmocka_unit_test(kconfig_set_reports_conflict),
		cmocka_unit_test(kconfig_merge_into_replaces),
		cmocka_unit_test(profile_parse_valid),
		cmocka_unit_test(profile_parse_rejects_typo),
	};

	return cmocka_run_group_tests_name("kconfig", tests, NULL, NULL);
}
