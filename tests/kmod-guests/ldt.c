// SPDX-License-Identifier: GPL-2.0
/* ldt.c - an LDT selector: there is no LDT, #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("ldt: going\n");
	asm volatile("movw $0x4, %%ax; movw %%ax, %%fs" : : : "eax");
	con_puts("ldt: survived\n");
	return 99;
}
