// SPDX-License-Identifier: GPL-2.0
/* lidt.c - lidt at ring 1 is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("lidt: going\n");
	asm volatile("lidt (%%eax)" : : "a"(0));
	con_puts("lidt: survived\n");
	return 99;
}
