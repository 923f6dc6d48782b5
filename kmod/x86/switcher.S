/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86/switcher.S - the world switch: from the host kernel into a 32-bit
 * ring-1 guest and back.
 *
 * Contents:
 *  (i)   entry: burn_switch_to_guest(), host state out, guest world in
 *  (ii)  the trap stubs, one per vector, that every guest-world event
 *        goes through
 *  (iii) exit from the guest: save its registers, back to the host stack
 *  (iv)  events that hit the switcher itself: NMI and #MC (remember and
 *        return without IRET), faults (give up cleanly), #DF
 *  (v)   the host world restored, in an order that keeps every moment
 *        consistent for an NMI
 *
 * objtool does not check this file (Kbuild: OBJECT_FILES_NON_STANDARD):
 * it changes stacks, address spaces and descriptor tables under the
 * CPU's feet, which no unwinder can follow.  Nothing here is ever
 * interrupted by Linux (our own IDT is loaded whenever a stack trace would
 * be taken), returns use RET, and there are no indirect branches.
 */
#include <linux/linkage.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include "burn-asm-offsets.h"
#include "switch.h"

/*S:010
 * A guest of burnvmm is 32-bit code at ring 1 in compatibility mode, with
 * its own GDT, IDT, TSS and page tables, none of them Linux's.  Switching
 * to it is like lguest's switch on 32-bit hosts, with one big difference:
 * we do not need a special address for the switcher.  A compatibility-mode
 * program can only form 32-bit linear addresses, and the host kernel lives
 * far above 4 GiB, so the guest's shadow page tables simply keep the
 * kernel's upper half (kmod/shadow.c copies it).  This code, the switcher
 * area (struct burn_switch) and the host stack are then at the same
 * address in both worlds, and the guest can never reach any of them.
 *
 * The C side (x86/core.c) calls burn_switch_to_guest() with interrupts
 * off and preemption off, after filling sw->world and sw->regs.
 */

/* Save MSR \msr into the 64-bit field at \off(%rdi).  Clobbers rax rcx rdx. */
.macro SAVE_MSR msr, off
	movl	$\msr, %ecx
	rdmsr
	movl	%eax, \off(%rdi)
	movl	%edx, \off+4(%rdi)
.endm

/* Load MSR \msr from the 64-bit field at \off(%rdi).  Clobbers rax rcx rdx. */
.macro LOAD_MSR msr, off
	movl	$\msr, %ecx
	movl	\off(%rdi), %eax
	movl	\off+4(%rdi), %edx
	wrmsr
.endm

/* %\reg = our switcher area, found through IDTR.  Clobbers nothing else. */
.macro SW_FROM_IDTR reg
	subq	$16, %rsp
	sidt	(%rsp)
	movq	DESC_PTR_ADDRESS(%rsp), %\reg
	addq	$16, %rsp
	subq	$SW_IDT, %\reg
.endm

	.text

/*
 * int burn_switch_to_guest(struct burn_switch *sw)
 *
 * Contract:
 *  in:       %rdi = sw, with sw->world and sw->regs filled and checked
 *            (x86/core.c); sw->regs holds selectors and EFLAGS the CPU
 *            will accept at ring 1 or 3.
 *  state:    CPL 0, host CR3/GDT/IDT/TR, IF = 0, preemption off,
 *            kernel_fpu_begin() done (the guest may use the FPU).
 *  out:      %eax = BURN_SWITCH_EXIT (sw->regs holds the guest's state at
 *            the exit, vector included), BURN_SWITCH_ABORTED (an NMI hit
 *            the entry; sw->regs unchanged) or BURN_SWITCH_FAULT
 *            (sw->fault_* say where; sw->regs unchanged).
 *            sw->pending has BURN_PENDING_* bits of host NMIs and machine
 *            checks the caller must re-raise, with NMIs still blocked.
 *  clobbers: the caller-saved registers; the host world, IF = 0 and
 *            the callee-saved registers are as on entry.
 */
SYM_FUNC_START(burn_switch_to_guest)
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushfq
	popq	SW_HOST_RFLAGS(%rdi)
