// SPDX-License-Identifier: GPL-2.0
/*
 * int80.c - int $0x80 (Linux's system call) has a DPL-3 gate: without an
 * upcall entry the VM ends naming it; it is never a host interrupt.
 */
#include "kguest.h"

int main(void)
{
	con_puts("int80: going\n");
	asm volatile("int $0x80");
	con_puts("int80: survived\n");
	return 99;
}
