/* SPDX-License-Identifier: GPL-2.0 */
/*
 * start.S - entry of every raw ring-1 test guest: keep the boot
 * registers, take our own stack, run main(), shut down with its result.
 * A Multiboot v1 header makes the host pass EAX/EBX as a boot loader
 * would (the mb guest checks that).
 */
#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x3	/* page-aligned modules, memory info */

	.section .multiboot, "a"
	.balign 4
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)

	.text
	.globl	_start
_start:
	movl	%eax, boot_eax
	movl	%ebx, boot_ebx
	movl	%esp, boot_esp
	movl	$stack_top, %esp
	call	main
	movl	%eax, %ebx
	movl	$2, %eax		/* BURN_HC_SHUTDOWN */
	int	$0x82
1:	jmp	1b			/* not reached */

	.bss
	.balign 16
	.globl	boot_eax, boot_ebx, boot_esp
boot_eax:	.long 0
boot_ebx:	.long 0
boot_esp:	.long 0
	.balign 16
	.skip	16384
stack_top:
	.section .note.GNU-stack, "", @progbits
