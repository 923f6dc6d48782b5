// SPDX-License-Identifier: GPL-2.0
/*
 * bench-cr3.c - benchmark: a guest CR3 load (BURN_HC_SET_PGTABLE)
 * alternating between two page directories, each followed by one read
 * through a page the two map differently.  Both directories stay in the
 * module's cache of shadow roots, so after the first two loads every
 * load is a hit and the read needs no fill: what is left is the cost of
 * switching roots.  Native analog: the test guest's cr3_reload.
 * Report and counters: bench-guest.h.
 */
#include "bench-guest.h"
#include "pgtab.h"

static volatile u32 pd2[1024] __attribute__((aligned(4096)));
static volatile u32 pt2[1024] __attribute__((aligned(4096)));

int main(void)
{
	u32 flags = BURN_PG_ENABLE | BURN_PG_PSE, i, sum = 0;
	const u32 ops = bench_ops(8192u);
	u64 t0, t1;

	pt_hi[0] = PG_4M | PG_P | PG_RW;
	if (pg_enable())
		return 1;
	for (i = 0; i < 1024; i++)
		pd2[i] = pd[i];
	pd2[PG_HI >> 22] = (u32)pt2 | PG_P | PG_RW;
	pt2[0] = (PG_4M + PG_SIZE) | PG_P | PG_RW;
	/* Warm both roots so that every timed load is a cache hit. */
	if (hcall2(BURN_HC_SET_PGTABLE, (u32)pd2, flags) ||
	    hcall2(BURN_HC_SET_PGTABLE, (u32)pd, flags))
		return 2;
	sum += pg_read(PG_HI);
	t0 = rdtsc();
	for (i = 0; i < ops; i++) {
		hcall2(BURN_HC_SET_PGTABLE, (u32)((i & 1) ? pd : pd2), flags);
		sum += pg_read(PG_HI);
	}
	t1 = rdtsc();
	(void)sum;
	bench_report_and_park("cr3_switch", t1 - t0, ops);
}
