// SPDX-License-Identifier: GPL-2.0
/*
 * x86/core.c - the C half of the world switch (the burn_arch_* seam):
 * building a VCPU's guest-world tables, checking the guest's state before
 * every entry, running the guest once with interrupts off, and handing
 * host NMIs and interrupts that arrived meanwhile back to Linux.
 *
 * Contents:
 *  (i)   the guest-world GDT, IDT and TSS of one VCPU
 *  (ii)  checking the guest's registers (every value is the guest's, or
 *        burnctl's: hostile either way)
 *  (iii) one round trip: enter, exit, re-raise host events, classify
 *  (iv)  set-up and tear-down of the switcher area
 *  (v)   the guest's FPU, SSE and AVX registers
 *
 * The assembly half is x86/switcher.S; its narrative (S:010..S:560)
 * continues here at S:600.
 */
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xcr.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/trapnr.h>
#include "../burnvmm.h"
#include "../trace.h"

/*
 * Where the stubs' code must be for the switcher's assumptions to hold.
 * The CPU aligns its stack to 16 bytes before pushing a trap frame, so the
 * frame lands exactly in sw->regs only if the end of sw->regs is aligned.
 */
static_assert(offsetof(struct burn_switch, regs) % 16 == 8);
static_assert(sizeof(struct burn_guest_regs) % 16 == 8);
static_assert(offsetof(struct burn_switch, idt) == 0);

/* (i) Guest-world tables. */

/* Bytes between two trap stubs (x86/switcher.S S:200). */
#define BURN_STUB_SIZE 16

static void burn_build_idt(struct burn_switch *sw)
{
	unsigned long stub;
	unsigned int v, dpl, ist;

	for (v = 0; v < ARRAY_SIZE(sw->idt); v++) {
		stub = (unsigned long)burn_trap_stubs + v * BURN_STUB_SIZE;
		dpl = 0;
		if (v == X86_TRAP_BP || v == X86_TRAP_OF ||
		    v == BURN_SYSCALL_VECTOR)
			dpl = 3;
		else if (v == BURN_HC_VECTOR)
			dpl = 1;
		ist = v == X86_TRAP_DF ? BURN_IST_DF : 0;
		pack_gate(&sw->idt[v], GATE_INTERRUPT, stub, dpl, ist,
			  __KERNEL_CS);
	}
}

/* Descriptor types: execute/read code and read/write data, accessed. */
#define BURN_DESC_CODE	0xb
#define BURN_DESC_DATA	0x3

/*
 * A flat 4 GiB segment descriptor (base 0, limit 0xfffff pages) of @type
 * and @dpl; @code64 makes a 64-bit code segment (L=1, D=0), anything else
 * is 32-bit.  Never conforming: the types above have that bit clear.
 */
static struct desc_struct burn_flat_desc(unsigned int type, unsigned int dpl,
					 bool code64)
{
	return (struct desc_struct){
		.limit0 = 0xffff, .limit1 = 0xf, .type = type, .s = 1,
		.dpl = dpl, .p = 1, .l = code64, .d = !code64, .g = 1,
	};
}

