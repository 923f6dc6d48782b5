// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/vcpu.c - the virtual CPU's pure logic: visible flags and
 * selectors, descriptor reads from guest memory, event delivery through
 * the guest's IDT, iret, the deliver-or-keep-pending decision, the
 * CPUID filter and the MSRs the IPVMM keeps.
 *
 * Why pure: none of this needs the host.  It reads the guest's own
 * tables through struct gmem exactly when the hardware would (IDT and
 * TSS at delivery, GDT at segment loads), so it runs the same inside
 * the IPVMM and against a fake memory in the host tests.
 *
 * Contents
 *   1. Visible vs real: selectors and EFLAGS.
 *   2. Descriptors: reading and decoding the guest's GDT/LDT.
 *   3. Segment loads.
 *   4. Event delivery (the I:0xx reading path).
 *   4a. Faults while delivering: #DF and shutdown (I:070).
 *   5. iret (I:1xx).
 *   6. Deliver now or keep pending (I:2xx).
 *   7. CPUID filter.
 *   8. MSRs.
 *
 * Limits, on purpose: 32-bit gates and frames only (16-bit gates,
 * iretw, task gates, task returns and virtual-8086 mode are refused
 * with -FE_ENOSYS, which the caller turns into a guest kill with a
 * reason); stack segment limits are not checked (the guests run flat).
 */
#include "vcpu.h"

/* 1. Visible vs real: selectors and EFLAGS. */

#define SEL_RPL(s)	((s) & 3)
#define SEL_TI		0x4u
#define SEL_INDEX(s)	((s) & 0xfff8u)

/*
 * The selector to load into a real segment register for a visible one:
 * guest ring 0 runs at ring 1, so RPL 0 becomes 1.  A null selector
 * (index 0, TI 0) stays null whatever its RPL.
 */
u32 vcpu_real_sel(u32 visible)
{
	visible &= 0xffff;
	if ((visible & ~3u) == 0)
		return visible;
	return SEL_RPL(visible) == 0 ? visible | 1 : visible;
}

/* The visible form of a selector read from a real frame: RPL 1 -> 0. */
u32 vcpu_visible_sel(u32 real)
{
	real &= 0xffff;
	return SEL_RPL(real) == 1 ? real & ~3u : real;
}

/* Guest-visible EFLAGS: the real arithmetic bits, the virtual rest. */
u32 vcpu_visible_eflags(const struct vcpu *v, u32 real)
{
	u32 f = (real & ~EFL_VIRTUAL) | (v->eflags & EFL_VIRTUAL & ~EFL_IF);

	if (v->vif)
		f |= EFL_IF;
	return (f & EFL_SETTABLE) | EFL_FIXED1;
}

/* Take the virtual bits of a visible EFLAGS value into the vcpu. */
void vcpu_set_eflags(struct vcpu *v, u32 visible)
{
	v->vif = !!(visible & EFL_IF);
	v->eflags = visible & EFL_VIRTUAL & ~EFL_IF;
}

/*
 * Power-on state (SDM vol. 3 §9.1.1), protected mode already on as a
 * boot loader leaves it; selectors are filled by the boot code.
 */
void vcpu_reset(struct vcpu *v, u32 window_base)
{
	fe_memset(v, 0, sizeof(*v));
	v->cr[0] = 0x00000011;		/* PE | ET */
	v->dr[6] = 0xffff0ff0;
	v->dr[7] = 0x00000400;
	v->idtr.limit = 0xffff;
	v->gdtr.limit = 0xffff;
	v->pat = 0x0007040600070406ull;
	v->window_base = window_base;
	v->shadow_eip = 0xffffffff;
}

/* 2. Descriptors: reading and decoding the guest's GDT/LDT. */

static bool desc_present(u32 hi) { return hi & (1u << 15); }
static u8 desc_dpl(u32 hi) { return (hi >> 13) & 3; }
static bool desc_s(u32 hi) { return hi & (1u << 12); }
static u8 desc_type(u32 hi) { return (hi >> 8) & 0xf; }
static bool type_code(u8 t) { return t & 0x8; }
static bool type_conforming(u8 t) { return (t & 0xc) == 0xc; }
static bool type_writable_data(u8 t) { return (t & 0xa) == 0x2; }
static bool type_readable(u8 t) { return !type_code(t) || (t & 0x2); }

static void desc_unpack(u32 lo, u32 hi, struct vcpu_seg *s)
{
	u32 limit = (lo & 0xffff) | (hi & 0x000f0000);

	if (hi & (1u << 23))		/* G: 4 KiB granularity */
		limit = limit << 12 | 0xfff;
	s->base = (lo >> 16) | (hi & 0xff) << 16 | (hi & 0xff000000);
	s->limit = limit;
	s->type = desc_type(hi);
	s->s = desc_s(hi);
	s->dpl = desc_dpl(hi);
	s->present = desc_present(hi);
}

