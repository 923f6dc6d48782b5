// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/emulate.c - emulate one sensitive instruction, decoded from a
 * site's original bytes, on the virtual CPU: what a class entry does
 * between finding its site and returning to the guest.
 *
 * Why here and in C: the instruction semantics (privilege checks,
 * operand widths, which EFLAGS bits a popf may change, what ltr writes
 * back) are pure logic over struct vcpu, guest memory and the device
 * models; only CR3/TLB changes, host CPUID and the TSC go to the backend.
 * The class entries in assembly only save and restore registers.
 *
 * Contents
 *   1. Operands: registers by width, memory, the stack.
 *   2. Interrupt flag and EFLAGS: cli, sti, pushf, popf.
 *   3. Port I/O: in, out, ins, outs.
 *   4. Descriptor tables: lgdt, lidt, sgdt, sidt, lldt, ltr, sldt, str.
 *   5. Control and debug registers, cache and TLB, MSRs, cpuid, TSC.
 *   6. Segment registers: mov, push, pop, lds..lss.
 *   7. Far transfers: ljmp, lcall, lret, iret.
 *   8. Descriptor queries: lar, lsl, verr, verw, arpl.
 *   9. fe_emulate(), fe_site_call().
 *
 * Not emulated (the guest is stopped with -FE_ENOSYS and the reason
 * logged): 16-bit iret, far transfers that change privilege other than
 * iret, hardware task switches, I/O permission bitmaps (ring 3 port I/O
 * needs IOPL 3), real debug registers (DR0-7 are stored, not armed).
 */
#include "emulate.h"
#include "../devices/platform.h"

#define EFL_CF		0x0001u
#define EFL_ZF		0x0040u
#define EFL_DF		0x0400u

#define CR0_PE		0x00000001u
#define CR0_MP		0x00000002u
#define CR0_EM		0x00000004u
#define CR0_TS		0x00000008u
#define CR0_ET		0x00000010u	/* always 1 since the 486 */
#define CR0_WP		0x00010000u
#define CR0_PG		0x80000000u
#define CR0_PAGING	(CR0_PE | CR0_WP | CR0_PG)

#define CR4_TSD		0x00000004u	/* rdtsc privileged */
#define CR4_PSE		0x00000010u
#define CR4_PAE		0x00000020u
#define CR4_PGE		0x00000080u
/* What a guest may set: no PAE (hidden), VME/PVI (no v8086), PCIDE... */
#define CR4_ALLOWED	(CR4_TSD | 0x8u /* DE */ | CR4_PSE | CR4_PGE | \
			 0x100u /* PCE */ | 0x200u /* OSFXSR */ | \
			 0x400u /* OSXMMEXCPT */)
#define CR4_PAGING	(CR4_PSE | CR4_PAE | CR4_PGE)

#define MSR_IA32_TSC	0x10
#define VEC_UD		6

/* 1. Operands: registers by width, memory, the stack. */

/* seg:[base + index*scale + disp] of the instruction's memory operand. */
u32 fe_linear_addr(const struct fe_cpu *c, const struct insn *insn)
{
	const struct insn_mem *mm = &insn->mem;
	u32 a = mm->disp;

	if (mm->base != INSN_NO_REG)
		a += c->r->gpr[mm->base];
	if (mm->index != INSN_NO_REG)
		a += c->r->gpr[mm->index] * mm->scale;
	return c->v->seg[mm->seg].base + a;
}

static u32 get_reg(const struct fe_cpu *c, u8 reg, u8 width)
{
	return vcpu_reg_get(c->r, reg, width);
}

static void set_reg(struct fe_cpu *c, u8 reg, u8 width, u32 val)
{
	vcpu_reg_set(c->r, reg, width, val);
}

static int mem_read(const struct fe_cpu *c, u32 a, u8 width, u32 *val)
{
	u8 b[4] = { 0, 0, 0, 0 };
	int err = gmem_read(c->m, gva(a), b, width);

	*val = b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
	return err;
}

static int mem_write(const struct fe_cpu *c, u32 a, u8 width, u32 val)
{
	u8 b[4] = { val & 0xff, (val >> 8) & 0xff, (val >> 16) & 0xff,
		    val >> 24 };

	return gmem_write(c->m, gva(a), b, width);
}

