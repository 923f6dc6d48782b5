// SPDX-License-Identifier: GPL-2.0
/* sel0.c - loading the host kernel data selector (DPL 0) is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("sel0: going\n");
	asm volatile("movw $0x18, %%ax; movw %%ax, %%ds" : : : "eax");
	con_puts("sel0: survived\n");
	return 99;
}
