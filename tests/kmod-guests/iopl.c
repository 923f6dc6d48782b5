// SPDX-License-Identifier: GPL-2.0
/* iopl.c - popf cannot raise IOPL at ring 1, so the cli after it is still a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("iopl: going\n");
	asm volatile("pushfl; orl $0x3000, (%%esp); popfl; cli" : : : "memory");
	con_puts("iopl: survived\n");
	return 99;
}
