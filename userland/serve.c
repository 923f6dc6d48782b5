// SPDX-License-Identifier: GPL-2.0
/*
 * serve.c - serving a running VM until it ends (see serve.h).
 *
 * Each turn of the loop handles, in this order: the VM's end once known,
 * a block request waiting for an answer, then whatever poll() found:
 * events on the owner socket, the periodic question about the VM's end,
 * console input, and the stop signals.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "burnctl.h"
#include "common.h"
#include "console.h"
#include "disk.h"
#include "netlink.h"
#include "serve.h"

/* How often the VM's end is asked for, in case its VM_ENDED was lost. */
#define END_CHECK_MS	1000

int serve_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

static int send_stop(struct burn_nl *ctl, uint32_t id)
{
	struct nl_msg *msg = burn_nl_msg(ctl, BURNVMM_CMD_VCPU_STOP, false);

	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	return burn_nl_request(ctl, msg, NULL, NULL);
}

static void print_end(const struct serve_vm *s)
{
	fprintf(stderr, "burnctl: %s: VM %u ended: %s\n", s->cmd, s->id,
		s->nl->ended_reason);
}

/*
 * The exit code for how the VM ended; prints the reason unless the guest
 * shut down (or always, with s->tell_end) or rebooted to be restarted.
 * A reboot is restarted unless --no-reboot (then it ends us as a
 * power-off would, as QEMU's -no-reboot does) or the user had asked to
 * stop the guest.  Console output queued before the end is printed
 * first: when the end was learnt from VM_INFO, it may still wait on the
 * owner socket.
 */
static int ended_code(struct serve_vm *s)
{
	struct burn_nl *nl = s->nl;

	burn_nl_drain_events(nl);
	switch (nl->ended_kind) {
	case BURNVMM_END_SHUTDOWN:
		if (s->tell_end)
			print_end(s);
		return (int)(nl->ended_status & 0xff);
	case BURNVMM_END_REBOOT:
		if (!s->no_reboot && !s->stops) {
			s->rebooted = true;
			return EXIT_GUEST_ENDED;
		}
		print_end(s);
		return s->no_reboot ? EXIT_OK : EXIT_GUEST_ENDED;
	case BURNVMM_END_HALTED:
		print_end(s);
		return EXIT_GUEST_HALTED;
	default:
		print_end(s);
		return EXIT_GUEST_ENDED;
	}
}

/*
 * Forward the console input there is to the guest; a failure other than
 * a full buffer ends forwarding.  When the VM has ended (-ESRCH), the
 * bytes wait for a restarted guest and its end is asked for at once
 * (*@next_check).  Returns 1 when Ctrl-a x was typed.
 */
static int pump_console(struct serve_vm *s, bool readable,
			int64_t *next_check)
{
	struct console_in *ci = s->ci;
	int err;

	if (readable)
		console_in_read(ci);
	err = console_in_send(ci, s->ctl, s->id);
	if (err == -ESRCH) {
		*next_check = burnctl_now_ms();
	} else if (err) {
		burnctl_err(s->cmd, "console input: %s",
			    s->ctl->errmsg[0] ? s->ctl->errmsg :
			    strerror(-err));
		console_in_close(ci);
	}
	if (!ci->stop)
		return 0;
	ci->stop = false;
	console_in_close(ci);
	return 1;
}

/* The poll timeout: the next console resend or end check, if sooner. */
static int serve_timeout(const struct console_in *ci, int64_t next_check)
{
	int64_t left = next_check - burnctl_now_ms();
	int wait = left > 0 ? (int)left : 0;
	int resend = console_in_timeout(ci);

	return resend >= 0 && resend < wait ? resend : wait;
}

/*
 * Ask whether the VM has ended, every END_CHECK_MS and at once after an
 * overrun.  Returns 0, or -1 when the control socket failed.
 */
static int check_end(struct serve_vm *s, int64_t *next_check)
{
	int err;

	if (!s->nl->overrun && burnctl_now_ms() < *next_check)
		return 0;
	s->nl->overrun = false;
	*next_check = burnctl_now_ms() + END_CHECK_MS;
	err = burn_nl_query_end(s->ctl, s->nl, s->id);
	if (err) {
		burnctl_err(s->cmd, "asking for VM %u: %s", s->id,
			    s->ctl->errmsg[0] ? s->ctl->errmsg : strerror(-err));
		return -1;
	}
	return 0;
}

/*
 * A stop signal or Ctrl-a x: the first stops the guest, a second gives
 * up.  They count across restarts: a guest asked to stop is not
 * restarted, and a second request gives up on any guest.
 */
static bool stop_requested(struct serve_vm *s)
{
	return s->stops++ || send_stop(s->ctl, s->id);
}

int serve_vm(struct serve_vm *s)
{
	struct pollfd pfd[3] = {
		{ .fd = s->sfd, .events = POLLIN },
		{ .fd = burn_nl_fd(s->nl), .events = POLLIN },
		{ .events = POLLIN },
	};
	int64_t next_check = burnctl_now_ms() + END_CHECK_MS;
	struct signalfd_siginfo si;

	s->rebooted = false;

	for (;;) {
		/* Events may have come with the replies to our requests. */
		if (s->nl->ended_pending && s->nl->ended_id == s->id)
			return ended_code(s);
		if (s->nl->block_req && s->nl->block_req->pending) {
			/* Failing to answer only fails the guest's request. */
			disk_serve(s->disk, s->nl, s->nl->block_req);
			continue;
		}
		pfd[2].fd = console_in_poll_fd(s->ci);
		pfd[2].revents = 0;
		if (poll(pfd, 3, serve_timeout(s->ci, next_check)) < 0) {
			if (errno == EINTR)
				continue;
			burnctl_err(s->cmd, "poll: %s", strerror(errno));
			return EXIT_FAILURE_GENERIC;
		}
		if (pfd[1].revents && burn_nl_read_events(s->nl)) {
			burnctl_err(s->cmd, "lost the control socket: %s",
				    s->nl->errmsg);
			return EXIT_FAILURE_GENERIC;
		}
		if (check_end(s, &next_check))
			return EXIT_FAILURE_GENERIC;
		if (pump_console(s, pfd[2].revents != 0, &next_check) &&
		    stop_requested(s))
			return EXIT_GUEST_ENDED;
		if (pfd[0].revents &&
		    read(s->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si) &&
		    stop_requested(s))
			return EXIT_GUEST_ENDED;
	}
}
