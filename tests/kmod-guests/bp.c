// SPDX-License-Identifier: GPL-2.0
/* bp.c - int3 ends the VM with #BP (the gate is DPL 3, as on hardware). */
#include "kguest.h"

int main(void)
{
	con_puts("bp: going\n");
	asm volatile("int3");
	con_puts("bp: survived\n");
	return 99;
}
