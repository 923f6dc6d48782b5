// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-mmio.c - mmio_emulate() on instructions decoded by
 * the real decoder from hand-assembled bytes (the AT&T spelling beside
 * each), over a recording bus: every mov-class form and width, every
 * register encoding (%ah..%bh included), zero and sign extension, EIP
 * advance, and every refusal leaving registers and bus untouched.
 */
#include <string.h>

#include "fetest.h"
#include "mmio.h"

#define GPA		0xfebff000u	/* frame of the faulting page */
#define LIN		0xd0000000u	/* where the guest mapped it */
#define EIP		0xc0100000u

/* The bus: a read answers @answer, every call is recorded. */
struct rec_bus {
	u32 calls;
	bool wrote;
	u32 gpa, width, val;
	u32 answer;
	int fail;
};

static int rec_read(void *ctx, u32 gpa, u32 width, u32 *val)
{
	struct rec_bus *b = ctx;

	b->calls++;
	b->wrote = false;
	b->gpa = gpa;
	b->width = width;
	*val = b->answer;	/* high garbage on purpose: must be masked */
	return b->fail;
}

static int rec_write(void *ctx, u32 gpa, u32 width, u32 val)
{
	struct rec_bus *b = ctx;

	b->calls++;
	b->wrote = true;
	b->gpa = gpa;
	b->width = width;
	b->val = val;
	return b->fail;
}

struct mt {
	struct rec_bus rb;
	struct mmio_bus bus;
	struct vcpu_regs r;
	struct insn insn;
};

static const u32 init_gpr[8] = {
	0x11111111, 0x22222222, 0x33333333, 0x44444444,
	0x55555555, 0x66666666, LIN + 0x10, 0x88888888
};

/*
 * Decode @bytes, point %esi at the page (+0x10), and emulate the access
 * at page offset @off.  Most forms below address (%esi).
 */
static int run(struct mt *t, const u8 *bytes, u32 n, u32 off)
{
	struct mmio_access a = { GPA + off, LIN + off, 0 };

	memset(&t->rb, 0, sizeof(t->rb));
	t->rb.answer = 0xdeadfe80u;
	t->bus.read = rec_read;
	t->bus.write = rec_write;
	t->bus.ctx = &t->rb;
	memcpy(t->r.gpr, init_gpr, sizeof(init_gpr));
	t->r.eip = EIP;
	t->r.eflags = 0x202;
	assert_int_equal(insn_decode(&t->insn, bytes, n), 0);
	assert_int_equal(t->insn.len, n);
	return mmio_emulate(&t->insn, &t->r, &a, &t->bus);
}

/* The registers other than @reg (a full register number) are as they were. */
static void others_kept(const struct mt *t, int reg)
{
	int i;

	for (i = 0; i < 8; i++)
		if (i != reg)
			assert_int_equal(t->r.gpr[i], init_gpr[i]);
}

static void unchanged(const struct mt *t)
{
	others_kept(t, -1);
	assert_int_equal(t->r.eip, EIP);
	assert_int_equal(t->rb.calls, 0);
}

/* mov 0x10(%esi),%r8 (8a 46 10) for each of al cl dl bl ah ch dh bh. */
static void test_mmio_load8_every_reg(void **state)
{
	struct mt t;
	u8 reg;

	(void)state;
	for (reg = 0; reg < 8; reg++) {
		u8 b[] = { 0x8a, 0x46 | reg << 3, 0x00 };
		u8 full = reg & 3;
		u32 want = reg < 4 ?
			(init_gpr[full] & ~0xffu) | 0x80 :
			(init_gpr[full] & ~0xff00u) | 0x8000;

		assert_int_equal(run(&t, b, sizeof(b), 0x10), 0);
		assert_int_equal(t.rb.width, 1);
		assert_int_equal(t.rb.gpa, GPA + 0x10);
		assert_false(t.rb.wrote);
		assert_int_equal(t.r.gpr[full], want);
		others_kept(&t, full);
		assert_int_equal(t.r.eip, EIP + 3);
		assert_int_equal(t.r.eflags, 0x202);
	}
}

/* mov (%esi),%r16 (66 8b 06 ...) merges the low half; %sp too. */
static void test_mmio_load16_every_reg(void **state)
{
	struct mt t;
	u8 reg;

	(void)state;
	for (reg = 0; reg < 8; reg++) {
		u8 b[] = { 0x66, 0x8b, 0x46 | reg << 3, 0x00 };

		assert_int_equal(run(&t, b, sizeof(b), 0x10), 0);
		assert_int_equal(t.rb.width, 2);
		assert_int_equal(t.r.gpr[reg],
				 (init_gpr[reg] & 0xffff0000u) | 0xfe80);
		others_kept(&t, reg);
		assert_int_equal(t.r.eip, EIP + 4);
	}
}

