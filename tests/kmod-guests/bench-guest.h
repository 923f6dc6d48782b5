/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench-guest.h - what every raw bench guest (bench-*.c) shares: the
 * timed loop's report and the park at the end.  bench/vm-bench runs
 * them in the test host VM; docs/performance.md explains the figures.
 *
 * Each guest times one loop of OPS operations with the TSC and then
 * prints a single line, in one console hypercall:
 *
 *	# bench NAME=CYCLES cycles ops=OPS total=TOTAL
 *
 * (CYCLES per operation, TOTAL for the whole loop), and parks: it spins
 * at ring 1 until the host stops it.  Parking instead of shutting down
 * keeps the VM, and with it the module's counters, alive until the
 * harness has read them.
 *
 * The same source built with -DBENCH_BASELINE runs no operation at all
 * (OPS is 0) but does every other thing the same way: set-up, the report
 * line, the park.  The harness subtracts the baseline's counters from
 * the real run's, so what is left, divided by OPS, is exactly what one
 * operation costs in exits and hypercalls, whatever the set-up did.
 */
#ifndef BENCH_GUEST_H
#define BENCH_GUEST_H

#include "kguest.h"

#ifdef BENCH_BASELINE
#define BENCH_SCALE 0u
#else
#define BENCH_SCALE 1u
#endif

/*
 * bench_ops - @n operations, or none in the baseline.  The empty asm
 * hides the constant from the compiler, which would otherwise warn
 * that the baseline's loops never run.
 */
static inline u32 bench_ops(u32 n)
{
	u32 scale = BENCH_SCALE;

	asm("" : "+r"(scale));
	return n * scale;
}

/*
 * div64 - *n /= d, returning the remainder, with two 32-bit divl: this
 * freestanding code has no libgcc for a 64-bit division.
 */
static inline u32 bench_div64(u64 *n, u32 d)
{
	u32 hi = (u32)(*n >> 32), lo = (u32)*n, qhi, qlo, rem;

	qhi = hi / d;
	hi %= d;
	asm("divl %4" : "=a"(qlo), "=d"(rem) : "a"(lo), "d"(hi), "rm"(d));
	*n = ((u64)qhi << 32) | qlo;
	return rem;
}

/* Append v in decimal at *p. */
static inline char *bench_put_u64(char *p, u64 v)
{
	char tmp[21];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + bench_div64(&v, 10));
	} while (v);
	while (i)
		*p++ = tmp[--i];
	return p;
}

static inline char *bench_put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/*
 * bench_report_and_park - the one report line (a single hypercall, the
 * same in the baseline), then spin until stopped.  Never returns.
 */
static inline __attribute__((noreturn)) void
bench_report_and_park(const char *name, u64 total, u32 ops)
{
	static char line[128];
	u64 per_op = total;
	char *p = line;

	if (ops)
		bench_div64(&per_op, ops);
	else
		per_op = 0;
	p = bench_put_str(p, "# bench ");
	p = bench_put_str(p, name);
	p = bench_put_str(p, "=");
	p = bench_put_u64(p, per_op);
	p = bench_put_str(p, " cycles ops=");
	p = bench_put_u64(p, ops);
	p = bench_put_str(p, " total=");
	p = bench_put_u64(p, total);
	p = bench_put_str(p, "\n");
	hcall2(BURN_HC_CONSOLE_WRITE, (u32)line, (u32)(p - line));
	for (;;)
		asm volatile("pause");
}

#endif /* BENCH_GUEST_H */
