// SPDX-License-Identifier: GPL-2.0
/*
 * flood.c - a console written one byte per hypercall, the pattern that
 * overran burnctl's netlink socket (tests/selftests/console_detach.sh).
 * It says "flood: waiting" and sleeps in BURN_HC_IDLE until the host
 * raises an event bit (`burnctl irq ID BIT`), so that the host can stop
 * burnctl first however fast the flood would be: bit 20 writes lines
 * "flood NNNNNNN" numbered from 1, FLOOD_LINES of them (4200 hypercalls,
 * several times what burnctl's socket holds), then "flood: done" and
 * shuts down with 0; bit 21 writes lines for ever, until it is stopped.
 * The host checks that every line arrived once and in order.
 */
#include "kguest.h"

#define FLOOD_LINES	300
#define FLOOD_DIGITS	7
#define FLOOD_GO	(1u << 20)
#define FLOOD_FOREVER	(1u << 21)

static void put_byte(char c)
{
	hcall2(BURN_HC_CONSOLE_WRITE, (u32)&c, 1);
}

static void put_line(u32 n)
{
	static const char prefix[] = "flood ";
	char digits[FLOOD_DIGITS];
	int i;

	for (i = FLOOD_DIGITS - 1; i >= 0; i--, n /= 10)
		digits[i] = (char)('0' + n % 10);
	for (i = 0; prefix[i]; i++)
		put_byte(prefix[i]);
	for (i = 0; i < FLOOD_DIGITS; i++)
		put_byte(digits[i]);
	put_byte('\n');
}

/* Sleep until bit 20 or 21 comes; the pending bits seen. */
static u32 wait_for_go(void)
{
	u32 bits = 0;
	int got;

	while (!(bits & (FLOOD_GO | FLOOD_FOREVER))) {
		got = hcall0(BURN_HC_IDLE);
		if (got > 0)
			bits |= (u32)got;
	}
	return bits;
}

int main(void)
{
	int forever;
	u32 n;

	con_puts("flood: waiting\n");
	forever = (wait_for_go() & FLOOD_FOREVER) != 0;
	for (n = 1; forever || n <= FLOOD_LINES; n++)
		put_line(n);
	con_puts("flood: done\n");
	return 0;
}