/* mov (%esi),%r32 (8b 46 00) replaces the register, %esp and %esi too. */
static void test_mmio_load32_every_reg(void **state)
{
	struct mt t;
	u8 reg;

	(void)state;
	for (reg = 0; reg < 8; reg++) {
		u8 b[] = { 0x8b, 0x46 | reg << 3, 0x00 };

		assert_int_equal(run(&t, b, sizeof(b), 0x10), 0);
		assert_int_equal(t.rb.width, 4);
		assert_int_equal(t.r.gpr[reg], 0xdeadfe80u);
		others_kept(&t, reg);
	}
}

/* movzbl/movzwl/movzbw: zero-extended to the destination's width. */
static void test_mmio_movzx(void **state)
{
	static const u8 zbl[] = { 0x0f, 0xb6, 0x5e, 0x00 };	/* %ebx */
	static const u8 zwl[] = { 0x0f, 0xb7, 0x66, 0x00 };	/* %esp */
	static const u8 zbw[] = { 0x66, 0x0f, 0xb6, 0x7e, 0x00 }; /* %di */
	static const u8 zbl_bp[] = { 0x0f, 0xb6, 0x6e, 0x00 };	/* %ebp */
	struct mt t;

	(void)state;
	assert_int_equal(run(&t, zbl, sizeof(zbl), 0x10), 0);
	assert_int_equal(t.rb.width, 1);
	assert_int_equal(t.r.gpr[3], 0x80);
	others_kept(&t, 3);
	assert_int_equal(t.r.eip, EIP + 4);
	assert_int_equal(run(&t, zwl, sizeof(zwl), 0x10), 0);
	assert_int_equal(t.rb.width, 2);
	assert_int_equal(t.r.gpr[4], 0xfe80);
	others_kept(&t, 4);
	assert_int_equal(run(&t, zbw, sizeof(zbw), 0x10), 0);
	assert_int_equal(t.rb.width, 1);
	assert_int_equal(t.r.gpr[7], 0x88880080u);
	others_kept(&t, 7);
	assert_int_equal(t.r.eip, EIP + 5);
	/* reg 5 of movzx is %ebp, not %ch: only plain 8a has byte regs. */
	assert_int_equal(run(&t, zbl_bp, sizeof(zbl_bp), 0x10), 0);
	assert_int_equal(t.r.gpr[5], 0x80);
	others_kept(&t, 5);
}

/* movsbl/movswl/movsbw, with the sign bit set and clear. */
static void test_mmio_movsx(void **state)
{
	static const u8 sbl[] = { 0x0f, 0xbe, 0x46, 0x00 };	/* %eax */
	static const u8 swl[] = { 0x0f, 0xbf, 0x4e, 0x00 };	/* %ecx */
	static const u8 sbw[] = { 0x66, 0x0f, 0xbe, 0x56, 0x00 }; /* %dx */
	struct mt t;

	(void)state;
	assert_int_equal(run(&t, sbl, sizeof(sbl), 0x10), 0);
	assert_int_equal(t.r.gpr[0], 0xffffff80u);
	others_kept(&t, 0);
	assert_int_equal(run(&t, swl, sizeof(swl), 0x10), 0);
	assert_int_equal(t.rb.width, 2);
	assert_int_equal(t.r.gpr[1], 0xfffffe80u);
	assert_int_equal(run(&t, sbw, sizeof(sbw), 0x10), 0);
	assert_int_equal(t.r.gpr[2], 0x3333ff80u);
	others_kept(&t, 2);
	/* Sign bit clear: 0x7f stays 0x7f. */
	memset(&t.rb, 0, sizeof(t.rb));
	assert_int_equal(insn_decode(&t.insn, sbl, sizeof(sbl)), 0);
	t.rb.answer = 0xffffff7fu;
	{
		struct mmio_access a = { GPA + 0x10, LIN + 0x10, 0 };

		t.r.gpr[6] = LIN + 0x10;
		assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus), 0);
	}
	assert_int_equal(t.r.gpr[0], 0x7f);
}

