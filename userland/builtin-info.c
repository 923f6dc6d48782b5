// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-info.c - `burnctl info ID`: one VM, in the format of list.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"

static const char *const info_usage[] = {
	"usage: burnctl info ID",
	"",
	"Show VM ID: guest memory, state, owner and age.",
	NULL
};

/* The reply: the one VM, under the header of `burnctl list`. */
static int print_one_vm(struct nlattr **tb, void *arg)
{
	burnctl_print_vm_header();
	return burnctl_print_vm(tb, arg);
}

int cmd_info(int argc, char **argv)
{
	uint32_t id;
	int rc = burnctl_vm_id_arg("info", argc, argv, info_usage, &id);

	if (rc >= 0)
		return rc;
	return burnctl_vm_command("info", BURNVMM_CMD_VM_INFO, id, print_one_vm);
}
