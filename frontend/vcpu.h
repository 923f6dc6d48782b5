/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/vcpu.h - the virtual CPU the guest kernel believes it runs
 * on: the EFLAGS system bits, control/debug registers, descriptor-table
 * registers, segment selectors with their cached descriptors, a few
 * MSRs; and the pure logic of event delivery into the guest's IDT,
 * `iret`, the CPUID filter and the deliver-or-keep-pending decision.
 *
 * How the guest sees its privilege level.  The guest kernel runs at
 * real ring 1, yet must believe it is at ring 0: Linux tests
 * `CS & 3` in saved frames to tell user from kernel mode.  So every
 * selector the guest can observe is its *visible* value, RPL 0 for the
 * kernel: v->sel[] (which the inline `mov %sreg, %r` and `push %sreg`
 * sites read), the CS/SS in frames vcpu_deliver() pushes, and what
 * vcpu_iret() pops.  The real selectors (RPL 1, descriptors DPL 1
 * after burnvmm.ko's validation) appear only where the IPVMM loads a
 * segment register or reads a hardware trap frame, through
 * vcpu_real_sel() and vcpu_visible_sel().  Ring 3 selectors are the
 * same in both views.  v->cpl is likewise the visible CPL, 0 or 3.
 */
#ifndef BURNVMM_FRONTEND_VCPU_H
#define BURNVMM_FRONTEND_VCPU_H

#include <burnvmm/types.h>
#include "decode.h"
#include "frontend.h"

/* EFLAGS bits (SDM vol. 1 §3.4.3), each named for the reason it is here. */
#define EFL_FIXED1	0x00000002u	/* reads as 1 */
#define EFL_TF		0x00000100u	/* single step: real, cleared by gates */
#define EFL_IF		0x00000200u	/* interrupts: virtual (v->vif) */
#define EFL_IOPL	0x00003000u	/* I/O privilege: virtual */
#define EFL_NT		0x00004000u	/* nested task: virtual, must stay 0 */
#define EFL_RF		0x00010000u	/* resume flag: cleared by delivery */
#define EFL_VM		0x00020000u	/* virtual-8086: never supported */
#define EFL_AC		0x00040000u	/* alignment check: virtual */
#define EFL_VIF		0x00080000u
#define EFL_VIP		0x00100000u
#define EFL_ID		0x00200000u	/* CPUID present: real */
/* Bits an iret/popf may set at all; the rest read as 0 (bit 1 as 1). */
#define EFL_SETTABLE	0x003f7fd5u
/* Bits kept in the virtual CPU rather than in the real EFLAGS. */
#define EFL_VIRTUAL	(EFL_IF | EFL_IOPL | EFL_NT | EFL_AC)

#define EFL_IOPL_SHIFT	12

/* Exception vectors the delivery logic raises. */
#define VEC_PF		14	/* page fault */
#define VEC_DF		8	/* double fault */
#define VEC_TS		10	/* invalid TSS */
#define VEC_NP		11	/* segment not present */
#define VEC_SS		12	/* stack segment fault */
#define VEC_GP		13	/* general protection */

/* A cached segment descriptor (what the CPU keeps after a load). */
struct vcpu_seg {
	u32 base;
	u32 limit;		/* in bytes, granularity applied */
	u8 type;		/* descriptor type field (4 bits) */
	u8 s;			/* 1: code/data, 0: system */
	u8 dpl;
	u8 present;
};

/* GDTR/IDTR. */
struct vcpu_dtr {
	u32 base;
	u16 limit;
};

/*
 * The virtual CPU.  Static in the IPVMM (one per VCPU); the rewriter's
 * struct rw_layout points inline sites at vif, sel[], cr[] and dr[].
 */
struct vcpu {
	u8 vif;			/* virtual EFLAGS.IF; `cli` sites store 0 */
	u8 cpl;			/* visible CPL: 0 (kernel) or 3 (user) */
	u32 eflags;		/* other virtual bits: IOPL, NT, AC */
	u32 sel[6];		/* visible selectors, enum insn_sreg order */
	struct vcpu_seg seg[6];	/* their cached descriptors */
	u32 cr[5];		/* %cr0, -, %cr2, %cr3, %cr4 */
	u32 dr[8];
	struct vcpu_dtr gdtr;
	struct vcpu_dtr idtr;
	u16 ldtr;		/* visible LDT selector */
	u16 tr;			/* visible TSS selector */
	struct vcpu_seg ldt;
	struct vcpu_seg tss;
	u32 sysenter_cs;	/* MSRs kept but unused: SEP is hidden */
	u32 sysenter_esp;
	u32 sysenter_eip;
	u64 pat;
	u64 misc_enable;
	u32 window_base;	/* [window_base, 4 GiB) is the IPVMM's */
	u32 shadow_eip;		/* no delivery at this eip (sti, mov ss) */
};

/*
 * The interrupted guest context as the frontend works on it, visible
 * view: gpr[] in ModRM order (eax ecx edx ebx esp ebp esi edi), eflags
 * with the virtual bits merged in, selectors as the guest sees them.
 */
struct vcpu_regs {
	u32 gpr[8];
	u32 eip;
	u32 eflags;
	u32 sel[6];		/* enum insn_sreg order */
};

#define REG_ESP		4

/*
 * A general register by operand width, as the CPU names it: width 1
 * numbers 4-7 are %ah %ch %dh %bh (bits 8-15 of eax..ebx); writes of
 * width 1 and 2 leave the rest of the register alone, width 4 replaces
 * it.  Shared by the class emulation and the MMIO emulation.
 */
static inline u32 vcpu_reg_get(const struct vcpu_regs *r, u8 reg, u8 width)
{
	if (width == 1)
		return reg < 4 ? r->gpr[reg] & 0xff :
			(r->gpr[reg - 4] >> 8) & 0xff;
	if (width == 2)
		return r->gpr[reg & 7] & 0xffff;
	return r->gpr[reg & 7];
}

static inline void vcpu_reg_set(struct vcpu_regs *r, u8 reg, u8 width,
				u32 val)
{
	u32 *g = &r->gpr[reg & 3];

	if (width == 1 && reg >= 4)
		*g = (*g & ~0xff00u) | (val & 0xff) << 8;
	else if (width == 1)
		*g = (*g & ~0xffu) | (val & 0xff);
	else if (width == 2)
		r->gpr[reg & 7] = (r->gpr[reg & 7] & ~0xffffu) | (val & 0xffff);
	else
		r->gpr[reg & 7] = val;
}

/* What is being delivered. */
enum vcpu_event_kind {
	EV_EXTINT,		/* device interrupt (from the PIC) */
	EV_EXCEPTION,		/* fault/trap raised by an instruction */
	EV_SOFTINT,		/* int $n, int3, into: gate DPL checked */
};

struct vcpu_event {
	u8 vector;
	u8 kind;		/* enum vcpu_event_kind */
	u8 has_err;		/* push an error code */
	u32 err;
};

/* A fault the guest must see instead (vector + error code). */
struct vcpu_fault {
	u8 vector;
	u32 err;
};

/* Return value of delivery/iret: the guest faulted, see *fault. */
#define VCPU_FAULT	1

/* What to do with a pending asynchronous interrupt now. */
enum vcpu_irq_action {
	IRQ_NONE,		/* nothing pending */
	IRQ_KEEP,		/* pending, not deliverable at this point */
	IRQ_DELIVER,		/* deliver it now */
};

/* vcpu.c: */
void vcpu_reset(struct vcpu *v, u32 window_base);
u32 vcpu_real_sel(u32 visible);
u32 vcpu_visible_sel(u32 real);
u32 vcpu_visible_eflags(const struct vcpu *v, u32 real);
void vcpu_set_eflags(struct vcpu *v, u32 visible);
int vcpu_load_seg(struct vcpu *v, const struct gmem *m, enum insn_sreg s,
		  u32 sel, struct vcpu_fault *f);
int vcpu_deliver(struct vcpu *v, const struct gmem *m, struct vcpu_regs *r,
		 const struct vcpu_event *ev, struct vcpu_fault *f);
int vcpu_raise(struct vcpu *v, const struct gmem *m, struct vcpu_regs *r,
	       const struct vcpu_event *ev);
int vcpu_iret(struct vcpu *v, const struct gmem *m, struct vcpu_regs *r,
	      struct vcpu_fault *f);
enum vcpu_irq_action vcpu_irq_check(const struct vcpu *v, u32 eip,
				    bool pending);
void vcpu_cpuid_filter(u32 leaf, u32 subleaf, u32 regs[4]);
int vcpu_rdmsr(const struct vcpu *v, u32 msr, u64 *val);
int vcpu_wrmsr(struct vcpu *v, u32 msr, u64 val);

#endif /* BURNVMM_FRONTEND_VCPU_H */
