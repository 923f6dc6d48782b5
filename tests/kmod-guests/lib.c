// SPDX-License-Identifier: GPL-2.0
/* lib.c - console output for the raw ring-1 test guests (kguest.h). */
#include "kguest.h"

u32 k_strlen(const char *s)
{
	u32 n = 0;

	while (s[n])
		n++;
	return n;
}

void con_puts(const char *s)
{
	hcall2(BURN_HC_CONSOLE_WRITE, (u32)s, k_strlen(s));
}

void con_u32(u32 v)
{
	char buf[11];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	con_puts(buf + i);
}

void con_hex(u32 v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[11] = "0x";
	int i;

	for (i = 0; i < 8; i++)
		buf[2 + i] = digits[(v >> (28 - 4 * i)) & 15];
	buf[10] = 0;
	con_puts(buf);
}
