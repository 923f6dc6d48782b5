/* SPDX-License-Identifier: GPL-2.0 */
/*
 * console.h - `burnctl start`'s console input: standard input forwarded
 * to the guest as VM_EVENT console input (docs/burnctl.1).
 *
 * On a terminal (when burnctl is its foreground process) the terminal is
 * put in raw mode, every key goes to the guest, and Ctrl-a x stops the VM
 * (escape.h); the mode is restored however burnctl leaves.  From a pipe
 * or a file, bytes are forwarded until end of file and the guest keeps
 * running.  When the VM's input buffer is full, the bytes wait in ours
 * and are sent again after a short, growing pause: never a busy loop,
 * never a lost byte.
 */
#ifndef BURNCTL_CONSOLE_H
#define BURNCTL_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/burnvmm.h>
#include "escape.h"
#include "netlink.h"

struct console_in {
	int fd;			/* what we read; -1 once there is nothing */
	bool tty;		/* a raw terminal: the escape applies */
	bool stop;		/* Ctrl-a x was typed */
	struct escape_state esc;
	uint8_t buf[BURNVMM_CONSOLE_INPUT_MAX];
	size_t len;		/* bytes in @buf not yet taken by the VM */
	int backoff_ms;		/* 0, or the pause after a full buffer */
	int64_t retry_at_ms;	/* CLOCK_MONOTONIC time to send again */
};

/*
 * console_in_open - start forwarding standard input (@enabled false:
 * nothing is forwarded; the caller also says false when standard input
 * was closed when it started, since descriptor 0 may be another file
 * by now).  A terminal goes into raw mode.
 */
void console_in_open(struct console_in *ci, bool enabled);
/*
 * console_in_open_fd - forward what @fd has instead (the pty master of a
 * detached VM): no terminal handling and no escape, which are for the
 * user's side of the pty.
 */
void console_in_open_fd(struct console_in *ci, int fd);
/* console_in_close - stop, and give the terminal its mode back. */
void console_in_close(struct console_in *ci);

/* The descriptor to poll for input, or -1 while bytes wait to be sent. */
int console_in_poll_fd(const struct console_in *ci);
/* The poll timeout in ms until a resend is due, or -1 for none. */
int console_in_timeout(const struct console_in *ci);

/* Read what standard input has; end of file or an error ends input. */
void console_in_read(struct console_in *ci);

/*
 * console_in_send - send the waiting bytes to VM @id if a resend is due.
 * 0 (sent, or waiting for room), or the module's error, after which the
 * caller should stop forwarding (console_in_close()).
 */
int console_in_send(struct console_in *ci, struct burn_nl *nl, uint32_t id);

#endif /* BURNCTL_CONSOLE_H */
