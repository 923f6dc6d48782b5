// SPDX-License-Identifier: GPL-2.0
/* gp.c - cli at ring 1 with IOPL 0 is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("gp: going\n");
	asm volatile("cli");
	con_puts("gp: survived\n");
	return 99;
}