static void burn_build_gdt(struct burn_switch *sw)
{
	BUILD_BUG_ON(BURN_GDT_ENTRIES != BURN_GDT_GUEST_LIMIT);
	BUILD_BUG_ON(!(BURN_GDT_RESERVED_MASK & BIT(BURN_GDT_KERNEL_CS)));
	BUILD_BUG_ON(!(BURN_GDT_RESERVED_MASK & BIT(BURN_GDT_KERNEL_DS)));
	BUILD_BUG_ON(!(BURN_GDT_RESERVED_MASK & BIT(BURN_GDT_RING1_CS)));
	BUILD_BUG_ON(!(BURN_GDT_RESERVED_MASK & BIT(BURN_GDT_RING1_DS)));
	BUILD_BUG_ON(!(BURN_GDT_RESERVED_MASK & BIT(BURN_GDT_TSS)));
	BUILD_BUG_ON(!(BURN_GDT_RESERVED_MASK & BIT(BURN_GDT_TSS + 1)));
	BUILD_BUG_ON(BURN_GDT_KERNEL_CS * 8 != __KERNEL_CS);
	BUILD_BUG_ON(BURN_GDT_KERNEL_DS * 8 != __KERNEL_DS);
	BUILD_BUG_ON((BURN_GDT_RING1_CS * 8 | 1) != BURN_SEL_RING1_CS);
	BUILD_BUG_ON((BURN_GDT_RING1_DS * 8 | 1) != BURN_SEL_RING1_DS);
	BUILD_BUG_ON((BURN_GDT_RING3_CS * 8 | 3) != BURN_SEL_RING3_CS);
	BUILD_BUG_ON((BURN_GDT_RING3_DS * 8 | 3) != BURN_SEL_RING3_DS);
	memset(sw->gdt, 0, sizeof(sw->gdt));
	sw->gdt[BURN_GDT_KERNEL_CS] = burn_flat_desc(BURN_DESC_CODE, 0, true);
	sw->gdt[BURN_GDT_KERNEL_DS] = burn_flat_desc(BURN_DESC_DATA, 0, false);
	sw->gdt[BURN_GDT_RING1_CS] = burn_flat_desc(BURN_DESC_CODE, 1, false);
	sw->gdt[BURN_GDT_RING1_DS] = burn_flat_desc(BURN_DESC_DATA, 1, false);
	sw->gdt[BURN_GDT_RING3_CS] = burn_flat_desc(BURN_DESC_CODE, 3, false);
	sw->gdt[BURN_GDT_RING3_DS] = burn_flat_desc(BURN_DESC_DATA, 3, false);
}

/*
 * The TSS descriptor, written before every entry: LTR refuses a busy one,
 * and our previous entry's LTR left it busy.  The limit stops at the TSS
 * proper and the I/O bitmap offset points past it, so every IN/OUT at
 * ring 1 or 3 with IOPL 0 is a #GP.
 */
static void burn_set_tss_desc(struct burn_switch *sw)
{
	set_tssldt_descriptor(&sw->gdt[BURN_GDT_TSS], (unsigned long)&sw->tss,
			      DESC_TSS, sizeof(sw->tss) - 1);
}

static void burn_build_tss(struct burn_switch *sw)
{
	sw->tss.rsp[0] = (unsigned long)(&sw->regs + 1);
	sw->tss.ist[BURN_IST_DF - 1] =
		(unsigned long)sw->df_stack + sizeof(sw->df_stack);
	sw->tss.io_bitmap_base = sizeof(sw->tss);
}

/* (ii) The guest's registers. */

/*
 * EFLAGS bits a guest may have: the arithmetic flags, TF, DF, AC, ID and
 * RF.  IF is forced on (host interrupts must reach us), IOPL to 0 (so
 * CLI, STI, IN and OUT fault at ring 1), NT, VM, VIF and VIP off.
 */
#define BURN_EFLAGS_GUEST (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			   X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_TF | \
			   X86_EFLAGS_DF | X86_EFLAGS_OF | X86_EFLAGS_AC | \
			   X86_EFLAGS_ID | X86_EFLAGS_RF)

u32 burn_arch_guest_eflags(u64 eflags)
{
	return (eflags & BURN_EFLAGS_GUEST) | X86_EFLAGS_IF | X86_EFLAGS_FIXED;
}

/*S:620
 * (ii) Guest descriptors.  The guest may put its own segments in the
 * real GDT (BURN_HC_SET_DESC), because Linux loads its kernel, user,
 * per-CPU and TLS selectors with plain instructions, some of them at
 * ring 3 where nothing could emulate them.  What keeps that safe is the
 * descriptor check: only code and data segments (a TSS, LDT or gate could
 * lead to ring 0), never 64-bit code (compatibility mode is the guest's
 * whole world) and never conforming code; DPL 0 becomes DPL 1, so the
 * guest kernel's own selectors work at ring 1 and nothing is ever DPL 0.
 * The host's entries are refused by index.
 */
#define BURN_DESC_TYPE_CODE		0x8
#define BURN_DESC_TYPE_CONFORMING	0x4	/* for code; expand-down for data */
#define BURN_DESC_TYPE_READABLE		0x2	/* for code; writable for data */

