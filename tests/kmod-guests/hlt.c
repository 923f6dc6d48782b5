// SPDX-License-Identifier: GPL-2.0
/* hlt.c - hlt at ring 1 is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("hlt: going\n");
	asm volatile("hlt");
	con_puts("hlt: survived\n");
	return 99;
}
