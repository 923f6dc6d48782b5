/* SPDX-License-Identifier: GPL-2.0 */
/*
 * upcall.S - the upcall entry of the raw ring-1 test guests (kguest.h).
 *
 * The host resumes us here with EAX = the vector, CS/SS/DS/ES/FS/GS the
 * flat ring-1 segments, ESP = the registered stack top (or the
 * interrupted ESP when the interrupted EIP was in the nocall range) and
 * vcpu.frame_busy set.  Everything else is the interrupted context's,
 * and that context is also in vcpu.frame, so we may clobber any
 * register.  We note what we were given (upcall_seen, for the tests),
 * mask events, copy the frame onto our stack, release vcpu.frame, call
 * the C handler on the copy, and return to whatever the copy then says.
 *
 * The order matters: events are masked (irq_enabled = 0) before
 * frame_busy is cleared, so no event upcall can start on top of this
 * one while it still runs outside the nocall range (in the C handler);
 * and the whole entry is the library's nocall range, so the window
 * between restoring irq_enabled and the final iret is safe too.
 *
 * The return is the frame's own: a ring-3 frame is already laid out as
 * `iret` pops it (EIP, CS, EFLAGS, ESP, SS); for ring 1, `iret` pops
 * only EIP, CS and EFLAGS, so those three are written just below the
 * interrupted ESP and we switch to that stack for the iret.  A nested
 * upcall (on the interrupted stack) keeps a 16-byte gap between its
 * copy and the interrupted ESP for exactly those three words.
 */

/* struct burn_vcpu_page (burnvmm/vcpu.h); lib.c checks these. */
#define VCPU_IRQ_ENABLED	12
#define VCPU_FRAME_BUSY		20
#define VCPU_FRAME		64
/* struct burn_upcall_frame */
#define F_REGS			32	/* edi: what popal pops */
#define F_DS			64
#define F_ES			68
#define F_FS			72
#define F_GS			76
#define F_EIP			80
#define F_CS			84
#define F_EFLAGS		88
#define F_ESP			92
#define F_SIZE			112
/* Our copy: the frame, then the saved irq_enabled, then the gap. */
#define C_IRQ			F_SIZE
#define C_SIZE			(F_SIZE + 16)

	.text
	.globl	kg_upcall_entry, kg_upcall_entry_end
kg_upcall_entry:
	movl	%eax, upcall_seen + 0
	movl	%esp, upcall_seen + 4
	xorl	%eax, %eax
	movw	%cs, %ax
	movl	%eax, upcall_seen + 8
	movw	%ss, %ax
	movl	%eax, upcall_seen + 12
	movw	%ds, %ax
	movl	%eax, upcall_seen + 16
	movw	%es, %ax
	movl	%eax, upcall_seen + 20
	movw	%fs, %ax
	movl	%eax, upcall_seen + 24
	movw	%gs, %ax
	movl	%eax, upcall_seen + 28
	movl	vcpu + VCPU_FRAME_BUSY, %eax
	movl	%eax, upcall_seen + 32

	subl	$C_SIZE, %esp
	movl	vcpu + VCPU_IRQ_ENABLED, %eax
	movl	%eax, C_IRQ(%esp)
	movl	$0, vcpu + VCPU_IRQ_ENABLED
	cld
	movl	$vcpu + VCPU_FRAME, %esi
	movl	%esp, %edi
	movl	$F_SIZE / 4, %ecx
	rep movsl
	movl	$0, vcpu + VCPU_FRAME_BUSY

	movl	%esp, %eax
	pushl	%eax
	call	*upcall_handler
	addl	$4, %esp

	movl	C_IRQ(%esp), %eax
	movl	%eax, vcpu + VCPU_IRQ_ENABLED
	movl	F_CS(%esp), %eax
	andl	$3, %eax
	cmpl	$3, %eax		/* RPL 3: to ring 3; else ring 1 */
	je	2f

	/* Ring 1: EIP, CS, EFLAGS just below the interrupted ESP. */
	movl	F_ESP(%esp), %eax
	subl	$12, %eax
	movl	F_EIP(%esp), %ecx
	movl	%ecx, 0(%eax)
	movl	F_CS(%esp), %ecx
	movl	%ecx, 4(%eax)
	movl	F_EFLAGS(%esp), %ecx
	movl	%ecx, 8(%eax)
	movl	%eax, F_ESP(%esp)
	call	1f
	addl	$F_REGS, %esp
	popal
	movl	F_ESP - F_DS(%esp), %esp	/* popal left ESP at F_DS */
	iret

	/* Ring 3: the frame is an iret frame from F_EIP on. */
2:	call	1f
	addl	$F_REGS, %esp
	popal
	addl	$F_EIP - F_DS, %esp
	iret

	/* The data segments from the copy (4 above the return address). */
1:	movl	4 + F_DS(%esp), %eax
	movl	%eax, %ds
	movl	4 + F_ES(%esp), %eax
	movl	%eax, %es
	movl	4 + F_FS(%esp), %eax
	movl	%eax, %fs
	movl	4 + F_GS(%esp), %eax
	movl	%eax, %gs
	ret
kg_upcall_entry_end:

	.bss
	.balign	4
	.globl	upcall_seen
upcall_seen:
	.skip	9 * 4
	.section .note.GNU-stack, "", @progbits
