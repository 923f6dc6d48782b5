/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backend-lkm/entry.S - the IPVMM's assembly: where it starts, where the
 * host's upcalls and the rewritten guest sites enter it, how it returns
 * to the guest, and its one guest-memory copy.
 *
 * Why assembly: each of these runs with registers that belong to the
 * guest, or with a stack that is not yet ours, so nothing may touch a
 * register before it has been saved.  Everything else is C (run.c).
 *
 * Stacks: one IPVMM stack (ipvmm_stack_top).  The class entry switches
 * to it from the guest's stack; the host starts a non-nested upcall on
 * it.  Both only ever run when the IPVMM is not already running (the
 * host upcalls no events inside the IPVMM, see nocall_* in the shared
 * page), and an exception inside the IPVMM nests on the current stack.
 */
/*
 * burnvmm/hypercall.h is C only: the few numbers used here are repeated,
 * and run.c checks them against the header at compile time.
 */
#define BURN_HC_VECTOR		0x82
#define BURN_HC_SHUTDOWN	2
#define BURN_HC_SET_WINDOW	6
#define BURN_HC_END		13
#define BURN_END_CRASH		3
#define IPVMM_EXIT_FATAL	125
#define BURN_SEL_RING1_CS	0x21
#define BURN_SEL_RING1_DS	0x29

#define PAGE_IRQ_ENABLED	12	/* offsetof(struct burn_vcpu_page, ...) */
#define PAGE_PENDING		16
#define PAGE_FRAME_BUSY		20
#define PAGE_FRAME		64
#define VCPU_CPL		1	/* offsetof(struct vcpu, cpl) */
#define VCPU_EFLAGS		4	/* offsetof(struct vcpu, eflags) */
#define EFL_TF			0x00000100
#define EFL_IF			0x00000200
#define EFL_IOPL		0x00003000
#define EFL_NT			0x00004000
#define EFL_AC			0x00040000
#define EFL_VIRTUAL		0x00047200	/* IF, IOPL, NT, AC */
#define FRAME_BYTES		112	/* sizeof(struct burn_upcall_frame) */
#define BI_IPVMM_GPA		24	/* offsetof(struct ipvmm_boot_info, ...) */
#define BI_IPVMM_BYTES		32
#define BI_WINDOW_GVA		36
#define UPCALL_FIXUP		1	/* IPVMM_UPCALL_FIXUP */
#define EFAULT			14

	.text
/*
 * ipvmm_start - the first instruction of the image.
 *   in:      ring 1, physical-address mode (paging off), EIP = our
 *            guest-physical address, EBX = the boot block (gpa), flat
 *            host segments (CS 0x21, DS/SS 0x29), ESP unspecified
 *   out:     does not return: ipvmm_main(), or the VM's end as a crash
 *   stack:   none until the window is mapped, then ipvmm_stack_top
 * The image is linked at the window, so until the window is mapped
 * nothing here may use an absolute address: the first hypercall maps
 * it, then we jump to the linked addresses.  If the host refuses the
 * window, the crash message is found at its physical address, worked
 * out from the boot block: ipvmm_gpa + (link address - window_gva).
 */
	.section .text.start, "ax"
	.globl ipvmm_start
ipvmm_start:
	cld
	movl %ebx, %esi
	movl $BURN_HC_SET_WINDOW, %eax
	movl BI_WINDOW_GVA(%esi), %ebx
	movl BI_IPVMM_BYTES(%esi), %ecx
	movl BI_IPVMM_GPA(%esi), %edx
	int $BURN_HC_VECTOR
	testl %eax, %eax
	jnz 1f
	/* From here on we run at our linked addresses. */
	movl $2f, %eax
	jmp *%eax
2:	movl $__bss_start, %edi		/* the stack is not in .bss */
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl $ipvmm_stack_top, %esp
	pushl %esi
	call ipvmm_main
	movl $ipvmm_msg_returned, %edx	/* it does not: a bug */
	movl $(ipvmm_msg_returned_end - ipvmm_msg_returned), %esi
	jmp 3f