/*S:020
 * First we write down everything the switch will change, so that the way
 * back (S:500) can restore it whatever happened in between.  The stack
 * pointer comes first: from now on any way out starts by going back to it.
 */
	movq	%rsp, SW_HOST_RSP(%rdi)
	movq	%cr3, %rax
	movq	%rax, SW_HOST_CR3(%rdi)
	movq	%cr4, %rax
	movq	%rax, SW_HOST_CR4(%rdi)
	movq	%cr0, %rax
	movq	%rax, SW_HOST_CR0(%rdi)
	movq	%dr7, %rax
	movq	%rax, SW_HOST_DR7(%rdi)
	sgdt	SW_HOST_GDT(%rdi)
	sidt	SW_HOST_IDT(%rdi)
	str	SW_HOST_TR(%rdi)
	sldt	SW_HOST_LDT(%rdi)
	movw	%ds, SW_HOST_DS(%rdi)
	movw	%es, SW_HOST_ES(%rdi)
	movw	%ss, SW_HOST_SS(%rdi)
	movw	%fs, SW_HOST_FS(%rdi)
	movw	%gs, SW_HOST_GS(%rdi)
	SAVE_MSR MSR_EFER, SW_HOST_EFER
	SAVE_MSR MSR_IA32_SYSENTER_CS, SW_HOST_SYSENTER_CS
	SAVE_MSR MSR_FS_BASE, SW_HOST_FS_BASE
	SAVE_MSR MSR_GS_BASE, SW_HOST_GS_BASE

/*S:030
 * From here to the IRETQ is the entry window.  An NMI in it that reaches
 * our IDT is redirected to burn_entry_abort (S:330), which unwinds the
 * switch without entering the guest; nothing below writes guest state, so
 * aborting anywhere loses nothing.
 *
 * The instructions a 32-bit guest could use to enter the kernel go first:
 * with EFER.SCE clear SYSCALL is a #UD, and with SYSENTER_CS zero
 * SYSENTER is a #GP, instead of landing in Linux's entry code with a
 * guest stack.  DR7 goes to its reset value so a host hardware breakpoint
 * cannot fire on a guest address.
 */
SYM_INNER_LABEL(burn_entry_window_start, SYM_L_GLOBAL)
	movl	$MSR_EFER, %ecx
	movl	SW_HOST_EFER(%rdi), %eax
	movl	SW_HOST_EFER+4(%rdi), %edx
	andl	$~EFER_SCE, %eax
	wrmsr
	movl	$MSR_IA32_SYSENTER_CS, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	movl	$0x400, %eax		/* DR7's reset value */
	movq	%rax, %dr7

/*S:040
 * CR4: the guest runs at ring 1, which the CPU counts as supervisor mode,
 * so SMEP and SMAP would stop it touching its own (user-accessible) pages
 * and CET would demand ENDBR at its branch targets.  core.c says what to
 * clear (SMEP, SMAP, CET, PKE: with PKE clear, WRPKRU is a #UD, so the
 * guest cannot change Linux's PKRU) and what to set (UMIP where the CPU
 * has it, so SGDT and SIDT cannot show the guest where our tables are).
 * We write CR4 directly: Linux's native_write_cr4() pins SMEP/SMAP and
 * would put them back with a warning.  None of these bits flushes the TLB.
 */
	movq	SW_HOST_CR4(%rdi), %rax
	movq	SW_WORLD_CR4_CLEAR(%rdi), %rdx
	notq	%rdx
	andq	%rdx, %rax
	orq	SW_WORLD_CR4_SET(%rdi), %rax
	movq	%rax, %cr4
/*
 * CR0: the guest's TS (so its FPU use can raise #NM for lazy switching
 * of its own) and WP, as it asked with BURN_HC_SET_CR.  Mostly nothing
 * changes, and a CR0 write serializes, so it is skipped then.  The way
 * back restores the host's CR0 before anything can use the FPU.
 */
	movq	SW_HOST_CR0(%rdi), %rax
	movq	SW_WORLD_CR0_CLEAR(%rdi), %rdx
	notq	%rdx
	andq	%rdx, %rax
	orq	SW_WORLD_CR0_SET(%rdi), %rax
	cmpq	SW_HOST_CR0(%rdi), %rax
	je	1f
	movq	%rax, %cr0
