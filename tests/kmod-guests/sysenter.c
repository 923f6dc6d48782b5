// SPDX-License-Identifier: GPL-2.0
/* sysenter.c - sysenter (SYSENTER_CS is 0): #GP, or #UD where the CPU has none in this mode. */
#include "kguest.h"

int main(void)
{
	con_puts("sysenter: going\n");
	asm volatile("sysenter");
	con_puts("sysenter: survived\n");
	return 99;
}