/*
 * burn_arch_desc_check - may the guest install @d at GDT @index?  Returns
 * 0 with @d's DPL raised to at least 1, or -BURN_HC_EINVAL.
 */
int burn_arch_desc_check(u32 index, struct desc_struct *d)
{
	if (index >= BURN_GDT_ENTRIES || (BURN_GDT_RESERVED_MASK & BIT(index)))
		return -BURN_HC_EINVAL;
	if (!d->p)
		return 0;	/* cannot be loaded: harmless as it is */
	if (!d->s)
		return -BURN_HC_EINVAL;
	if (d->type & BURN_DESC_TYPE_CODE) {
		if (d->l || (d->type & BURN_DESC_TYPE_CONFORMING))
			return -BURN_HC_EINVAL;
	}
	if (d->dpl == 0)
		d->dpl = 1;
	return 0;
}

/* BURN_HC_SET_DESC: check and install one guest descriptor. */
int burn_arch_set_desc(struct burn_vcpu *vcpu, u32 index, u32 lo, u32 hi)
{
	struct desc_struct d;
	int err;

	BUILD_BUG_ON(sizeof(d) != 8);
	memcpy(&d, &lo, 4);
	memcpy((u8 *)&d + 4, &hi, 4);
	err = burn_arch_desc_check(index, &d);
	if (err)
		return err;
	vcpu->sw->gdt[index] = d;
	return 0;
}

static u64 burn_cr4_set(void);

/*
 * BURN_HC_SET_CR: the two control-register bits of the guest's that the
 * hardware must see (burnvmm/hypercall.h says why only these).  The
 * switcher applies them on entry and takes them back on exit (S:040).
 */
int burn_arch_set_cr(struct burn_vcpu *vcpu, u32 cr0, u32 cr4)
{
	struct burn_world *w = &vcpu->sw->world;

	BUILD_BUG_ON(BURN_CR0_TS != X86_CR0_TS);
	BUILD_BUG_ON(BURN_CR4_TSD != X86_CR4_TSD);
	w->cr0_set = cr0 & X86_CR0_TS;
	w->cr4_set = burn_cr4_set() | (cr4 & X86_CR4_TSD);
	return 0;
}

/* The descriptor selector @sel names, or NULL: out of range, LDT, null. */
static const struct desc_struct *
burn_gdt_entry_of(const struct desc_struct *gdt, u64 sel)
{
	unsigned int index = (sel & 0xffff) >> 3;

	if (sel > 0xffff || (sel & SEGMENT_TI_MASK) || index == 0 ||
	    index >= BURN_GDT_ENTRIES)
		return NULL;
	return &gdt[index];
}

/*
 * A data segment selector the entry may load with `mov` at CPL 0: null,
 * or a present data or readable code segment of DPL 1 to 3 (the CPU
 * itself nulls any whose DPL is below the guest's CPL when IRETQ drops
 * to it).  Our own TSS and the host's entries fail by type or DPL.
 */
bool burn_arch_data_sel_ok(const struct desc_struct *gdt, u64 sel)
{
	const struct desc_struct *d;

	if (sel <= 3)
		return true;	/* null, any RPL */
	d = burn_gdt_entry_of(gdt, sel);
	if (!d || !d->p || !d->s || d->dpl == 0)
		return false;
	if (d->type & BURN_DESC_TYPE_CODE)
		return d->type & BURN_DESC_TYPE_READABLE;
	return true;
}

/*
 * CS and SS as IRETQ will check them: CS a present, non-conforming
 * 32-bit code segment whose DPL is its RPL, 1 or 3; SS a present
 * writable data segment of the same privilege.  Anything else would
 * fault inside the switcher.
 */
