// SPDX-License-Identifier: GPL-2.0
/*
 * ring3.c - ring-3 programs of the test guest, in C.
 *
 * These run as user tasks through user_run() and talk to the kernel only
 * through `int $0x80`.  They are compiled with the plain compiler, not
 * the Afterburner: user code of a real OS is never rewritten, and the
 * build checks that this object references no kernel symbol.  Keep them
 * free of library calls (gcc may emit memcpy/memset for big copies).
 */
#include "abi.h"
#include "ring3.h"

#define USER_REGION	0x40000000u
#define PAGE_WORDS	1024u

static inline u32 sys5(u32 nr, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	u32 ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
		     : "memory");
	return ret;
}

static inline u32 sys2(u32 nr, u32 a, u32 b)
{
	return sys5(nr, a, b, 0, 0, 0);
}

/* SYS_SUM weights each argument differently, so swaps are caught. */
u32 r3_sum(u32 arg)
{
	return sys5(SYS_SUM, arg + 1, arg + 2, arg + 3, arg + 4, arg + 5);
}

/*
 * Touch npages fresh pages of the demand-paged region: each must read as
 * zero first, then hold what was written.  Returns the number of words
 * that were wrong; reports the first wrong address in slot 0.
 */
u32 r3_demand(u32 npages)
{
	u32 i, bad = 0;

	for (i = 0; i < npages; i++) {
		volatile u32 *p = (volatile u32 *)(USER_REGION + i * 4096);
		u32 w = (i * 37) % PAGE_WORDS;

		if (p[w] != 0 || p[PAGE_WORDS - 1] != 0) {
			if (!bad)
				sys2(SYS_REPORT, 0, (u32)&p[w]);
			bad++;
		}
		p[w] = 0xd0000000 | i;
		if (p[w] != (0xd0000000 | i))
			bad++;
	}
	return bad;
}

/* arg = page << 24 | value: fill one word per page, for COW tests. */
u32 r3_fill(u32 arg)
{
	volatile u32 *p = (volatile u32 *)(USER_REGION + (arg >> 24) * 4096);

	p[0] = arg & 0xffffff;
	return p[0];
}

/* Report the first word of each page in slots 0..npages-1. */
u32 r3_checksum(u32 npages)
{
	u32 i, sum = 0;

	for (i = 0; i < npages; i++) {
		u32 v = *(volatile u32 *)(USER_REGION + i * 4096);

		sys2(SYS_REPORT, i, v);
		sum += v;
	}
	return sum;
}

u32 r3_null_loop(u32 n)
{
	u32 i, errors = 0;

	for (i = 0; i < n; i++)
		if (sys5(SYS_NULL, 0, 0, 0, 0, 0) != 0)
			errors++;
	return errors;
}

/* Write one word to each of npages pages (demand-zero benchmark). */
u32 r3_touch(u32 npages)
{
	u32 i;

	for (i = 0; i < npages; i++)
		*(volatile u32 *)(USER_REGION + i * 4096) = i;
	return npages;
}

u32 r3_flags(u32 arg)
{
	u32 flags;

	(void)arg;
	asm volatile("pushfl; popl %0" : "=r"(flags));
	return flags;
}

/*
 * popf at ring 3 with IOPL 0 must silently leave IF alone: the classic
 * reason pushf/popf cannot be trapped and must be annotated in a kernel.
 */
u32 r3_popf_cli(u32 arg)
{
	u32 before, after;

	(void)arg;
	asm volatile("pushfl\n\t"
		     "popl %0\n\t"
		     "movl %0, %1\n\t"
		     "andl $~0x200, %1\n\t"
		     "pushl %1\n\t"
		     "popfl\n\t"
		     "pushfl\n\t"
		     "popl %1"
		     : "=&r"(before), "=&r"(after) : : "cc");
	return after;
}

/* CS and SS in the low and high halves: what ring 3 reads natively. */
u32 r3_segments(u32 arg)
{
	u32 cs, ss;

	(void)arg;
	asm volatile("movl %%cs, %0; movl %%ss, %1" : "=r"(cs), "=r"(ss));
	return (cs & 0xffff) | (ss << 16);
}

/* The TSS I/O bitmap grants ring 3 the COM1 scratch register only. */
u32 r3_scratch(u32 value)
{
	u8 v;

	asm volatile("outb %b0, %w1" : : "a"((u8)value), "Nd"(0x3ff));
	asm volatile("inb %w1, %b0" : "=a"(v) : "Nd"(0x3ff));
	return v;
}

/* Written by the kernel's timer handler; ring 3 can read it. */
volatile u32 r3_ticks;

/* Spin at ring 3 until the timer handler has counted arg more ticks. */
u32 r3_wait_ticks(u32 arg)
{
	u32 start = r3_ticks, spins = 0;

	while (r3_ticks - start < arg && spins < 0x10000000)
		spins++;
	return r3_ticks - start;
}
