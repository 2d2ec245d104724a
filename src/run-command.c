// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running external tools from an argv array.  run_cmd() returns -1 with
 * errno set when the program cannot be started, otherwise its exit status,
 * or 128 plus the signal number that ended it.  It prints nothing, so the
 * caller words the error; error_cmd() adds the status and the last lines
 * the tool wrote on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run-command.h"
#include "usage.h"

volatile int kbp_interrupted;
static volatile pid_t running_child;

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (sb->len + len + 1 > sb->alloc) {
		size_t alloc = sb->alloc ? sb->alloc : 256;
		char *buf;

		while (alloc < sb->len + len + 1)
			alloc *= 2;
		buf = realloc(sb->buf, alloc);
		if (!buf) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
		sb->buf = buf;
		sb->alloc = alloc;
	}

	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

void run_cmd_push_argv(struct run_cmd *cmd, const char *arg)
{
	if (cmd->argc + 2 > cmd->alloc) {
		cmd->alloc = cmd->alloc ? cmd->alloc * 2 : 16;
		cmd->argv = realloc(cmd->argv, cmd->alloc * sizeof(*cmd->argv));
		if (!cmd->argv) {
			fprintf(stderr, "kbackport: error: out of memory\n");
			exit(KBP_EXIT_FAILED);
		}
	}

	cmd->argv[cmd->argc++] = xstrdup(arg);
	cmd->argv[cmd->argc] = NULL;
}

void run_cmd_push(struct run_cmd *cmd, ...)
{
	const char *arg;
	va_list ap;

	va_start(ap, cmd);
	while ((arg = va_arg(ap, const char *)))
		run_cmd_push_argv(cmd, arg);
	va_end(ap);
}

void run_cmd_release(struct run_cmd *cmd)
{
	for (size_t i = 0; i < cmd->argc; i++)
		free(cmd->argv[i]);
	free(cmd->argv);
	cmd->argv = NULL;
	cmd->argc = 0;
	cmd->alloc = 0;
	strbuf_release(&cmd->out);
	strbuf_release(&cmd->err);
}

/* Return the command as one line, quoting arguments that need it, for logs. */
char *run_cmd_format(const struct run_cmd *cmd)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < cmd->argc; i++) {
		const char *arg = cmd->argv[i];

		if (i)
			strbuf_addstr(&sb, " ");
		if (*arg && !strpbrk(arg, " \t\n'\"\\$`*?;&|<>()"))
			strbuf_addstr(&sb, arg);
		else {
			strbuf_addstr(&sb, "'");
			for (const char *p = arg; *p; p++) {
				if (*p == '\'')
					strbuf_addstr(&sb, "'\\''");
				else
					strbuf_add(&sb, p, 1);
			}
			strbuf_addstr(&sb, "'");
		}
	}

	return sb.buf ? sb.buf : xstrdup("");
}