1:

/*S:050
 * The descriptor tables, in an order that keeps an NMI safe at every
 * step.  After our LGDT Linux's IDT is still live, and an NMI goes to
 * Linux as usual: our GDT has the kernel's code and data segments at the
 * kernel's own indices, so Linux's IRET comes back fine.  After our LIDT
 * NMIs come to us (S:300), with Linux's TSS still loaded; our NMI gate
 * does not switch stacks, and the #DF gate's IST 1 is a #DF stack in
 * Linux's TSS too.  Only then LTR: our TSS descriptor is always written
 * fresh (not busy) by core.c.  LLDT 0 last: a borrowed mm's LDT must not
 * be reachable from the guest.
 */
	lgdt	SW_WORLD_GDT(%rdi)
	lidt	SW_WORLD_IDT(%rdi)
	movw	$BURN_SEL_TSS, %ax
	ltr	%ax
	xorl	%eax, %eax
	lldt	%ax

/*S:060
 * The guest's address space: the shadow root, with PCID 0 and bit 63
 * clear, so this write flushes whatever PCID 0 translations an earlier
 * entry left (Linux never uses PCID 0 for itself).  Global entries stay,
 * and they are all kernel mappings the shadow root keeps anyway.
 */
	movq	SW_WORLD_CR3(%rdi), %rax
	movq	%rax, %cr3

/*S:070
 * The guest's data segments, loaded at CPL 0; core.c allowed only our
 * flat guest selectors or null.  The FS and GS loads overwrite the bases
 * Linux keeps there; S:520 puts them back.  From here GS is the guest's,
 * and no code of ours touches per-CPU data until it is restored.
 */
	movw	SW_REGS+R_DS(%rdi), %ds
	movw	SW_REGS+R_ES(%rdi), %es
	movw	SW_REGS+R_FS(%rdi), %fs
	movw	SW_REGS+R_GS(%rdi), %gs

/*S:080
 * The IRETQ frame goes on the host stack, not in sw->regs: an NMI taken
 * now pushes its frame below the stack pointer, and here that is unused
 * host stack.  The general registers are loaded with plain moves from
 * sw->regs (EAX, the base, last), which leaves sw->regs intact for an
 * abort.  R8-R15 do not exist in compatibility mode, but we clear them
 * anyway so no host value is left in the CPU while the guest runs.
 */
	pushq	SW_REGS+R_SS(%rdi)
	pushq	SW_REGS+R_ESP(%rdi)
	pushq	SW_REGS+R_EFLAGS(%rdi)
	pushq	SW_REGS+R_CS(%rdi)
	pushq	SW_REGS+R_EIP(%rdi)
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	movq	%rdi, %rax
	movl	SW_REGS+R_EBX(%rax), %ebx
	movl	SW_REGS+R_ECX(%rax), %ecx
	movl	SW_REGS+R_EDX(%rax), %edx
	movl	SW_REGS+R_ESI(%rax), %esi
	movl	SW_REGS+R_EDI(%rax), %edi
	movl	SW_REGS+R_EBP(%rax), %ebp
	movl	SW_REGS+R_EAX(%rax), %eax
/*S:090
 * And into the guest: IRETQ to a 32-bit ring-1 (or ring-3) code segment
 * drops to compatibility mode with the guest's EFLAGS, in which core.c
 * forced IF on and IOPL to 0.  The next thing this CPU does in ring 0 is
 * one of the trap stubs below.
 */
SYM_INNER_LABEL(burn_entry_iret, SYM_L_GLOBAL)
	iretq
SYM_INNER_LABEL(burn_entry_window_end, SYM_L_GLOBAL)
	int3
SYM_FUNC_END(burn_switch_to_guest)

