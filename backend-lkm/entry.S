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
#define BURN_SEL_RING1_CS	0x21
#define BURN_SEL_RING1_DS	0x29

#define PAGE_IRQ_ENABLED	12	/* offsetof(struct burn_vcpu_page, ...) */
#define PAGE_PENDING		16
#define PAGE_FRAME_BUSY		20
#define PAGE_FRAME		64
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
 *   out:     does not return: ipvmm_main(), or a shutdown
 *   stack:   none until the window is mapped, then ipvmm_stack_top
 * The image is linked at the window, so until the window is mapped
 * nothing here may use an absolute address: the first hypercall maps
 * it, then we jump to the linked addresses.
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
1:	movl $BURN_HC_SHUTDOWN, %eax
	movl $125, %ebx			/* IPVMM_EXIT_FATAL */
	int $BURN_HC_VECTOR
	jmp 1b

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
