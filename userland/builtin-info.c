// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-info.c - `burnctl info ID`: one VM, in the format of list.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const info_usage[] = {
	"usage: burnctl info ID",
	"",
	"Show VM ID: guest memory, state, owner and age.",
	NULL
};

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = { OPT_TERMINATOR };
	struct burn_nl nl;
	struct nl_msg *msg;
	const char *why;
	uint32_t id;
	int n, rc, err;

	n = parse_options("info", argc, argv, opts, info_usage, stdout, stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1) {
		burnctl_err("info", "expected one VM id (see 'burnctl info --help')");
		return EXIT_USAGE;
	}
	if (parse_vm_id(argv[0], &id, &why)) {
		burnctl_err("info", "invalid VM id '%s': %s", argv[0], why);
		return EXIT_USAGE;
	}
	rc = burnctl_open(&nl, "info");
	if (rc)
		return rc;
	msg = burn_nl_msg(&nl, BURNVMM_CMD_VM_INFO, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	burnctl_print_vm_header();
	err = burn_nl_request(&nl, msg, burnctl_print_vm, NULL);
	rc = err ? burnctl_report(&nl, "info", err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}
