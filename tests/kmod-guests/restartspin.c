// SPDX-License-Identifier: GPL-2.0
/*
 * restartspin.c - a restart range around an endless loop that never
 * reads vcpu.pending, with an event pending and irq_enabled = 0: every
 * exit moves EIP back to the start, forever.  Only stop, destroy or
 * Ctrl-C end it.
 */
#include "kguest.h"

extern char restart_loop[], restart_loop_end[];
asm(".text\n"
    ".globl restart_loop, restart_loop_end\n"
    "restart_loop:\n\t"
    "incl %eax\n\t"
    "jmp restart_loop\n"
    "restart_loop_end:\n");

int main(void)
{
	upcall_init();
	vcpu.irq_enabled = 0;
	vcpu.restart_start = (u32)restart_loop;
	vcpu.restart_end = (u32)restart_loop_end;
	hcall2(BURN_HC_SET_TIMER, 1000000, 0);
	con_puts("restartspin: spinning\n");
	asm volatile("jmp restart_loop" ::: "memory");
	return 99;
}
