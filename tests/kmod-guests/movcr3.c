// SPDX-License-Identifier: GPL-2.0
/* movcr3.c - mov to CR3 at ring 1 is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("movcr3: going\n");
	asm volatile("movl %%eax, %%cr3" : : "a"(0));
	con_puts("movcr3: survived\n");
	return 99;
}
