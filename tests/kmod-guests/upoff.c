// SPDX-License-Identifier: GPL-2.0
/*
 * upoff.c - SET_UPCALL with entry 0 unregisters: an exception ends the
 * VM again, as without upcalls.
 */
#include "kguest.h"

int main(void)
{
	if (upcall_init() || hcall3(BURN_HC_SET_UPCALL, 0, 0, 0)) {
		con_puts("upoff: SET_UPCALL failed\n");
		return 1;
	}
	con_puts("upoff: going\n");
	asm volatile("ud2");
	con_puts("upoff: survived\n");
	return 99;
}
