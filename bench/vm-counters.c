// SPDX-License-Identifier: GPL-2.0
/*
 * vm-counters.c - `vm-counters ID`: print the counters burnvmm.ko keeps
 * for VM ID, as VM_INFO reports them, on one line:
 *
 *	exits=N hypercalls=N
 *
 * The benchmark harness (bench/vm-bench, inside the test host VM) reads
 * them while a raw bench guest is parked after its timed loop.  `burnctl
 * info` shows a VM's state but not these counters, and the per-reason
 * `burnctl stat` is still to come; this little client is the bench's own
 * so that it needs nothing from burnctl's output format.  Exit 0, or 1
 * with one line on stderr.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include "netlink.h"

struct counters {
	uint64_t exits;
	uint64_t hypercalls;
};

static int info_reply(struct nlattr **tb, void *arg)
{
	struct counters *c = arg;

	if (!tb[BURNVMM_A_EXITS] || !tb[BURNVMM_A_HYPERCALLS])
		return -EPROTO;
	c->exits = nla_get_u64(tb[BURNVMM_A_EXITS]);
	c->hypercalls = nla_get_u64(tb[BURNVMM_A_HYPERCALLS]);
	return 0;
}

int main(int argc, char **argv)
{
	struct counters c = { 0, 0 };
	struct burn_nl nl;
	struct nl_msg *msg;
	unsigned long id;
	char *end;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: vm-counters ID\n");
		return 1;
	}
	errno = 0;
	id = strtoul(argv[1], &end, 10);
	if (errno || *end || end == argv[1] || id > UINT32_MAX) {
		fprintf(stderr, "vm-counters: bad VM id '%s'\n", argv[1]);
		return 1;
	}
	err = burn_nl_open(&nl);
	if (err) {
		fprintf(stderr, "vm-counters: burnvmm: %s\n", strerror(-err));
		return 1;
	}
	msg = burn_nl_msg(&nl, BURNVMM_CMD_VM_INFO, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, (uint32_t)id);
	err = burn_nl_request(&nl, msg, info_reply, &c);
	if (err)
		fprintf(stderr, "vm-counters: VM %lu: %s\n", id,
			nl.errmsg[0] ? nl.errmsg : strerror(-err));
	burn_nl_close(&nl);
	if (err)
		return 1;
	printf("exits=%" PRIu64 " hypercalls=%" PRIu64 "\n", c.exits,
	       c.hypercalls);
	return 0;
}