/*S:200
 * Every gate of the guest-world IDT points at one of these stubs, 16
 * bytes apart so core.c can compute the address of vector n's.  A stub
 * makes every frame look alike: it pushes a zero where the CPU pushed no
 * error code, then the vector number.  Below, when the event came from
 * the guest, the frame is already in sw->regs: TSS.RSP0 is the end of
 * sw->regs, so the CPU pushed SS, ESP, EFLAGS, CS and EIP exactly into
 * their slots.
 *
 * The gates are interrupt gates (IF cleared on entry), DPL 0 except #BP
 * and #OF (DPL 3, so INT3 and INTO report themselves as on hardware) and
 * the hypercall vector 0x82 (DPL 1).  So a guest's `int $n` on any vector
 * a host device could use is a #GP, never a fake interrupt.  Only #DF
 * switches stacks by itself (IST 1): a double fault means the stack may
 * be gone.
 */
	.balign 16
SYM_CODE_START(burn_trap_stubs)
	vector = 0
	.rept 256
	.balign 16
	has_error_code = (vector == 8) || (vector >= 10 && vector <= 14)
	has_error_code = has_error_code || (vector == 17) || (vector == 21)
	has_error_code = has_error_code || (vector == 29) || (vector == 30)
	.if has_error_code == 0
	pushq	$0
	.endif
	pushq	$vector
	.if vector == 8
	jmp	burn_double_fault
	.else
	jmp	burn_trap_common
	.endif
	vector = vector + 1
	.endr
SYM_CODE_END(burn_trap_stubs)

/*
 * burn_trap_common - where every stub but #DF goes.
 *
 * Contract:
 *  in:    (%rsp) = vector, 8(%rsp) = error code, 16(%rsp).. = the CPU's
 *         frame (RIP, CS, RFLAGS, RSP, SS); IF = 0; guest world loaded
 *         (or partly switched, when CS says CPL 0).
 *  out:   from the guest: to burn_restore_host with %rdi = sw,
 *         %esi = BURN_SWITCH_EXIT, on the host stack.  From CPL 0: see
 *         burn_trap_in_switcher.
 */
SYM_CODE_START_LOCAL(burn_trap_common)
	cld
	testb	$3, 24(%rsp)
	jz	burn_trap_in_switcher
/*S:210
 * A trap from the guest.  The frame is in sw->regs, and so, by pushing,
 * are the general registers; then the stack pointer drops to the start of
 * sw->regs before the segment registers and CR2 are stored, so that
 * nothing we saved is ever below the stack pointer (an NMI here pushes
 * its frame there: S:300).  CR2 is saved on every exit, before anything
 * of ours could fault and overwrite it.
 */
	pushq	%rbp
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rbx
	pushq	%rax
	subq	$R_EAX, %rsp
	movq	%cr2, %rax
	movq	%rax, R_CR2(%rsp)
	movl	%ds, %eax
	movq	%rax, R_DS(%rsp)
	movl	%es, %eax
	movq	%rax, R_ES(%rsp)
	movl	%fs, %eax
	movq	%rax, R_FS(%rsp)
	movl	%gs, %eax
	movq	%rax, R_GS(%rsp)
/*S:220
 * sw->regs sits at a fixed place in sw, so its address gives sw; and sw
 * gives the host stack pointer of S:020.  Back on the host stack, the
 * guest's frame is safe from anything that follows.
 */
	leaq	-SW_REGS(%rsp), %rdi
	movq	SW_HOST_RSP(%rdi), %rsp
	movl	$BURN_SWITCH_EXIT, %esi
	jmp	burn_restore_host
SYM_CODE_END(burn_trap_common)