/* Read an r/m operand (register or memory) of its width. */
static int read_rm(const struct fe_cpu *c, const struct insn *insn,
		   const struct insn_opnd *op, u32 *val)
{
	if (op->kind == OPND_REG) {
		*val = get_reg(c, op->reg, op->width);
		return 0;
	}
	return mem_read(c, fe_linear_addr(c, insn), op->width, val);
}

static int write_rm(struct fe_cpu *c, const struct insn *insn,
		    const struct insn_opnd *op, u32 val)
{
	if (op->kind == OPND_REG) {
		set_reg(c, op->reg, op->width, val);
		return 0;
	}
	return mem_write(c, fe_linear_addr(c, insn), op->width, val);
}

static int push(struct fe_cpu *c, u32 val, u8 width)
{
	u32 esp = c->r->gpr[REG_ESP] - width;
	int err = mem_write(c, c->v->seg[SREG_SS].base + esp, width, val);

	if (!err)
		c->r->gpr[REG_ESP] = esp;
	return err;
}

/* Read the value at the top of the stack without popping it. */
static int peek(const struct fe_cpu *c, u32 off, u8 width, u32 *val)
{
	return mem_read(c, c->v->seg[SREG_SS].base + c->r->gpr[REG_ESP] + off,
			width, val);
}

static int gp0(struct vcpu_fault *f)
{
	f->vector = VEC_GP;
	f->err = 0;
	return FE_FAULT;
}

/* Privileged instructions: the guest kernel is at visible CPL 0. */
static bool cpl0(const struct fe_cpu *c)
{
	return c->v->cpl == 0;
}

static u32 iopl(const struct fe_cpu *c)
{
	return (c->v->eflags & EFL_IOPL) >> EFL_IOPL_SHIFT;
}

/* 2. Interrupt flag and EFLAGS: cli, sti, pushf, popf. */

static int emu_cli_sti(struct fe_cpu *c, bool set, u32 next,
		       struct vcpu_fault *f)
{
	if (c->v->cpl > iopl(c))
		return gp0(f);
	c->v->vif = set;
	if (set)
		c->v->shadow_eip = next;	/* one-instruction shadow */
	return FE_NEXT;
}

static int emu_pushf(struct fe_cpu *c, const struct insn *insn)
{
	u32 fl = vcpu_visible_eflags(c->v, c->r->eflags) & ~(EFL_VM | EFL_RF);

	return push(c, fl, insn->opsize) ? -FE_EFAULT : FE_NEXT;
}

/*
 * popf changes what the current privilege allows (SDM vol. 2, POPF):
 * at CPL 0 everything but VM, RF, VIP and VIF; above, not IOPL, and IF
 * only when CPL <= IOPL.  A 16-bit popf changes only the low half.
 */
static int emu_popf(struct fe_cpu *c, const struct insn *insn)
{
	u32 old = vcpu_visible_eflags(c->v, c->r->eflags), val, keep;

	if (peek(c, 0, insn->opsize, &val))
		return -FE_EFAULT;
	keep = EFL_VM | EFL_RF | EFL_VIP | EFL_VIF | ~EFL_SETTABLE;
	if (c->v->cpl > 0)
		keep |= EFL_IOPL;
	if (c->v->cpl > iopl(c))
		keep |= EFL_IF;
	if (insn->opsize == 2)
		keep |= 0xffff0000u;
	val = (val & ~keep) | (old & keep);
	c->r->eflags = (val & ~EFL_RF) | EFL_FIXED1;
	vcpu_set_eflags(c->v, c->r->eflags);
	c->r->gpr[REG_ESP] += insn->opsize;
	return FE_NEXT;
}

/* 3. Port I/O: in, out, ins, outs. */

/* No I/O bitmap: ports are the kernel's (CPL <= IOPL) or nobody's. */
static bool io_allowed(const struct fe_cpu *c)
{
	return c->v->cpl <= iopl(c);
}

static u16 io_port(const struct fe_cpu *c, const struct insn_opnd *op,
		   const struct insn *insn)
{
	return op->kind == OPND_IMM ? insn->imm & 0xff :
		c->r->gpr[2] & 0xffff;
}

static int emu_in_out(struct fe_cpu *c, const struct insn *insn,
		      struct vcpu_fault *f)
{
	bool in = insn->class == AB_IN;
	const struct insn_opnd *acc = in ? &insn->dst : &insn->src;
	u16 port = io_port(c, in ? &insn->src : &insn->dst, insn);
	u32 val;

