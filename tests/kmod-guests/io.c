// SPDX-License-Identifier: GPL-2.0
/* io.c - out at ring 1 with IOPL 0 and no I/O bitmap is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("io: going\n");
	asm volatile("outb %%al, $0x80" : : "a"(0));
	con_puts("io: survived\n");
	return 99;
}