1:	movl BI_IPVMM_GPA(%esi), %edx
	subl BI_WINDOW_GVA(%esi), %edx
	addl $ipvmm_msg_no_window, %edx
	movl $(ipvmm_msg_no_window_end - ipvmm_msg_no_window), %esi
3:	movl $BURN_HC_END, %eax
	movl $BURN_END_CRASH, %ebx
	movl $IPVMM_EXIT_FATAL, %ecx
	int $BURN_HC_VECTOR
4:	movl $BURN_HC_SHUTDOWN, %eax	/* the host refused the message */
	movl $IPVMM_EXIT_FATAL, %ebx
	int $BURN_HC_VECTOR
	jmp 4b

	.section .rodata
ipvmm_msg_no_window:
	.ascii "the host refused the IPVMM's window (BURN_HC_SET_WINDOW)"
ipvmm_msg_no_window_end:
ipvmm_msg_returned:
	.ascii "ipvmm_main() returned"
ipvmm_msg_returned_end:

	.text
/*
 * ipvmm_upcall_entry - where the host resumes us for an upcall.
 *   in:      EAX = vector; the interrupted context in ipvmm_page.frame,
 *            frame_busy = 1; CS 0x21, DS/ES/FS/GS/SS 0x29; ESP = the
 *            registered stack top, or the interrupted ESP when the
 *            exception hit the IPVMM itself (nesting)
 *   out:     never returns: ipvmm_resume, or the copy's fault path
 *   clobbers: everything (the guest's registers are in the frame)
 * The frame is copied onto our stack and frame_busy cleared before
 * anything here can fault.
 */
	.globl ipvmm_upcall_entry
ipvmm_upcall_entry:
	cld
	subl $FRAME_BYTES, %esp
	movl %esp, %edi
	movl $(ipvmm_page + PAGE_FRAME), %esi
	movl $(FRAME_BYTES / 4), %ecx
	rep movsl
	movl $0, ipvmm_page + PAGE_FRAME_BUSY
	movl %esp, %eax
	pushl %eax
	call ipvmm_upcall_c
	addl $4, %esp
	cmpl $UPCALL_FIXUP, %eax
	jne ipvmm_resume
	/* A guest copy faulted: finish ipvmm_copy() with -EFAULT. */
	movl ipvmm_fixup_esp, %esp
	jmp ipvmm_copy_fault

/*
 * ipvmm_class_entry - every rewritten `call rel32` site lands here.
 *   in:      the guest kernel's registers and segments at ring 1 (its
 *            SS flat, base 0), [ESP] = the return address (site + 5)
 *   out:     never returns: ipvmm_resume
 *   stack:   the guest's until `lss`, then ipvmm_stack_top
 * Save the guest's ESP and SS, move to our stack, save the rest, and
 * let C find the site by the return address.  No instruction before
 * `pushfl` may change the arithmetic flags.
 */
	.globl ipvmm_class_entry
ipvmm_class_entry:
	/*
	 * The near call kept the guest's CS, a slot of the real GDT that
	 * gdt_sync() may change under us (a far jump just left it): run on
	 * the host's ring-1 code segment instead.  No flags change.
	 */
	ljmp $BURN_SEL_RING1_CS, $1f
1:	movl %esp, %ss:ipvmm_site_esp
	movw %ss, %ss:ipvmm_site_ss
	lss %ss:ipvmm_stack_ptr, %esp
	pushfl
	pushl %gs
	pushl %fs
	pushl %es
	pushl %ds
	pushal
	movl $BURN_SEL_RING1_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	cld
	movl %esp, %eax
	pushl %eax
	call ipvmm_site_c
	jmp ipvmm_resume