	if (!io_allowed(c))
		return gp0(f);
	if (in) {
		if (platform_port_read(c->plat, port, acc->width, &val))
			val = 0xffffffff;	/* refused width: bus float */
		set_reg(c, 0, acc->width, val);
	} else {
		platform_port_write(c->plat, port, acc->width,
				    get_reg(c, 0, acc->width));
	}
	return FE_NEXT;
}

/*
 * ins/outs move one element per iteration, all of %ecx with rep, %edi
 * (at %es, no override) or %esi (at %ds or the override) stepping by
 * the width, backwards with DF.  The whole rep runs here: a guest's
 * `rep insw` of a disk sector is 256 calls to the ATA model.
 */
static int emu_string_io(struct fe_cpu *c, const struct insn *insn,
			 struct vcpu_fault *f)
{
	bool in = insn->class == AB_INS;
	u8 w = insn->dst.width, idx = in ? 7 : 6;
	u32 seg = in ? SREG_ES : insn->seg_override != SREG_NONE ?
		insn->seg_override : SREG_DS;
	u32 n = insn->rep ? c->r->gpr[1] : 1, val;
	u16 port = c->r->gpr[2] & 0xffff;
	s32 step = c->r->eflags & EFL_DF ? -(s32)w : w;

	if (!io_allowed(c))
		return gp0(f);
	if (insn->addr16)
		return -FE_ENOSYS;
	for (; n; n--) {
		u32 a = c->v->seg[seg].base + c->r->gpr[idx];

		if (in) {
			if (platform_port_read(c->plat, port, w, &val))
				val = 0xffffffff;
			if (mem_write(c, a, w, val))
				return -FE_EFAULT;
		} else {
			if (mem_read(c, a, w, &val))
				return -FE_EFAULT;
			platform_port_write(c->plat, port, w, val);
		}
		c->r->gpr[idx] += (u32)step;
		if (insn->rep)
			c->r->gpr[1]--;
	}
	return FE_NEXT;
}

/* 4. Descriptor tables: lgdt, lidt, sgdt, sidt, lldt, ltr, sldt, str. */

static int emu_load_dtr(struct fe_cpu *c, const struct insn *insn,
			struct vcpu_fault *f)
{
	struct vcpu_dtr *dtr = insn->class == AB_LGDT ? &c->v->gdtr :
		&c->v->idtr;
	u32 a = fe_linear_addr(c, insn), limit, base;

	if (!cpl0(c))
		return gp0(f);
	if (mem_read(c, a, 2, &limit) || mem_read(c, a + 2, 4, &base))
		return -FE_EFAULT;
	dtr->limit = limit;
	dtr->base = insn->opsize == 2 ? base & 0x00ffffff : base;
	return FE_NEXT;
}

static int emu_store_dtr(struct fe_cpu *c, const struct insn *insn)
{
	const struct vcpu_dtr *dtr = insn->class == AB_SGDT ? &c->v->gdtr :
		&c->v->idtr;
	u32 a = fe_linear_addr(c, insn);

	if (mem_write(c, a, 2, dtr->limit) ||
	    mem_write(c, a + 2, 4, dtr->base))
		return -FE_EFAULT;
	return FE_NEXT;
}

/* Read a GDT descriptor: 0, or #GP(sel) for an LDT or too high a sel. */
static int gdt_desc(const struct fe_cpu *c, u32 sel, u32 *lo, u32 *hi,
		    struct vcpu_fault *f)
{
	u32 off = sel & 0xfff8;

	if ((sel & 4) || off + 7 > c->v->gdtr.limit) {
		f->vector = VEC_GP;
		f->err = sel & 0xfffc;
		return FE_FAULT;
	}
	if (mem_read(c, c->v->gdtr.base + off, 4, lo) ||
	    mem_read(c, c->v->gdtr.base + off + 4, 4, hi))
		return -FE_EFAULT;
	return 0;
}

static void unpack(u32 lo, u32 hi, struct vcpu_seg *s)
{
	u32 limit = (lo & 0xffff) | (hi & 0x000f0000);

	if (hi & (1u << 23))
		limit = limit << 12 | 0xfff;
	s->base = (lo >> 16) | (hi & 0xff) << 16 | (hi & 0xff000000);
	s->limit = limit;
	s->type = (hi >> 8) & 0xf;
	s->s = (hi >> 12) & 1;
	s->dpl = (hi >> 13) & 3;
	s->present = (hi >> 15) & 1;
}