static int fault_with(struct vcpu_fault *f, u8 vector, u32 err)
{
	f->vector = vector;
	f->err = err;
	return VCPU_FAULT;
}

/*
 * Read the 8-byte descriptor a (non-null) selector names from the GDT
 * or the LDT.  The guest controls the selector and the table registers:
 * the index is checked against the limit before any read, and the sum
 * cannot wrap because index*8+7 <= 0xffff.  ext is the EXT bit of a
 * resulting #GP (1 while delivering an external event).
 */
static int read_desc(const struct vcpu *v, const struct gmem *m, u32 sel,
		     u32 ext, u32 d[2], struct vcpu_fault *f)
{
	u32 base = v->gdtr.base, limit = v->gdtr.limit, off;
	int err;

	if (sel & SEL_TI) {
		base = v->ldt.base;
		limit = v->ldtr && v->ldt.present ? v->ldt.limit : 0;
		if (!v->ldtr)
			return fault_with(f, VEC_GP, SEL_INDEX(sel) | SEL_TI | ext);
	}
	off = SEL_INDEX(sel);
	if (off + 7 > limit)
		return fault_with(f, VEC_GP, (sel & 0xfffc) | ext);
	err = gmem_read32(m, gva(base + off), &d[0]);
	if (!err)
		err = gmem_read32(m, gva(base + off + 4), &d[1]);
	return err;
}

/* 3. Segment loads. */

/*
 * Load a data or stack segment register with a visible selector, with
 * the checks `mov r/m, %sreg` and `pop %sreg` do (SDM vol. 2, MOV):
 * %ss needs a writable data segment with RPL = DPL = CPL; the others a
 * readable segment whose DPL admits max(CPL, RPL), or null.
 */
int vcpu_load_seg(struct vcpu *v, const struct gmem *m, enum insn_sreg s,
		  u32 sel, struct vcpu_fault *f)
{
	struct vcpu_seg d;
	u32 raw[2];
	u8 t;
	int r;

	sel &= 0xffff;
	if (s == SREG_CS || s > SREG_GS)
		return -FE_EINVAL;
	if ((sel & ~3u) == 0) {
		if (s == SREG_SS)
			return fault_with(f, VEC_GP, 0);
		v->sel[s] = sel;
		fe_memset(&v->seg[s], 0, sizeof(v->seg[s]));
		return 0;
	}
	r = read_desc(v, m, sel, 0, raw, f);
	if (r)
		return r;
	desc_unpack(raw[0], raw[1], &d);
	t = d.type;
	if (s == SREG_SS) {
		if (!d.s || !type_writable_data(t) || SEL_RPL(sel) != v->cpl ||
		    d.dpl != v->cpl)
			return fault_with(f, VEC_GP, sel & 0xfffc);
		if (!d.present)
			return fault_with(f, VEC_SS, sel & 0xfffc);
	} else {
		if (!d.s || !type_readable(t) ||
		    (!type_conforming(t) &&
		     (d.dpl < v->cpl || d.dpl < SEL_RPL(sel))))
			return fault_with(f, VEC_GP, sel & 0xfffc);
		if (!d.present)
			return fault_with(f, VEC_NP, sel & 0xfffc);
	}
	v->sel[s] = sel;
	v->seg[s] = d;
	return 0;
}

/* 4. Event delivery (the I:0xx reading path). */

/*I:010 Delivering an event into the guest is the IPVMM doing by hand
 * what the CPU does when an interrupt or exception arrives in protected
 * mode (SDM vol. 3 §6.12).  The guest's IDT lives in guest memory and the
 * guest may change it with plain stores at any time, so it is read now,
 * at delivery, never cached.  The frame we build must be bit for bit
 * what the hardware would push, because the guest's entry code (Linux's
 * entry_32.S) computes offsets into it and looks at CS & 3 to tell
 * whether it interrupted user or kernel mode. :*/

struct gate {
	u32 offset;
	u16 sel;
	u8 type;		/* 0xe interrupt gate, 0xf trap gate */
	u8 dpl;
	bool present;
};

static bool gate_is_interrupt(const struct gate *g) { return g->type == 0xe; }

/*I:020 First the gate.  A vector beyond the IDT limit, or a descriptor
 * that is not a 32-bit interrupt or trap gate, is a #GP whose error code
 * names the IDT entry (index * 8 + 2, plus EXT when the event came from
 * outside the program).  A software `int $n` must also pass the gate's
 * DPL against the current privilege level: this is how a kernel keeps
 * user code from calling its page-fault handler with `int $14`.  Task
 * gates (Linux's 32-bit double-fault handler uses one) are refused: the
 * IPVMM has no hardware task switch to emulate them with. :*/
