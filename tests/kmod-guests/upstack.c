// SPDX-License-Identifier: GPL-2.0
/*
 * upstack.c - an upcall stack beyond RAM (paging off): the entry's first
 * push cannot land, and the VM ends with that reason.
 */
#include "kguest.h"

int main(void)
{
	upcall_init();
	hcall3(BURN_HC_SET_UPCALL, (u32)kg_upcall_entry, 0x10000000,
	       (u32)&vcpu);
	con_puts("upstack: going\n");
	asm volatile("int3");
	con_puts("upstack: survived\n");
	return 99;
}
