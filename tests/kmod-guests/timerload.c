// SPDX-License-Identifier: GPL-2.0
/*
 * timerload.c - a 1 ms timer, re-armed by the upcall handler, while the
 * guest spins for 3 s of TSC time (or 1500 timer events when the host
 * does not know tsc_khz): the load under which kmod_guests.sh reads
 * `burnctl stat` twice to count exits per second.  Prints
 * "timerload: running" first and "timerload: N timer events" last.
 */
#include "kguest.h"

int main(void)
{
	u32 i, n0;

	upcall_init();
	con_puts("timerload: running\n");
	timer_rearm_ns = 1000000;
	hcall2(BURN_HC_SET_TIMER, 1000000, 0);
	vcpu.irq_enabled = 1;
	n0 = timer_count;
	if (vcpu.tsc_khz)
		for (i = 0; i < 6; i++)	/* 500 ms at a time: no overflow */
			spin_ms(500);
	else
		while (timer_count - n0 < 1500)
			asm volatile("" ::: "memory");
	vcpu.irq_enabled = 0;
	timer_rearm_ns = 0;
	hcall2(BURN_HC_SET_TIMER, 0, 0);
	con_puts("timerload: ");
	con_u32(timer_count - n0);
	con_puts(" timer events\n");
	return 0;
}