/*
 * lldt/ltr: a GDT system descriptor of the right type (LDT 2; available
 * 32-bit TSS 9), present.  ltr marks the TSS busy in the guest's GDT,
 * as the CPU does, so a second ltr of it faults.
 */
static int emu_lldt_ltr(struct fe_cpu *c, const struct insn *insn,
			struct vcpu_fault *f)
{
	bool tr = insn->class == AB_LTR;
	struct vcpu_seg d;
	u32 sel, lo, hi;
	int r;

	if (!cpl0(c))
		return gp0(f);
	if (read_rm(c, insn, &insn->src, &sel))
		return -FE_EFAULT;
	sel &= 0xffff;
	if (!tr && (sel & ~3u) == 0) {
		c->v->ldtr = 0;
		fe_memset(&c->v->ldt, 0, sizeof(c->v->ldt));
		return FE_NEXT;
	}
	if ((sel & ~3u) == 0)
		return gp0(f);
	r = gdt_desc(c, sel, &lo, &hi, f);
	if (r)
		return r;
	unpack(lo, hi, &d);
	if (d.s || d.type != (tr ? 9 : 2)) {
		f->vector = VEC_GP;
		f->err = sel & 0xfffc;
		return FE_FAULT;
	}
	if (!d.present) {
		f->vector = VEC_NP;
		f->err = sel & 0xfffc;
		return FE_FAULT;
	}
	if (tr) {
		if (mem_write(c, c->v->gdtr.base + (sel & 0xfff8) + 4, 4,
			      hi | 0x200))	/* busy */
			return -FE_EFAULT;
		c->v->tr = sel;
		c->v->tss = d;
	} else {
		c->v->ldtr = sel;
		c->v->ldt = d;
	}
	return FE_NEXT;
}

static int emu_sldt_str(struct fe_cpu *c, const struct insn *insn)
{
	u32 sel = insn->class == AB_STR ? c->v->tr : c->v->ldtr;

	return write_rm(c, insn, &insn->dst, sel) ? -FE_EFAULT : FE_NEXT;
}

/* 5. Control and debug registers, cache and TLB, MSRs, cpuid, TSC. */

static int paging_changed(struct fe_cpu *c)
{
	return c->be->paging(c->be_ctx, c->v->cr[0], c->v->cr[3],
			     c->v->cr[4]);
}

/* mov to %cr0/%cr3/%cr4 with the checks that raise #GP(0). */
static int emu_mov_to_cr(struct fe_cpu *c, const struct insn *insn,
			 struct vcpu_fault *f)
{
	u32 val = c->r->gpr[insn->src.reg], n = insn->dst.reg, old;

	if (!cpl0(c))
		return gp0(f);
	old = c->v->cr[n];
	switch (n) {
	case 0:
		if ((val & CR0_PG) && !(val & CR0_PE))
			return gp0(f);
		val |= CR0_ET;
		c->v->cr[0] = val;
		if ((old ^ val) & CR0_PAGING)
			return paging_changed(c) ? -FE_EINVAL : FE_NEXT;
		return FE_NEXT;
	case 2:
		c->v->cr[2] = val;
		return FE_NEXT;
	case 3:
		c->v->cr[3] = val;
		return paging_changed(c) ? -FE_EINVAL : FE_NEXT;
	case 4:
		if (val & ~CR4_ALLOWED)
			return gp0(f);
		c->v->cr[4] = val;
		if ((old ^ val) & CR4_PAGING)
			return paging_changed(c) ? -FE_EINVAL : FE_NEXT;
		return FE_NEXT;
	}
	return -FE_EINVAL;
}

static int emu_cr0_bits(struct fe_cpu *c, const struct insn *insn,
			struct vcpu_fault *f)
{
	u32 v;

	if (insn->class == AB_SMSW)
		return write_rm(c, insn, &insn->dst, c->v->cr[0]) ?
			-FE_EFAULT : FE_NEXT;
	if (!cpl0(c))
		return gp0(f);
	if (insn->class == AB_CLTS) {
		c->v->cr[0] &= ~CR0_TS;
		return FE_NEXT;
	}
	if (read_rm(c, insn, &insn->src, &v))	/* lmsw: PE sticks */
		return -FE_EFAULT;
	c->v->cr[0] = (c->v->cr[0] & ~(CR0_MP | CR0_EM | CR0_TS)) |
		(v & (CR0_PE | CR0_MP | CR0_EM | CR0_TS));
	return FE_NEXT;
}