bool burn_arch_code_sel_ok(const struct desc_struct *gdt, u64 cs, u64 ss)
{
	const struct desc_struct *c = burn_gdt_entry_of(gdt, cs);
	const struct desc_struct *d = burn_gdt_entry_of(gdt, ss);
	unsigned int rpl = cs & 3;

	if (!c || !d || (rpl != 1 && rpl != 3) || (ss & 3) != rpl)
		return false;
	if (!c->p || !c->s || !(c->type & BURN_DESC_TYPE_CODE) ||
	    (c->type & BURN_DESC_TYPE_CONFORMING) || c->l || c->dpl != rpl)
		return false;
	return d->p && d->s && !(d->type & BURN_DESC_TYPE_CODE) &&
	       (d->type & BURN_DESC_TYPE_READABLE) && d->dpl == rpl;
}

/*
 * burn_arch_regs_ok - may the switcher enter the guest with @regs and the
 * GDT @gdt?  The switcher loads the selectors at CPL 0, where the CPU
 * would accept selectors the guest could never load itself, so they are
 * checked here; the guest may also have changed a descriptor it has
 * loaded.  On false, *@why names the first bad register.
 */
bool burn_arch_regs_ok(const struct desc_struct *gdt,
		       const struct burn_guest_regs *regs, const char **why)
{
	if (!burn_arch_code_sel_ok(gdt, regs->cs, regs->ss)) {
		*why = "CS/SS";
		return false;
	}
	if (!burn_arch_data_sel_ok(gdt, regs->ds) ||
	    !burn_arch_data_sel_ok(gdt, regs->es) ||
	    !burn_arch_data_sel_ok(gdt, regs->fs) ||
	    !burn_arch_data_sel_ok(gdt, regs->gs)) {
		*why = "a data segment register";
		return false;
	}
	if (regs->eip > U32_MAX || regs->esp > U32_MAX) {
		*why = "EIP/ESP";
		return false;
	}
	return true;
}

/* The base of the code segment the guest runs on, for reading its code. */
u32 burn_arch_cs_base(struct burn_vcpu *vcpu)
{
	const struct desc_struct *d = burn_gdt_entry_of(vcpu->sw->gdt,
						    vcpu->sw->regs.cs);

	return d ? get_desc_base(d) : 0;
}

/* The registers a guest without a GDT of its own starts with. */
void burn_arch_set_boot_regs(struct burn_vcpu *vcpu)
{
	struct burn_guest_regs *regs = &vcpu->sw->regs;
	const struct burn_boot_regs *b = &vcpu->boot;

	memset(regs, 0, sizeof(*regs));
	regs->eax = b->eax;
	regs->ebx = b->ebx;
	regs->ecx = b->ecx;
	regs->edx = b->edx;
	regs->esi = b->esi;
	regs->edi = b->edi;
	regs->ebp = b->ebp;
	regs->esp = b->esp;
	regs->eip = b->eip;
	regs->eflags = burn_arch_guest_eflags(0);
	regs->cs = BURN_SEL_RING1_CS;
	regs->ss = BURN_SEL_RING1_DS;
	regs->ds = BURN_SEL_RING1_DS;
	regs->es = BURN_SEL_RING1_DS;
	regs->fs = BURN_SEL_RING1_DS;
	regs->gs = BURN_SEL_RING1_DS;
}

struct burn_guest_regs *burn_arch_regs(struct burn_vcpu *vcpu)
{
	return &vcpu->sw->regs;
}

/* (iii) One round trip. */

/* Is vector @v in service at the local APIC, i.e. a real interrupt? */
static bool burn_apic_in_service(unsigned int v)
{
	u32 isr = apic_read(APIC_ISR + (v / 32) * 0x10);

	return isr & BIT(v % 32);
}

/*S:600
 * Back from the switcher, still with interrupts off, the host world is
 * Linux's again, and whatever hit the guest must now reach Linux as if it
 * had hit here.
 *
 * An NMI (an exit through vector 2, or one the switcher noted while it
 * was switching) is re-raised with `int $2` through Linux's IDT.  Since
 * the CPU delivered it no IRET has run, so NMIs are still blocked and
 * Linux's NMI entry sees exactly what a real NMI looks like; its IRET
 * unblocks them.  Machine checks go the same way with `int $18`.
 *
 * Any vector from 32 up is a host interrupt: every such gate of ours is
 * DPL 0, so the guest cannot raise one with INT.  The exceptions are the
 * hypercall vector, 0x82, whose gate is DPL 1, and the guest system call
 * vector, 0x80, whose gate is DPL 3; Linux may also have given either
 * to a device.  A device interrupt is in service at the local
 * APIC until its handler's EOI, and a software INT never is, so the
 * APIC's in-service register tells the two apart.  A host interrupt is
 * passed to the handler Linux's own IDT has for its vector, with the
 * frame the CPU would have built (x86/hostirq.S).
 */
