// SPDX-License-Identifier: GPL-2.0
/* int2.c - int $2 cannot fake an NMI: #GP error 0x12. */
#include "kguest.h"

int main(void)
{
	con_puts("int2: going\n");
	asm volatile("int $2");
	con_puts("int2: survived\n");
	return 99;
}
