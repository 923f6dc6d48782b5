// SPDX-License-Identifier: GPL-2.0
/*
 * timerload.c - a 1 ms timer, re-armed by the upcall handler, while the
 * guest spins: the load under which kmod_guests.sh reads `burnctl stat`
 * twice to count exits per second.  It prints "timerload: running",
 * spins until `burnctl irq ID 8` (or, as a bound, 4000 timer events),
 * and prints "timerload: N timer events".
 */
#include "kguest.h"

int main(void)
{
	u32 n0;

	upcall_init();
	con_puts("timerload: running\n");
	timer_rearm_ns = 1000000;
	hcall2(BURN_HC_SET_TIMER, 1000000, 0);
	vcpu.irq_enabled = 1;
	n0 = timer_count;
	while (!(events_seen & (1u << 8)) && timer_count - n0 < 4000)
		asm volatile("" ::: "memory");
	vcpu.irq_enabled = 0;
	timer_rearm_ns = 0;
	hcall2(BURN_HC_SET_TIMER, 0, 0);
	con_puts("timerload: ");
	con_u32(timer_count - n0);
	con_puts(" timer events\n");
	return events_seen & (1u << 8) ? 0 : 2;
}