static int read_gate(const struct vcpu *v, const struct gmem *m,
		     const struct vcpu_event *ev, u32 ext, struct gate *g,
		     struct vcpu_fault *f)
{
	u32 idt_err = (u32)ev->vector * 8 + 2 + ext;
	u32 lo, hi;
	int err;

	if ((u32)ev->vector * 8 + 7 > v->idtr.limit)
		return fault_with(f, VEC_GP, idt_err);
	err = gmem_read32(m, gva(v->idtr.base + ev->vector * 8), &lo);
	if (!err)
		err = gmem_read32(m, gva(v->idtr.base + ev->vector * 8 + 4),
				  &hi);
	if (err)
		return err;
	g->offset = (lo & 0xffff) | (hi & 0xffff0000);
	g->sel = lo >> 16;
	g->type = (hi >> 8) & 0x1f;	/* S bit included: 0 for gates */
	g->dpl = desc_dpl(hi);
	g->present = desc_present(hi);
	if (g->type == 0x05)
		return -FE_ENOSYS;	/* task gate */
	if (g->type != 0x0e && g->type != 0x0f)
		return fault_with(f, VEC_GP, idt_err);
	if (ev->kind == EV_SOFTINT && g->dpl < v->cpl)
		return fault_with(f, VEC_GP, idt_err - ext);
	if (!g->present)
		return fault_with(f, VEC_NP, idt_err);
	return 0;
}

/*I:030 Then the code segment the gate points to.  It must be a present
 * code segment with DPL <= CPL; a non-conforming one moves the CPU to
 * its DPL.  For our guests that means user (3) to kernel (0) or staying
 * in the kernel; a guest code segment at DPL 1 or 2 would need a third
 * visible ring, which we refuse rather than approximate. :*/
static int gate_target(const struct vcpu *v, const struct gmem *m,
		       const struct gate *g, u32 ext, u8 *new_cpl,
		       struct vcpu_fault *f)
{
	struct vcpu_seg cs;
	u32 raw[2];
	int r;

	if ((g->sel & ~3u) == 0)
		return fault_with(f, VEC_GP, ext);
	r = read_desc(v, m, g->sel, ext, raw, f);
	if (r)
		return r;
	desc_unpack(raw[0], raw[1], &cs);
	if (!cs.s || !type_code(cs.type) || cs.dpl > v->cpl)
		return fault_with(f, VEC_GP, (g->sel & 0xfffc) | ext);
	if (!cs.present)
		return fault_with(f, VEC_NP, (g->sel & 0xfffc) | ext);
	*new_cpl = type_conforming(cs.type) ? v->cpl : cs.dpl;
	if (*new_cpl != 0 && *new_cpl != 3)
		return -FE_ENOSYS;
	return 0;
}

/*I:040 Going from user to kernel mode switches stacks.  The CPU takes
 * the new SS:ESP from the current TSS (ss0 at offset 8, esp0 at offset
 * 4), and so do we, from the guest's TSS in guest memory, at this
 * moment: Linux rewrites esp0 on every context switch with a plain
 * store.  A TSS too short to hold them, or an ss0 that is not a present
 * writable data segment at DPL 0 with RPL 0, is an invalid-TSS fault,
 * as on hardware. :*/
static int kernel_stack(const struct vcpu *v, const struct gmem *m,
			u32 ext, u32 *ss0, u32 *esp0, struct vcpu_seg *ss,
			struct vcpu_fault *f)
{
	u32 raw[2];
	int r;

	if (!v->tr || !v->tss.present || v->tss.limit < 11)
		return fault_with(f, VEC_TS, (v->tr & 0xfffc) | ext);
	r = gmem_read32(m, gva(v->tss.base + 4), esp0);
	if (!r)
		r = gmem_read32(m, gva(v->tss.base + 8), ss0);
	if (r)
		return r;
	*ss0 &= 0xffff;
	if ((*ss0 & ~3u) == 0 || SEL_RPL(*ss0) != 0)
		return fault_with(f, VEC_TS, (*ss0 & 0xfffc) | ext);
	r = read_desc(v, m, *ss0, ext, raw, f);
	if (r == VCPU_FAULT)
		return fault_with(f, VEC_TS, (*ss0 & 0xfffc) | ext);
	if (r)
		return r;
	desc_unpack(raw[0], raw[1], ss);
	if (!ss->s || !type_writable_data(ss->type) || ss->dpl != 0)
		return fault_with(f, VEC_TS, (*ss0 & 0xfffc) | ext);
	if (!ss->present)
		return fault_with(f, VEC_SS, (*ss0 & 0xfffc) | ext);
	return 0;
}

