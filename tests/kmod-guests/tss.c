// SPDX-License-Identifier: GPL-2.0
/* tss.c - loading the TSS descriptor as data is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("tss: going\n");
	asm volatile("movw $0x50, %%ax; movw %%ax, %%es" : : : "eax");
	con_puts("tss: survived\n");
	return 99;
}
