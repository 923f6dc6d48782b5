/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kguest.h - the tiny runtime of the raw ring-1 test guests: hypercalls
 * and console output.  These guests run under `burnctl start --no-ipvmm`
 * at ring 1 with paging off and flat segments (docs/hypercalls.md); each
 * one is a main() that returns its shutdown status.
 */
#ifndef KGUEST_H
#define KGUEST_H

#include "burnvmm/hypercall.h"

/* Set by start.S: the boot registers the host gave us. */
extern u32 boot_eax, boot_ebx, boot_esp;

static inline int hcall2(u32 nr, u32 a1, u32 a2)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(nr), "b"(a1), "c"(a2)
		     : "memory");
	return ret;
}

static inline int hcall0(u32 nr)
{
	return hcall2(nr, 0, 0);
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

int main(void);
void con_puts(const char *s);
void con_u32(u32 v);
void con_hex(u32 v);
u32 k_strlen(const char *s);

#endif /* KGUEST_H */