/*I:050 The frame, from the lowest address up: [error code], EIP, CS,
 * EFLAGS, and after a stack switch the interrupted ESP and SS.  CS and
 * SS are the visible selectors (RPL 0 for the kernel, see vcpu.h), and
 * EFLAGS carries the virtual IF and IOPL, so an `iret` by the guest's
 * handler, emulated below, restores exactly what was interrupted.  It
 * is written in one piece so that a fault on the stack leaves the vcpu
 * unchanged. :*/
static int push_frame(const struct gmem *m, u32 ss_base, u32 esp,
		      const u32 *words, u32 n)
{
	u8 b[6 * 4];
	u32 i;

	for (i = 0; i < n; i++) {
		b[4 * i] = words[i] & 0xff;
		b[4 * i + 1] = (words[i] >> 8) & 0xff;
		b[4 * i + 2] = (words[i] >> 16) & 0xff;
		b[4 * i + 3] = words[i] >> 24;
	}
	return gmem_write(m, gva(ss_base + esp - 4 * n), b, 4 * n);
}

/*I:060 Finally the CPU state the handler starts with: CS:EIP from the
 * gate (CS with RPL = the new CPL), TF, NT, RF and VM cleared, and IF
 * cleared too for an interrupt gate but kept for a trap gate.  That last
 * difference is what lets Linux run its page-fault handler with
 * interrupts on and its device interrupts with them off. :*/
int vcpu_deliver(struct vcpu *v, const struct gmem *m, struct vcpu_regs *r,
		 const struct vcpu_event *ev, struct vcpu_fault *f)
{
	u32 ext = ev->kind == EV_SOFTINT ? 0 : 1;
	u32 w[6], n = 0, ss0 = 0, esp = r->gpr[REG_ESP], ss_base;
	struct vcpu_seg ss = v->seg[SREG_SS];
	struct gate g;
	u8 new_cpl;
	int err;

	err = read_gate(v, m, ev, ext, &g, f);
	if (!err)
		err = gate_target(v, m, &g, ext, &new_cpl, f);
	if (!err && new_cpl < v->cpl)
		err = kernel_stack(v, m, ext, &ss0, &esp, &ss, f);
	if (err)
		return err;
	ss_base = ss.base;
	if (ev->has_err)
		w[n++] = ev->err;
	w[n++] = r->eip;
	w[n++] = r->sel[SREG_CS];
	w[n++] = vcpu_visible_eflags(v, r->eflags);
	if (new_cpl < v->cpl) {
		w[n++] = r->gpr[REG_ESP];
		w[n++] = r->sel[SREG_SS];
	}
	err = push_frame(m, ss_base, esp, w, n);
	if (err)
		return err;
	if (new_cpl < v->cpl) {
		v->sel[SREG_SS] = ss0;
		v->seg[SREG_SS] = ss;
		r->sel[SREG_SS] = ss0;
	}
	r->gpr[REG_ESP] = esp - 4 * n;
	r->eip = g.offset;
	r->sel[SREG_CS] = (g.sel & ~3u) | new_cpl;
	v->sel[SREG_CS] = r->sel[SREG_CS];
	v->cpl = new_cpl;
	r->eflags &= ~(EFL_TF | EFL_NT | EFL_RF | EFL_VM);
	v->eflags &= ~EFL_NT;
	if (gate_is_interrupt(&g)) {
		v->vif = 0;
		r->eflags &= ~EFL_IF;
	}
	return 0;
}

/* 4a. Faults while delivering: #DF and shutdown (I:070). */

/*I:070 Delivery can itself fault: a not-present gate, a bad TSS.  The
 * CPU then delivers the new fault instead, unless the two together are
 * hopeless (SDM vol. 3, table 6-5): a contributory fault (#DE, #TS, #NP,
 * #SS, #GP) while delivering a contributory fault, or a page fault or a
 * contributory fault while delivering a page fault, becomes a double
 * fault (#DF, error code 0); any fault while delivering #DF shuts the
 * CPU down, which for us ends the VM. :*/
static bool vec_contributory(u8 v)
{
	return v == 0 || (v >= VEC_TS && v <= VEC_GP);
}

static bool vec_has_err(u8 v)
{
	return v == VEC_DF || (v >= VEC_TS && v <= VEC_PF) || v == 17;
}

static bool double_fault(u8 first, u8 second)
{
	if (vec_contributory(first))
		return vec_contributory(second);
	if (first == VEC_PF)
		return vec_contributory(second) || second == VEC_PF;
	return false;
}

/*
 * Deliver ev, and whatever fault its delivery raises, as the CPU would.
 * Returns 0 once a handler has been entered, -FE_ESHUTDOWN for a triple
 * fault, or another negative FE_E* the IPVMM cannot go on from.
 */