/* mov %r8,(%esi) for each byte register: %ah..%bh are bits 8-15. */
static void test_mmio_store8_every_reg(void **state)
{
	struct mt t;
	u8 reg;

	(void)state;
	for (reg = 0; reg < 8; reg++) {
		u8 b[] = { 0x88, 0x46 | reg << 3, 0x00 };
		u32 want = reg < 4 ? init_gpr[reg] & 0xff :
			(init_gpr[reg - 4] >> 8) & 0xff;

		assert_int_equal(run(&t, b, sizeof(b), 0x10), 0);
		assert_true(t.rb.wrote);
		assert_int_equal(t.rb.width, 1);
		assert_int_equal(t.rb.val, want);
		assert_int_equal(t.rb.gpa, GPA + 0x10);
		others_kept(&t, -1);
		assert_int_equal(t.r.eip, EIP + 3);
	}
}

/* mov %r16/%r32,(%esi): the value masked to the width. */
static void test_mmio_store16_32(void **state)
{
	struct mt t;
	u8 reg;

	(void)state;
	for (reg = 0; reg < 8; reg++) {
		u8 w[] = { 0x66, 0x89, 0x46 | reg << 3, 0x00 };
		u8 l[] = { 0x89, 0x46 | reg << 3, 0x00 };

		assert_int_equal(run(&t, w, sizeof(w), 0x10), 0);
		assert_int_equal(t.rb.width, 2);
		assert_int_equal(t.rb.val, init_gpr[reg] & 0xffff);
		assert_int_equal(t.r.eip, EIP + 4);
		assert_int_equal(run(&t, l, sizeof(l), 0x10), 0);
		assert_int_equal(t.rb.width, 4);
		assert_int_equal(t.rb.val, init_gpr[reg]);
		others_kept(&t, -1);
	}
}

/* movb/movw/movl $imm,(%esi). */
static void test_mmio_store_imm(void **state)
{
	static const u8 b[] = { 0xc6, 0x46, 0x00, 0xa5 };
	static const u8 w[] = { 0x66, 0xc7, 0x46, 0x00, 0x34, 0x12 };
	static const u8 l[] = { 0xc7, 0x46, 0x00, 0xef, 0xbe, 0xad, 0xde };
	struct mt t;

	(void)state;
	assert_int_equal(run(&t, b, sizeof(b), 0x10), 0);
	assert_int_equal(t.rb.width, 1);
	assert_int_equal(t.rb.val, 0xa5);
	assert_int_equal(t.r.eip, EIP + 4);
	assert_int_equal(run(&t, w, sizeof(w), 0x10), 0);
	assert_int_equal(t.rb.width, 2);
	assert_int_equal(t.rb.val, 0x1234);
	assert_int_equal(t.r.eip, EIP + 6);
	assert_int_equal(run(&t, l, sizeof(l), 0x10), 0);
	assert_int_equal(t.rb.width, 4);
	assert_int_equal(t.rb.val, 0xdeadbeefu);
	assert_int_equal(t.r.eip, EIP + 7);
	others_kept(&t, -1);
}

/* a0-a3 with a moffs32 of LIN + 0x20, and 66 for the 16-bit forms. */
static void test_mmio_moffs(void **state)
{
	static const u8 ld8[] = { 0xa0, 0x20, 0x00, 0x00, 0xd0 };
	static const u8 ld16[] = { 0x66, 0xa1, 0x20, 0x00, 0x00, 0xd0 };
	static const u8 ld32[] = { 0xa1, 0x20, 0x00, 0x00, 0xd0 };
	static const u8 st8[] = { 0xa2, 0x20, 0x00, 0x00, 0xd0 };
	static const u8 st16[] = { 0x66, 0xa3, 0x20, 0x00, 0x00, 0xd0 };
	static const u8 st32[] = { 0xa3, 0x20, 0x00, 0x00, 0xd0 };
	struct mt t;

	(void)state;
	assert_int_equal(run(&t, ld8, sizeof(ld8), 0x20), 0);
	assert_int_equal(t.r.gpr[0], 0x11111180u);
	assert_int_equal(t.r.eip, EIP + 5);
	assert_int_equal(run(&t, ld16, sizeof(ld16), 0x20), 0);
	assert_int_equal(t.r.gpr[0], 0x1111fe80u);
	assert_int_equal(t.r.eip, EIP + 6);
	assert_int_equal(run(&t, ld32, sizeof(ld32), 0x20), 0);
	assert_int_equal(t.r.gpr[0], 0xdeadfe80u);
	others_kept(&t, 0);
	assert_int_equal(run(&t, st8, sizeof(st8), 0x20), 0);
	assert_int_equal(t.rb.val, 0x11);
	assert_int_equal(t.rb.width, 1);
	assert_int_equal(t.rb.gpa, GPA + 0x20);
	assert_int_equal(run(&t, st16, sizeof(st16), 0x20), 0);
	assert_int_equal(t.rb.val, 0x1111);
	assert_int_equal(run(&t, st32, sizeof(st32), 0x20), 0);
	assert_int_equal(t.rb.val, 0x11111111u);
	assert_int_equal(t.rb.width, 4);
	others_kept(&t, -1);
}

