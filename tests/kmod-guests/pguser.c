// SPDX-License-Identifier: GPL-2.0
/*
 * pguser.c - U/S from guest ring 3: drop to ring 3, read and write a
 * user page (fine), then read a supervisor page: a guest #PF with error
 * 0x5 (present, user).
 */
#include "pgtab.h"

#define PG_US	0x004u	/* user-accessible */

static volatile u32 kpage[1024] __attribute__((aligned(4096)));
static volatile u32 upage[1024] __attribute__((aligned(4096)));

int main(void)
{
	pt_hi[0] = (u32)kpage | PG_P | PG_RW;
	pt_hi[1] = (u32)upage | PG_P | PG_RW | PG_US;
	pg_enable();
	/* Ring 3 runs this very code, on this stack: both must be user. */
	pd[0] |= PG_US;
	pd[1] |= PG_US;
	pd[PG_HI >> 22] |= PG_US;
	hcall2(BURN_HC_FLUSH_TLB, BURN_FLUSH_ALL, 0);
	con_puts("pguser: going\n");
	asm volatile("pushl %0\n\t"		/* SS */
		     "pushl %%esp\n\t"
		     "addl $4, (%%esp)\n\t"	/* ESP as before the push */
		     "pushl %1\n\t"		/* CS */
		     "pushl $1f\n\t"
		     "lret\n"
		     "1:\tmovl %0, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"	/* ring-1 DS was nulled */
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %3\n\t"	/* user write: fine */
		     "movl %4, %%eax\n\t"	/* supervisor read: #PF */
		     : : "i"(BURN_SEL_RING3_DS), "i"(BURN_SEL_RING3_CS),
		       "i"(0x600d), "m"(*(u32 *)(PG_HI + PG_SIZE)),
		       "m"(*(u32 *)PG_HI)
		     : "eax", "memory");
	return 99;
}
