/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86/switch.h - the data the world switch works on: the guest's register
 * frame, and one VCPU's switcher area (guest-world GDT, IDT, TSS, stacks,
 * saved host state).  Shared by x86/core.c, which fills it, and
 * x86/switcher.S, which reaches it through the offsets x86/asm-offsets.c
 * generates from these very structures.
 *
 * Why per VCPU and not per host CPU: the switcher reloads GDTR, IDTR, TR
 * and CR3 on every entry, with preemption off for the whole round trip,
 * so the tables only have to be right for the CPU the VCPU is on at that
 * moment.  Giving each VCPU its own set keeps it out of every other VCPU's
 * way and needs no per-CPU bookkeeping.  The area lives in the kernel's
 * direct map, which the guest's shadow root maps at the same address as
 * the host does (above 4 GiB, out of a 32-bit guest's reach); see
 * kmod/shadow.c.
 */
#ifndef BURNVMM_X86_SWITCH_H
#define BURNVMM_X86_SWITCH_H

#include <linux/types.h>
#include <asm/desc_defs.h>
#include <asm/page_types.h>

/*
 * Guest-world GDT layout.  Entries 2 and 3 are the host's kernel code and
 * data selectors (__KERNEL_CS, __KERNEL_DS), so the CS the CPU loads from
 * our IDT's gates, and the SS/CS Linux finds on an interrupt frame while
 * either GDT is loaded, mean the same in both worlds.  The guest's flat
 * segments follow (their selectors are in burnvmm/hypercall.h), then our
 * TSS.  Nothing here is a 64-bit code segment below DPL 0, a gate or a
 * conforming segment, so ring 1 and ring 3 cannot reach ring 0 or 64-bit
 * mode through the GDT.  Every other entry is the guest's
 * (BURN_HC_SET_DESC), checked by burn_arch_desc_check() to keep it so;
 * the flat ring-3 pair at 6 and 7 is only a default the guest may
 * replace (Linux puts TLS segments there).
 */
#define BURN_GDT_KERNEL_CS	2
#define BURN_GDT_KERNEL_DS	3
#define BURN_GDT_RING1_CS	4
#define BURN_GDT_RING1_DS	5
#define BURN_GDT_RING3_CS	6
#define BURN_GDT_RING3_DS	7
#define BURN_GDT_TSS		10	/* 16 bytes: entries 10 and 11 */
#define BURN_GDT_ENTRIES	32	/* as Linux i386; = BURN_GDT_GUEST_LIMIT */
#define BURN_SEL_TSS		(BURN_GDT_TSS * 8)

/* Our TSS's IST slot for #DF, the only gate that switches stacks itself. */
#define BURN_IST_DF		1

/* Bytes of each private stack in the switcher area. */
#define BURN_SWITCH_STACK	1024

/*
 * burn_switch_to_guest()'s return values (how the switcher came back).
 *
 * @BURN_SWITCH_EXIT: the guest was interrupted; regs.vector says by what.
 * @BURN_SWITCH_ABORTED: an NMI arrived while entering; the guest did not
 *	run and its registers are untouched.
 * @BURN_SWITCH_FAULT: the switcher itself faulted (a burnvmm bug, or a
 *	guest state the checks let through); fault_* say where.
 */
#define BURN_SWITCH_EXIT	0
#define BURN_SWITCH_ABORTED	1
#define BURN_SWITCH_FAULT	2

/* Bits of burn_switch.pending: host events to re-raise after the exit. */
#define BURN_PENDING_NMI	1
#define BURN_PENDING_MCE	2

#ifndef __ASSEMBLY__

/*
 * The guest's registers as the switcher saves them on an exit and loads
 * them on an entry.  The layout is a stack frame, lowest address first:
 * the CPU pushes the last five words (eip..ss) on entry to ring 0, our trap
 * stub pushes error_code (when the CPU did not) and vector, the exit path
 * pushes the general registers and then stores the segment registers and
 * CR2 below them.  So TSS.RSP0 points just past @ss.  Each slot is 64 bits
 * wide because that is what a push writes; only the low 32 bits are the
 * guest's (a compatibility-mode guest has no upper halves).
 */
struct burn_guest_regs {
	u64 cr2;
	u64 ds, es, fs, gs;
	u64 eax, ebx, ecx, edx, esi, edi, ebp;
	u64 vector;
	u64 error_code;
	u64 eip, cs, eflags, esp, ss;
};

/* Host state saved on entry and put back on exit (x86/switcher.S). */
struct burn_host_state {
	u64 rsp;
	u64 rflags;
	u64 cr3;
	u64 cr4;
	u64 cr0;
	u64 efer;
	u64 sysenter_cs;
	u64 fs_base;
	u64 gs_base;
	u64 dr7;
	u16 ds, es, ss, fs, gs, tr, ldt;
	struct desc_ptr gdt;	/* as Linux loaded it (maybe read-only) */
	struct desc_ptr gdt_rw;	/* the same GDT's writable alias */
	struct desc_ptr idt;
} __packed;

/* What the entry loads besides the guest's registers (x86/core.c). */
struct burn_world {
	u64 cr3;		/* the shadow root, PCID 0 */
	u64 cr4_clear;		/* CR4 bits to clear for the guest */
	u64 cr4_set;		/* CR4 bits to set for the guest */
	u64 cr0_clear;		/* CR0 bits to clear for the guest */
	u64 cr0_set;		/* CR0 bits to set for the guest */
	struct desc_ptr gdt;
	struct desc_ptr idt;
} __packed;

/* The 64-bit TSS: only RSP0 and IST1 are used; no I/O bitmap. */
struct burn_tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 io_bitmap_base;
} __packed;

/*
 * One VCPU's switcher area.  Page-aligned, in the direct map.
 *
 * @idt:	the guest-world IDT; its address also tells a trap stub which
 *		VCPU it is serving (`sidt`), whatever else is loaded
 * @gdt:	the guest-world GDT (layout above)
 * @tss:	its TSS: RSP0 = end of @regs, IST1 = @df_stack
 * @world:	what to load for the guest
 * @host:	what to put back for the host
 * @pending:	BURN_PENDING_* host events seen while switching
 * @fault_vector, @fault_rip, @fault_error: where the switcher faulted
 * @nmi_room:	room for a trap frame pushed below @regs while the entry or
 *		exit path runs on it (see x86/switcher.S S:300)
 * @regs:	the guest's registers; the exit frame lands here.  The CPU
 *		aligns the stack to 16 bytes before pushing a trap frame, so
 *		the end of @regs (TSS.RSP0) must be 16-byte aligned, which
 *		the odd size of @nmi_room arranges.
 * @df_stack:	the #DF stack
 */
struct burn_switch {
	gate_desc idt[256];
	struct desc_struct gdt[BURN_GDT_ENTRIES];
	struct burn_tss tss;
	struct burn_world world;
	struct burn_host_state host;
	u64 pending;
	u64 fault_vector;
	u64 fault_rip;
	u64 fault_error;
	u8 nmi_room[520] __aligned(16);
	struct burn_guest_regs regs;	/* ends 16-byte aligned: see core.c */
	u8 df_stack[BURN_SWITCH_STACK] __aligned(16);
} __aligned(PAGE_SIZE);

/* x86/switcher.S: */
int burn_switch_to_guest(struct burn_switch *sw);
extern const u8 burn_trap_stubs[];
/* x86/hostirq.S: */
void burn_host_irq_call(unsigned long handler);

#endif /* __ASSEMBLY__ */
#endif /* BURNVMM_X86_SWITCH_H */