/*
 * The in-place `sti` and `popfl` (when the host has the shared page's
 * second restartable sequence, version 2).  After `cli`, which is
 * inline, these are the hottest sensitive instructions, and most of the
 * time there is nothing to deliver when they set the virtual IF: then
 * they are a few instructions.  If a host event is pending or the
 * virtual 8259's INTR is up, the class entry emulates the instruction
 * and delivers, with the one-instruction shadow of `sti; hlt` (run.c,
 * after_site()).
 *   in:      as ipvmm_class_entry; [ESP] = the return address
 *   out:     returns to the site's end, or goes to ipvmm_class_entry
 *            with the guest's registers and stack as the site left them
 *   clobbers: nothing the guest sees but what the instruction changes
 *
 * ipvmm_if_on..ipvmm_if_on_end is the sequence both end in: look at
 * `pending` and INTR, store IF = 1, return.  It is restartable: an event
 * the host raises after our look finds the guest in it, and the host
 * moves EIP back to ipvmm_if_on, which looks again.  Every step can be
 * redone: ECX's value and the way back are in memory, the store is
 * idempotent, and mov, movzbl, jecxz and jmp leave the arithmetic flags
 * (already the instruction's result) alone.
 */
	.globl ipvmm_sti_fast, ipvmm_popf_fast, ipvmm_if_on, ipvmm_if_on_end
ipvmm_sti_fast:
	movl %ecx, %ss:ipvmm_fast_ecx
	movl $ipvmm_if_on_ret, %ss:ipvmm_fast_tail
	jmp ipvmm_if_on

/*
 * popfl at the guest's CPL 0 with TF clear and IOPL, NT and AC as they
 * are (anything else: the class entry).  [ESP + 4] is the value; it
 * stays there until the end, for the class entry to read if we go there.
 * The real flags get its arithmetic and control bits (popfl at ring 1
 * cannot change IF or IOPL, and NT and AC stay clear in the real CPU).
 */
ipvmm_popf_fast:
	pushl %eax
	movl 8(%esp), %eax
	cmpb $0, %ss:ipvmm_vcpu + VCPU_CPL
	jne 9f
	testl $EFL_TF, %eax
	jnz 9f
	xorl %ss:ipvmm_vcpu + VCPU_EFLAGS, %eax
	testl $(EFL_IOPL | EFL_NT | EFL_AC), %eax
	jnz 9f
	movl 8(%esp), %eax
	andl $~EFL_VIRTUAL, %eax
	orl $EFL_IF, %eax
	movl %eax, %ss:ipvmm_fast_flags
	popl %eax
	testl $EFL_IF, 4(%esp)
	jnz 1f
	movl $0, %ss:ipvmm_page + PAGE_IRQ_ENABLED
	pushl %ss:ipvmm_fast_flags
	popfl
	ret $4
1:	pushl %ss:ipvmm_fast_flags
	popfl
	movl %ecx, %ss:ipvmm_fast_ecx
	movl $ipvmm_if_on_ret4, %ss:ipvmm_fast_tail
	jmp ipvmm_if_on
9:	popl %eax
	jmp ipvmm_class_entry

ipvmm_if_on:
	movl %ss:ipvmm_page + PAGE_PENDING, %ecx
	jecxz 1f
	jmp 3f
1:	movzbl %ss:ipvmm_intr_line, %ecx
	jecxz 2f
	jmp 3f
2:	movl $1, %ss:ipvmm_page + PAGE_IRQ_ENABLED
	movl %ss:ipvmm_fast_ecx, %ecx
	jmp *%ss:ipvmm_fast_tail
ipvmm_if_on_ret:
	ret
ipvmm_if_on_ret4:
	ret $4
ipvmm_if_on_end:
3:	movl %ss:ipvmm_fast_ecx, %ecx
	jmp ipvmm_class_entry

