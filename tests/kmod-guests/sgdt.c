// SPDX-License-Identifier: GPL-2.0
/*
 * sgdt.c - with UMIP, sgdt at ring 1 is a #GP, so the guest never sees
 * where the guest-world GDT is.  Without UMIP it succeeds; the guest
 * then shuts down with status 3 and the selftest expects that.
 */
#include "kguest.h"

int main(void)
{
	u8 gdtr[6];

	con_puts("sgdt: going\n");
	asm volatile("sgdt %0" : "=m"(gdtr));
	con_puts("sgdt: no UMIP\n");
	return 3;
}
