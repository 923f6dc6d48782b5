// SPDX-License-Identifier: GPL-2.0
/*
 * upinput.c - console input (burnctl start's standard input) and device
 * interrupts (`burnctl irq`) reach the guest as events: it idles with
 * irq_enabled set, takes the event upcalls, reads the console with
 * BURN_HC_CONSOLE_READ until a whole line has come, and waits for event
 * bits 8 and 31.  Prints "upinput: console 'LINE' irq BITS" and returns
 * 0, or 2 when 30 s (a 100 ms guard timer, 300 times) pass first.
 */
#include "kguest.h"

#define IRQS ((1u << 8) | (1u << 31))

int main(void)
{
	static char line[64];
	u32 len = 0, rounds = 0;
	int n;

	upcall_init();
	vcpu.irq_enabled = 1;
	con_puts("upinput: waiting\n");
	while ((events_seen & IRQS) != IRQS || !len || line[len - 1] != '\n') {
		if (++rounds > 300) {
			con_puts("upinput: gave up\n");
			return 2;
		}
		hcall2(BURN_HC_SET_TIMER, 100000000, 0);
		hcall0(BURN_HC_IDLE);
		n = hcall2(BURN_HC_CONSOLE_READ, (u32)line + len,
			   sizeof(line) - 1 - len);
		if (n > 0)
			len += n;
		if (n < 0 || len >= sizeof(line) - 1)
			return 3;
	}
	hcall2(BURN_HC_SET_TIMER, 0, 0);
	vcpu.irq_enabled = 0;
	line[len - 1] = 0;
	con_puts("upinput: console '");
	con_puts(line);
	con_puts("' irq ");
	con_hex(events_seen & ~((1u << BURN_EVENT_FIRST_IRQ) - 1));
	con_puts("\n");
	return 0;
}
