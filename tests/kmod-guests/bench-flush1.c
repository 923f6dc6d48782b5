// SPDX-License-Identifier: GPL-2.0
/*
 * bench-flush1.c - benchmark: BURN_HC_FLUSH_TLB of one address, what a
 * guest's invlpg becomes, followed by one read through that address,
 * which must refill the dropped shadow entry.  One operation is the
 * flush and the refill: one hypercall and one fill exit.  Native
 * analog: the test guest's invlpg (without the refill).  Report and
 * counters: bench-guest.h.
 */
#include "bench-guest.h"
#include "pgtab.h"

int main(void)
{
	u32 i, sum = 0;
	const u32 ops = bench_ops(8192u);
	u64 t0, t1;

	pt_hi[0] = PG_4M | PG_P | PG_RW;
	if (pg_enable())
		return 1;
	sum += pg_read(PG_HI);
	t0 = rdtsc();
	for (i = 0; i < ops; i++) {
		hcall2(BURN_HC_FLUSH_TLB, BURN_FLUSH_ONE, PG_HI);
		sum += pg_read(PG_HI);
	}
	t1 = rdtsc();
	(void)sum;
	bench_report_and_park("flush_one", t1 - t0, ops);
}
