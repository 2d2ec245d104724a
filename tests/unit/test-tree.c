// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for version parsing and the code probes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tree.h"
#include "usage.h"

static void tree_parse_makefile_plain(void **state)
{
	struct kernel_version v;
	const char *bad;

	assert_int_equal(tree_parse_makefile("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 32\n"
					     "EXTRAVERSION =\nNAME = Man-Eating Seals of Antiquity\n",
					     &v, &bad), 0);
	assert_int_equal(v.version, 2);
	assert_int_equal(v.patchlevel, 6);
	assert_int_equal(v.sublevel, 32);
	assert_string_equal(v.extraversion, "");
}

static void tree_parse_makefile_extraversion(void **state)
{
	struct kernel_version v;
	const char *bad;
	char buf[96];

	assert_int_equal(tree_parse_makefile("VERSION=2\nPATCHLEVEL =6\nSUBLEVEL\t=\t39\n"
					     "EXTRAVERSION = .3-rc1  \n", &v, &bad), 0);
	assert_int_equal(v.sublevel, 39);
	assert_string_equal(v.extraversion, ".3-rc1");
	tree_format_release(&v, buf, sizeof(buf));
	assert_string_equal(buf, "2.6.39.3-rc1");
	tree_format_series(&v, buf, sizeof(buf));
	assert_string_equal(buf, "2.6.39");
}

static void tree_parse_makefile_missing_key(void **state)
{
	struct kernel_version v;
	const char *bad;

	assert_int_equal(tree_parse_makefile("VERSION = 2\nSUBLEVEL = 32\n", &v, &bad), -ENOENT);
	assert_string_equal(bad, "PATCHLEVEL");
}

static void tree_parse_makefile_not_a_number(void **state)
{
	struct kernel_version v;
	const char *bad;

	assert_int_equal(tree_parse_makefile("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 3x\n",
					     &v, &bad), -EINVAL);
	assert_string_equal(bad, "SUBLEVEL");
	assert_int_equal(tree_parse_makefile("VERSION = \nPATCHLEVEL = 6\nSUBLEVEL = 3\n",
					     &v, &bad), -EINVAL);
	assert_string_equal(bad, "VERSION");
}

static void tree_parse_makefile_key_prefix(void **state)
{
	struct kernel_version v;
	const char *bad;

	/* KERNELVERSION must not be taken for VERSION. */
	assert_int_equal(tree_parse_makefile("KERNELVERSION = 9\nVERSION = 2\nPATCHLEVEL = 6\n"
					     "SUBLEVEL = 35\n", &v, &bad), 0);
	assert_int_equal(v.version, 2);
}

static void tree_is_supported_bounds(void **state)
{
	struct kernel_version v = { 2, 6, 31, "" };

	assert_false(tree_is_supported(&v));
	v.sublevel = 32;
	assert_true(tree_is_supported(&v));
	v.sublevel = 39;
	assert_true(tree_is_supported(&v));
	v.sublevel = 40;
	assert_false(tree_is_supported(&v));
	v.version = 3;
	v.patchlevel = 0;
	v.sublevel = 35;
	assert_false(tree_is_supported(&v));
}

static void struct_body_nested(void **state)
{
	const char *text = "struct address_space_operations *a_ops;\n"
			   "struct address_space {\n\tstruct inode *host;\n"
			   "\tunion { int x; } u;\n\tspinlock_t i_mmap_lock;\n} __attribute__((aligned(8)));\n";
	char *body = struct_body(text, "address_space");

	assert_non_null(body);
	assert_non_null(strstr(body, "i_mmap_lock"));
	assert_int_equal(body[strlen(body) - 1], '}');
	free(body);
	assert_null(struct_body(text, "anon_vma"));
}

static void write_tree_file(const char *root, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel);
	char *dir = xstrdup(path);

	*strrchr(dir, '/') = '\0';
	char *cmd = xasprintf("mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
	free(cmd);
	free(dir);
	free(path);
}

static void tree_probe_converted_and_not(void **state)
{
	char root[] = "/tmp/kbp-unit.XXXXXX";

	assert_non_null(mkdtemp(root));
	write_tree_file(root, "include/linux/fs.h",
			"struct address_space {\n\tspinlock_t\t\ti_mmap_lock;\n};\n");
	write_tree_file(root, "include/linux/rmap.h",
			"struct anon_vma {\n\tstruct anon_vma *root;\n\tstruct mutex mutex;\n};\n");
	write_tree_file(root, "include/linux/mutex.h", "extern void mutex_lock(struct mutex *);\n");

	assert_int_equal(tree_probe(root, PROBE_I_MMAP_MUTEX), PROBE_ABSENT);
	assert_int_equal(tree_probe(root, PROBE_ANON_VMA_MUTEX), PROBE_PRESENT);
	assert_int_equal(tree_probe(root, PROBE_MUTEX_LOCK_NEST_LOCK), PROBE_ABSENT);
	assert_int_equal(tree_probe(root, PROBE_LOCKBREAK_REMOVED), PROBE_UNKNOWN);

	write_tree_file(root, "include/linux/fs.h",
			"struct address_space {\n\tstruct mutex\t\ti_mmap_mutex;\n};\n");
	assert_int_equal(tree_probe(root, PROBE_I_MMAP_MUTEX), PROBE_PRESENT);

	char *cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void tree_probe_code_skips_comments(void **state)
{
	char root[] = "/tmp/kbp-unit.XXXXXX";

	assert_non_null(mkdtemp(root));
	write_tree_file(root, "mm/rmap.c",
			"/* page_get_anon_vma() is not here yet */\n"
			"struct anon_vma *page_lock_anon_vma(struct page *page)\n{\n}\n");

	assert_int_equal(tree_probe_code(root, "mm/rmap.c", "page_get_anon_vma\\("), PROBE_ABSENT);
	assert_int_equal(tree_probe_code(root, "mm/rmap.c", "^struct anon_vma \\*page_lock"),
			 PROBE_PRESENT);
	assert_int_equal(tree_probe_code(root, "mm/rmap.c", "page_lock.*\\{"), PROBE_ABSENT);
	assert_int_equal(tree_probe_code(root, "mm/ksm.c", "x"), PROBE_UNKNOWN);

	char *cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void probe_lookup_names(void **state)
{
	assert_int_equal(probe_lookup("i_mmap_mutex"), PROBE_I_MMAP_MUTEX);
	assert_int_equal(probe_lookup("anon_vma_mutex"), PROBE_ANON_VMA_MUTEX);
	assert_int_equal(probe_lookup("no_such_probe"), -1);
	assert_string_equal(probe_name(PROBE_LOCKBREAK_REMOVED), "lockbreak_removed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tree_parse_makefile_plain),
		cmocka_unit_test(tree_parse_makefile_extraversion),
		cmocka_unit_test(tree_parse_makefile_missing_key),
		cmocka_unit_test(tree_parse_makefile_not_a_number),
		cmocka_unit_test(tree_parse_makefile_key_prefix),
		cmocka_unit_test(tree_is_supported_bounds),
		cmocka_unit_test(struct_body_nested),
		cmocka_unit_test(tree_probe_converted_and_not),
		cmocka_unit_test(tree_probe_code_skips_comments),
		cmocka_unit_test(probe_lookup_names),
	};

	return cmocka_run_group_tests_name("tree", tests, NULL, NULL);
}
