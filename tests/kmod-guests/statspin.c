// SPDX-License-Identifier: GPL-2.0
/*
 * statspin.c - for the statistics tests (tests/selftests/stats.sh): make
 * a known number of null hypercalls, say so, and spin, so that the VM
 * stays alive for `burnctl stat` and debugfs to be read.  Only stop,
 * destroy or a signal end it.
 */
#include "kguest.h"

#define CALLS 1000

int main(void)
{
	u32 i, bad = 0;

	for (i = 0; i < CALLS; i++)
		bad |= hcall0(BURN_HC_NULL);
	con_puts(bad ? "statspin: FAIL\n" : "statspin: ready\n");
	for (;;)
		asm volatile("" ::: "memory");
}
