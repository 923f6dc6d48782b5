// SPDX-License-Identifier: GPL-2.0
/* pgbadpt.c - a hostile PDE naming a page table beyond RAM. */
#include "pgtab.h"

int main(void)
{
	pg_enable();
	pd[PG_HI >> 22] = 0x20000000 | PG_P | PG_RW;
	con_puts("pgbadpt: going\n");
	return pg_read(PG_HI);
}