/*S:300
 * An event that interrupted the switcher itself, at CPL 0 with our IDT
 * loaded: the entry window of S:030 or the exit path before S:560.  Our
 * gates (but #DF's) do not switch stacks, so the frame is on whatever
 * stack the switcher was using, and the switcher only ever uses the host
 * stack or sw->regs with the room below it; everything it cares about is
 * above the stack pointer.  We find sw through IDTR, which is ours by
 * definition if we are here.
 *
 * NMIs and machine checks belong to Linux.  We note them in sw->pending
 * and return to the interrupted instruction *without* IRET: IRET would
 * unblock NMIs, and the caller re-raises the NMI with `int $2` on Linux's
 * IDT, which must look to Linux exactly like the NMI the CPU delivered,
 * nested inside nothing.  If the entry window was interrupted, we return
 * to burn_entry_abort instead, so the NMI is handled before, not after,
 * the guest runs.
 *
 * Contract:
 *  in:    as burn_trap_common, with CS at CPL 0.
 *  out:   NMI/#MC: back to the interrupted code (or burn_entry_abort)
 *         with every register and RFLAGS as they were, NMIs still
 *         blocked.  Anything else: burn_switch_fault.
 */
SYM_CODE_START_LOCAL(burn_trap_in_switcher)
	cmpq	$2, (%rsp)
	je	1f
	cmpq	$18, (%rsp)
	jne	burn_switch_fault
1:	pushq	%rax
	pushq	%rbx
	/* (%rsp): rbx, rax, vector, error, rip, cs, rflags, rsp, ss */
	SW_FROM_IDTR rax
	movl	$BURN_PENDING_NMI, %ebx
	cmpq	$2, 16(%rsp)
	je	2f
	movl	$BURN_PENDING_MCE, %ebx
2:	orq	%rbx, SW_PENDING(%rax)
	movq	32(%rsp), %rbx
	leaq	burn_entry_window_start(%rip), %rax
	cmpq	%rax, %rbx
	jb	3f
	leaq	burn_entry_window_end(%rip), %rax
	cmpq	%rax, %rbx
	jae	3f
	leaq	burn_entry_abort(%rip), %rbx
/*S:310
 * Returning without IRET: the interrupted stack gets, just below its
 * stack pointer, the return address, RFLAGS, RAX and RBX; we switch to it
 * and pop them, RET doing the jump.  The frame we read from overlaps
 * those slots, so each value is read before its slot is written: the old
 * RSP first (it is the base), RFLAGS before RAX's slot is used.
 */
3:	movq	56(%rsp), %rax
	movq	%rbx, -8(%rax)
	movq	48(%rsp), %rbx
	movq	%rbx, -16(%rax)
	movq	8(%rsp), %rbx
	movq	%rbx, -24(%rax)
	movq	(%rsp), %rbx
	movq	%rbx, -32(%rax)
	leaq	-32(%rax), %rsp
	popq	%rbx
	popq	%rax
	popfq
	RET
SYM_CODE_END(burn_trap_in_switcher)

/*S:320
 * Any other exception at CPL 0 means the switcher faulted: a bug of ours,
 * or a guest state core.c should have refused (IRETQ checks the guest's
 * selectors).  We record the vector, error code and RIP, abandon the
 * interrupted context and take the normal way home; core.c warns and
 * kills the VM.
 *
 * Contract: in: as burn_trap_common.  out: burn_restore_host with
 * %rdi = sw, %esi = BURN_SWITCH_FAULT, on the host stack.
 */
SYM_CODE_START_LOCAL(burn_switch_fault)
	SW_FROM_IDTR rdi
	movq	(%rsp), %rax
	movq	%rax, SW_FAULT_VECTOR(%rdi)
	movq	8(%rsp), %rax
	movq	%rax, SW_FAULT_ERROR(%rdi)
	movq	16(%rsp), %rax
	movq	%rax, SW_FAULT_RIP(%rdi)
	movq	SW_HOST_RSP(%rdi), %rsp
	movl	$BURN_SWITCH_FAULT, %esi
	jmp	burn_restore_host
SYM_CODE_END(burn_switch_fault)

/*
 * A double fault, on our #DF stack (or Linux's, between S:050's LTR and
 * S:510's): whatever was interrupted cannot be trusted, CS and RIP in
 * the frame included.  Same as any switcher fault.
 */
SYM_CODE_START_LOCAL(burn_double_fault)
	jmp	burn_switch_fault
SYM_CODE_END(burn_double_fault)

