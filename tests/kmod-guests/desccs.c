// SPDX-License-Identifier: GPL-2.0
/*
 * desccs.c - running on a guest code selector, the guest makes that
 * descriptor not present with SET_DESC (descswap.h): the return to it.
 */
#include "descswap.h"

int main(void)
{
	u32 ret;

	upcall_init();
	say("desccs: install ", set_desc(17, DS_LO, DS_CODE_HI));
	asm volatile("ljmp %[cs], $1f\n"
		     "1:\tint $0x82\n\t"
		     "ljmp %[cs1], $2f\n"
		     "2:"
		     : "=a"(ret)
		     : [cs] "i"(SEL(17, 1)), [cs1] "i"(BURN_SEL_RING1_CS),
		       "a"(BURN_HC_SET_DESC), "b"(17), "c"(DS_LO),
		       "d"(DS_CODE_HI & ~DS_NOT_PRESENT)
		     : "memory");
	say("desccs: not present under CS: ", ret);
	con_puts("desccs: survived\n");
	return 0;
}