static void burn_reraise_host_events(struct burn_switch *sw, int how)
{
	unsigned long vector = sw->regs.vector;
	gate_desc *host_idt = (gate_desc *)sw->host.idt.address;

	if (how == BURN_SWITCH_EXIT && vector == X86_TRAP_NMI)
		sw->pending |= BURN_PENDING_NMI;
	if (how == BURN_SWITCH_EXIT && vector == X86_TRAP_MC)
		sw->pending |= BURN_PENDING_MCE;
	if (sw->pending & BURN_PENDING_NMI)
		asm volatile("int $2");
	if (sw->pending & BURN_PENDING_MCE)
		asm volatile("int $18");
	if (how != BURN_SWITCH_EXIT || vector < FIRST_EXTERNAL_VECTOR ||
	    vector >= ARRAY_SIZE(sw->idt))
		return;
	if ((vector == BURN_HC_VECTOR || vector == BURN_SYSCALL_VECTOR) &&
	    !burn_apic_in_service(vector))
		return;
	burn_host_irq_call(gate_offset(&host_idt[vector]));
	sw->regs.vector = BURN_VECTOR_HOST;
}

/* Classify an exit for the run loop (kmod/run.c). */
static enum burn_exit burn_classify_exit(struct burn_vcpu *vcpu, int how)
{
	struct burn_switch *sw = vcpu->sw;
	unsigned long vector = sw->regs.vector;

	switch (how) {
	case BURN_SWITCH_ABORTED:
		return BURN_EXIT_HOST;
	case BURN_SWITCH_EXIT:
		if (vector == BURN_VECTOR_HOST || vector == X86_TRAP_NMI ||
		    vector == X86_TRAP_MC)
			return BURN_EXIT_HOST;
		if (vector == BURN_HC_VECTOR)
			return BURN_EXIT_HYPERCALL;
		if (vector < FIRST_EXTERNAL_VECTOR ||
		    vector == BURN_SYSCALL_VECTOR)
			return BURN_EXIT_EXCEPTION;
		break;
	}
	WARN_ONCE(1, "burnvmm: switcher fault: vector %llu error %#llx at %pS\n",
		  sw->fault_vector, sw->fault_error, (void *)sw->fault_rip);
	burn_bug_guest(vcpu, "internal error: world switch fault (vector %llu)",
		       sw->fault_vector);
	return BURN_EXIT_BROKEN;
}

static void burn_fpu_load(struct burn_vcpu *vcpu);
static void burn_fpu_save(struct burn_vcpu *vcpu);

/* Count an exit by kind (enum burnvmm_stat) and pass it on. */
static enum burn_exit burn_count_exit(struct burn_vcpu *vcpu,
				      enum burn_exit exit)
{
	struct burn_vcpu_stats *st = &vcpu->stats;
	unsigned long vector = vcpu->sw->regs.vector;

	burn_stat_inc(st, BURNVMM_STAT_EXITS);
	switch (exit) {
	case BURN_EXIT_HOST:
		burn_stat_inc(st, BURNVMM_STAT_EXITS_HOST);
		break;
	case BURN_EXIT_HYPERCALL:
		burn_stat_inc(st, BURNVMM_STAT_EXITS_HYPERCALL);
		break;
	case BURN_EXIT_EXCEPTION:
		burn_stat_inc(st, BURNVMM_STAT_EXITS_EXCEPTION);
		if (vector < 32)
			burn_stat_inc(st, BURNVMM_STAT_EXC_FIRST + vector);
		break;
	case BURN_EXIT_BROKEN:
		break;
	}
	return exit;
}

