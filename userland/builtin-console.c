// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-console.c - `burnctl console ID`: attach this terminal (or
 * standard input and output) to the console of a VM that `burnctl start
 * --detach` serves.
 *
 * The console is the daemon's pty, found through the VM's runtime record
 * (runinfo.h); the module is not involved beyond VM_INFO, which proves
 * the record current: its port must still own the VM.  Opening the pty
 * is then plain file access, so whoever may open it (the daemon's uid)
 * may attach, and nothing new reaches the module.  One console at a
 * time: an exclusive flock on the pty keeps a second `burnctl console`
 * out (other programs, e.g. screen, do not take it; nor does a kernel
 * built without file locking).
 *
 * Input goes through console.c's reader: raw mode and the Ctrl-a escape
 * on a terminal, where Ctrl-a x detaches here instead of stopping the
 * guest.  The VM's end closes the pty, which ends the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <netlink/attr.h>
#include "burnctl.h"
#include "common.h"
#include "console.h"
#include "runinfo.h"
#include "serve.h"

static const char *const console_usage[] = {
	"usage: burnctl console ID",
	"",
	"Attach to the console of VM ID, which `burnctl start --detach`",
	"serves: the guest's output goes to standard output, standard input",
	"goes to the guest.  A terminal is switched to raw mode: every key",
	"goes to the guest, Ctrl-a x detaches (the VM keeps running), Ctrl-a",
	"Ctrl-a sends Ctrl-a.  A pipe or file is sent until its end, and the",
	"output is shown until the VM ends.  Exits 0 when detached (also by",
	"SIGINT or SIGTERM) or when the VM ends.  One console at a time.",
	"Needs the uid that started the VM.",
	NULL
};

/* Unix98 pty slaves: majors 136 to 143 (Documentation/admin-guide/devices.txt). */
#define PTY_SLAVE_MAJOR_FIRST	136
#define PTY_SLAVE_MAJOR_LAST	143

struct console_vm {
	uint32_t id;
	uint32_t owner_port;
	bool found;
};

static int console_vm_reply(struct nlattr **tb, void *arg)
{
	struct console_vm *vm = arg;

	if (!tb[BURNVMM_A_OWNER_PORT])
		return -EPROTO;
	vm->owner_port = nla_get_u32(tb[BURNVMM_A_OWNER_PORT]);
	vm->found = true;
	return 0;
}

/* VM_INFO: does VM @vm->id exist, and which port owns it?  Exit code. */
static int console_ask_vm(struct console_vm *vm)
{
	struct burn_nl nl;
	struct nl_msg *msg;
	int rc, err;

	rc = burnctl_open(&nl, "console");
	if (rc)
		return rc;
	msg = burn_nl_msg(&nl, BURNVMM_CMD_VM_INFO, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, vm->id);
	err = burn_nl_request(&nl, msg, console_vm_reply, vm);
	rc = err ? burnctl_report(&nl, "console", err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}

/*
 * Open the pty the record names, after checking it is one: a pty slave
 * owned by the record's owner (the daemon's uid, which grantpt gave it),
 * reached without symbolic links.  Returns the descriptor or -1 (printed).
 */
static int console_open_pty(const struct runinfo *ri, uid_t owner)
{
	struct stat st;
	int fd;

	fd = open(ri->pty, O_RDWR | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW |
		  O_CLOEXEC);
	if (fd < 0) {
		burnctl_err("console", "%s: %s", ri->pty, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISCHR(st.st_mode) ||
	    major(st.st_rdev) < PTY_SLAVE_MAJOR_FIRST ||
	    major(st.st_rdev) > PTY_SLAVE_MAJOR_LAST || st.st_uid != owner) {
		burnctl_err("console", "%s: not the daemon's pseudo-terminal",
			    ri->pty);
		close(fd);
		return -1;
	}
	/* A kernel without file locking (ENOSYS) just cannot keep others out. */
	if (flock(fd, LOCK_EX | LOCK_NB) && errno == EWOULDBLOCK) {
		burnctl_err("console", "%s: another burnctl console is attached",
			    ri->pty);
		close(fd);
		return -1;
	}
	return fd;
}

/* Find VM @vm's console: its record, proved current.  Fd or -1. */
static int console_find(struct console_vm *vm)
{
	char dir[PATH_MAX], why[PATH_MAX + 100];
	struct runinfo ri;
	uid_t owner;
	int err;

	if (runinfo_dir(dir, sizeof(dir))) {
		burnctl_err("console", "the runtime directory's name is too long");
		return -1;
	}
	err = runinfo_read(dir, vm->id, &ri, &owner, why, sizeof(why));
	if (err == -2) {
		burnctl_err("console", "VM %" PRIu32 " has no console in %s: it was not started with --detach (by this user)",
			    vm->id, dir);
		return -1;
	}
	if (err) {
		burnctl_err("console", "%s", why);
		return -1;
	}
	if (ri.port != vm->owner_port) {
		burnctl_err("console", "VM %" PRIu32 " is not served by the daemon of its console record (a stale record)",
			    vm->id);
		return -1;
	}
	return console_open_pty(&ri, owner);
}

/* Write all of [@buf, @buf + @len) to the blocking @fd; 0 or -1. */
static int console_write_all(int fd, const uint8_t *buf, size_t len)
{
	ssize_t w;

	while (len) {
		w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * The guest's output, from the pty to standard output.  Returns 1 when
 * the pty has closed (the daemon, and so the VM, ended), else 0.
 */
static int console_show(int pty)
{
	uint8_t buf[4096];
	ssize_t n = read(pty, buf, sizeof(buf));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0)
		return 1;
	/* A closed standard output loses the output, not the console. */
	console_write_all(STDOUT_FILENO, buf, (size_t)n);
	return 0;
}

/* Typed bytes waiting in @ci, to the pty as far as it takes them. */
static void console_type(struct console_in *ci, int pty)
{
	ssize_t w = write(pty, ci->buf, ci->len);

	if (w < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (w <= 0) {
		ci->len = 0;
		return;
	}
	memmove(ci->buf, ci->buf + w, ci->len - (size_t)w);
	ci->len -= (size_t)w;
}

/*
 * Attached until detached or the VM ends (*@ended set); returns the exit
 * code.
 */
static int console_attach(int pty, int sfd, struct console_in *ci,
			  bool *ended)
{
	struct pollfd pfd[3] = {
		{ .fd = sfd, .events = POLLIN },
		{ .fd = pty },
		{ .events = POLLIN },
	};

	for (;;) {
		pfd[1].events = POLLIN | (ci->len ? POLLOUT : 0);
		pfd[2].fd = console_in_poll_fd(ci);
		pfd[2].revents = 0;
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			burnctl_err("console", "poll: %s", strerror(errno));
			return EXIT_FAILURE_GENERIC;
		}
		if (pfd[0].revents)
			return EXIT_OK;
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR) &&
		    console_show(pty)) {
			*ended = true;
			return EXIT_OK;
		}
		if (pfd[2].revents)
			console_in_read(ci);
		if (ci->stop)
			return EXIT_OK;
		if (ci->len)
			console_type(ci, pty);
	}
}

int cmd_console(int argc, char **argv)
{
	struct console_vm vm = { 0 };
	struct console_in ci;
	int rc, pty, sfd;
	bool ended = false;
	bool stdin_open = fcntl(STDIN_FILENO, F_GETFD) >= 0;

	rc = burnctl_vm_id_arg("console", argc, argv, console_usage, &vm.id);
	if (rc >= 0)
		return rc;
	rc = console_ask_vm(&vm);
	if (rc)
		return rc;
	pty = console_find(&vm);
	if (pty < 0)
		return EXIT_FAILURE_GENERIC;
	sfd = serve_block_signals();
	if (sfd < 0) {
		burnctl_err("console", "signalfd: %s", strerror(errno));
		close(pty);
		return EXIT_FAILURE_GENERIC;
	}
	if (stdin_open && isatty(STDIN_FILENO))
		fprintf(stderr, "[burnctl: console of VM %" PRIu32 "; Ctrl-a x detaches]\n",
			vm.id);
	console_in_open(&ci, stdin_open);
	rc = console_attach(pty, sfd, &ci, &ended);
	if (ci.tty) {
		console_in_close(&ci);
		fprintf(stderr, "\n[burnctl: %s VM %" PRIu32 "]\n",
			ended ? "the console closed: the end of" :
			"detached from", vm.id);
	}
	console_in_close(&ci);
	close(sfd);
	close(pty);
	return rc;
}