int vcpu_raise(struct vcpu *v, const struct gmem *m, struct vcpu_regs *r,
	       const struct vcpu_event *ev)
{
	struct vcpu_event cur = *ev;
	struct vcpu_fault f;

	for (;;) {
		int err = vcpu_deliver(v, m, r, &cur, &f);

		if (err != VCPU_FAULT)
			return err;
		if (cur.kind != EV_SOFTINT && cur.vector == VEC_DF)
			return -FE_ESHUTDOWN;
		if (cur.kind != EV_SOFTINT &&
		    double_fault(cur.vector, f.vector)) {
			f.vector = VEC_DF;
			f.err = 0;
		}
		cur.vector = f.vector;
		cur.kind = EV_EXCEPTION;
		cur.has_err = vec_has_err(f.vector);
		cur.err = f.err;
	}
}

/* 5. iret (I:1xx). */

/*I:110 `iret` is emulated, never executed: the frame comes from guest
 * memory and the guest may have written anything into it.  We pop it and
 * apply the checks the CPU makes (SDM vol. 2, IRET, protected mode), in
 * its order, and report a failing check as the fault the guest would
 * get, leaving every register untouched.  A set NT flag asks for a
 * return from a nested task, which we do not emulate. :*/
static int iret_check_cs(const struct vcpu *v, const struct gmem *m,
			 u32 cs, struct vcpu_seg *d, struct vcpu_fault *f)
{
	u32 raw[2];
	int r;

	if ((cs & ~3u) == 0)
		return fault_with(f, VEC_GP, 0);
	if (SEL_RPL(cs) < v->cpl)
		return fault_with(f, VEC_GP, cs & 0xfffc);
	r = read_desc(v, m, cs, 0, raw, f);
	if (r)
		return r;
	desc_unpack(raw[0], raw[1], d);
	if (!d->s || !type_code(d->type))
		return fault_with(f, VEC_GP, cs & 0xfffc);
	if (type_conforming(d->type) ? d->dpl > SEL_RPL(cs) :
	    d->dpl != SEL_RPL(cs))
		return fault_with(f, VEC_GP, cs & 0xfffc);
	if (!d->present)
		return fault_with(f, VEC_NP, cs & 0xfffc);
	if (SEL_RPL(cs) != 0 && SEL_RPL(cs) != 3)
		return -FE_ENOSYS;
	return 0;
}

/*I:120 Returning to user mode also pops SS:ESP, and SS must be a
 * present writable data segment whose RPL and DPL equal the new CPL. :*/
static int iret_check_ss(const struct vcpu *v, const struct gmem *m,
			 u32 ss, u32 cs, struct vcpu_seg *d,
			 struct vcpu_fault *f)
{
	u32 raw[2];
	int r;

	if ((ss & ~3u) == 0)
		return fault_with(f, VEC_GP, 0);
	if (SEL_RPL(ss) != SEL_RPL(cs))
		return fault_with(f, VEC_GP, ss & 0xfffc);
	r = read_desc(v, m, ss, 0, raw, f);
	if (r)
		return r;
	desc_unpack(raw[0], raw[1], d);
	if (!d->s || !type_writable_data(d->type) || d->dpl != SEL_RPL(cs))
		return fault_with(f, VEC_GP, ss & 0xfffc);
	if (!d->present)
		return fault_with(f, VEC_SS, ss & 0xfffc);
	return 0;
}

/*I:130 Which EFLAGS bits an iret may change depends on the privilege
 * it runs at: at CPL 0 all of them; otherwise IOPL never, and IF only
 * when CPL <= IOPL.  VM must stay clear (no virtual-8086 mode). :*/
static u32 iret_eflags(const struct vcpu *v, u32 old, u32 popped)
{
	u32 keep = 0, iopl = (v->eflags & EFL_IOPL) >> EFL_IOPL_SHIFT;

	if (v->cpl > 0)
		keep |= EFL_IOPL | EFL_VIF | EFL_VIP;
	if (v->cpl > iopl)
		keep |= EFL_IF;
	popped &= EFL_SETTABLE & ~EFL_VM;
	return (popped & ~keep) | (old & keep) | EFL_FIXED1;
}

/*I:140 On the way out to user mode the CPU nulls any of DS, ES, FS, GS
 * that still holds a segment the user may not use (a data or
 * non-conforming code segment with DPL < 3), so kernel selectors never
 * leak into user mode.  We read the guest's GDT again for each. :*/
static void iret_null_segs(struct vcpu *v, const struct gmem *m,
			   struct vcpu_regs *r)
{
	static const u8 segs[] = { SREG_ES, SREG_DS, SREG_FS, SREG_GS };
	struct vcpu_fault ignored;
	struct vcpu_seg d;
	u32 raw[2], i;