static void child_setup(const struct run_cmd *cmd, int out_pipe, int err_pipe, int exec_pipe)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);

	if (cmd->stdin_fd >= 0)
		dup2(cmd->stdin_fd, 0);
	else {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, 0);
	}
	if (out_pipe >= 0)
		dup2(out_pipe, 1);
	else if (cmd->stdout_fd >= 0)
		dup2(cmd->stdout_fd, 1);
	if (err_pipe >= 0)
		dup2(err_pipe, 2);
	else if (cmd->stderr_fd >= 0)
		dup2(cmd->stderr_fd, 2);

	if (cmd->dir && chdir(cmd->dir)) {
		int err = errno;

		if (write(exec_pipe, &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}

	for (const char **e = cmd->env; e && *e; e++)
		putenv((char *)*e);
}

static void child_exec(const struct run_cmd *cmd, int exec_pipe)
{
	int err;

	execvp(cmd->argv[0], cmd->argv);
	err = errno;
	if (write(exec_pipe, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

/* Read both capture pipes until the child closes them. */
static void collect_output(struct run_cmd *cmd, int out_fd, int err_fd)
{
	struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	struct strbuf *bufs[2] = { &cmd->out, &cmd->err };
	char chunk[65536];
	int open_fds = (out_fd >= 0) + (err_fd >= 0);

	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}

		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				strbuf_add(bufs[i], chunk, n);
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			close(fds[i].fd);
			fds[i].fd = -1;
			open_fds--;
		}
	}
}

static int wait_child(struct run_cmd *cmd, pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	running_child = 0;

	if (WIFSIGNALED(status)) {
		cmd->term_signal = WTERMSIG(status);
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

static int make_pipe(bool wanted, int fds[2])
{
	fds[0] = fds[1] = -1;
	if (!wanted)
		return 0;
	return pipe2(fds, O_CLOEXEC);
}

int run_cmd(struct run_cmd *cmd)
{
	int out[2], err[2], exec_pipe[2];
	int exec_errno = 0;
	pid_t pid;

	if (make_pipe(cmd->capture_stdout, out) || make_pipe(cmd->capture_stderr, err) ||
	    pipe2(exec_pipe, O_CLOEXEC))
		return -1;

	if (kbp_verbosity >= KBP_VERBOSE) {
		char *line = run_cmd_format(cmd);

		fprintf(stderr, "  + %s\n", line);
		free(line);
	}

	cmd->term_signal = 0;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		child_setup(cmd, out[1], err[1], exec_pipe[1]);
		child_exec(cmd, exec_pipe[1]);
	}

	running_child = pid;
	close(exec_pipe[1]);
	if (out[1] >= 0)
		close(out[1]);
	if (err[1] >= 0)
		close(err[1]);

	collect_output(cmd, out[0], err[0]);

	if (read(exec_pipe[0], &exec_errno, sizeof(exec_errno)) != sizeof(exec_errno))
		exec_errno = 0;
	close(exec_pipe[0]);

	if (exec_errno) {
		wait_child(cmd, pid);
		errno = exec_errno;
		return -1;
	}
	return wait_child(cmd, pid);
}

/* Print the last few lines of text, each prefixed with "> ". */
static void print_tail(const char *text, int max_lines)
{
	const char *end = text + strlen(text);
	const char *p = end;
	int lines = 0;

	while (p > text && (p[-1] == '\n' || p[-1] == ' '))
		p--;
	end = p;
	while (p > text && lines < max_lines) {
		p--;
		if (*p == '\n')
			lines++;
	}
	if (*p == '\n')
		p++;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		fprintf(stderr, "> %.*s\n", (int)len, p);
		p += len + (nl ? 1 : 0);
	}
}

int error_cmd(const struct run_cmd *cmd, int status, const char *fmt, ...)
{
	char *what;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&what, fmt, ap);
	va_end(ap);
	if (n < 0)
		what = NULL;

	if (status < 0)
		error("%s: cannot run '%s': %s", what ? what : "", cmd->argv[0], strerror(errno));
	else if (cmd->term_signal)
		error("%s: '%s' was killed by signal %d (%s)", what ? what : "", cmd->argv[0],
		      cmd->term_signal, strsignal(cmd->term_signal));
	else
		error("%s: '%s' exited with status %d", what ? what : "", cmd->argv[0], status);

	if (cmd->capture_stderr && cmd->err.len)
		print_tail(cmd->err.buf, kbp_verbosity >= KBP_VERBOSE ? 200 : 12);
	free(what);
	return -1;
}

/* Check whether NAME is an executable in PATH (or an executable path). */
bool have_program(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	if (!path)
		return false;

	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", *dir ? dir : ".", name);
		struct stat st;

		found = stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0;
		free(full);
	}
	free(copy);
	return found;
}

static void on_signal(int sig)
{
	kbp_interrupted = sig;
	if (running_child > 0)
		kill(running_child, sig);
}

void signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void signals_mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(how, &set, NULL);
}

/* Hold off interrupts while the tree is switched to its final state. */
void signals_block(void)
{
	signals_mask(SIG_BLOCK);
}

void signals_unblock(void)
{
	signals_mask(SIG_UNBLOCK);
}
