// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-destroy.c - `burnctl destroy ID`: end a VM now.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"

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
	uint32_t id;
	int rc = burnctl_vm_id_arg("destroy", argc, argv, destroy_usage, &id);

	if (rc >= 0)
		return rc;
	return burnctl_vm_command("destroy", BURNVMM_CMD_VM_DESTROY, id, NULL);
}
