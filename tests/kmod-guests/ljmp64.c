// SPDX-License-Identifier: GPL-2.0
/* ljmp64.c - a far jump to the host's 64-bit kernel code segment is a #GP. */
#include "kguest.h"

int main(void)
{
	con_puts("ljmp64: going\n");
	asm volatile("ljmp $0x10, $0");
	con_puts("ljmp64: survived\n");
	return 99;
}