/*
 * burn_arch_run - run @vcpu's guest until the next exit.  Called by the
 * VCPU thread with preemption enabled; sleeps not.  The guest's state
 * is checked first; a state the switcher must not load kills the VM.
 */
enum burn_exit burn_arch_run(struct burn_vcpu *vcpu)
{
	struct burn_switch *sw = vcpu->sw;
	const char *why;
	int how;

	sw->regs.eflags = burn_arch_guest_eflags(sw->regs.eflags);
	if (!burn_arch_regs_ok(sw->gdt, &sw->regs, &why)) {
		burn_kill_guest(vcpu, "guest %s refers to an invalid descriptor at EIP 0x%08x",
				why, (u32)sw->regs.eip);
		return BURN_EXIT_BROKEN;
	}
	sw->world.cr3 = burn_shadow_root_pa(vcpu);
	burn_set_tss_desc(sw);
	trace_burnvmm_entry(vcpu->vm->id, sw->regs.eip, sw->regs.cs);

	/*
	 * The guest may use the FPU and SIMD registers freely: this saves
	 * whatever user state they hold and makes sure it is reloaded.
	 * It also disables preemption, which the switch needs.  Then the
	 * guest's own registers go in, and come out again after the exit
	 * (S:640).
	 */
	kernel_fpu_begin();
	burn_fpu_load(vcpu);
	local_irq_disable();
	/*
	 * An event that arrived since the run loop last looked (a timer or
	 * netlink on this CPU, whose kick could not interrupt us) must not
	 * wait in the guest for the next host tick: go round again.  With
	 * interrupts off, a later one's IPI makes the guest exit at once.
	 */
	if (burn_events_arrived(vcpu)) {
		local_irq_enable();
		burn_fpu_save(vcpu);
		kernel_fpu_end();
		return BURN_EXIT_HOST;
	}
	sw->host.gdt_rw.address = (unsigned long)get_current_gdt_rw();
	sw->host.gdt_rw.size = GDT_SIZE - 1;
	sw->pending = 0;
	how = burn_switch_to_guest(sw);
	burn_reraise_host_events(sw, how);
	local_irq_enable();
	burn_fpu_save(vcpu);
	kernel_fpu_end();

	how = burn_count_exit(vcpu, burn_classify_exit(vcpu, how));
	trace_burnvmm_exit(vcpu->vm->id, sw->regs.vector, sw->regs.eip, how);
	return how;
}

/* (iv) Set-up and tear-down. */

/*
 * The CR4 bits the guest world clears and sets (S:040).  Worked out per
 * VCPU rather than at module init, because KUnit runs our suites (which
 * start guests) before the module's init function.
 */
#define BURN_CR4_CLEAR (X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PKE | X86_CR4_CET)

static u64 burn_cr4_set(void)
{
	return boot_cpu_has(X86_FEATURE_UMIP) ? X86_CR4_UMIP : 0;
}

static int burn_fpu_alloc(struct burn_vcpu *vcpu);
static void burn_fpu_free(struct burn_vcpu *vcpu);

int burn_arch_vcpu_init(struct burn_vcpu *vcpu)
{
	struct burn_switch *sw;

	if (burn_fpu_alloc(vcpu))
		return -ENOMEM;
	sw = burn_should_fail(BURN_FAULT_SWITCH) ? NULL :
		alloc_pages_exact(sizeof(*sw), GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!sw) {
		burn_fpu_free(vcpu);
		return -ENOMEM;
	}
	burn_build_idt(sw);
	burn_build_gdt(sw);
	burn_build_tss(sw);
	sw->world.gdt.address = (unsigned long)sw->gdt;
	sw->world.gdt.size = sizeof(sw->gdt) - 1;
	sw->world.idt.address = (unsigned long)sw->idt;
	sw->world.idt.size = sizeof(sw->idt) - 1;
	sw->world.cr4_clear = BURN_CR4_CLEAR;
	sw->world.cr4_set = burn_cr4_set();
	vcpu->sw = sw;
	burn_arch_set_boot_regs(vcpu);
	return 0;
}

