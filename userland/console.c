// SPDX-License-Identifier: GPL-2.0
/*
 * console.c - standard input to the guest's console (see console.h).
 *
 * Restoring the terminal: the normal path and the signals `burnctl start`
 * handles (SIGINT, SIGTERM, SIGHUP, through its signalfd) end in
 * console_in_close(); exit() runs it through atexit(); the signals that
 * would kill burnctl outright (SIGQUIT, SIGSEGV, SIGABRT, ...) restore
 * the mode in a handler and then die as they would have.  Only SIGKILL
 * leaves a raw terminal behind (`stty sane` repairs it).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <netlink/attr.h>
#include "common.h"
#include "console.h"

/* The terminal's mode before raw mode, for every way out. */
static struct termios saved_termios;
static volatile sig_atomic_t saved_fd = -1;

/* The pause after the VM's input buffer was full: 10 ms, doubling. */
#define BACKOFF_FIRST_MS	10
#define BACKOFF_MAX_MS		320

static void restore_terminal(void)
{
	if (saved_fd >= 0)
		tcsetattr(saved_fd, TCSAFLUSH, &saved_termios);
	saved_fd = -1;
}

static void restore_and_die(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal_signals(void)
{
	static const int sigs[] = { SIGQUIT, SIGABRT, SIGSEGV, SIGBUS,
				    SIGFPE, SIGILL, SIGPIPE };
	static bool done;
	size_t i;

	if (done)
		return;
	done = true;
	atexit(restore_terminal);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], restore_and_die);
}

/*
 * Raw input, but output as before: the guest's "\n" must still start a
 * new line on the screen, so output processing (OPOST) stays on.  ISIG
 * off: Ctrl-C and Ctrl-Z are keys for the guest.
 */
static int enter_raw_mode(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &saved_termios))
		return -1;
	t = saved_termios;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				 IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t.c_cflag |= CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	catch_fatal_signals();
	saved_fd = fd;
	if (tcsetattr(fd, TCSAFLUSH, &t)) {
		saved_fd = -1;
		return -1;
	}
	return 0;
}

/*
 * A terminal is ours only if we are its foreground process group: a
 * background burnctl would be stopped by SIGTTIN/SIGTTOU on touching it,
 * and one without a controlling terminal (a test harness) must not take
 * input somebody else may be typing.
 */
static bool own_terminal(int fd)
{
	pid_t fg = tcgetpgrp(fd);

	return fg >= 0 && fg == getpgrp();
}

void console_in_open(struct console_in *ci, bool enabled)
{
	memset(ci, 0, sizeof(*ci));
	ci->fd = -1;
	if (!enabled)
		return;
	if (isatty(STDIN_FILENO)) {
		if (!own_terminal(STDIN_FILENO) || enter_raw_mode(STDIN_FILENO))
			return;
		ci->tty = true;
	}
	ci->fd = STDIN_FILENO;
}

void console_in_open_fd(struct console_in *ci, int fd)
{
	memset(ci, 0, sizeof(*ci));
	ci->fd = fd;
}

void console_in_close(struct console_in *ci)
{
	if (ci->tty)
		restore_terminal();
	ci->tty = false;
	ci->fd = -1;
	ci->len = 0;
}

int console_in_poll_fd(const struct console_in *ci)
{
	return ci->len ? -1 : ci->fd;
}

int console_in_timeout(const struct console_in *ci)
{
	int64_t left;

	if (!ci->len)
		return -1;
	left = ci->retry_at_ms - burnctl_now_ms();
	return left > 0 ? (int)left : 0;
}

void console_in_read(struct console_in *ci)
{
	/* Room for what the escape may double (escape.h). */
	uint8_t raw[BURNVMM_CONSOLE_INPUT_MAX / 2];
	ssize_t n;
	size_t got;

	if (ci->fd < 0 || ci->len)
		return;
	if (ci->tty)
		n = read(ci->fd, raw, sizeof(raw));
	else
		n = read(ci->fd, ci->buf, sizeof(ci->buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		/* End of input: the guest keeps running without it. */
		console_in_close(ci);
		return;
	}
	if (!ci->tty) {
		ci->len = (size_t)n;
		return;
	}
	ci->stop = escape_filter(&ci->esc, raw, (size_t)n, ci->buf, &got);
	ci->len = got;
}

static int taken_reply(struct nlattr **tb, void *arg)
{
	uint32_t *taken = arg;

	if (!tb[BURNVMM_A_INPUT_TAKEN])
		return -EPROTO;
	*taken = nla_get_u32(tb[BURNVMM_A_INPUT_TAKEN]);
	return 0;
}

/* The VM's buffer is full: wait, longer each time until it has room. */
static void console_in_back_off(struct console_in *ci)
{
	ci->backoff_ms = ci->backoff_ms ? ci->backoff_ms * 2 : BACKOFF_FIRST_MS;
	if (ci->backoff_ms > BACKOFF_MAX_MS)
		ci->backoff_ms = BACKOFF_MAX_MS;
	ci->retry_at_ms = burnctl_now_ms() + ci->backoff_ms;
}

int console_in_send(struct console_in *ci, struct burn_nl *nl, uint32_t id)
{
	uint32_t taken = 0;
	struct nl_msg *msg;
	int err;

	if (!ci->len || console_in_timeout(ci) > 0)
		return 0;
	msg = burn_nl_msg(nl, BURNVMM_CMD_VM_EVENT, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	burn_nl_put_data(&msg, BURNVMM_A_DATA, ci->buf, ci->len);
	err = burn_nl_request(nl, msg, taken_reply, &taken);
	if (err == -EAGAIN) {
		console_in_back_off(ci);
		return 0;
	}
	if (err)
		return err;
	if (!taken || taken > ci->len)
		return -EPROTO;
	memmove(ci->buf, ci->buf + taken, ci->len - taken);
	ci->len -= taken;
	if (ci->len)
		console_in_back_off(ci);	/* the buffer just filled up */
	else
		ci->backoff_ms = 0;
	return 0;
}