/*
 * ipvmm_pushf_fast - the 32-bit `pushf` sites land here: push the EFLAGS
 * the guest would see, the real arithmetic and control bits with the
 * virtual IF (shared page) and the virtual IOPL, NT and AC (vcpu.eflags,
 * which never holds IF), as vcpu_visible_eflags() makes them.  The call
 * put its return address where the flags belong, so the value is built
 * in a copy below it; EAX and the flags are saved and restored around
 * the arithmetic (popfl at ring 1 changes neither IF nor IOPL).
 *   in:      as ipvmm_class_entry; [ESP] = the return address
 *   out:     returns to the site's end with the visible EFLAGS at [ESP]
 *   clobbers: nothing
 * An event raised meanwhile waits (this is inside the IPVMM) for the
 * next safe point: sti, popf, iret, hlt or the next exit.
 */
	.globl ipvmm_pushf_fast
ipvmm_pushf_fast:
	pushl (%esp)
	pushfl
	pushl %eax
	movl 4(%esp), %eax
	andl $~EFL_VIRTUAL, %eax
	orl %ss:ipvmm_vcpu + VCPU_EFLAGS, %eax
	cmpl $0, %ss:ipvmm_page + PAGE_IRQ_ENABLED
	je 1f
	orl $EFL_IF, %eax
1:	movl %eax, 12(%esp)
	popl %eax
	popfl
	ret

/*
 * ipvmm_resume - the return to the guest.
 *   in:      ipvmm_ret filled by prepare_return() (run.c); any stack
 *   out:     the guest runs with ipvmm_ret's registers and segments
 *   clobbers: everything, then restores the guest's
 *
 * A restartable sequence: the host moves EIP
 * back to ipvmm_restart_start whenever it leaves the guest inside it
 * with events pending, so the check below always sees them.  From the
 * start every step can be redone: ipvmm_ret stays in memory untouched,
 * and the first instructions put SS, ESP, DS and ES back.
 *
 * ipvmm_ret holds the registers and SS:ESP of an iret frame: on the
 * guest's kernel stack for a return to ring 1 (iret at the same ring
 * does not switch stacks), in ipvmm_iret5 for a return to ring 3.
 */
	.globl ipvmm_resume, ipvmm_enter
ipvmm_enter:
ipvmm_resume:
	.globl ipvmm_restart_start
ipvmm_restart_start:
	movl $BURN_SEL_RING1_DS, %eax
	movl %eax, %ss
	movl $ipvmm_stack_top, %esp
	movl %eax, %ds
	movl %eax, %es
	cmpl $0, ipvmm_page + PAGE_PENDING
	je 1f
	cmpl $0, ipvmm_page + PAGE_IRQ_ENABLED
	je 1f
	cld
	call ipvmm_return_events
1:	movl $ipvmm_ret, %esp
	popal
	popl %ds
	popl %es
	popl %fs
	popl %gs
	lss (%esp), %esp
	iret
	.globl ipvmm_restart_end
ipvmm_restart_end:

/*
 * int ipvmm_copy(void *dst, const void *src, u32 n): the one place the
 * IPVMM touches guest memory.  A #PF at ipvmm_copy_insn comes back as a
 * nested upcall; ipvmm_upcall_c() sees its EIP and we return -EFAULT.
 */
	.globl ipvmm_copy, ipvmm_copy_insn, ipvmm_copy_fault
ipvmm_copy:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi
	movl 16(%esp), %esi
	movl 20(%esp), %ecx
ipvmm_copy_insn:
	rep movsb
	xorl %eax, %eax
	popl %edi
	popl %esi
	ret
ipvmm_copy_fault:
	movl $-EFAULT, %eax
	popl %edi
	popl %esi
	ret

	.data
	.balign 4
ipvmm_stack_ptr:
	.long ipvmm_stack_top
	.long BURN_SEL_RING1_DS

	.section .stack, "aw", @nobits
	.balign 4096
	.space 65536
	.globl ipvmm_stack_top
ipvmm_stack_top:
	.section .note.GNU-stack, "", @progbits
