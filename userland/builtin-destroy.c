// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-destroy.c - `burnctl destroy ID`: end a VM now.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const destroy_usage[] = {
	"usage: burnctl destroy ID",
	"",
	"Destroy VM ID and free its memory.  Needs CAP_NET_ADMIN, and the",
	"uid that created the VM or CAP_SYS_ADMIN.  The burnctl holding the",
	"VM is told and exits.",
	NULL
};

/* Shared with create, which destroys its own VM on Ctrl-C. */
int burnctl_destroy_vm(struct burn_nl *nl, uint32_t id)
{
	struct nl_msg *msg = burn_nl_msg(nl, BURNVMM_CMD_VM_DESTROY, false);

	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	return burn_nl_request(nl, msg, NULL, NULL);
}

int cmd_destroy(int argc, char **argv)
{
	static const struct option opts[] = { OPT_TERMINATOR };
	struct burn_nl nl;
	const char *why;
	uint32_t id;
	int n, rc, err;

	n = parse_options("destroy", argc, argv, opts, destroy_usage, stdout,
			  stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1) {
		burnctl_err("destroy", "expected one VM id (see 'burnctl destroy --help')");
		return EXIT_USAGE;
	}
	if (parse_vm_id(argv[0], &id, &why)) {
		burnctl_err("destroy", "invalid VM id '%s': %s", argv[0], why);
		return EXIT_USAGE;
	}
	rc = burnctl_open(&nl, "destroy");
	if (rc)
		return rc;
	err = burnctl_destroy_vm(&nl, id);
	rc = err ? burnctl_report(&nl, "destroy", err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}
