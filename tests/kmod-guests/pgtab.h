/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pgtab.h - guest paging for the raw ring-1 test guests: a page
 * directory that identity-maps the 8 MiB of RAM with two 4 MiB pages, a
 * page table for linear 0x40000000 (PDE 256) to remap pages with, and
 * BURN_HC_SET_PGTABLE / BURN_HC_FLUSH_TLB.  The tables are volatile
 * (the compiler must not drop or reorder a store the MMU reads) and in
 * .bss, so their linear address is their guest-physical one.
 */
#ifndef PGTAB_H
#define PGTAB_H

#include "kguest.h"

#define PG_P	0x001u	/* present */
#define PG_RW	0x002u	/* writable */
#define PG_A	0x020u	/* accessed */
#define PG_D	0x040u	/* dirty */
#define PG_PS	0x080u	/* 4 MiB page */
#define PG_G	0x100u	/* global */
#define PG_4M	0x400000u
#define PG_HI	0x40000000u	/* the linear address pt_hi maps */
#define PG_SIZE	4096u

static volatile u32 pd[1024] __attribute__((aligned(4096)));
static volatile u32 pt_hi[1024] __attribute__((aligned(4096)));

/* Identity 0-8 MiB (4 MiB pages), pt_hi at PG_HI, paging on. */
static inline int pg_enable(void)
{
	pd[0] = 0 | PG_P | PG_RW | PG_PS;
	pd[1] = PG_4M | PG_P | PG_RW | PG_PS;
	pd[PG_HI >> 22] = (u32)pt_hi | PG_P | PG_RW;
	return hcall2(BURN_HC_SET_PGTABLE, (u32)pd,
		      BURN_PG_ENABLE | BURN_PG_PSE);
}

/*
 * Accesses through a mapping: the compiler barrier makes sure every
 * page-table store before it has happened (the compiler cannot know the
 * access depends on them).
 */
static inline u32 pg_read(u32 va)
{
	asm volatile("" : : : "memory");
	return *(volatile u32 *)va;
}

static inline void pg_write(u32 va, u32 val)
{
	asm volatile("" : : : "memory");
	*(volatile u32 *)va = val;
}

#endif /* PGTAB_H */
