// SPDX-License-Identifier: GPL-2.0
/*
 * idlestop.c - BURN_HC_IDLE with no timer and no event: it sleeps until
 * the VM is stopped.  Returning would be wrong (nothing is pending).
 */
#include "kguest.h"

int main(void)
{
	int ret;

	upcall_init();
	vcpu.irq_enabled = 0;
	con_puts("idlestop: sleeping\n");
	ret = hcall0(BURN_HC_IDLE);
	con_puts("idlestop: IDLE returned ");
	con_hex((u32)ret);
	con_puts("\n");
	return 99;
}
