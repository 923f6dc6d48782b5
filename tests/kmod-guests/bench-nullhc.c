// SPDX-License-Identifier: GPL-2.0
/*
 * bench-nullhc.c - benchmark: the null hypercall's round trip (ring 1
 * `int $0x82` into burnvmm.ko, BURN_HC_NULL, back), the floor under
 * every hypercall.  Report and counters: bench-guest.h.
 */
#include "bench-guest.h"

int main(void)
{
	u32 i, bad = 0;
	const u32 ops = bench_ops(16384u);
	u64 t0, t1;

	t0 = rdtsc();
	for (i = 0; i < ops; i++)
		bad |= hcall0(BURN_HC_NULL);
	t1 = rdtsc();
	if (bad)
		return 1;
	bench_report_and_park("hc_null", t1 - t0, ops);
}
