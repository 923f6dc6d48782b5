// SPDX-License-Identifier: GPL-2.0
/*
 * irqwait.c - an event bit raised over netlink (`burnctl irq ID 20`) end
 * to end (tests/selftests/stats.sh): say that we wait, sleep in
 * BURN_HC_IDLE, print each set of pending bits it returns, and shut down
 * once bit 20 came.
 */
#include "kguest.h"

int main(void)
{
	u32 bits;

	con_puts("irqwait: waiting\n");
	for (;;) {
		bits = (u32)hcall0(BURN_HC_IDLE);
		if (!bits)
			continue;
		con_puts("irqwait: bits ");
		con_hex(bits);
		con_puts("\n");
		if (bits & (1u << 20))
			return 0;
	}
}
