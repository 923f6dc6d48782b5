// SPDX-License-Identifier: GPL-2.0
/* pgmmio.c - a hostile PTE naming a frame beyond RAM (256 MiB). */
#include "pgtab.h"

int main(void)
{
	pt_hi[0] = 0x10000000 | PG_P | PG_RW;
	pg_enable();
	con_puts("pgmmio: going\n");
	return pg_read(PG_HI);
}
