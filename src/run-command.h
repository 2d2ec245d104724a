/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_RUN_COMMAND_H
#define KBP_RUN_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_release(struct strbuf *sb);
const char *strbuf_str(const struct strbuf *sb);

/*
 * A child process: fill argv with run_cmd_push(), set the other fields,
 * then call run_cmd().  The child never goes through a shell.
 */
struct run_cmd {
	char **argv;
	size_t argc;
	size_t alloc;
	const char *dir;		/* working directory, or NULL */
	const char **env;		/* "NAME=value" entries added to the environment */
	bool capture_stdout;		/* collect stdout into out */
	bool capture_stderr;		/* collect stderr into err */
	int stdout_fd;			/* if >= 0, the child's stdout goes there */
	int stderr_fd;			/* if >= 0, the child's stderr goes there */
	int stdin_fd;			/* if >= 0, the child's stdin comes from there */
	struct strbuf out;
	struct strbuf err;
	int term_signal;		/* set by run_cmd(): the signal that ended the child, or 0 */
};

#define RUN_CMD_INIT { NULL, 0, 0, NULL, NULL, false, false, -1, -1, -1, STRBUF_INIT, STRBUF_INIT, 0 }

void run_cmd_push(struct run_cmd *cmd, ...) __attribute__((sentinel));
void run_cmd_push_argv(struct run_cmd *cmd, const char *arg);
void run_cmd_release(struct run_cmd *cmd);
char *run_cmd_format(const struct run_cmd *cmd);

int run_cmd(struct run_cmd *cmd);
int error_cmd(const struct run_cmd *cmd, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool have_program(const char *name);

/* Set by the SIGINT/SIGTERM handler; long operations check it between steps. */
extern volatile int kbp_interrupted;
void signals_install(void);
void signals_block(void);
void signals_unblock(void);

#endif
