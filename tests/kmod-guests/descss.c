// SPDX-License-Identifier: GPL-2.0
/*
 * descss.c - SS holds a guest stack selector when SET_DESC makes its
 * descriptor not present (descswap.h): the return must load SS again.
 */
#include "descswap.h"

int main(void)
{
	u32 ret;

	upcall_init();
	say("descss: install ", set_desc(18, DS_LO, DS_DATA_HI));
	asm volatile("movl %[ss], %%ss\n\t"
		     "int $0x82\n\t"
		     "movl %[ss1], %%ss"
		     : "=a"(ret)
		     : [ss] "r"(SEL(18, 1)), [ss1] "r"(BURN_SEL_RING1_DS),
		       "a"(BURN_HC_SET_DESC), "b"(18), "c"(DS_LO),
		       "d"(DS_DATA_HI & ~DS_NOT_PRESENT)
		     : "memory");
	say("descss: not present under SS: ", ret);
	con_puts("descss: survived\n");
	return 0;
}
