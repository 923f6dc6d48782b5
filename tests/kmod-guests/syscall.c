// SPDX-License-Identifier: GPL-2.0
/* syscall.c - syscall (EFER.SCE is clear): #UD. */
#include "kguest.h"

int main(void)
{
	con_puts("syscall: going\n");
	asm volatile("syscall");
	con_puts("syscall: survived\n");
	return 99;
}
