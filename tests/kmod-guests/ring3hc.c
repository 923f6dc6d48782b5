// SPDX-License-Identifier: GPL-2.0
/*
 * ring3hc.c - drop to ring 3 (flat ring-3 segments, same stack) and try
 * a hypercall there: the gate is DPL 1, so it is a #GP (0x412).
 */
#include "kguest.h"

int main(void)
{
	con_puts("ring3hc: going\n");
	asm volatile("pushl %0\n\t"		/* SS */
		     "pushl %%esp\n\t"
		     "addl $4, (%%esp)\n\t"	/* ESP as before the push */
		     "pushl %1\n\t"		/* CS */
		     "pushl $1f\n\t"
		     "lret\n"
		     "1:\tmovl %2, %%eax\n\t"
		     "int $0x82"
		     : : "i"(BURN_SEL_RING3_DS), "i"(BURN_SEL_RING3_CS),
		       "i"(BURN_HC_NULL) : "eax", "memory");
	return 99;
}