/*
 * Addressing: SIB with index and scale, a segment override whose base
 * the caller passes, and the last bytes of the page.
 */
static void test_mmio_addressing(void **state)
{
	/* mov 0x10(%ebx,%ecx,4),%eax */
	static const u8 sib[] = { 0x8b, 0x44, 0x8b, 0x10 };
	/* mov %fs:0x8,%edx (64 8b 15 disp32) */
	static const u8 fs[] = { 0x64, 0x8b, 0x15, 0x08, 0x00, 0x00, 0x00 };
	/* mov %eax,0xffc(%esi) is the last dword of the page */
	static const u8 last[] = { 0x89, 0x86, 0xec, 0x0f, 0x00, 0x00 };
	struct mmio_access a;
	struct mt t;

	(void)state;
	assert_int_equal(insn_decode(&t.insn, sib, sizeof(sib)), 0);
	memcpy(t.r.gpr, init_gpr, sizeof(init_gpr));
	t.r.gpr[3] = LIN + 0x100;
	t.r.gpr[1] = 0x3;
	t.r.eip = EIP;
	memset(&t.rb, 0, sizeof(t.rb));
	t.rb.answer = 0x12345678;
	t.bus.read = rec_read;
	t.bus.write = rec_write;
	t.bus.ctx = &t.rb;
	a.gpa = GPA + 0x11c;
	a.lin = LIN + 0x11c;
	a.seg_base = 0;
	assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus), 0);
	assert_int_equal(t.r.gpr[0], 0x12345678);
	assert_int_equal(t.rb.gpa, GPA + 0x11c);

	assert_int_equal(insn_decode(&t.insn, fs, sizeof(fs)), 0);
	assert_int_equal(t.insn.mem.seg, SREG_FS);
	t.r.eip = EIP;
	a.gpa = GPA + 0x8;
	a.lin = LIN + 0x8;
	a.seg_base = LIN;
	assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus), 0);
	assert_int_equal(t.r.gpr[2], 0x12345678);
	assert_int_equal(t.r.eip, EIP + 7);

	assert_int_equal(run(&t, last, sizeof(last), 0xffc), 0);
	assert_int_equal(t.rb.gpa, GPA + 0xffc);
	assert_int_equal(t.rb.val, init_gpr[0]);
}

/* An instruction refused by mmio_emulate(): @err, nothing touched. */
static void refused(const u8 *b, u32 n, u32 off, int err)
{
	struct mt t;

	assert_int_equal(run(&t, b, n, off), err);
	unchanged(&t);
}

