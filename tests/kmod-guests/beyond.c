// SPDX-License-Identifier: GPL-2.0
/* beyond.c - touching memory past the end of RAM ends the VM. */
#include "kguest.h"

int main(void)
{
	volatile u32 *past = (volatile u32 *)(boot_esp + 0x1000);

	con_puts("beyond: going\n");
	return *past;
}
