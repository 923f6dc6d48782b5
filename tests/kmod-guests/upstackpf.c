// SPDX-License-Identifier: GPL-2.0
/*
 * upstackpf.c - an upcall stack the guest's page tables do not map: the
 * entry's first push is a #PF while the frame is busy; the VM ends.
 */
#include "pgtab.h"

int main(void)
{
	upcall_init();
	hcall3(BURN_HC_SET_UPCALL, (u32)kg_upcall_entry, 0x50000000,
	       (u32)&vcpu);
	pg_enable();
	con_puts("upstackpf: going\n");
	asm volatile("int3");
	con_puts("upstackpf: survived\n");
	return 99;
}