static int emu_dr(struct fe_cpu *c, const struct insn *insn,
		  struct vcpu_fault *f)
{
	if (!cpl0(c))
		return gp0(f);
	if (insn->class == AB_MOV_FROM_DR)
		c->r->gpr[insn->dst.reg] = c->v->dr[insn->src.reg];
	else
		c->v->dr[insn->dst.reg] = c->r->gpr[insn->src.reg];
	return FE_NEXT;
}

static int emu_msr(struct fe_cpu *c, bool write, struct vcpu_fault *f)
{
	u32 msr = c->r->gpr[1];
	u64 val;

	if (!cpl0(c))
		return gp0(f);
	if (write) {
		val = (u64)c->r->gpr[2] << 32 | c->r->gpr[0];
		return vcpu_wrmsr(c->v, msr, val) ? gp0(f) : FE_NEXT;
	}
	if (msr == MSR_IA32_TSC)
		val = c->be->read_tsc(c->be_ctx);
	else if (vcpu_rdmsr(c->v, msr, &val))
		return gp0(f);
	c->r->gpr[0] = (u32)val;
	c->r->gpr[2] = (u32)(val >> 32);
	return FE_NEXT;
}

static int emu_cpuid(struct fe_cpu *c)
{
	u32 regs[4], leaf = c->r->gpr[0], sub = c->r->gpr[1];

	c->be->host_cpuid(c->be_ctx, leaf, sub, regs);
	vcpu_cpuid_filter(leaf, sub, regs);
	c->r->gpr[0] = regs[0];
	c->r->gpr[3] = regs[1];
	c->r->gpr[1] = regs[2];
	c->r->gpr[2] = regs[3];
	return FE_NEXT;
}

static int emu_tsc(struct fe_cpu *c, bool tscp, struct vcpu_fault *f)
{
	u64 t;

	if ((c->v->cr[4] & CR4_TSD) && !cpl0(c))
		return gp0(f);
	t = c->be->read_tsc(c->be_ctx);
	c->r->gpr[0] = (u32)t;
	c->r->gpr[2] = (u32)(t >> 32);
	if (tscp)
		c->r->gpr[1] = 0;		/* TSC_AUX: CPU 0 */
	return FE_NEXT;
}

static int emu_invlpg(struct fe_cpu *c, const struct insn *insn,
		      struct vcpu_fault *f)
{
	if (!cpl0(c))
		return gp0(f);
	return c->be->flush_tlb(c->be_ctx, fe_linear_addr(c, insn), false) ?
		-FE_EINVAL : FE_NEXT;
}

/* 6. Segment registers: mov, push, pop, lds..lss. */

/*
 * Load s with sel, keeping regs and vcpu in step; a load of %ss holds
 * interrupts off for the next instruction.
 */
static int load_sreg(struct fe_cpu *c, enum insn_sreg s, u32 sel, u32 next,
		     struct vcpu_fault *f)
{
	int r = vcpu_load_seg(c->v, c->m, s, sel, f);

	if (r == VCPU_FAULT)
		return FE_FAULT;
	if (r)
		return r;
	c->r->sel[s] = c->v->sel[s];
	if (s == SREG_SS)
		c->v->shadow_eip = next;
	return FE_NEXT;
}

static int emu_seg(struct fe_cpu *c, const struct insn *insn, u32 next,
		   struct vcpu_fault *f)
{
	u32 val = 0;
	int r;

	switch (insn->class) {
	case AB_MOV_FROM_SEG:
		return write_rm(c, insn, &insn->dst,
				c->v->sel[insn->src.reg]) ? -FE_EFAULT :
			FE_NEXT;
	case AB_PUSH_SEG:
		return push(c, c->v->sel[insn->src.reg], insn->opsize) ?
			-FE_EFAULT : FE_NEXT;
	case AB_MOV_TO_SEG:
		if (read_rm(c, insn, &insn->src, &val))
			return -FE_EFAULT;
		return load_sreg(c, insn->dst.reg, val, next, f);
	case AB_POP_SEG:
		if (peek(c, 0, insn->opsize, &val))
			return -FE_EFAULT;
		r = load_sreg(c, insn->dst.reg, val, next, f);
		if (r == FE_NEXT)
			c->r->gpr[REG_ESP] += insn->opsize;
		return r;
	}
	return -FE_EINVAL;
}

