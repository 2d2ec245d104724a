// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for running child processes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "run-command.h"
#include "usage.h"

static void run_cmd_captures_output(void **state)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	static const char *env[] = { "KBP_TEST_VALUE=from env", NULL };

	run_cmd_push(&cmd, "sh", "-c", "printf '%s' \"$KBP_TEST_VALUE\"; echo err >&2; exit 3", NULL);
	cmd.env = env;
	cmd.capture_stdout = true;
	cmd.capture_stderr = true;
	assert_int_equal(run_cmd(&cmd), 3);
	assert_string_equal(strbuf_str(&cmd.out), "from env");
	assert_string_equal(strbuf_str(&cmd.err), "err\n");
	run_cmd_release(&cmd);
}

static void run_cmd_reports_signal(void **state)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "sh", "-c", "kill -TERM $$", NULL);
	assert_int_equal(run_cmd(&cmd), 128 + 15);
	run_cmd_release(&cmd);
}

static void run_cmd_missing_program(void **state)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "kbp-no-such-program", NULL);
	assert_int_equal(run_cmd(&cmd), -1);
	assert_int_equal(errno, ENOENT);
	run_cmd_release(&cmd);
}

static void run_cmd_runs_in_dir(void **state)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "pwd", NULL);
	cmd.dir = "/";
	cmd.capture_stdout = true;
	assert_int_equal(run_cmd(&cmd), 0);
	assert_string_equal(strbuf_str(&cmd.out), "/\n");
	run_cmd_release(&cmd);
}

static void run_cmd_no_shell_expansion(void **state)
{
	struct run_cmd cmd = RUN_CMD_INIT;

	run_cmd_push(&cmd, "printf", "%s", "$(echo no); `x` *", NULL);
	cmd.capture_stdout = true;
	assert_int_equal(run_cmd(&cmd), 0);
	assert_string_equal(strbuf_str(&cmd.out), "$(echo no); `x` *");
	run_cmd_release(&cmd);
}

static void run_cmd_format_quotes(void **state)
{
	struct run_cmd cmd = RUN_CMD_INIT;
	char *line;

	run_cmd_push(&cmd, "spatch", "--sp-file", "a b.cocci", "it's", NULL);
	line = run_cmd_format(&cmd);
	assert_string_equal(line, "spatch --sp-file 'a b.cocci' 'it'\\''s'");
	free(line);
	run_cmd_release(&cmd);
}

static void have_program_lookup(void **state)
{
	assert_true(have_program("sh"));
	assert_false(have_program("kbp-no-such-program"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_cmd_captures_output),
		cmocka_unit_test(run_cmd_reports_signal),
		cmocka_unit_test(run_cmd_missing_program),
		cmocka_unit_test(run_cmd_runs_in_dir),
		cmocka_unit_test(run_cmd_no_shell_expansion),
		cmocka_unit_test(run_cmd_format_quotes),
		cmocka_unit_test(have_program_lookup),
	};

	return cmocka_run_group_tests_name("run_command", tests, NULL, NULL);
}
