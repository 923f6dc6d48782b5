// SPDX-License-Identifier: GPL-2.0
/*
 * upbusy.c - an upcall entry that faults before it has released the
 * frame (frame_busy still set): the VM ends, naming the second fault.
 */
#include "kguest.h"

void busy_entry(void);
asm(".text\n"
    "busy_entry:\n\t"
    "ud2\n");

int main(void)
{
	static u32 stack[256];

	hcall3(BURN_HC_SET_UPCALL, (u32)busy_entry, (u32)(stack + 256),
	       (u32)&vcpu);
	con_puts("upbusy: going\n");
	asm volatile("int3");
	con_puts("upbusy: survived\n");
	return 99;
}
