// SPDX-License-Identifier: GPL-2.0
/*
 * flood.c - a console written one byte per hypercall, the pattern that
 * overran burnctl's netlink socket (tests/selftests/console_detach.sh):
 * lines "flood NNNNNNN" numbered from 1, FLOOD_LINES of them (4200
 * hypercalls, several times what burnctl's socket holds), then
 * "flood: done" and shutdown status 0.  An 'f' on the console input
 * makes it flood for ever instead, until it is stopped.  The host checks
 * that every line arrived once and in order.
 */
#include "kguest.h"

#define FLOOD_LINES	300
#define FLOOD_DIGITS	7

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

/* Was an 'f' typed since the last look? */
static int asked_forever(void)
{
	char buf[16];
	int n = hcall2(BURN_HC_CONSOLE_READ, (u32)buf, sizeof(buf));
	int i;

	for (i = 0; i < n; i++)
		if (buf[i] == 'f')
			return 1;
	return 0;
}

int main(void)
{
	int forever = 0;
	u32 n;

	for (n = 1; forever || n <= FLOOD_LINES; n++) {
		put_line(n);
		if (!forever)
			forever = asked_forever();
	}
	con_puts("flood: done\n");
	return 0;
}