/*S:330
 * burn_entry_abort: where S:300 sends an NMI that interrupted the entry
 * window.  Registers may hold anything, some guest values included, but
 * sw->regs was only read, so the guest is exactly as before the entry.
 *
 * Contract: in: IF = 0, our IDT loaded.  out: burn_restore_host with
 * %rdi = sw, %esi = BURN_SWITCH_ABORTED, on the host stack.
 */
SYM_CODE_START_LOCAL(burn_entry_abort)
	SW_FROM_IDTR rdi
	movq	SW_HOST_RSP(%rdi), %rsp
	movl	$BURN_SWITCH_ABORTED, %esi
	jmp	burn_restore_host
SYM_CODE_END(burn_entry_abort)

/*S:500
 * The way home, shared by every exit.  It restores from sw->host alone,
 * so it works from any point of the switch.  The order matters for an
 * NMI arriving half way: the address space first; then GDT and TSS
 * while our IDT still catches NMIs (our NMI gate uses the current stack,
 * which is the host's now); then segment bases, so that GS is Linux's
 * per-CPU base again; then the MSRs and control registers we changed;
 * Linux's IDT last, from which moment Linux sees a consistent CPU.
 *
 * Contract:
 *  in:       %rdi = sw, %esi = return value, %rsp = sw->host.rsp
 *            (the callee-saved registers pushed by S:020 on top), IF = 0.
 *  out:      returns from burn_switch_to_guest() with %eax = %esi.
 */
SYM_CODE_START_LOCAL(burn_restore_host)
	movq	SW_HOST_CR3(%rdi), %rax
	movq	%rax, %cr3
/*S:510
 * LTR refuses a TSS descriptor marked busy, and Linux's own LTR at boot
 * marked the host's busy; LTR also writes that bit, and Linux keeps its
 * GDT mapped read-only (the fixmap alias).  So we load the writable alias
 * core.c found for this CPU, clear the busy bit, load TR, and then load
 * the GDT Linux had, read-only alias and all.
 */
	lgdt	SW_HOST_GDT_RW(%rdi)
	movzwl	SW_HOST_TR(%rdi), %eax
	andl	$~7, %eax
	addq	SW_HOST_GDT_RW+DESC_PTR_ADDRESS(%rdi), %rax
	andb	$~0x02, 5(%rax)
	ltr	SW_HOST_TR(%rdi)
	lgdt	SW_HOST_GDT(%rdi)
	lldt	SW_HOST_LDT(%rdi)
/*S:520
 * Selectors, then the bases their loads clobbered.
 */
	movw	SW_HOST_SS(%rdi), %ss
	movw	SW_HOST_DS(%rdi), %ds
	movw	SW_HOST_ES(%rdi), %es
	movw	SW_HOST_FS(%rdi), %fs
	movw	SW_HOST_GS(%rdi), %gs
	LOAD_MSR MSR_FS_BASE, SW_HOST_FS_BASE
	LOAD_MSR MSR_GS_BASE, SW_HOST_GS_BASE
	LOAD_MSR MSR_EFER, SW_HOST_EFER
	LOAD_MSR MSR_IA32_SYSENTER_CS, SW_HOST_SYSENTER_CS
	movq	SW_HOST_CR4(%rdi), %rax
	movq	%rax, %cr4
	movq	%cr0, %rax
	cmpq	SW_HOST_CR0(%rdi), %rax
	je	1f
	movq	SW_HOST_CR0(%rdi), %rax
	movq	%rax, %cr0
1:
	movq	SW_HOST_DR7(%rdi), %rax
	movq	%rax, %dr7
/*S:560
 * Linux's IDT, and the host's RFLAGS of S:020 (IF still 0): a guest may
 * have left DF or AC set, and Linux's C code assumes both clear.  The
 * caller re-raises NMIs and hands on host interrupts (x86/core.c S:600).
 */
	lidt	SW_HOST_IDT(%rdi)
	pushq	SW_HOST_RFLAGS(%rdi)
	popfq
	movl	%esi, %eax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	RET
SYM_CODE_END(burn_restore_host)
