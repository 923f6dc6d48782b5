// SPDX-License-Identifier: GPL-2.0
/*
 * nullhc.c - the null hypercall's round trip, in TSC cycles, over many
 * calls; prints "nullhc: N calls, C cycles per round trip" and fails if
 * any call returns non-zero.
 */
#include "kguest.h"

#define CALLS_SHIFT 14
#define CALLS (1u << CALLS_SHIFT)

int main(void)
{
	u32 i, bad = 0;
	u64 t0, t1;

	t0 = rdtsc();
	for (i = 0; i < CALLS; i++)
		bad |= hcall0(BURN_HC_NULL);
	t1 = rdtsc();
	con_puts("nullhc: ");
	con_u32(CALLS);
	con_puts(" calls, ");
	con_u32((u32)((t1 - t0) >> CALLS_SHIFT));
	con_puts(" cycles per round trip\n");
	return bad ? 1 : 0;
}
