// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for the leftover scan and its comment stripping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "leftover.h"
#include "usage.h"

static void strip_comments_keeps_lines(void **state)
{
	char text[] = "a /* one\ntwo */ b // three\nc \"/* no */\" '\\''\n";

	strip_comments(text);
	assert_string_equal(text, "a       \n       b         \nc \"/* no */\" '\\''\n");
}

static void leftover_scan_text_code_only(void **state)
{
	struct leftover_list list = { NULL, 0 };
	const char *text =
		"/* takes mapping->i_mmap_lock */\n"
		"\tspin_lock(&mapping->i_mmap_lock);\n"
		"\tmutex_lock(&mapping->i_mmap_mutex); // was i_mmap_lock\n"
		"\tspin_unlock(&anon_vma->root->lock);\n"
		"\tvma->vm_truncate_count = 0;\n"
		"\tinode->i_data.i_mmap_lock_count = 1;\n";

	assert_int_equal(leftover_scan_text(text, "mm/x.c", &list), 3);
	assert_int_equal(list.items[0].line, 2);
	assert_string_equal(list.items[0].text, "spin_lock(&mapping->i_mmap_lock);");
	assert_int_equal(list.items[1].line, 4);
	assert_int_equal(list.items[2].line, 5);
	leftover_release(&list);
}

static void leftover_scan_text_anon_vma_forms(void **state)
{
	struct leftover_list list = { NULL, 0 };
	const char *text =
		"spin_lock(&root_anon_vma->lock);\n"
		"spin_unlock_wait(&(__anon_vma)->root->lock);\n"
		"spin_lock(&anon_vma->lock);\n"
		"spin_lock(&anon_vma->locked);\n"
		"spin_lock(&mm->page_table_lock);\n";

	assert_int_equal(leftover_scan_text(text, "include/linux/rmap.h", &list), 3);
	leftover_release(&list);
}

static void leftover_scan_text_restart_addr_scope(void **state)
{
	struct leftover_list list = { NULL, 0 };
	const char *text = "\tunsigned long restart_addr;\n";

	/* The arm and s390 signal code has its own restart_addr. */
	assert_int_equal(leftover_scan_text(text, "arch/arm/kernel/signal.c", &list), 0);
	assert_int_equal(leftover_scan_text(text, "mm/memory.c", &list), 1);
	leftover_release(&list);
}

static void leftover_scan_text_old_gather_call(void **state)
{
	struct leftover_list list = { NULL, 0 };
	const char *old_calls = "\ttlb = tlb_gather_mmu(mm, 0);\n"
				"\t\t\t*tlbp = tlb_gather_mmu(vma->vm_mm, fullmm);\n"
				"\t/* tlb = tlb_gather_mmu(mm, 1); */\n";
	const char *new_calls = "\ttlb_gather_mmu(&tlb, mm, 0);\n"
				"tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm, bool fullmm)\n";

	assert_int_equal(leftover_scan_text(old_calls, "mm/memory.c", &list), 2);
	assert_int_equal(list.items[1].line, 2);
	assert_int_equal(leftover_scan_text(new_calls, "mm/memory.c", &list), 0);
	leftover_release(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strip_comments_keeps_lines),
		cmocka_unit_test(leftover_scan_text_code_only),
		cmocka_unit_test(leftover_scan_text_anon_vma_forms),
		cmocka_unit_test(leftover_scan_text_restart_addr_scope),
		cmocka_unit_test(leftover_scan_text_old_gather_call),
	};

	return cmocka_run_group_tests_name("leftover", tests, NULL, NULL);
}
