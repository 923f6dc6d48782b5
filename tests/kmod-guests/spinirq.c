// SPDX-License-Identifier: GPL-2.0
/*
 * spinirq.c - spins forever with irq_enabled = 0 and a timer event
 * pending that can never be delivered: only stop, destroy or Ctrl-C
 * end it.
 */
#include "kguest.h"

int main(void)
{
	upcall_init();
	vcpu.irq_enabled = 0;
	hcall2(BURN_HC_SET_TIMER, 1000000, 0);
	con_puts("spinirq: spinning\n");
	for (;;)
		asm volatile("" ::: "memory");
}
