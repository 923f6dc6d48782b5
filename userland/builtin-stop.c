// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-stop.c - `burnctl stop ID`: stop a running guest.  Its
 * `burnctl start` is told, prints the reason and exits.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const stop_usage[] = {
	"usage: burnctl stop ID",
	"",
	"Stop the guest of VM ID: the VM ends with the reason \"stopped on",
	"request\", and the burnctl that started it exits.  Stopping a VM",
	"that is not running does nothing.  Needs CAP_NET_ADMIN, and the uid",
	"that created the VM or CAP_SYS_ADMIN.",
	NULL
};

int cmd_stop(int argc, char **argv)
{
	static const struct option opts[] = { OPT_TERMINATOR };
	struct burn_nl nl;
	struct nl_msg *msg;
	const char *why;
	uint32_t id;
	int n, rc, err;

	n = parse_options("stop", argc, argv, opts, stop_usage, stdout, stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1) {
		burnctl_err("stop", "expected one VM id (see 'burnctl stop --help')");
		return EXIT_USAGE;
	}
	if (parse_vm_id(argv[0], &id, &why)) {
		burnctl_err("stop", "invalid VM id '%s': %s", argv[0], why);
		return EXIT_USAGE;
	}
	rc = burnctl_open(&nl, "stop");
	if (rc)
		return rc;
	msg = burn_nl_msg(&nl, BURNVMM_CMD_VCPU_STOP, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	err = burn_nl_request(&nl, msg, NULL, NULL);
	rc = err ? burnctl_report(&nl, "stop", err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}
