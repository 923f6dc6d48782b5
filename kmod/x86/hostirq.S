/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86/hostirq.S - hand a host interrupt that arrived while a guest ran to
 * Linux's own handler for its vector.
 *
 * The interrupt was delivered through our guest-world IDT, so Linux never
 * saw it; the switcher has put the host world back (IF still 0).  We call
 * the entry point Linux's IDT has for the vector with the frame the CPU
 * would have pushed had the interrupt hit right here: SS, RSP, RFLAGS
 * (IF = 0, as now), CS, and the return address from the CALL.  Linux's
 * handler runs as for any interrupt taken in the kernel with interrupts
 * off, acknowledges it at the APIC, and returns here with IRETQ.  Unlike
 * the switcher, this file is checked by objtool and has ORC data, so
 * stack traces taken inside the handler unwind through it.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/segment.h>

	.text

/*
 * void burn_host_irq_call(unsigned long handler)
 *
 * Contract:
 *  in:       %rdi = address of Linux's IDT entry for the vector (read
 *            from Linux's IDT by x86/core.c).
 *  state:    CPL 0, host world restored, IF = 0, preemption off.
 *  out:      nothing; IF still 0.
 *  clobbers: what a C call may clobber (the handler saves the rest).
 *  stack:    the frame is built 16-byte aligned, as the CPU would.
 */
SYM_FUNC_START(burn_host_irq_call)
	pushq	%rbp
	movq	%rsp, %rbp
	andq	$-16, %rsp
	pushq	$__KERNEL_DS
	pushq	%rbp
	pushfq
	pushq	$__KERNEL_CS
	CALL_NOSPEC rdi
	/*
	 * IRETQ already put RSP back to %rbp; saying so again lets objtool
	 * follow the stack, which it cannot through the callee's IRETQ.
	 */
	movq	%rbp, %rsp
	popq	%rbp
	RET
SYM_FUNC_END(burn_host_irq_call)