void burn_arch_vcpu_free(struct burn_vcpu *vcpu)
{
	if (vcpu->sw)
		free_pages_exact(vcpu->sw, sizeof(*vcpu->sw));
	vcpu->sw = NULL;
	burn_fpu_free(vcpu);
}

/*S:640
 * (v) The guest's floating-point and vector registers.  The VM thread
 * is a kernel thread: when it is preempted, or sleeps in the idle
 * hypercall, whatever runs next on that CPU may use these registers,
 * and kernel_fpu_begin() only protects a task's *user* state.  So the
 * guest's state is saved after every exit and loaded before every
 * entry, into an area of its own, with XSAVE where the CPU has it (the
 * guest can use AVX in compatibility mode, since CPUID tells it so) and
 * FXSAVE otherwise.  Two components stay out: PKRU, which is the
 * host's (the guest world runs with CR4.PKE clear anyway), and AMX tile
 * data, which Linux keeps disabled (XFD) in kernel threads, where
 * touching it would fault.
 *
 * A fresh area holds the reset state: XSTATE_BV 0 makes XRSTOR load
 * every component's initial value, except MXCSR, which it always reads
 * from the area, so that is set to its reset value, 0x1f80.
 */
#define BURN_FPU_FXSAVE_SIZE	512
#define BURN_FPU_MXCSR_OFFSET	24
#define BURN_FPU_FCW_OFFSET	0
#define BURN_FPU_MXCSR_RESET	0x1f80
#define BURN_FPU_FCW_RESET	0x037f

static unsigned int burn_fpu_size(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!boot_cpu_has(X86_FEATURE_XSAVE))
		return BURN_FPU_FXSAVE_SIZE;
	cpuid_count(0xd, 0, &eax, &ebx, &ecx, &edx);
	return max_t(unsigned int, ebx, BURN_FPU_FXSAVE_SIZE + 64);
}

/* The XSAVE components we save: everything the host enabled but two. */
static u64 burn_fpu_mask(void)
{
	return xgetbv(XCR_XFEATURE_ENABLED_MASK) &
	       ~(u64)(XFEATURE_MASK_PKRU | XFEATURE_MASK_XTILE);
}

static int burn_fpu_alloc(struct burn_vcpu *vcpu)
{
	u8 *area;

	vcpu->fpu_size = burn_fpu_size();
	/* Page-aligned, which covers XSAVE's 64 and FXSAVE's 16 bytes. */
	area = alloc_pages_exact(vcpu->fpu_size,
				 GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!area)
		return -ENOMEM;
	*(u16 *)(area + BURN_FPU_FCW_OFFSET) = BURN_FPU_FCW_RESET;
	*(u32 *)(area + BURN_FPU_MXCSR_OFFSET) = BURN_FPU_MXCSR_RESET;
	vcpu->fpu = area;
	return 0;
}

static void burn_fpu_free(struct burn_vcpu *vcpu)
{
	if (vcpu->fpu)
		free_pages_exact(vcpu->fpu, vcpu->fpu_size);
	vcpu->fpu = NULL;
}

/* Inside kernel_fpu_begin()/kernel_fpu_end() only. */
static void burn_fpu_load(struct burn_vcpu *vcpu)
{
	u64 mask;

	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		mask = burn_fpu_mask();
		asm volatile("xrstor64 (%0)"
			     : : "r"(vcpu->fpu), "a"((u32)mask),
			       "d"((u32)(mask >> 32))
			     : "memory");
	} else {
		asm volatile("fxrstor64 (%0)" : : "r"(vcpu->fpu) : "memory");
	}
}

static void burn_fpu_save(struct burn_vcpu *vcpu)
{
	u64 mask;

	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		mask = burn_fpu_mask();
		asm volatile("xsave64 (%0)"
			     : : "r"(vcpu->fpu), "a"((u32)mask),
			       "d"((u32)(mask >> 32))
			     : "memory");
	} else {
		asm volatile("fxsave64 (%0)" : : "r"(vcpu->fpu) : "memory");
	}
}

#ifdef BURNVMM_WITH_KUNIT
#include "../../tests/kunit/core_kunit.c"
#endif
