// SPDX-License-Identifier: GPL-2.0
/*
 * events-stub.c - TEMPORARY STAND-IN for kmod/events.c, which is being
 * written on main.  It lets the stats branch build and test
 * BURNVMM_CMD_VM_EVENT's netlink side before the real functions land.
 * DELETE THIS FILE (and its line in Kbuild) when `git merge main` brings
 * kmod/events.c.
 *
 * The stand-ins check what the real ones check and accept everything
 * else without effect: console input is swallowed whole.
 */
#include "burnvmm.h"
#include "burnvmm/vcpu.h"

int burn_vcpu_raise_event(struct burn_vm *vm, unsigned int bit)
{
	if (bit < BURN_EVENT_FIRST_IRQ || bit > BURN_EVENT_LAST)
		return -EINVAL;
	return 0;
}

int burn_vcpu_console_input(struct burn_vm *vm, const u8 *data, u32 len)
{
	return len;
}
