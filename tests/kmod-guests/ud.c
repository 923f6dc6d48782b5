// SPDX-License-Identifier: GPL-2.0
/* ud.c - ud2 ends the VM with #UD. */
#include "kguest.h"

int main(void)
{
	con_puts("ud: going\n");
	asm volatile("ud2");
	con_puts("ud: survived\n");
	return 99;
}
