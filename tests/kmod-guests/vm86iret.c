// SPDX-License-Identifier: GPL-2.0
/*
 * vm86iret.c - iret at ring 1 with EFLAGS.VM set and an RPL-0 selector
 * in CS (found by the guest fuzzer).  Hardware ignores VM below CPL 0
 * in long mode and the CS is refused (#GP); QEMU's TCG enters
 * virtual-8086 mode instead.  Either way the host must stay unharmed and
 * the VM end with a reason naming a guest fault, never a switcher fault
 * or a kernel WARNING.
 */
#include "kguest.h"

int main(void)
{
	con_puts("vm86iret: going\n");
	asm volatile("pushl $0x20202\n\t"	/* EFLAGS: VM, IF */
		     "pushl $0x50\n\t"		/* CS: index 10, RPL 0 */
		     "pushl $0x3000\n\t"	/* EIP */
		     "iret" : : : "memory");
	con_puts("vm86iret: survived\n");
	return 99;
}
