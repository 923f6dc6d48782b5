// SPDX-License-Identifier: GPL-2.0
/* int80.c - int $0x80 hits a DPL-0 gate: #GP with the IDT error code 0x402. */
#include "kguest.h"

int main(void)
{
	con_puts("int80: going\n");
	asm volatile("int $0x80");
	con_puts("int80: survived\n");
	return 99;
}