static void test_mmio_refused(void **state)
{
	static const u8 lock_st[] = { 0xf0, 0x89, 0x46, 0x00 };
	static const u8 lock_ld[] = { 0xf0, 0x8b, 0x46, 0x00 };
	static const u8 rep_st[] = { 0xf3, 0x89, 0x46, 0x00 };
	static const u8 reg_form[] = { 0x89, 0xc0 };	/* mov %eax,%eax */
	static const u8 reg_ld[] = { 0x8b, 0xc3 };	/* mov %ebx,%eax */
	static const u8 in_al[] = { 0xe4, 0x60 };	/* in $0x60,%al */
	static const u8 st32[] = { 0x89, 0x46, 0x00 };
	static const u8 ld16[] = { 0x66, 0x8b, 0x46, 0x00 };
	static const u8 ld8[] = { 0x8a, 0x46, 0x00 };

	(void)state;
	refused(lock_st, sizeof(lock_st), 0x10, -FE_EINVAL);
	refused(lock_ld, sizeof(lock_ld), 0x10, -FE_EINVAL);
	refused(rep_st, sizeof(rep_st), 0x10, -FE_ENOSYS);
	refused(reg_form, sizeof(reg_form), 0x10, -FE_ENOSYS);
	refused(reg_ld, sizeof(reg_ld), 0x10, -FE_ENOSYS);
	refused(in_al, sizeof(in_al), 0x10, -FE_ENOSYS);
	/* %esi points at +0x10, the fault says +0x14: not this operand. */
	refused(st32, sizeof(st32), 0x14, -FE_ENOSYS);
	/* Crossing into the next page: 0xffe + 4 and 0xfff + 2. */
	{
		struct mt t;
		struct mmio_access a = { GPA + 0xffe, LIN + 0xffe, 0 };

		assert_int_equal(run(&t, st32, sizeof(st32), 0x10), 0);
		t.r.gpr[6] = LIN + 0xffe;
		t.r.eip = EIP;
		t.rb.calls = 0;
		assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus),
				 -FE_ENOSYS);
		assert_int_equal(t.rb.calls, 0);
		assert_int_equal(insn_decode(&t.insn, ld16, sizeof(ld16)), 0);
		a.gpa = GPA + 0xfff;
		a.lin = LIN + 0xfff;
		t.r.gpr[6] = LIN + 0xfff;
		assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus),
				 -FE_ENOSYS);
		assert_int_equal(t.r.eip, EIP);
		/* ...but a byte at 0xfff is inside. */
		assert_int_equal(insn_decode(&t.insn, ld8, sizeof(ld8)), 0);
		assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus), 0);
		/* A gpa whose page offset is not CR2's is refused. */
		a.gpa = GPA + 0x10;
		t.r.eip = EIP;
		assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus),
				 -FE_ENOSYS);
		assert_int_equal(t.r.eip, EIP);
	}
}

/* What the decoder refuses never reaches mmio_emulate(). */
static void test_mmio_not_decoded(void **state)
{
	static const u8 movsl[] = { 0xa5 };
	static const u8 rep_movsb[] = { 0xf3, 0xa4 };
	static const u8 add[] = { 0x01, 0x06 };		/* add %eax,(%esi) */
	static const u8 xchg[] = { 0x87, 0x06 };	/* xchg %eax,(%esi) */
	static const u8 addr16[] = { 0x67, 0x8b, 0x04 }; /* mov (%si),%eax */
	struct insn insn;

	(void)state;
	assert_int_not_equal(insn_decode(&insn, movsl, sizeof(movsl)), 0);
	assert_int_not_equal(insn_decode(&insn, rep_movsb,
					 sizeof(rep_movsb)), 0);
	assert_int_not_equal(insn_decode(&insn, add, sizeof(add)), 0);
	assert_int_not_equal(insn_decode(&insn, xchg, sizeof(xchg)), 0);
	assert_int_equal(insn_decode(&insn, addr16, sizeof(addr16)),
			 -FE_ENOSYS);
}

/* A bus error: propagated, and neither register nor EIP changes. */
static void test_mmio_bus_error(void **state)
{
	static const u8 ld[] = { 0x8b, 0x46, 0x00 };
	static const u8 st[] = { 0x89, 0x46, 0x00 };
	struct mmio_access a = { GPA + 0x10, LIN + 0x10, 0 };
	struct mt t;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(run(&t, i ? st : ld, 3, 0x10), 0);
		t.r.eip = EIP;
		t.r.gpr[0] = init_gpr[0];
		t.rb.fail = -FE_EFAULT;
		assert_int_equal(mmio_emulate(&t.insn, &t.r, &a, &t.bus),
				 -FE_EFAULT);
		others_kept(&t, -1);
		assert_int_equal(t.r.eip, EIP);
	}
}

/* mmio_check() says the same as mmio_emulate() and touches nothing. */
static void test_mmio_check(void **state)
{
	static const u8 st[] = { 0x89, 0x46, 0x00 };
	static const u8 lock_st[] = { 0xf0, 0x89, 0x46, 0x00 };
	struct mmio_access a = { GPA + 0x10, LIN + 0x10, 0 };
	struct vcpu_regs r;
	struct insn insn;

	(void)state;
	memcpy(r.gpr, init_gpr, sizeof(init_gpr));
	r.eip = EIP;
	assert_int_equal(insn_decode(&insn, st, sizeof(st)), 0);
	assert_int_equal(mmio_check(&insn, &r, &a), 0);
	assert_int_equal(r.eip, EIP);
	assert_int_equal(insn_decode(&insn, lock_st, sizeof(lock_st)), 0);
	assert_int_equal(mmio_check(&insn, &r, &a), -FE_EINVAL);
}

