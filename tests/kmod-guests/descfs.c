// SPDX-License-Identifier: GPL-2.0
/*
 * descfs.c - FS holds a guest data selector when SET_DESC makes its
 * descriptor not present, then a code segment (descswap.h).
 */
#include "descswap.h"

int main(void)
{
	u32 fs;

	upcall_init();
	say("descfs: install ", set_desc(8, DS_LO, DS_DATA_HI));
	asm volatile("movl %0, %%fs" : : "r"(SEL(8, 1)));
	say("descfs: not present under FS: ",
	    set_desc(8, DS_LO, DS_DATA_HI & ~DS_NOT_PRESENT));
	asm volatile("movw %%fs, %w0" : "=r"(fs) : "0"(0));
	say("descfs: FS now ", fs);
	say("descfs: back ", set_desc(8, DS_LO, DS_DATA_HI));
	asm volatile("movl %0, %%fs" : : "r"(SEL(8, 1)));
	say("descfs: code under FS: ", set_desc(8, DS_LO, 0x00cf9b00u));
	asm volatile("movw %%fs, %w0" : "=r"(fs) : "0"(0));
	say("descfs: FS now ", fs);
	say("descfs: NULL hypercall ", hcall0(BURN_HC_NULL));
	con_puts("descfs: survived\n");
	return 0;
}