/* The segment register lds..lss load. */
static enum insn_sreg far_ptr_seg(u8 class)
{
	switch (class) {
	case AB_LES: return SREG_ES;
	case AB_LFS: return SREG_FS;
	case AB_LGS: return SREG_GS;
	case AB_LSS: return SREG_SS;
	default: return SREG_DS;
	}
}

/* lds/les/lfs/lgs/lss m16:32, %reg: the segment first, then the reg. */
static int emu_load_far_ptr(struct fe_cpu *c, const struct insn *insn,
			    u32 next, struct vcpu_fault *f)
{
	u32 a = fe_linear_addr(c, insn), off, sel;
	int r;

	if (mem_read(c, a, insn->opsize, &off) ||
	    mem_read(c, a + insn->opsize, 2, &sel))
		return -FE_EFAULT;
	r = load_sreg(c, far_ptr_seg(insn->class), sel, next, f);
	if (r == FE_NEXT)
		set_reg(c, insn->dst.reg, insn->opsize, off);
	return r;
}

/* 7. Far transfers: ljmp, lcall, lret, iret. */

/*
 * A far jump, call or return within the current privilege: the target
 * must be a present code segment the CPU would accept at this CPL
 * (non-conforming: DPL = CPL, RPL <= CPL; conforming: DPL <= CPL).
 */
static int far_target(struct fe_cpu *c, u32 sel, struct vcpu_seg *d,
		      struct vcpu_fault *f)
{
	u32 lo, hi;
	int r;

	sel &= 0xffff;
	if ((sel & ~3u) == 0)
		return gp0(f);
	r = gdt_desc(c, sel, &lo, &hi, f);
	if (r)
		return r;
	unpack(lo, hi, d);
	f->vector = VEC_GP;
	f->err = sel & 0xfffc;
	if (!d->s || !(d->type & 8))
		return FE_FAULT;
	if ((d->type & 4) ? d->dpl > c->v->cpl :
	    d->dpl != c->v->cpl || (sel & 3) > c->v->cpl)
		return FE_FAULT;
	if (!d->present) {
		f->vector = VEC_NP;
		return FE_FAULT;
	}
	return 0;
}

static void set_cs(struct fe_cpu *c, u32 sel, const struct vcpu_seg *d,
		   u32 eip)
{
	sel = (sel & 0xfffc) | c->v->cpl;
	c->r->sel[SREG_CS] = sel;
	c->v->sel[SREG_CS] = sel;
	c->v->seg[SREG_CS] = *d;
	c->r->eip = eip;
}

static int emu_far(struct fe_cpu *c, const struct insn *insn, u32 next,
		   struct vcpu_fault *f)
{
	u32 sel, off, a, w = insn->opsize;
	struct vcpu_seg d;
	int r;

	if (insn->class == AB_LRET) {
		if (peek(c, 0, w, &off) || peek(c, w, 2, &sel))
			return -FE_EFAULT;
		if ((sel & 3) > c->v->cpl)
			return -FE_ENOSYS;	/* return to outer ring */
	} else if (insn->dst.kind == OPND_FAR) {
		sel = insn->sel;
		off = insn->imm;
	} else {
		a = fe_linear_addr(c, insn);
		if (mem_read(c, a, w, &off) || mem_read(c, a + w, 2, &sel))
			return -FE_EFAULT;
	}
	r = far_target(c, sel, &d, f);
	if (r)
		return r;
	if (insn->class == AB_LCALL &&
	    (push(c, c->v->sel[SREG_CS], w) || push(c, next, w)))
		return -FE_EFAULT;
	if (insn->class == AB_LRET)
		c->r->gpr[REG_ESP] += 2 * w + (insn->src.kind == OPND_IMM ?
					       insn->imm : 0);
	set_cs(c, sel, &d, off);
	return FE_JUMP;
}

static int emu_iret(struct fe_cpu *c, const struct insn *insn,
		    struct vcpu_fault *f)
{
	int r;

	if (insn->opsize != 4)
		return -FE_ENOSYS;
	r = vcpu_iret(c->v, c->m, c->r, f);
	if (r == VCPU_FAULT)
		return FE_FAULT;
	return r ? r : FE_JUMP;
}

