// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-stop.c - `burnctl stop ID`: stop a running guest.  Its
 * `burnctl start` is told, prints the reason and exits.
 */
#include <stdio.h>
#include "burnctl.h"
#include "common.h"

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
	uint32_t id;
	int rc = burnctl_vm_id_arg("stop", argc, argv, stop_usage, &id);

	if (rc >= 0)
		return rc;
	return burnctl_vm_command("stop", BURNVMM_CMD_VCPU_STOP, id, NULL);
}
