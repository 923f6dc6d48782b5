// SPDX-License-Identifier: GPL-2.0
/* upentry.c - an upcall entry beyond RAM: the VM ends at the upcall. */
#include "kguest.h"

int main(void)
{
	static u32 stack[256];

	hcall3(BURN_HC_SET_UPCALL, 0x20000000, (u32)(stack + 256),
	       (u32)&vcpu);
	con_puts("upentry: going\n");
	asm volatile("int3");
	con_puts("upentry: survived\n");
	return 99;
}
