// SPDX-License-Identifier: GPL-2.0
/*
 * upcall.c - handing exceptions and events to the guest's own handler.
 *
 * Contents:
 *  (i)   registering the upcall entry and the shared VCPU page
 *  (ii)  an upcall: save the interrupted context, resume at the entry
 *  (iii) before each entry: may a pending event be upcalled now?
 *
 * The layout and the rules both sides follow are in
 * include/burnvmm/vcpu.h; docs/hypercalls.md tells the story.  In short:
 * long mode sends every trap to 64-bit code, so the host catches all of
 * the guest's exceptions and, instead of delivering them through the
 * guest's IDT (which only the in-place VMM understands), saves the
 * interrupted registers into the shared page and restarts the guest at
 * one registered entry point at ring 1.  The guest returns by itself.
 */
#include <asm/processor-flags.h>
#include <asm/tsc.h>
#include "burnvmm.h"
#include "trace.h"

/*
 * (i) BURN_HC_SET_UPCALL.  The page must be a whole page of guest RAM;
 * the entry and stack are just numbers until used (a bad one makes the
 * guest's own handler fault, which ends the VM: see S:870).  The page
 * is reached through the VM's RAM mapping, which lives as long as the
 * VM, so the pointer cannot dangle.
 */
int burn_upcall_register(struct burn_vcpu *vcpu, u32 entry, u32 stack,
			 u32 page_gpa)
{
	struct burn_vm *vm = vcpu->vm;
	struct burn_vcpu_page *page;

	if (!entry) {
		memset(&vcpu->upcall, 0, sizeof(vcpu->upcall));
		return 0;
	}
	if (page_gpa & ~PAGE_MASK)
		return -BURN_HC_EINVAL;
	if (!burn_gpa_range_ok(vm->mem_size, gpa(page_gpa), PAGE_SIZE))
		return -BURN_HC_EFAULT;
	page = vm->mem + page_gpa;
	WRITE_ONCE(page->magic, BURN_VCPU_MAGIC);
	WRITE_ONCE(page->version, BURN_VCPU_VERSION);
	WRITE_ONCE(page->tsc_khz, boot_cpu_has(X86_FEATURE_TSC) ? tsc_khz : 0);
	/* Events raised before now were the raw guest's: hand them over. */
	WRITE_ONCE(page->pending, READ_ONCE(page->pending) | vcpu->raw_pending);
	vcpu->raw_pending = 0;
	vcpu->upcall.entry = entry;
	vcpu->upcall.stack = stack;
	vcpu->upcall.page = page;
	return 0;
}

/* Is @eip inside the guest-declared range [@start, @end)? */
static bool burn_in_range(u32 eip, u32 start, u32 end)
{
	return eip >= start && eip < end;
}

/* Was the guest at ring 1 inside the IPVMM (nocall range)? */
static bool burn_in_ipvmm(const struct burn_vcpu_page *page,
			  const struct burn_guest_regs *regs)
{
	return (regs->cs & 3) == 1 &&
	       burn_in_range(regs->eip, READ_ONCE(page->nocall_start),
			     READ_ONCE(page->nocall_end));
}

/*S:860
 * (ii) An upcall.  The interrupted context goes into the page's frame in
 * the order `pushal` would leave it, then the data segments, then what
 * `iret` pops, so the guest can restore it with plain instructions; the
 * guest resumes at its entry, at ring 1 on the flat segments the host
 * keeps for it (the guest cannot redefine those, so the entry always
 * has a working CS and stack segment), with EAX = the vector.
 *
 * The stack: an upcall from outside the IPVMM starts on the registered
 * upcall stack, as an interrupt from ring 3 starts on TSS.ESP0.  One
 * from inside the IPVMM (an emulation that touched a guest page, say)
 * nests on the stack it was using, as a same-ring interrupt does.
 *
 * The frame is single: it is the entry's job to copy it away and clear
 * frame_busy before it can take another exception.  Another exception
 * while frame_busy is set means the entry itself faulted (a bad upcall
 * stack, most likely), which nothing can recover: the VM ends (S:870).
 */
static void burn_upcall_deliver(struct burn_vcpu *vcpu,
				const struct burn_upcall_frame *trap)
{
	struct burn_vcpu_page *page = vcpu->upcall.page;
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	struct burn_upcall_frame f = *trap;
	bool nest = burn_in_ipvmm(page, regs);

	f.edi = regs->edi;
	f.esi = regs->esi;
	f.ebp = regs->ebp;
	f.esp_unused = regs->esp;
	f.ebx = regs->ebx;
	f.edx = regs->edx;
	f.ecx = regs->ecx;
	f.eax = regs->eax;
	f.ds = regs->ds;
	f.es = regs->es;
	f.fs = regs->fs;
	f.gs = regs->gs;
	f.eip = regs->eip;
	f.cs = regs->cs;
	f.eflags = regs->eflags;
	f.esp = regs->esp;
	f.ss = regs->ss;
	if ((regs->cs & 3) == 3)
		f.flags |= BURN_FRAME_RING3;
	memcpy(&page->frame, &f, sizeof(f));
	WRITE_ONCE(page->frame_busy, 1);
	WRITE_ONCE(page->upcalls, READ_ONCE(page->upcalls) + 1);

	regs->eip = vcpu->upcall.entry;
	if (!nest)
		regs->esp = vcpu->upcall.stack;
	regs->eax = f.vector;
	regs->cs = BURN_SEL_RING1_CS;
	regs->ss = BURN_SEL_RING1_DS;
	regs->ds = BURN_SEL_RING1_DS;
	regs->es = BURN_SEL_RING1_DS;
	regs->fs = BURN_SEL_RING1_DS;
	regs->gs = BURN_SEL_RING1_DS;
	regs->eflags = burn_arch_guest_eflags(0);
	trace_burnvmm_upcall(vcpu->vm->id, f.vector, f.eip, f.flags);
}

