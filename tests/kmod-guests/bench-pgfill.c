// SPDX-License-Identifier: GPL-2.0
/*
 * bench-pgfill.c - benchmark: a shadow fill.  With guest paging on, 256
 * pages of a page table are mapped; each round flushes the TLB
 * (BURN_FLUSH_ALL drops the active shadow root's non-global entries)
 * and then reads one word of every page, so each read takes a #PF exit
 * in which the module walks the guest's tables and fills the shadow
 * entry.  One operation is one page read after the flush: about one
 * exit, and 1/256 of the flush hypercall.  Report and counters:
 * bench-guest.h.
 */
#include "bench-guest.h"
#include "pgtab.h"

#define PAGES 256u

int main(void)
{
	u32 i, r, sum = 0;
	const u32 rounds = bench_ops(32);
	u64 t0, t1;

	/* Frames 4 MiB + i * 4 KiB: inside the 8 MiB VM, above this image. */
	for (i = 0; i < PAGES; i++)
		pt_hi[i] = (PG_4M + i * PG_SIZE) | PG_P | PG_RW;
	if (pg_enable())
		return 1;
	t0 = rdtsc();
	for (r = 0; r < rounds; r++) {
		if (hcall2(BURN_HC_FLUSH_TLB, BURN_FLUSH_ALL, 0))
			return 2;
		for (i = 0; i < PAGES; i++)
			sum += pg_read(PG_HI + i * PG_SIZE);
	}
	t1 = rdtsc();
	(void)sum;
	bench_report_and_park("shadow_fill", t1 - t0, rounds * PAGES);
}
