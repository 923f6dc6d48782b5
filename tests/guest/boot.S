/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boot.S - the test guest's entry and its few assembly-only paths.
 *
 * A Multiboot v1 loader (QEMU's -kernel, or burnctl) enters _start in
 * 32-bit protected mode with paging off, EAX = boot magic and EBX = the
 * boot information.  Everything else that must be assembly lives here too:
 * the 256 interrupt stubs that build a struct trap_frame, the switch to
 * ring 3 (user_enter) and back (user_leave), and the SYSENTER entry.
 *
 * This file goes through the Afterburner like the C files, so every
 * sensitive instruction below is annotated and padded; nothing here may
 * depend on the exact length of one (see docs/testguest.md).
 */
#include "abi.h"

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_PAGE_ALIGN + \
		MULTIBOOT_MEMORY_INFO)

	.text
	.globl _start
_start:
	cli
	movl	$boot_stack_top, %esp
	xorl	%ebp, %ebp
	pushl	$0			/* EFLAGS: clean, IF=0 */
	popfl
	pushl	%ebx			/* struct multiboot_info * */
	pushl	%eax			/* boot magic */
	call	kmain
1:	cli
	hlt
	jmp	1b

/*
 * Interrupt stubs.  Each pushes a zero error code when the CPU does not
 * push one, then its vector, and joins isr_common, so every handler sees
 * the same struct trap_frame.  The table of stub addresses is collected
 * in .data as the stubs are emitted.
 */
	.section .data
	.align 4
	.globl isr_stub_table
isr_stub_table:
	.text

.macro isr_stub vec
	.text
1:
	.if ((\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30))
	.else
	pushl	$0
	.endif
	pushl	$\vec
	jmp	isr_common
	.section .data
	.long	1b
	.text
.endm

	.set	vec, 0
	.rept	256
	isr_stub vec
	.set	vec, vec + 1
	.endr

isr_common:
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	pushal
	movl	$KERNEL_DS, %eax
	movw	%ax, %ds
	movw	%ax, %es
	cld
	pushl	%esp			/* struct trap_frame * */
	call	trap_dispatch
	addl	$4, %esp
	popal
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	addl	$8, %esp		/* vector and error code */
	iret

/*
 * u32 user_enter(u32 eip, u32 esp, u32 eflags)
 *
 * Saves the kernel's callee-saved registers and EFLAGS, points the TSS
 * ring-0 stack just below them (so every trap from ring 3 builds its
 * frame there), and irets to ring 3.  It "returns" only through
 * user_leave(), which a SYS_EXIT system call or a fatal user fault calls.
 */
	.globl user_enter
user_enter:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushfl
	movl	%esp, user_saved_esp
	movl	%esp, tss + 4		/* tss.esp0 */
	movl	24(%esp), %eax		/* eip */
	movl	28(%esp), %ecx		/* esp */
	movl	32(%esp), %edx		/* eflags */
	pushl	$USER_DS
	pushl	%ecx
	pushl	%edx
	pushl	$USER_CS
	pushl	%eax
	movl	$USER_DS, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	iret

/* void user_leave(u32 code): back into user_enter's caller. */
	.globl user_leave
user_leave:
	movl	4(%esp), %eax
	movl	user_saved_esp, %esp
	movl	$KERNEL_DS, %edx
	movw	%dx, %ds
	movw	%dx, %es
	movw	%dx, %fs
	movw	%dx, %gs
	popfl
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/*
 * SYSENTER lands here at ring 0 with ESP = IA32_SYSENTER_ESP and IF
 * clear; the user passed its return EIP in EDX and ESP in ECX, which
 * SYSEXIT uses unchanged.  The "system call" marks EAX and counts itself.
 * sti before sysexit: the STI shadow keeps interrupts off until ring 3.
 */
	.globl sysenter_entry
sysenter_entry:
	incl	sysenter_count
	orl	$SYSENTER_MAGIC, %eax
	sti
	sysexit

	.section .bss
	.align 16
	.globl user_saved_esp, sysenter_count
user_saved_esp:
	.skip	4
sysenter_count:
	.skip	4
	.align 4096
boot_stack:
	.skip	16384
boot_stack_top:
	.globl sysenter_stack_top
	.skip	4096
sysenter_stack_top:

	.section .note.GNU-stack, "", @progbits
