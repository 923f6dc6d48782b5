// SPDX-License-Identifier: GPL-2.0
/* de.c - a division by zero ends the VM with #DE. */
#include "kguest.h"

int main(void)
{
	volatile u32 zero = 0;

	con_puts("de: going\n");
	return 1000 / zero;
}
