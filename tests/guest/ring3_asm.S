/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring3_asm.S - ring-3 code of the test guest that must be assembly:
 * the exit trampoline, register-preservation checks, SYSENTER, and the
 * probes that execute one instruction which must trap at ring 3.
 *
 * Like ring3.c this is user code and is NOT afterburnt: a real OS's user
 * programs are never rewritten, their sensitive instructions simply trap
 * (or silently behave as ring 3 dictates), and that is what is tested.
 * The linker script maps it user-accessible (it matches *ring3*.o).
 */
#include "abi.h"

#define UNMAPPED_VA	0x7ff00000

	.text

/* Where a ring-3 program "returns" to: SYS_EXIT with its return value. */
	.globl r3_exit_trampoline
r3_exit_trampoline:
	movl	%eax, %ebx
	movl	$SYS_EXIT, %eax
	int	$0x80
	ud2

/*
 * u32 r3_regs_kept(u32 arg): a system call must return every register
 * but EAX unchanged.  Returns 0 if so, else a bit per changed register.
 */
	.globl r3_regs_kept
r3_regs_kept:
	pushl	%ebp
	movl	$0x11111111, %ebx
	movl	$0x22222222, %ecx
	movl	$0x33333333, %edx
	movl	$0x44444444, %esi
	movl	$0x55555555, %edi
	movl	$0x66666666, %ebp
	movl	$SYS_ECHO_REGS, %eax
	int	$0x80
	xorl	%eax, %eax
	cmpl	$0x11111111, %ebx
	je	1f
	orl	$1, %eax
1:	cmpl	$0x22222222, %ecx
	je	1f
	orl	$2, %eax
1:	cmpl	$0x33333333, %edx
	je	1f
	orl	$4, %eax
1:	cmpl	$0x44444444, %esi
	je	1f
	orl	$8, %eax
1:	cmpl	$0x55555555, %edi
	je	1f
	orl	$16, %eax
1:	cmpl	$0x66666666, %ebp
	je	1f
	orl	$32, %eax
1:	popl	%ebp
	ret

/* u32 r3_cf_kept(u32 arg): iret back to ring 3 restores CF (and DF). */
	.globl r3_cf_kept
r3_cf_kept:
	stc
	std
	movl	$SYS_NULL, %eax
	int	$0x80
	pushfl
	popl	%eax
	cld
	andl	$0x401, %eax		/* CF | DF */
	ret

/*
 * u32 r3_sysenter(u32 arg): SYSENTER to the kernel, which ORs
 * SYSENTER_MAGIC into EAX and SYSEXITs to EDX with ESP = ECX.
 */
	.globl r3_sysenter
r3_sysenter:
	pushl	%ebp
	movl	8(%esp), %eax
	movl	%esp, %ecx
	movl	$1f, %edx
	sysenter
1:	popl	%ebp
	ret

	.globl r3_rdtsc
r3_rdtsc:
	rdtsc
	ret

/*
 * Probes: "probe" opens one, "probe_at" records ESP in ESI and EFLAGS in
 * EDI and marks the instruction that must trap, "probe_end" is where the
 * kernel resumes it.  Set-up instructions go between the first two.
 */
.macro probe name
	.globl \name, \name\()_at, \name\()_resume
\name:
.endm

.macro probe_at name
	movl	%esp, %esi
	pushfl
	popl	%edi
\name\()_at:
.endm

.macro probe_end name
\name\()_resume:
	ret
