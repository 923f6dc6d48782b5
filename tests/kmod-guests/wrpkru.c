// SPDX-License-Identifier: GPL-2.0
/* wrpkru.c - wrpkru (CR4.PKE is clear in the guest world): #UD. */
#include "kguest.h"

int main(void)
{
	con_puts("wrpkru: going\n");
	asm volatile(".byte 0x0f, 0x01, 0xef" : : "a"(0), "c"(0), "d"(0));
	con_puts("wrpkru: survived\n");
	return 99;
}