	for (i = 0; i < sizeof(segs); i++) {
		u32 sel = r->sel[segs[i]];

		if ((sel & ~3u) == 0)
			continue;
		if (!read_desc(v, m, sel, 0, raw, &ignored)) {
			desc_unpack(raw[0], raw[1], &d);
			if (d.s && (type_conforming(d.type) || d.dpl >= 3))
				continue;
		}
		r->sel[segs[i]] = 0;
		v->sel[segs[i]] = 0;
		fe_memset(&v->seg[segs[i]], 0, sizeof(v->seg[0]));
	}
}

/*
 * Emulate a 32-bit `iret` at the visible CPL: pops from r's stack, and
 * on success leaves r and v in the state the CPU would.  Returns 0,
 * VCPU_FAULT with *f, or -FE_EFAULT/-FE_ENOSYS.
 */
int vcpu_iret(struct vcpu *v, const struct gmem *m, struct vcpu_regs *r,
	      struct vcpu_fault *f)
{
	u32 base = v->seg[SREG_SS].base, esp = r->gpr[REG_ESP];
	u32 frame[5], i;
	struct vcpu_seg cs, ss;
	int err;

	if (v->eflags & EFL_NT)
		return -FE_ENOSYS;
	for (i = 0; i < 3; i++) {
		err = gmem_read32(m, gva(base + esp + 4 * i), &frame[i]);
		if (err)
			return err;
	}
	frame[1] &= 0xffff;
	if (frame[2] & EFL_VM)
		return -FE_ENOSYS;
	err = iret_check_cs(v, m, frame[1], &cs, f);
	if (err)
		return err;
	if (SEL_RPL(frame[1]) > v->cpl) {
		for (i = 3; i < 5; i++) {
			err = gmem_read32(m, gva(base + esp + 4 * i),
					  &frame[i]);
			if (err)
				return err;
		}
		frame[4] &= 0xffff;
		err = iret_check_ss(v, m, frame[4], frame[1], &ss, f);
		if (err)
			return err;
	}
	r->eflags = iret_eflags(v, vcpu_visible_eflags(v, r->eflags),
				frame[2]);
	vcpu_set_eflags(v, r->eflags);
	r->eip = frame[0];
	r->sel[SREG_CS] = frame[1];
	v->sel[SREG_CS] = frame[1];
	v->seg[SREG_CS] = cs;
	if (SEL_RPL(frame[1]) == v->cpl) {
		r->gpr[REG_ESP] = esp + 12;
		return 0;
	}
	v->cpl = SEL_RPL(frame[1]);
	r->gpr[REG_ESP] = frame[3];
	r->sel[SREG_SS] = frame[4];
	v->sel[SREG_SS] = frame[4];
	v->seg[SREG_SS] = ss;
	iret_null_segs(v, m, r);
	return 0;
}

/* 6. Deliver now or keep pending (I:2xx). */

/*I:210 An asynchronous interrupt may enter the guest only where the
 * hardware would take it: with the virtual IF set, and not inside the
 * IPVMM's window, whose code (an emulation half-done, the return path)
 * is not reentrant.  Nor right after an emulated `sti` or a load of SS:
 * the CPU holds interrupts off for one instruction there, which is what
 * makes `sti; hlt` sleep without losing a wake-up, and `mov ..., %ss;
 * mov ..., %esp` switch stacks atomically.  A kept interrupt stays
 * pending in the PIC model; the IPVMM asks again at its next safe point
 * (sti, popf, iret, hlt, the end of a handler). :*/
enum vcpu_irq_action vcpu_irq_check(const struct vcpu *v, u32 eip,
				    bool pending)
{
	if (!pending)
		return IRQ_NONE;
	if (!v->vif)
		return IRQ_KEEP;
	if (eip >= v->window_base)
		return IRQ_KEEP;
	if (eip == v->shadow_eip)
		return IRQ_KEEP;
	return IRQ_DELIVER;
}

/* 7. CPUID filter. */