/* 8. Descriptor queries: lar, lsl, verr, verw, arpl. */

static void set_zf(struct fe_cpu *c, bool z)
{
	if (z)
		c->r->eflags |= EFL_ZF;
	else
		c->r->eflags &= ~EFL_ZF;
}

/* Is the descriptor visible to lar/lsl/verr/verw at this CPL and RPL? */
static bool desc_visible(const struct fe_cpu *c, const struct vcpu_seg *d,
			 u32 sel)
{
	u8 need = c->v->cpl > (sel & 3) ? c->v->cpl : sel & 3;

	if (d->s && (d->type & 0xc) == 0xc)	/* conforming code */
		return true;
	return d->dpl >= need;
}

/* System types lar accepts (TSS, LDT, call gates) and lsl (no gates). */
static bool sys_type_ok(u8 type, bool lsl)
{
	switch (type) {
	case 1: case 2: case 3: case 9: case 0xb:
		return true;
	case 4: case 0xc:
		return !lsl;
	default:
		return false;
	}
}

static int emu_query(struct fe_cpu *c, const struct insn *insn)
{
	u32 sel, lo = 0, hi = 0;
	struct vcpu_fault ignored;
	struct vcpu_seg d;
	bool ok;

	if (read_rm(c, insn, &insn->src, &sel))
		return -FE_EFAULT;
	sel &= 0xffff;
	if ((sel & ~3u) == 0 || gdt_desc(c, sel, &lo, &hi, &ignored)) {
		set_zf(c, false);
		return FE_NEXT;
	}
	unpack(lo, hi, &d);
	ok = desc_visible(c, &d, sel);
	if (insn->class == AB_VERR)
		ok = ok && d.s && (!(d.type & 8) || (d.type & 2));
	else if (insn->class == AB_VERW)
		ok = ok && d.s && !(d.type & 8) && (d.type & 2);
	else
		ok = ok && (d.s || sys_type_ok(d.type,
					      insn->class == AB_LSL));
	set_zf(c, ok);
	if (ok && insn->class == AB_LAR)
		set_reg(c, insn->dst.reg, insn->opsize, hi & 0x00f0ff00);
	if (ok && insn->class == AB_LSL)
		set_reg(c, insn->dst.reg, insn->opsize, d.limit);
	return FE_NEXT;
}

static int emu_arpl(struct fe_cpu *c, const struct insn *insn)
{
	u32 dst, src = get_reg(c, insn->src.reg, 2);

	if (read_rm(c, insn, &insn->dst, &dst))
		return -FE_EFAULT;
	if ((dst & 3) < (src & 3)) {
		set_zf(c, true);
		return write_rm(c, insn, &insn->dst,
				(dst & ~3u) | (src & 3)) ? -FE_EFAULT :
			FE_NEXT;
	}
	set_zf(c, false);
	return FE_NEXT;
}

/* 9. fe_emulate() */

static int emu_privileged_nop(const struct fe_cpu *c, struct vcpu_fault *f)
{
	return cpl0(c) ? FE_NEXT : gp0(f);
}

static int ud(struct vcpu_fault *f)
{
	f->vector = VEC_UD;
	f->err = 0;
	return FE_FAULT;
}

