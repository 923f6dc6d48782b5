// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-create.c - `burnctl create --mem SIZE`: make a VM and hold it in
 * the foreground until Ctrl-C, SIGTERM or SIGHUP.
 *
 * The VM belongs to this process's netlink socket, so it disappears when
 * the process does, however it ends (even kill -9).  On a signal we
 * destroy it explicitly anyway, to report that it went; if somebody else
 * ends it first (`burnctl destroy`, module unload), the module tells us
 * with a VM_ENDED event and we exit with its reason.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <netlink/attr.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const create_usage[] = {
	"usage: burnctl create [--mem SIZE]",
	"",
	"Create an empty VM with SIZE of guest RAM (default 128M; a bare",
	"number means MiB) and hold it until Ctrl-C, SIGTERM or SIGHUP.  The",
	"VM exists exactly as long as this process.  Needs CAP_NET_ADMIN.",
	NULL
};

struct created_vm {
	uint32_t id;
	uint64_t mem;
};

static int created_reply(struct nlattr **tb, void *arg)
{
	struct created_vm *vm = arg;

	if (!tb[BURNVMM_A_VM_ID] || !tb[BURNVMM_A_MEM_SIZE])
		return -EPROTO;
	vm->id = nla_get_u32(tb[BURNVMM_A_VM_ID]);
	vm->mem = nla_get_u64(tb[BURNVMM_A_MEM_SIZE]);
	return 0;
}

static int create_vm(struct burn_nl *nl, uint64_t mem, struct created_vm *vm)
{
	struct nl_msg *msg = burn_nl_msg(nl, BURNVMM_CMD_VM_CREATE, false);

	burn_nl_put_u64(&msg, BURNVMM_A_MEM_SIZE, mem);
	return burn_nl_request(nl, msg, created_reply, vm);
}

/* A signalfd for the signals that end the hold; they are blocked first. */
static int hold_signals(void)
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

/* Wait until a signal arrives or the VM ends; returns an exit code. */
static int hold_vm(struct burn_nl *nl, int sfd, uint32_t id)
{
	struct pollfd pfd[2] = {
		{ .fd = sfd, .events = POLLIN },
		{ .fd = burn_nl_fd(nl), .events = POLLIN },
	};
	struct signalfd_siginfo si;
	int err;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			burnctl_err("create", "poll: %s", strerror(errno));
			return EXIT_FAILURE_GENERIC;
		}
		if (pfd[1].revents) {
			err = burn_nl_read_events(nl);
			if (err) {
				burnctl_err("create", "lost the control socket: %s",
					    nl->errmsg);
				return EXIT_FAILURE_GENERIC;
			}
			if (nl->ended_pending && nl->ended_id == id) {
				fprintf(stderr, "burnctl: create: VM %u ended: %s\n",
					id, nl->ended_reason);
				return strcmp(nl->ended_reason,
					      "destroyed on request") ?
					EXIT_FAILURE_GENERIC : EXIT_OK;
			}
		}
		if (pfd[0].revents &&
		    read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
			break;
	}
	err = burnctl_destroy_vm(nl, id);
	if (err && err != -ENOENT)
		return burnctl_report(nl, "create", err);
	printf("VM %u destroyed\n", id);
	return EXIT_OK;
}

int cmd_create(int argc, char **argv)
{
	uint64_t mem = 128ULL << 20;
	const struct option opts[] = {
		OPT_SIZE_ARG('m', "mem", &mem, "SIZE",
			     "guest RAM, e.g. 64M or 1G (default 128M)"),
		OPT_TERMINATOR
	};
	struct created_vm vm = { 0 };
	struct burn_nl nl;
	char size[32];
	int n, rc, err, sfd;

	n = parse_options("create", argc, argv, opts, create_usage, stdout,
			  stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n > 0) {
		burnctl_err("create", "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	/* Block the signals before the VM exists, so none is missed. */
	sfd = hold_signals();
	if (sfd < 0) {
		burnctl_err("create", "signalfd: %s", strerror(errno));
		return EXIT_FAILURE_GENERIC;
	}
	rc = burnctl_open(&nl, "create");
	if (rc)
		goto close_sfd;
	err = create_vm(&nl, mem, &vm);
	if (err) {
		rc = burnctl_report(&nl, "create", err);
		goto close_nl;
	}
	printf("VM %u created with %s of RAM; holding it until Ctrl-C\n", vm.id,
	       format_size(vm.mem, size, sizeof(size)));
	fflush(stdout);
	rc = hold_vm(&nl, sfd, vm.id);
close_nl:
	burn_nl_close(&nl);
close_sfd:
	close(sfd);
	return rc;
}