#define CPUID1_ECX_MONITOR	(1u << 3)	/* monitor/mwait: not emulated */
#define CPUID1_ECX_DSCPL	(1u << 4)	/* debug store: no MSRs */
#define CPUID1_ECX_VMX		(1u << 5)	/* no nested virtualization */
#define CPUID1_ECX_SMX		(1u << 6)	/* getsec: no */
#define CPUID1_ECX_EST		(1u << 7)	/* SpeedStep MSRs: no */
#define CPUID1_ECX_TM2		(1u << 8)	/* thermal MSRs: no */
#define CPUID1_ECX_PDCM		(1u << 15)	/* perf capabilities MSR */
#define CPUID1_ECX_PCID		(1u << 17)	/* CR4.PCIDE: shadow MMU owns */
#define CPUID1_ECX_X2APIC	(1u << 21)	/* no x2APIC model */
#define CPUID1_ECX_TSCDL	(1u << 24)	/* TSC deadline: no LAPIC yet */
#define CPUID1_ECX_XSAVE	(1u << 26)	/* CR4.OSXSAVE not virtualized */
#define CPUID1_ECX_OSXSAVE	(1u << 27)	/* follows XSAVE */
#define CPUID1_ECX_HYPERVISOR	(1u << 31)	/* tell the guest: we are one */
#define CPUID1_EDX_MCE		(1u << 7)	/* machine-check: no MSRs */
#define CPUID1_EDX_PAE		(1u << 6)	/* shadow MMU: 2-level only */
#define CPUID1_EDX_SEP		(1u << 11)	/* sysenter: ring 0 only */
#define CPUID1_EDX_MTRR		(1u << 12)	/* MTRR MSRs: not emulated */
#define CPUID1_EDX_MCA		(1u << 14)	/* machine-check architecture */
#define CPUID1_EDX_PSE36	(1u << 17)	/* needs >4 GiB physical */
#define CPUID1_EDX_DS		(1u << 21)	/* debug store */
#define CPUID1_EDX_ACPI		(1u << 22)	/* thermal MSRs */
#define CPUID1_EDX_HTT		(1u << 28)	/* one logical CPU */
#define CPUID1_EDX_TM		(1u << 29)	/* thermal monitor */
#define CPUID1_EDX_PBE		(1u << 31)	/* pending-break enable */
#define CPUID7_EBX_FSGSBASE	(1u << 0)	/* CR4.FSGSBASE: 64-bit only */
#define CPUID7_EBX_TSC_ADJUST	(1u << 1)	/* an MSR we lack */
#define CPUID7_EBX_SGX		(1u << 2)	/* enclaves: no */
#define CPUID7_EBX_SMEP		(1u << 7)	/* CR4.SMEP: host's to set */
#define CPUID7_EBX_RDT_M	(1u << 12)	/* resource monitoring MSRs */
#define CPUID7_EBX_MPX		(1u << 14)	/* XSAVE state, BNDCFGS MSR */
#define CPUID7_EBX_RDT_A	(1u << 15)	/* resource allocation MSRs */
#define CPUID7_EBX_PT		(1u << 25)	/* processor trace MSRs */
#define CPUID7_EBX_INVPCID	(1u << 10)	/* no PCIDs */
#define CPUID7_EBX_SMAP		(1u << 20)	/* CR4.SMAP + stac/clac */
#define CPUID7_ECX_UMIP		(1u << 2)	/* CR4.UMIP: host's */
#define CPUID7_ECX_PKU		(1u << 3)	/* protection keys */
#define CPUID7_ECX_WAITPKG	(1u << 5)	/* umwait: an MSR we lack */
#define CPUID7_ECX_CET_SS	(1u << 7)	/* CR4.CET, XSAVES state */
#define CPUID7_ECX_LA57		(1u << 16)	/* 5-level paging */
#define CPUIDX1_ECX_SVM		(1u << 2)	/* no nested virtualization */
#define CPUIDX1_EDX_SYSCALL	(1u << 11)	/* syscall: ring 0 only */
#define CPUIDX1_EDX_NX		(1u << 20)	/* needs PAE */
#define CPUIDX1_EDX_LM		(1u << 29)	/* the guest is 32-bit */

#define CPUID_HV_BASE		0x40000000u

/*
 * Filter the host's CPUID answer before the guest sees it: hide what
 * the IPVMM cannot virtualize (a guest that used SEP would run
 * `sysenter`, whose target is ring 0), and describe a one-CPU
 * hypervisor guest.  regs[] is eax, ebx, ecx, edx.
 */
