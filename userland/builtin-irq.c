// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-irq.c - `burnctl irq ID BIT`: raise event bit BIT of VM ID's
 * guest (BURNVMM_CMD_VM_EVENT), as a device interrupt would.  For tests
 * and for poking a guest by hand.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const irq_usage[] = {
	"usage: burnctl irq ID BIT",
	"",
	"Raise event bit BIT (8..31; 0..7 are the host's own) in the guest of",
	"VM ID, as a device interrupt line would; the guest sees it in its",
	"pending events.  Works in every state but ended.  Needs",
	"CAP_NET_ADMIN, and the uid that created the VM or CAP_SYS_ADMIN.",
	NULL
};

int cmd_irq(int argc, char **argv)
{
	static const struct option no_opts[] = { OPT_TERMINATOR };
	struct burn_nl nl;
	struct nl_msg *msg;
	const char *why;
	uint32_t id, bit;
	int n, rc, err;

	n = parse_options("irq", argc, argv, no_opts, irq_usage, stdout, stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 2) {
		burnctl_err("irq", "expected a VM id and a bit (see 'burnctl irq --help')");
		return EXIT_USAGE;
	}
	if (parse_vm_id(argv[0], &id, &why)) {
		burnctl_err("irq", "invalid VM id '%s': %s", argv[0], why);
		return EXIT_USAGE;
	}
	if (parse_event_bit(argv[1], &bit, &why)) {
		burnctl_err("irq", "invalid bit '%s': %s", argv[1], why);
		return EXIT_USAGE;
	}
	rc = burnctl_open(&nl, "irq");
	if (rc)
		return rc;
	msg = burn_nl_msg(&nl, BURNVMM_CMD_VM_EVENT, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	burn_nl_put_u32(&msg, BURNVMM_A_EVENT_BIT, bit);
	err = burn_nl_request(&nl, msg, NULL, NULL);
	if (err)
		rc = burnctl_report(&nl, "irq", err);
	burn_nl_close(&nl);
	return rc;
}