/* The test's own idea of the operand's linear address. */
static u32 ref_linear(const struct insn *insn, const struct vcpu_regs *r,
		      u32 seg_base)
{
	u64 a = (u64)seg_base + insn->mem.disp;

	if (insn->mem.base < 8)
		a += r->gpr[insn->mem.base];
	if (insn->mem.index < 8)
		a += (u64)r->gpr[insn->mem.index] * insn->mem.scale;
	return (u32)a;
}

/*
 * Hostile input: random bytes (biased to the mov opcodes and prefixes)
 * with random registers and fault addresses.  Whatever decodes, an
 * emulation either completes (one bus call inside the page, EIP past
 * the instruction, at most one register changed) or changes nothing.
 */
static void test_mmio_random(void **state)
{
	static const u8 hot[] = { 0x88, 0x89, 0x8a, 0x8b, 0xc6, 0xc7, 0xa0,
				  0xa1, 0xa2, 0xa3, 0x66, 0xf0, 0xf3, 0x64,
				  0x0f, 0x67 };
	u32 seed = 0x2545f491, i, j, done = 0;

	(void)state;
	for (i = 0; i < 200000; i++) {
		struct mt t;
		struct mmio_access a;
		struct vcpu_regs before;
		u8 b[INSN_MAX_LEN];
		u32 changed = 0;
		int err;

		for (j = 0; j < sizeof(b); j++) {
			seed = seed * 1103515245 + 12345;
			b[j] = (seed >> 16) & 0xff;
			if (j < 3 && (seed & 0x300))
				b[j] = hot[(seed >> 24) % sizeof(hot)];
		}
		if (insn_decode(&t.insn, b, sizeof(b)))
			continue;
		memset(&t.rb, 0, sizeof(t.rb));
		t.rb.answer = seed;
		t.bus.read = rec_read;
		t.bus.write = rec_write;
		t.bus.ctx = &t.rb;
		for (j = 0; j < 8; j++) {
			seed = seed * 1103515245 + 12345;
			t.r.gpr[j] = (seed & 1) ? LIN + (seed >> 20) : seed;
		}
		t.r.eip = EIP;
		t.r.eflags = 0x202;
		/* Mostly where the operand points, sometimes anywhere. */
		a.seg_base = seed & 4 ? 0 : LIN;
		a.lin = (seed & 3) ? ref_linear(&t.insn, &t.r, a.seg_base) :
			LIN + ((seed >> 4) & 0xfff);
		a.gpa = GPA + (a.lin & 0xfff);
		before = t.r;
		err = mmio_emulate(&t.insn, &t.r, &a, &t.bus);
		for (j = 0; j < 8; j++)
			changed += t.r.gpr[j] != before.gpr[j];
		if (err) {
			assert_memory_equal(&t.r, &before, sizeof(before));
			assert_int_equal(t.rb.calls, 0);
			continue;
		}
		done++;
		assert_int_equal(t.rb.calls, 1);
		assert_int_equal(t.rb.gpa, a.gpa);
		assert_true((t.rb.gpa & 0xfff) + t.rb.width <= 0x1000);
		assert_int_equal(t.r.eip, EIP + t.insn.len);
		assert_true(changed <= (t.rb.wrote ? 0u : 1u));
		assert_int_equal(t.r.eflags, before.eflags);
		if (t.rb.wrote && t.rb.width < 4)
			assert_int_equal(t.rb.val >> 8 * t.rb.width, 0);
	}
	print_message("# mmio random: %u of 200000 emulated\n", done);
	assert_true(done > 1000);
}

int run_mmio_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmio_load8_every_reg),
		cmocka_unit_test(test_mmio_load16_every_reg),
		cmocka_unit_test(test_mmio_load32_every_reg),
		cmocka_unit_test(test_mmio_movzx),
		cmocka_unit_test(test_mmio_movsx),
		cmocka_unit_test(test_mmio_store8_every_reg),
		cmocka_unit_test(test_mmio_store16_32),
		cmocka_unit_test(test_mmio_store_imm),
		cmocka_unit_test(test_mmio_moffs),
		cmocka_unit_test(test_mmio_addressing),
		cmocka_unit_test(test_mmio_refused),
		cmocka_unit_test(test_mmio_not_decoded),
		cmocka_unit_test(test_mmio_bus_error),
		cmocka_unit_test(test_mmio_check),
		cmocka_unit_test(test_mmio_random),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("mmio", tests, NULL, NULL);
}
