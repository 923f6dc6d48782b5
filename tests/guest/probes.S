/* SPDX-License-Identifier: GPL-2.0 */
/*
 * probes.S - ring-0 instructions that must raise an exception.
 *
 * Each probe NAME is a C-callable function that saves ESI/EDI, puts its
 * ESP in ESI and its EFLAGS in EDI, and executes one faulting instruction
 * at NAME_at.  test_traps.c arms the recorder (trap_expect) with
 * NAME_resume first, so the handler records the frame and resumes there.
 * ESI lets the test check that a ring-0 exception pushed its frame right
 * below the interrupted ESP, with no stack switch.
 *
 * Written out one by one without assembler macros, because the
 * Afterburner reads this file's text and must see every instruction.
 */
#include "abi.h"

#define UNMAPPED_VA	0x7ff00000

	.text

	.globl kp_de, kp_de_at, kp_de_resume
kp_de:
	pushl	%esi
	pushl	%edi
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	movl	$1, %eax
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_de_at:
	divl	%ecx
kp_de_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_ud, kp_ud_at, kp_ud_resume
kp_ud:
	pushl	%esi
	pushl	%edi
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_ud_at:
	ud2
kp_ud_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_gp_sel, kp_gp_sel_at, kp_gp_sel_resume
kp_gp_sel:
	pushl	%esi
	pushl	%edi
	movw	$BAD_SEL, %ax
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_gp_sel_at:
	movw	%ax, %fs
kp_gp_sel_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_np, kp_np_at, kp_np_resume
kp_np:
	pushl	%esi
	pushl	%edi
	movw	$NP_DS_SEL, %ax
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_np_at:
	movw	%ax, %fs
kp_np_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_pf_read, kp_pf_read_at, kp_pf_read_resume
kp_pf_read:
	pushl	%esi
	pushl	%edi
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_pf_read_at:
	movl	UNMAPPED_VA, %eax
kp_pf_read_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_pf_write, kp_pf_write_at, kp_pf_write_resume
kp_pf_write:
	pushl	%esi
	pushl	%edi
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_pf_write_at:
	movl	%eax, UNMAPPED_VA
kp_pf_write_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_pf_wp, kp_pf_wp_at, kp_pf_wp_resume
kp_pf_wp:
	pushl	%esi
	pushl	%edi
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_pf_wp_at:
	movl	%eax, ro_page
kp_pf_wp_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_bp, kp_bp_at, kp_bp_resume
kp_bp:
	pushl	%esi
	pushl	%edi
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_bp_at:
	int3
kp_bp_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_of, kp_of_at, kp_of_resume
kp_of:
	pushl	%esi
	pushl	%edi
	movl	$0x7fffffff, %eax
	addl	$1, %eax		/* sets OF */
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_of_at:
	into
kp_of_resume:
	popl	%edi
	popl	%esi
	ret

	.globl kp_nm, kp_nm_at, kp_nm_resume
kp_nm:
	pushl	%esi
	pushl	%edi
	movl	%esp, %esi
	pushfl
	popl	%edi
kp_nm_at:
	fninit
kp_nm_resume:
	popl	%edi
	popl	%esi
	ret

/* A far procedure for the lcall test: marks EAX, returns with lret. */
	.globl far_proc
far_proc:
	movl	$0x600d, %eax
	lret

	.section .note.GNU-stack, "", @progbits
