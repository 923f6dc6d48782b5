/* SPDX-License-Identifier: GPL-2.0 */
/*
 * detach.h - `burnctl start --detach`: the same start, served by a
 * daemon whose console is a pseudo-terminal.
 *
 * The sequence, and who reports what:
 *
 *  1. detach_prepare(), in the process the user started: the runtime
 *     directory (runinfo.h) and the pty.  Failures are ordinary errors.
 *  2. detach_fork(): fork, setsid, fork again; the middle process exits
 *     at once, so the daemon is no session leader and can never acquire
 *     a controlling terminal.  The first process waits on a pipe for the
 *     daemon's verdict and returns it as its exit code; on success it
 *     prints "vm ID console PTY".
 *  3. The daemon creates, loads and starts the VM as a foreground start
 *     would; errors still go to the user's standard error.
 *  4. detach_ready(), once the guest runs: the record (vmID.pty), the
 *     log (vmID.log) as standard output and error, /dev/null as standard
 *     input, and the verdict to the first process.
 *  5. The daemon serves the VM (serve.c) with the pty as its console and
 *     ends with it: detach_end() removes the record.  A guest that
 *     reboots is restarted in a new VM, maybe of another id:
 *     detach_moved() gives the record and the log that id; the pty
 *     stays, and so does a `burnctl console` attached to it.
 *
 * The pty is in raw mode and the daemon keeps its own descriptor of the
 * slave: so output waits in the pty (up to what the kernel buffers) until
 * somebody attaches, input works whoever attaches, and the last reader
 * leaving does not hang the pty up.  Output nobody has room for is
 * dropped, never waited for: the guest must not stall because nobody
 * watches it.
 */
#ifndef BURNCTL_DETACH_H
#define BURNCTL_DETACH_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include "runinfo.h"

struct detach {
	int ready_fd;		/* daemon: the pipe to the waiting process */
	int master;		/* the pty's master: the guest's side */
	int slave;		/* our own hold on the user's side */
	char pty[RUNINFO_PTY_MAX];
	char dir[PATH_MAX];	/* the runtime directory */
	uint32_t id;		/* the VM, once its record is written */
	uint64_t dropped;	/* console bytes the pty had no room for */
};

/* detach_prepare - step 1; returns an exit code, or -1 to go on. */
int detach_prepare(struct detach *d);

/*
 * detach_fork - step 2.  In the process the user started, returns its
 * exit code (>= 0); in the daemon, returns -1, with every inherited
 * descriptor above standard error closed but @keep_fd (the disk, or -1).
 */
int detach_fork(struct detach *d, int keep_fd);

/*
 * detach_ready - step 4, for VM @id owned by netlink port @port;
 * 0 or -1 (printed).
 */
int detach_ready(struct detach *d, uint32_t id, uint32_t port);

/*
 * detach_moved - the guest was restarted as VM @id (same port @port): the
 * record vmID.pty replaces the old one, the log is renamed vmID.log
 * (its descriptor stays).  0 or -1 (printed); the VM runs on either way.
 */
int detach_moved(struct detach *d, uint32_t id, uint32_t port);

/*
 * detach_end - the daemon is done with exit code @rc: a first process
 * still waiting gets @rc, the record goes, the pty is closed.
 */
void detach_end(struct detach *d, int rc);

/* A CONSOLE event handler (burn_nl_console_fn): the bytes to the pty. */
void detach_console_out(uint32_t id, const void *data, size_t len, void *arg);

#endif /* BURNCTL_DETACH_H */
