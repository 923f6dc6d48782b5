// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-list.c - `burnctl list`: the VMs of this network namespace.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"

static const char *const list_usage[] = {
	"usage: burnctl list",
	"",
	"List the VMs of this network namespace: id, guest memory, state,",
	"owning netlink port, owner's uid and age.  Needs no privileges.",
	NULL
};

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = { OPT_TERMINATOR };
	struct burn_nl nl;
	int n, rc, err;

	n = parse_options("list", argc, argv, opts, list_usage, stdout, stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n > 0) {
		burnctl_err("list", "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	rc = burnctl_open(&nl, "list");
	if (rc)
		return rc;
	burnctl_print_vm_header();
	err = burn_nl_request(&nl, burn_nl_msg(&nl, BURNVMM_CMD_VM_LIST, true),
			      burnctl_print_vm, NULL);
	rc = err ? burnctl_report(&nl, "list", err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}
