// SPDX-License-Identifier: GPL-2.0
/* pgro.c - a write to a page the guest's tables map read-only. */
#include "pgtab.h"

static volatile u32 page[1024] __attribute__((aligned(4096)));

int main(void)
{
	pt_hi[0] = (u32)page | PG_P;
	pg_enable();
	con_puts("pgro: going\n");
	pg_write(PG_HI + 8, 1);
	return 0;
}