static int dispatch(struct fe_cpu *c, const struct insn *insn, u32 next,
		    struct vcpu_fault *f)
{
	switch (insn->class) {
	case AB_CLI: return emu_cli_sti(c, false, next, f);
	case AB_STI: return emu_cli_sti(c, true, next, f);
	case AB_PUSHF: return emu_pushf(c, insn);
	case AB_POPF: return emu_popf(c, insn);
	case AB_HLT:
		return cpl0(c) ? FE_HALT : gp0(f);
	case AB_IN: case AB_OUT: return emu_in_out(c, insn, f);
	case AB_INS: case AB_OUTS: return emu_string_io(c, insn, f);
	case AB_LGDT: case AB_LIDT: return emu_load_dtr(c, insn, f);
	case AB_SGDT: case AB_SIDT: return emu_store_dtr(c, insn);
	case AB_LLDT: case AB_LTR: return emu_lldt_ltr(c, insn, f);
	case AB_SLDT: case AB_STR: return emu_sldt_str(c, insn);
	case AB_SMSW: case AB_LMSW: case AB_CLTS:
		return emu_cr0_bits(c, insn, f);
	case AB_MOV_TO_CR: return emu_mov_to_cr(c, insn, f);
	case AB_MOV_FROM_CR:
		if (!cpl0(c))
			return gp0(f);
		c->r->gpr[insn->dst.reg] = c->v->cr[insn->src.reg];
		return FE_NEXT;
	case AB_MOV_TO_DR: case AB_MOV_FROM_DR: return emu_dr(c, insn, f);
	case AB_INVLPG: return emu_invlpg(c, insn, f);
	case AB_INVD: case AB_WBINVD: return emu_privileged_nop(c, f);
	case AB_RDMSR: return emu_msr(c, false, f);
	case AB_WRMSR: return emu_msr(c, true, f);
	case AB_CPUID: return emu_cpuid(c);
	case AB_RDTSC: return emu_tsc(c, false, f);
	case AB_RDTSCP: return emu_tsc(c, true, f);
	case AB_RDPMC: return gp0(f);		/* no counters exposed */
	case AB_MOV_FROM_SEG: case AB_MOV_TO_SEG:
	case AB_PUSH_SEG: case AB_POP_SEG:
		return emu_seg(c, insn, next, f);
	case AB_LDS: case AB_LES: case AB_LFS: case AB_LGS: case AB_LSS:
		return emu_load_far_ptr(c, insn, next, f);
	case AB_LJMP: case AB_LCALL: case AB_LRET:
		return emu_far(c, insn, next, f);
	case AB_IRET: return emu_iret(c, insn, f);
	case AB_LAR: case AB_LSL: case AB_VERR: case AB_VERW:
		return emu_query(c, insn);
	case AB_ARPL: return emu_arpl(c, insn);
	case AB_SYSENTER: case AB_SYSEXIT:
		return ud(f);			/* SEP is hidden */
	}
	return -FE_EINVAL;	/* int, int3, into, ud2 never get here */
}

/*
 * Emulate insn, the original instruction of the site at site_eip whose
 * end is next_eip.  Returns an enum fe_outcome, or a negative FE_E* for
 * what the IPVMM cannot do (the guest is then stopped).  On FE_FAULT the
 * registers are as before the instruction and eip points at the site,
 * as for a hardware fault.
 */
int fe_emulate(struct fe_cpu *c, const struct insn *insn, u32 site_eip,
	       u32 next_eip, struct vcpu_fault *f)
{
	struct vcpu_regs saved = *c->r;
	int r = dispatch(c, insn, next_eip, f);

	if (r == FE_FAULT) {
		*c->r = saved;
		c->r->eip = site_eip;
	} else if (r == FE_NEXT || r == FE_HALT) {
		c->r->eip = next_eip;
	}
	return r;
}

/*
 * The C half of a class entry.  A rewritten site's `call rel32` pushed
 * ret_addr; the assembly half pops it again and saves the guest's
 * registers into c->r as they were at the site, then calls this: find
 * the site, decode its original instruction, emulate it.  Returns what
 * fe_emulate() does, or -FE_EINVAL if ret_addr is no call site (a jump
 * into the IPVMM from elsewhere: the guest is stopped).
 */
int fe_site_call(struct fe_cpu *c, const struct rw_table *t, u32 ret_addr,
		 struct vcpu_fault *f)
{
	return fe_site_call_at(c, t, ret_addr, 0, f);
}

/*
 * The same for a site that runs load_delta bytes below its link address:
 * Linux's startup_32 runs at its physical load address with paging off,
 * so its `call rel32` pushed its return address load_delta too low and
 * landed load_delta below the class entry, where the IPVMM catches it
 * (backend-lkm/run.c).  ret_addr is the link address (what was pushed plus load_delta), by which the
 * site is found; the EIP the guest resumes at, or sees in a fault, is
 * where it really runs.  Far jumps and iret set their own EIP.
 */
int fe_site_call_at(struct fe_cpu *c, const struct rw_table *t, u32 ret_addr,
		    u32 load_delta, struct vcpu_fault *f)
{
	const struct rw_site *s = rw_find_site(t, ret_addr);
	struct insn insn;

	if (!s || insn_decode(&insn, s->orig, s->len))
		return -FE_EINVAL;
	return fe_emulate(c, &insn, s->start - load_delta,
			  s->start + s->size - load_delta, f);
}