/*S:870
 * burn_upcall_exception - deliver exception or software interrupt @trap
 * (vector, error code, CR2, flags, MMIO address filled in) to the guest's
 * upcall entry.  False if the guest has none: the caller then ends the
 * VM, naming the exception.  True also when the VM had to end because
 * the frame was still busy.
 */
bool burn_upcall_exception(struct burn_vcpu *vcpu,
			   const struct burn_upcall_frame *trap)
{
	struct burn_vcpu_page *page = vcpu->upcall.page;
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);

	if (!page)
		return false;
	if (READ_ONCE(page->frame_busy)) {
		burn_kill_guest(vcpu, "guest %s (vector %u) at 0x%08x with the upcall frame busy",
				burn_trap_name(trap->vector), trap->vector,
				(u32)regs->eip);
		return true;
	}
	burn_stat_inc(&vcpu->stats, BURNVMM_STAT_UPCALLS_EXCEPTION);
	burn_upcall_deliver(vcpu, trap);
	return true;
}

/*
 * (iii) What to do with pending events before an entry, as a pure
 * function of the page's fields and the guest's CS and EIP, so that
 * KUnit can go through every case.  For BURN_EVENT_RESTART, *@restart_at
 * is the start of the sequence EIP is in.
 */
enum burn_event_action burn_event_decide(u32 pending, u32 irq_enabled,
					 u32 frame_busy, bool ring1, u32 eip,
					 const u32 nocall[2],
					 const u32 restart[BURN_RESTART_RANGES][2],
					 u32 *restart_at)
{
	unsigned int i;

	if (!pending)
		return BURN_EVENT_NONE;
	for (i = 0; ring1 && i < BURN_RESTART_RANGES; i++) {
		if (burn_in_range(eip, restart[i][0], restart[i][1])) {
			*restart_at = restart[i][0];
			return BURN_EVENT_RESTART;
		}
	}
	if (!irq_enabled || frame_busy ||
	    (ring1 && burn_in_range(eip, nocall[0], nocall[1])))
		return BURN_EVENT_DEFER;
	return BURN_EVENT_UPCALL;
}

/*S:880
 * Before every entry into the guest: merge newly raised events and, if
 * the guest can take them now, upcall them.  "Now" means the virtual IF
 * is set, no upcall frame is outstanding and the guest is not inside
 * the IPVMM; otherwise they wait in the pending word, and the IPVMM
 * picks them up at its next safe point (sti, popf, iret, hlt).
 *
 * One race is left, and the restartable sequences close it: the IPVMM's
 * return path checks the pending word and then returns to the guest,
 * and its in-place `sti` sets the virtual IF and then checks the pending
 * word.  An event raised between the check and the return would wait
 * for the next exit.  So if the guest left with EIP inside one of those
 * sequences while events are pending, it goes back to that sequence's
 * start and checks again.  A sequence must therefore be safe to restart
 * from any of its instructions; the guest promises that when it
 * declares it.
 */
void burn_upcall_events(struct burn_vcpu *vcpu)
{
	struct burn_vcpu_page *page = vcpu->upcall.page;
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	struct burn_upcall_frame ev = { .vector = BURN_UPCALL_EVENTS };
	u32 pending = burn_events_merge(vcpu);
	u32 nocall[2], restart[BURN_RESTART_RANGES][2], restart_at = 0;

	if (!page || !pending)
		return;
	nocall[0] = READ_ONCE(page->nocall_start);
	nocall[1] = READ_ONCE(page->nocall_end);
	restart[0][0] = READ_ONCE(page->restart_start);
	restart[0][1] = READ_ONCE(page->restart_end);
	restart[1][0] = READ_ONCE(page->restart2_start);
	restart[1][1] = READ_ONCE(page->restart2_end);
	switch (burn_event_decide(pending, READ_ONCE(page->irq_enabled),
				  READ_ONCE(page->frame_busy),
				  (regs->cs & 3) == 1, regs->eip, nocall,
				  restart, &restart_at)) {
	case BURN_EVENT_NONE:
		break;
	case BURN_EVENT_RESTART:
		regs->eip = restart_at;
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_RESTARTS);
		break;
	case BURN_EVENT_DEFER:
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_EVENTS_DEFERRED);
		break;
	case BURN_EVENT_UPCALL:
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_UPCALLS_EVENT);
		burn_upcall_deliver(vcpu, &ev);
		break;
	}
}

#ifdef BURNVMM_WITH_KUNIT
#include "../tests/kunit/upcall_kunit.c"
#endif
