// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/mmio.c - finish a guest's mov to or from a guest-physical
 * address outside RAM: the shadow MMU maps no page there, so the access
 * faulted; the IPVMM decodes the instruction at EIP (insn_decode()),
 * and this file checks that it is one we emulate, does the access on a
 * bus (the device models) and writes the destination register.
 *
 * Contents
 *   1. What is emulated and what is refused: mmio_check().
 *   2. Doing the access: mmio_emulate().
 *
 * What is emulated: the forms Linux's readb/w/l and writeb/w/l compile
 * to, and the rest of the plain mov family the decoder tags (insn.mmio):
 *
 *   88/89 /r     mov %r8/16/32, mem         MMIO_STORE
 *   8a/8b /r     mov mem, %r8/16/32         MMIO_LOAD (%ah..%bh too)
 *   c6/c7 /0     movb/w/l $imm, mem         MMIO_STORE_IMM
 *   a0-a3        mov moffs <-> %al/%ax/%eax MMIO_LOAD / MMIO_STORE
 *   0f b6/b7     movzb/movzw mem, %r16/32   MMIO_LOAD, zero-extended
 *   0f be/bf     movsb/movsw mem, %r16/32   MMIO_LOAD_SX, sign-extended
 *
 * What is refused, and why each refusal is what it is:
 *   -FE_EINVAL  a lock prefix: `lock mov` is #UD on every CPU, so the
 *               guest gets #UD whatever the address.
 *   -FE_ENOSYS  the CPU would do it but we do not: anything the decoder
 *               does not tag (string moves, ALU ops on memory, xchg),
 *               a rep prefix, an access that crosses a page (half of it
 *               may be RAM), one that began on the page before the
 *               faulting one (its linear address is not CR2), and 16-bit
 *               addressing (refused by the decoder).
 * The caller (backend-lkm/run.c) follows KVM's rule for an instruction
 * it cannot emulate: at CPL 0 the VM is stopped with a reason (KVM
 * exits to user space with an emulation failure); at CPL 3 the guest
 * gets #UD.  Delivering the #PF instead would make the guest look at a
 * present PTE, call the fault spurious, and retry for ever.
 */
#include "mmio.h"
#include "frontend.h"

/* 1. What is emulated and what is refused. */

static u32 width_mask(u32 width)
{
	return width == 4 ? 0xffffffffu : (1u << 8 * width) - 1;
}

/* The memory operand: the one side of a mov that is not a register. */
static const struct insn_opnd *mem_side(const struct insn *insn)
{
	return insn->mmio == MMIO_LOAD || insn->mmio == MMIO_LOAD_SX ?
		&insn->src : &insn->dst;
}

/* seg:[base + index * scale + disp], with the segment's base given. */
static u32 mem_linear(const struct insn *insn, const struct vcpu_regs *r,
		      u32 seg_base)
{
	const struct insn_mem *m = &insn->mem;
	u32 a = seg_base + m->disp;

	if (m->base != INSN_NO_REG)
		a += r->gpr[m->base & 7];
	if (m->index != INSN_NO_REG)
		a += r->gpr[m->index & 7] * m->scale;
	return a;
}

static u32 page_offset(u32 addr)
{
	return addr & (MMIO_PAGE_SIZE - 1);
}

static bool width_ok(u32 width)
{
	return width == 1 || width == 2 || width == 4;
}

/* Do the operands have the shape of a mov-class access to memory? */
static bool operands_ok(const struct insn *insn)
{
	const struct insn_opnd *mem = mem_side(insn);
	const struct insn_opnd *other = mem == &insn->src ? &insn->dst :
		&insn->src;
	u8 want = insn->mmio == MMIO_STORE_IMM ? OPND_IMM : OPND_REG;

	return mem->kind == OPND_MEM && other->kind == want &&
		width_ok(mem->width) && width_ok(other->width);
}

/*
 * 0 if mmio_emulate() would perform @insn for the access @a, else the
 * refusal (see the top of the file).  Touches nothing: the CR0.WP path
 * asks first, before it changes the guest's page tables.
 */
int mmio_check(const struct insn *insn, const struct vcpu_regs *r,
	       const struct mmio_access *a)
{
	u32 width;

	if (insn->mmio == MMIO_NONE)
		return -FE_ENOSYS;
	if (insn->lock)
		return -FE_EINVAL;
	if (insn->rep || !operands_ok(insn))
		return -FE_ENOSYS;
	width = mem_side(insn)->width;
	if (page_offset(a->gpa) != page_offset(a->lin) ||
	    page_offset(a->gpa) + width > MMIO_PAGE_SIZE)
		return -FE_ENOSYS;
	if (mem_linear(insn, r, a->seg_base) != a->lin)
		return -FE_ENOSYS;
	return 0;
}

/* 2. Doing the access. */

static u32 sign_extend(u32 val, u32 width)
{
	if (width == 1)
		return (u32)(s32)(s8)val;
	if (width == 2)
		return (u32)(s32)(s16)val;
	return val;
}

/*
 * Perform @insn's access on @bus and complete the instruction: a load
 * writes its destination register (zero- or sign-extended from the
 * memory width, a partial register merged), and EIP moves past it.
 * On any error nothing in @r has changed, so the caller may still
 * deliver a fault at the instruction.
 */
int mmio_emulate(const struct insn *insn, struct vcpu_regs *r,
		 const struct mmio_access *a, const struct mmio_bus *bus)
{
	u32 width, val = 0;
	int err = mmio_check(insn, r, a);

	if (err)
		return err;
	width = mem_side(insn)->width;
	if (insn->mmio == MMIO_LOAD || insn->mmio == MMIO_LOAD_SX) {
		err = bus->read(bus->ctx, a->gpa, width, &val);
		if (err)
			return err;
		val &= width_mask(width);
		if (insn->mmio == MMIO_LOAD_SX)
			val = sign_extend(val, width);
		vcpu_reg_set(r, insn->dst.reg, insn->dst.width, val);
	} else {
		if (insn->mmio == MMIO_STORE_IMM)
			val = insn->imm;
		else
			val = vcpu_reg_get(r, insn->src.reg, insn->src.width);
		err = bus->write(bus->ctx, a->gpa, width,
				 val & width_mask(width));
		if (err)
			return err;
	}
	r->eip += insn->len;
	return 0;
}