void vcpu_cpuid_filter(u32 leaf, u32 subleaf, u32 regs[4])
{
	if (leaf == 1) {
		regs[1] = (regs[1] & 0x0000ffff) | 1u << 16; /* APIC id 0 */
		regs[2] &= ~(CPUID1_ECX_MONITOR | CPUID1_ECX_DSCPL |
			     CPUID1_ECX_VMX | CPUID1_ECX_SMX |
			     CPUID1_ECX_EST | CPUID1_ECX_TM2 |
			     CPUID1_ECX_PDCM | CPUID1_ECX_PCID |
			     CPUID1_ECX_X2APIC | CPUID1_ECX_TSCDL |
			     CPUID1_ECX_XSAVE | CPUID1_ECX_OSXSAVE);
		regs[2] |= CPUID1_ECX_HYPERVISOR;
		regs[3] &= ~(CPUID1_EDX_MCE | CPUID1_EDX_PAE |
			     CPUID1_EDX_SEP | CPUID1_EDX_MTRR |
			     CPUID1_EDX_MCA | CPUID1_EDX_PSE36 |
			     CPUID1_EDX_DS | CPUID1_EDX_ACPI |
			     CPUID1_EDX_HTT | CPUID1_EDX_TM |
			     CPUID1_EDX_PBE);
	} else if (leaf == 7 && subleaf == 0) {
		regs[0] = 0;
		regs[1] &= ~(CPUID7_EBX_FSGSBASE | CPUID7_EBX_TSC_ADJUST |
			     CPUID7_EBX_SGX | CPUID7_EBX_SMEP |
			     CPUID7_EBX_INVPCID | CPUID7_EBX_RDT_M |
			     CPUID7_EBX_MPX | CPUID7_EBX_RDT_A |
			     CPUID7_EBX_SMAP | CPUID7_EBX_PT);
		regs[2] &= ~(CPUID7_ECX_UMIP | CPUID7_ECX_PKU |
			     CPUID7_ECX_WAITPKG | CPUID7_ECX_CET_SS |
			     CPUID7_ECX_LA57);
		regs[3] = 0;		/* speculation-control MSRs etc. */
	} else if (leaf == 0x80000001) {
		regs[2] &= ~CPUIDX1_ECX_SVM;
		regs[3] &= ~(CPUIDX1_EDX_SYSCALL | CPUIDX1_EDX_NX |
			     CPUIDX1_EDX_LM);
	} else if (leaf == CPUID_HV_BASE) {
		regs[0] = CPUID_HV_BASE;	/* highest hypervisor leaf */
		regs[1] = 0x6e727562;		/* "burn" */
		regs[2] = 0x006d6d76;		/* "vmm\0" */
		regs[3] = 0;
	} else if (leaf == 4 || leaf == 5 || leaf == 6 || leaf == 7 ||
		   leaf == 0xa || leaf == 0xb || leaf == 0xd ||
		   leaf == 0x1f || (leaf > CPUID_HV_BASE &&
				    leaf <= CPUID_HV_BASE + 0xff)) {
		/*
		 * caches/topology (one CPU), MONITOR, power, perf
		 * counters, XSAVE, other hypervisors' leaves
		 */
		fe_memset(regs, 0, 4 * sizeof(regs[0]));
	}
}

/* 8. MSRs. */

#define MSR_IA32_APIC_BASE	0x0000001b
#define MSR_IA32_SYSENTER_CS	0x00000174
#define MSR_IA32_SYSENTER_ESP	0x00000175
#define MSR_IA32_SYSENTER_EIP	0x00000176
#define MSR_IA32_MISC_ENABLE	0x000001a0
#define MSR_IA32_PAT		0x00000277
#define MSR_EFER		0xc0000080
/*
 * AMD K8's interrupt-pending message register: Linux reads it (without
 * _safe) on an AMD family 0xf CPU, such as QEMU's TCG `-cpu max`, to see
 * whether C1E is on.  0: no C1E, so no E400 idle work-around either.
 */
#define MSR_K8_INT_PENDING_MSG	0xc0010055

#define APIC_BASE_DEFAULT	0xfee00900ull	/* BSP, enabled, 0xfee00000 */

/*
 * The MSRs the IPVMM answers itself.  Returns 0, or -FE_EINVAL for one
 * it does not know, which the caller turns into a guest #GP(0), as a
 * CPU does for an MSR it lacks.  The TSC is the backend's (it needs the
 * host clock), not this table's.
 */
int vcpu_rdmsr(const struct vcpu *v, u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_IA32_APIC_BASE:
		*val = APIC_BASE_DEFAULT;
		return 0;
	case MSR_IA32_SYSENTER_CS:
		*val = v->sysenter_cs;
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		*val = v->sysenter_esp;
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		*val = v->sysenter_eip;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*val = v->misc_enable;
		return 0;
	case MSR_IA32_PAT:
		*val = v->pat;
		return 0;
	case MSR_EFER:
	case MSR_K8_INT_PENDING_MSG:
		*val = 0;
		return 0;
	}
	return -FE_EINVAL;
}

/* PAT entries are 3 bits of which 2, 3 and >= 8 are reserved. */
static bool pat_valid(u64 val)
{
	u32 i;

	for (i = 0; i < 8; i++) {
		u32 t = (val >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

int vcpu_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	switch (msr) {
	case MSR_IA32_SYSENTER_CS:
		v->sysenter_cs = val & 0xffff;
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		v->sysenter_esp = (u32)val;
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		v->sysenter_eip = (u32)val;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		v->misc_enable = val;
		return 0;
	case MSR_IA32_PAT:
		if (!pat_valid(val))
			return -FE_EINVAL;
		v->pat = val;
		return 0;
	case MSR_EFER:
		return val ? -FE_EINVAL : 0;	/* no SCE, LME, NXE */
	case MSR_IA32_APIC_BASE:
		return val == APIC_BASE_DEFAULT ? 0 : -FE_EINVAL;
	}
	return -FE_EINVAL;
}
