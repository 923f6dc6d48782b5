// SPDX-License-Identifier: GPL-2.0
/* int20.c - int $0x20, a host device vector: #GP error 0x102. */
#include "kguest.h"

int main(void)
{
	con_puts("int20: going\n");
	asm volatile("int $0x20");
	con_puts("int20: survived\n");
	return 99;
}
