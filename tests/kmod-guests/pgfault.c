// SPDX-License-Identifier: GPL-2.0
/* pgfault.c - a read of an address the guest's tables do not map. */
#include "pgtab.h"

int main(void)
{
	pg_enable();
	con_puts("pgfault: going\n");
	return pg_read(0x50000000);
}
