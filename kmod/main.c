// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - burnvmm.ko's entry and exit: module parameters, and the ordered
 * start-up sequence with its mirror-image tear-down.
 *
 * burnvmm runs pre-virtualized ("afterburnt") 32-bit x86 guest kernels at
 * ring 1 without hardware virtualization.  This file only wires the parts
 * together; docs/design.md describes the whole, and burnvmm.h lists which
 * file does what.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include "burnvmm.h"

/*
 * Limits.  Kconfig sets the ceiling at build time; the parameters may only
 * lower it at load time (a raise is clamped with a warning), so a distro
 * build's ceiling is a promise the administrator cannot break by accident.
 * Read-only once loaded: the registry relies on them not changing.
 */
unsigned int burn_max_mem_mb = CONFIG_BURNVMM_MAX_GUEST_MEM_MB;
module_param_named(max_mem_mb, burn_max_mem_mb, uint, 0444);
MODULE_PARM_DESC(max_mem_mb, "Largest guest RAM per VM, in MiB (at most "
		 __stringify(CONFIG_BURNVMM_MAX_GUEST_MEM_MB) ")");

unsigned int burn_max_vms = CONFIG_BURNVMM_MAX_VMS;
module_param_named(max_vms, burn_max_vms, uint, 0444);
MODULE_PARM_DESC(max_vms, "Most VMs at once (at most "
		 __stringify(CONFIG_BURNVMM_MAX_VMS) ")");

static void burn_clamp_param(const char *name, unsigned int *val,
			     unsigned int ceiling)
{
	if (*val > ceiling) {
		pr_warn("burnvmm: %s=%u exceeds the built-in limit %u; using %u\n",
			name, *val, ceiling, ceiling);
		*val = ceiling;
	}
}

static int __init burn_init(void)
{
	int err;

	burn_clamp_param("max_mem_mb", &burn_max_mem_mb,
			 CONFIG_BURNVMM_MAX_GUEST_MEM_MB);
	burn_clamp_param("max_vms", &burn_max_vms, CONFIG_BURNVMM_MAX_VMS);
	if (!burn_max_mem_mb || !burn_max_vms) {
		pr_err("burnvmm: max_mem_mb and max_vms must be at least 1\n");
		return -EINVAL;
	}

	err = burn_vm_registry_init();
	if (err)
		return err;
	/* Before netlink: a VM created through it gets its directory. */
	burn_debugfs_init();
	err = burn_netlink_init();
	if (err)
		goto fini_debugfs;

	pr_info("burnvmm: version %s loaded (ABI %d, max_mem_mb=%u, max_vms=%u)\n",
		BURN_MODULE_VERSION, BURNVMM_GENL_VERSION, burn_max_mem_mb,
		burn_max_vms);
	return 0;

fini_debugfs:
	burn_debugfs_fini();
	burn_vm_registry_fini();
	return err;
}

/*
 * Tear-down, the mirror of burn_init().  VMs are ended first, while the
 * netlink family can still tell their owners why; then the family goes
 * (waiting for running handlers), then debugfs, now empty; then the
 * registry checks that nothing leaked.
 */
static void __exit burn_exit(void)
{
	burn_vm_destroy_all("burnvmm module unloaded");
	burn_netlink_fini();
	burn_debugfs_fini();
	burn_vm_registry_fini();
	pr_info("burnvmm: unloaded\n");
}

module_init(burn_init);
module_exit(burn_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The burnvmm developers");
MODULE_DESCRIPTION("Virtual machine monitor for pre-virtualized 32-bit x86 guests");
MODULE_VERSION(BURN_MODULE_VERSION);
MODULE_ALIAS_GENL_FAMILY(BURNVMM_GENL_NAME);