.endm

	probe r3p_de
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	movl	$1, %eax
	probe_at r3p_de
	divl	%ecx
	probe_end r3p_de

	probe r3p_ud
	probe_at r3p_ud
	ud2
	probe_end r3p_ud

	probe r3p_bp
	probe_at r3p_bp
	int3
	probe_end r3p_bp

	probe r3p_of
	probe_at r3p_of
	into
	probe_end r3p_of

	probe r3p_nm
	probe_at r3p_nm
	fninit
	probe_end r3p_nm

	probe r3p_pf_kread
	probe_at r3p_pf_kread
	movl	_kernel_start, %eax
	probe_end r3p_pf_kread

	probe r3p_pf_rowrite
	probe_at r3p_pf_rowrite
	movl	%eax, _user_text_start
	probe_end r3p_pf_rowrite

	probe r3p_pf_unmapped
	probe_at r3p_pf_unmapped
	movl	UNMAPPED_VA, %eax
	probe_end r3p_pf_unmapped

	probe r3p_cli
	probe_at r3p_cli
	cli
	probe_end r3p_cli

	probe r3p_sti
	probe_at r3p_sti
	sti
	probe_end r3p_sti

	probe r3p_hlt
	probe_at r3p_hlt
	hlt
	probe_end r3p_hlt

	probe r3p_in
	movw	$0x3f8, %dx
	probe_at r3p_in
	inb	%dx, %al
	probe_end r3p_in

	probe r3p_out
	movw	$0x3f8, %dx
	probe_at r3p_out
	outb	%al, %dx
	probe_end r3p_out

	probe r3p_movcr
	probe_at r3p_movcr
	movl	%cr0, %eax
	probe_end r3p_movcr

	probe r3p_movdr
	probe_at r3p_movdr
	movl	%dr7, %eax
	probe_end r3p_movdr

	probe r3p_lgdt
	probe_at r3p_lgdt
	lgdt	(%esp)
	probe_end r3p_lgdt

	probe r3p_lidt
	probe_at r3p_lidt
	lidt	(%esp)
	probe_end r3p_lidt

	probe r3p_ltr
	movw	$TSS_SEL, %ax
	probe_at r3p_ltr
	ltr	%ax
	probe_end r3p_ltr

	probe r3p_lmsw
	movw	$1, %ax
	probe_at r3p_lmsw
	lmsw	%ax
	probe_end r3p_lmsw

	probe r3p_clts
	probe_at r3p_clts
	clts
	probe_end r3p_clts

	probe r3p_rdmsr
	movl	$0x10, %ecx
	probe_at r3p_rdmsr
	rdmsr
	probe_end r3p_rdmsr

	probe r3p_wrmsr
	movl	$0x10, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	probe_at r3p_wrmsr
	wrmsr
	probe_end r3p_wrmsr

	probe r3p_invlpg
	probe_at r3p_invlpg
	invlpg	(%esp)
	probe_end r3p_invlpg

	probe r3p_wbinvd
	probe_at r3p_wbinvd
	wbinvd
	probe_end r3p_wbinvd

	probe r3p_rdpmc
	xorl	%ecx, %ecx
	probe_at r3p_rdpmc
	rdpmc
	probe_end r3p_rdpmc

	probe r3p_rdtsc_tsd
	probe_at r3p_rdtsc_tsd
	rdtsc
	probe_end r3p_rdtsc_tsd

	probe r3p_int_dpl0
	probe_at r3p_int_dpl0
	int	$0x40
	probe_end r3p_int_dpl0

	probe r3p_load_kds
	movw	$KERNEL_DS, %ax
	probe_at r3p_load_kds
	movw	%ax, %ds
	probe_end r3p_load_kds

/*
 * The boot option "mmio-probe" (mmio_probe.c): u32 r3_mmio_load(u32 va)
 * is a ring-3 `movl (va), %eax` on an MMIO page, which the in-place VMM
 * emulates; r3p_mmio_xchg(va) an `xchg` there, which it refuses with
 * #UD at ring 3, as KVM does.
 */
	.globl r3_mmio_load
r3_mmio_load:
	movl	4(%esp), %ecx
	movl	(%ecx), %eax
	ret

	probe r3p_mmio_xchg
	movl	4(%esp), %ecx
	movl	$0x600d, %eax
	probe_at r3p_mmio_xchg
	xchgl	%eax, (%ecx)
	probe_end r3p_mmio_xchg

/* The ring-3 stack, in the user data pages. */
	.section .bss
	.align 4096
	.globl user_stack
user_stack:
	.skip	8192		/* USER_STACK_WORDS * 4 */

	.section .note.GNU-stack, "", @progbits
