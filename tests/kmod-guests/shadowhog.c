// SPDX-License-Identifier: GPL-2.0
/*
 * shadowhog.c - a guest that makes the host allocate shadow page tables
 * (tests/selftests/memcg.sh): after one byte of console input (so the
 * test can first set its memory cgroup's limit), alias the first 4 MiB
 * of RAM at every 4 MiB page of linear 1..3 GiB (512 PSE page directory
 * entries) and touch each 2 MiB of it: 1024 addresses whose shadows need
 * a host page table each, 4 MiB of host memory.  Then print how many it
 * touched and shut down with 0.  Charged to the VM creator's cgroup, a
 * limit below that ends the VM instead ("host out of memory for shadow
 * page tables").
 */
#include "pgtab.h"

#define HOG_FIRST_PDE 256u /* linear 1 GiB */
#define HOG_PDES 512u /* ... to 3 GiB */
#define HOG_STEP 0x200000u /* one shadow table covers 2 MiB */

int main(void)
{
	char c;
	u32 i, va, n = 0;

	if (pg_enable())
		return 2;
	con_puts("shadowhog: waiting for a key\n");
	while (hcall2(BURN_HC_CONSOLE_READ, (u32)&c, 1) <= 0)
		hcall0(BURN_HC_IDLE);
	for (i = 0; i < HOG_PDES; i++)
		pd[HOG_FIRST_PDE + i] = 0 | PG_P | PG_RW | PG_PS;
	hcall1(BURN_HC_FLUSH_TLB, BURN_FLUSH_ALL);
	for (va = HOG_FIRST_PDE << 22; va < (HOG_FIRST_PDE + HOG_PDES) << 22;
	     va += HOG_STEP) {
		(void)pg_read(va);
		n++;
	}
	con_puts("shadowhog: touched ");
	con_u32(n);
	con_puts(" regions\n");
	return 0;
}
