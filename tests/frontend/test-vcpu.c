// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-vcpu.c - the virtual CPU against a fake guest: a
 * GDT, an IDT and a TSS laid out in fake guest memory as a 32-bit kernel
 * would, then event delivery (frames byte for byte, stack switch from
 * user mode, every fault a bad gate or TSS must raise), iret (same ring,
 * to user, every check on a forged frame), the interrupt decision, the
 * CPUID filter, MSRs and selector presentation.
 */
#include <string.h>
#include <stdlib.h>

#include "fetest.h"
#include "vcpu.h"

#define GDT		0x1000u
#define IDT		0x2000u
#define TSS		0x3000u
#define KSTACK		0x9000u		/* esp0 */
#define USTACK		0x5000u
#define MEM_BYTES	0x10000u
#define WINDOW		0xfc000000u

#define KCS		0x08
#define KDS		0x10
#define UCS		0x1b
#define UDS		0x23
#define TSS_SEL		0x28
#define NP_CS		0x30
#define NP_DS		0x38
#define CONF_CS		0x40
#define RING1_CS	0x48

static const u32 gdt[][2] = {
	{ 0, 0 },
	{ 0x0000ffff, 0x00cf9a00 },	/* 0x08 kernel code */
	{ 0x0000ffff, 0x00cf9200 },	/* 0x10 kernel data */
	{ 0x0000ffff, 0x00cffa00 },	/* 0x18 user code */
	{ 0x0000ffff, 0x00cff200 },	/* 0x20 user data */
	{ 0x30000067, 0x00008900 },	/* 0x28 TSS at 0x3000 */
	{ 0x0000ffff, 0x00cf1a00 },	/* 0x30 code, not present */
	{ 0x0000ffff, 0x00cf1200 },	/* 0x38 data, not present */
	{ 0x0000ffff, 0x00cf9e00 },	/* 0x40 conforming code */
	{ 0x0000ffff, 0x00cfba00 },	/* 0x48 code DPL 1 */
};

#define HANDLER		0x00101000u
#define GATE_LO(sel)	((u32)(sel) << 16 | (HANDLER & 0xffff))
#define GATE_HI(bits)	((HANDLER & 0xffff0000) | (bits))

struct vgate {
	u8 vec;
	u16 sel;
	u32 bits;		/* P, DPL, type */
};

static const struct vgate gates[] = {
	{ 0x20, KCS, 0x8e00 },		/* interrupt gate, DPL 0 */
	{ 14, KCS, 0x8f00 },		/* trap gate, DPL 0 */
	{ 0x80, KCS, 0xef00 },		/* trap gate, DPL 3 */
	{ 3, KCS, 0xee00 },		/* interrupt gate, DPL 3 */
	{ 0x21, KCS, 0x0e00 },		/* not present */
	{ 0x22, TSS_SEL, 0x8500 },	/* task gate */
	{ 0x23, NP_CS, 0x8e00 },	/* to a non-present code segment */
	{ 0x24, KDS, 0x8e00 },		/* to a data segment */
	{ 0x25, KCS, 0x8600 },		/* 16-bit interrupt gate */
	{ 0x26, 0, 0x8e00 },		/* null selector */
	{ 0x27, CONF_CS, 0x8e00 },	/* conforming code */
};

#define IDT_LIMIT	(0x80 * 8 + 7)

struct vt {
	struct fake_mem fm;
	struct gmem m;
	struct vcpu v;
	struct vcpu_regs r;
	struct vcpu_fault f;
};

static void put32(struct vt *t, u32 a, u32 v)
{
	memcpy(t->fm.buf + a, &v, 4);
}

static u32 get32(struct vt *t, u32 a)
{
	u32 v;

	memcpy(&v, t->fm.buf + a, 4);
	return v;
}

/* A kernel at CPL 0 on the kernel stack, interrupts on. */
static void kernel_regs(struct vt *t)
{
	memset(&t->r, 0, sizeof(t->r));
	t->v.cpl = 0;
	t->v.vif = 1;
	t->r.eip = 0xc0001234;
	t->r.eflags = 0x00000246 | EFL_IF;
	t->r.gpr[REG_ESP] = 0x8000;
	t->r.sel[SREG_CS] = KCS;
	t->r.sel[SREG_SS] = KDS;
	t->r.sel[SREG_DS] = KDS;
	t->r.sel[SREG_ES] = KDS;
	t->v.sel[SREG_CS] = KCS;
	t->v.sel[SREG_SS] = KDS;
}

/* A user process at CPL 3. */
static void user_regs(struct vt *t)
{
	kernel_regs(t);
	t->v.cpl = 3;
	t->r.eip = 0x08048000;
	t->r.gpr[REG_ESP] = USTACK;
	t->r.sel[SREG_CS] = UCS;
	t->r.sel[SREG_SS] = UDS;
	t->r.sel[SREG_DS] = UDS;
	t->r.sel[SREG_ES] = UDS;
	t->v.sel[SREG_CS] = UCS;
	t->v.sel[SREG_SS] = UDS;
}

static int vt_setup(void **state)
{
	struct vt *t = calloc(1, sizeof(*t));
	size_t i;

	assert_non_null(t);
	fake_mem_init(&t->fm, &t->m, 0, MEM_BYTES);
	for (i = 0; i < ARRAY_SIZE(gdt); i++) {
		put32(t, GDT + 8 * i, gdt[i][0]);
		put32(t, GDT + 8 * i + 4, gdt[i][1]);
	}
	for (i = 0; i < ARRAY_SIZE(gates); i++) {
		put32(t, IDT + 8 * gates[i].vec, GATE_LO(gates[i].sel));
		put32(t, IDT + 8 * gates[i].vec + 4, GATE_HI(gates[i].bits));
	}
	put32(t, TSS + 4, KSTACK);
	put32(t, TSS + 8, KDS);
	vcpu_reset(&t->v, WINDOW);
	t->v.gdtr = (struct vcpu_dtr){ GDT, sizeof(gdt) - 1 };
	t->v.idtr = (struct vcpu_dtr){ IDT, IDT_LIMIT };
	t->v.tr = TSS_SEL;
	t->v.tss = (struct vcpu_seg){ TSS, 0x67, 9, 0, 0, 1 };
	kernel_regs(t);
	*state = t;
	return 0;
}

static int vt_teardown(void **state)
{
	struct vt *t = *state;

	fake_mem_free(&t->fm);
	free(t);
	return 0;
}

static int deliver(struct vt *t, u8 vec, u8 kind, bool has_err, u32 err)
{
	struct vcpu_event ev = { vec, kind, has_err, err };

	memset(&t->f, 0, sizeof(t->f));
	return vcpu_deliver(&t->v, &t->m, &t->r, &ev, &t->f);
}

/* An interrupt in the kernel: 3-word frame on the same stack, IF off. */
static void test_vcpu_deliver_same_ring(void **state)
{
	struct vt *t = *state;

	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), 0);
	assert_int_equal(t->r.gpr[REG_ESP], 0x8000 - 12);
	assert_int_equal(get32(t, 0x8000 - 12), 0xc0001234);
	assert_int_equal(get32(t, 0x8000 - 8), KCS);
	assert_int_equal(get32(t, 0x8000 - 4), 0x246 | EFL_IF);
	assert_int_equal(t->r.eip, HANDLER);
	assert_int_equal(t->r.sel[SREG_CS], KCS);
	assert_int_equal(t->r.eflags & EFL_IF, 0);
	assert_int_equal(t->v.vif, 0);
	assert_int_equal(t->v.cpl, 0);
}

/* A page fault in user mode: stack switch to the TSS's ss0:esp0, six
 * words with the error code, trap gate keeps IF, TF is cleared. */
static void test_vcpu_deliver_from_user(void **state)
{
	struct vt *t = *state;
	u32 f = KSTACK - 24;

	user_regs(t);
	t->r.eflags |= EFL_TF;
	assert_int_equal(deliver(t, 14, EV_EXCEPTION, true, 0x6), 0);
	assert_int_equal(get32(t, f), 0x6);
	assert_int_equal(get32(t, f + 4), 0x08048000);
	assert_int_equal(get32(t, f + 8), UCS);
	assert_int_equal(get32(t, f + 12), 0x246 | EFL_IF | EFL_TF);
	assert_int_equal(get32(t, f + 16), USTACK);
	assert_int_equal(get32(t, f + 20), UDS);
	assert_int_equal(t->r.gpr[REG_ESP], f);
	assert_int_equal(t->r.sel[SREG_SS], KDS);
	assert_int_equal(t->r.sel[SREG_CS], KCS);
	assert_int_equal(t->v.cpl, 0);
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->r.eflags & EFL_TF, 0);
	/* data segments are the handler's business, as on hardware */
	assert_int_equal(t->r.sel[SREG_DS], UDS);
}

/* int $n checks the gate's DPL; an external interrupt does not. */
static void test_vcpu_deliver_softint_dpl(void **state)
{
	struct vt *t = *state;

	user_regs(t);
	assert_int_equal(deliver(t, 0x20, EV_SOFTINT, false, 0), VCPU_FAULT);
	assert_int_equal(t->f.vector, VEC_GP);
	assert_int_equal(t->f.err, 0x20 * 8 + 2);
	assert_int_equal(t->r.eip, 0x08048000);	/* untouched */
	user_regs(t);
	assert_int_equal(deliver(t, 0x80, EV_SOFTINT, false, 0), 0);
	user_regs(t);
	assert_int_equal(deliver(t, 3, EV_SOFTINT, false, 0), 0);
	user_regs(t);
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), 0);
}

struct bad_gate {
	u8 vec;
	u8 kind;
	int ret;
	u8 vector;
	u32 err;
};

static const struct bad_gate bad_gates[] = {
	{ 0x21, EV_EXTINT, VCPU_FAULT, VEC_NP, 0x21 * 8 + 3 },
	{ 0x21, EV_SOFTINT, VCPU_FAULT, VEC_NP, 0x21 * 8 + 2 },
	{ 0x30, EV_EXTINT, VCPU_FAULT, VEC_GP, 0x30 * 8 + 3 },	/* empty */
	{ 0x81, EV_EXTINT, VCPU_FAULT, VEC_GP, 0x81 * 8 + 3 },	/* limit */
	{ 0x22, EV_EXCEPTION, -FE_ENOSYS, 0, 0 },
	{ 0x23, EV_EXTINT, VCPU_FAULT, VEC_NP, NP_CS | 1 },
	{ 0x24, EV_EXCEPTION, VCPU_FAULT, VEC_GP, KDS | 1 },
	{ 0x24, EV_SOFTINT, VCPU_FAULT, VEC_GP, KDS },	/* no EXT */
	{ 0x25, EV_EXTINT, VCPU_FAULT, VEC_GP, 0x25 * 8 + 3 },
	{ 0x26, EV_EXTINT, VCPU_FAULT, VEC_GP, 1 },
	{ 0x00, EV_EXTINT, VCPU_FAULT, VEC_GP, 0 * 8 + 3 },
};

/* Each malformed gate raises what the CPU would; nothing is pushed. */
static void test_vcpu_deliver_bad_gates(void **state)
{
	struct vt *t = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_gates); i++) {
		const struct bad_gate *b = &bad_gates[i];
		int ret;

		kernel_regs(t);
		t->fm.writes = 0;
		ret = deliver(t, b->vec, b->kind, false, 0);
		if (ret != b->ret || t->f.vector != b->vector ||
		    t->f.err != b->err)
			print_message("# gate %#x: ret %d vec %u err %#x\n",
				      b->vec, ret, t->f.vector, t->f.err);
		assert_int_equal(ret, b->ret);
		assert_int_equal(t->f.vector, b->vector);
		assert_int_equal(t->f.err, b->err);
		assert_int_equal(t->fm.writes, 0);
		assert_int_equal(t->r.eip, 0xc0001234);
		assert_int_equal(t->v.vif, 1);
	}
}

/* A gate into a conforming segment keeps the CPL: no stack switch. */
static void test_vcpu_deliver_conforming(void **state)
{
	struct vt *t = *state;

	user_regs(t);
	assert_int_equal(deliver(t, 0x27, EV_EXTINT, false, 0), 0);
	assert_int_equal(t->v.cpl, 3);
	assert_int_equal(t->r.gpr[REG_ESP], USTACK - 12);
	assert_int_equal(t->r.sel[SREG_CS], CONF_CS | 3);
}

/* The TSS is read at delivery; a bad one is #TS, a bad stack -EFAULT. */
static void test_vcpu_deliver_bad_tss(void **state)
{
	struct vt *t = *state;

	user_regs(t);
	put32(t, TSS + 8, 0);
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), VCPU_FAULT);
	assert_int_equal(t->f.vector, VEC_TS);
	assert_int_equal(t->f.err, 1);
	put32(t, TSS + 8, UDS);		/* ss0 at RPL 3 */
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), VCPU_FAULT);
	assert_int_equal(t->f.vector, VEC_TS);
	assert_int_equal(t->f.err, (UDS & ~3u) | 1);
	put32(t, TSS + 8, NP_DS);
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), VCPU_FAULT);
	assert_int_equal(t->f.vector, VEC_SS);
	put32(t, TSS + 8, KDS);
	t->v.tss.limit = 8;
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), VCPU_FAULT);
	assert_int_equal(t->f.vector, VEC_TS);
	assert_int_equal(t->f.err, TSS_SEL | 1);
	t->v.tss.limit = 0x67;
	/* the new read of esp0 is used: the guest just changed it */
	put32(t, TSS + 4, 0x7000);
	t->fm.fault_lo = 0x7000 - 4;
	t->fm.fault_hi = 0x7000;
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), -FE_EFAULT);
	assert_int_equal(t->v.cpl, 3);
	assert_int_equal(t->r.eip, 0x08048000);
	t->fm.fault_lo = t->fm.fault_hi = 0;
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), 0);
	assert_int_equal(t->r.gpr[REG_ESP], 0x7000 - 20);
}

static void set_gate(struct vt *t, u8 vec, u16 sel, u32 bits)
{
	put32(t, IDT + 8 * vec, GATE_LO(sel));
	put32(t, IDT + 8 * vec + 4, GATE_HI(bits));
}

static int raise_ev(struct vt *t, u8 vec, u8 kind, bool has_err, u32 err)
{
	struct vcpu_event ev = { vec, kind, has_err, err };

	return vcpu_raise(&t->v, &t->m, &t->r, &ev);
}

/* A fault during delivery is delivered instead; two contributory faults
 * make a #DF; a fault delivering #DF shuts down. */
static void test_vcpu_raise_escalation(void **state)
{
	struct vt *t = *state;

	/* not-present gate 0x21: the #NP is delivered, IDT error code */
	set_gate(t, VEC_NP, KCS, 0x8e00);
	assert_int_equal(raise_ev(t, 0x21, EV_EXTINT, false, 0), 0);
	assert_int_equal(t->r.gpr[REG_ESP], 0x8000 - 16);
	assert_int_equal(get32(t, 0x8000 - 16), 0x21 * 8 + 3);
	/* #GP while delivering #GP: double fault, error code 0 */
	kernel_regs(t);
	set_gate(t, VEC_GP, NP_CS, 0x8e00);
	set_gate(t, VEC_DF, KCS, 0x8e00);
	assert_int_equal(raise_ev(t, VEC_GP, EV_EXCEPTION, true, 0), 0);
	assert_int_equal(get32(t, 0x8000 - 16), 0);
	assert_int_equal(t->r.eip, HANDLER);
	/* #PF whose gate is not present: #NP is contributory -> #DF */
	kernel_regs(t);
	set_gate(t, VEC_PF, KCS, 0x0f00);
	assert_int_equal(raise_ev(t, VEC_PF, EV_EXCEPTION, true, 2), 0);
	assert_int_equal(t->r.gpr[REG_ESP], 0x8000 - 16);
	assert_int_equal(get32(t, 0x8000 - 16), 0);
	/* a bad #DF gate: shutdown, registers untouched */
	kernel_regs(t);
	set_gate(t, VEC_DF, KDS, 0x8e00);
	assert_int_equal(raise_ev(t, VEC_GP, EV_EXCEPTION, true, 0),
			 -FE_ESHUTDOWN);
	assert_int_equal(t->r.eip, 0xc0001234);
	/* int $n on a DPL 0 gate from user: #GP delivered, not a #DF */
	user_regs(t);
	set_gate(t, VEC_GP, KCS, 0x8e00);
	assert_int_equal(raise_ev(t, 0x20, EV_SOFTINT, false, 0), 0);
	assert_int_equal(get32(t, KSTACK - 24), 0x20 * 8 + 2);
}

static void frame5(struct vt *t, u32 at, u32 eip, u32 cs, u32 fl, u32 esp,
		   u32 ss)
{
	put32(t, at, eip);
	put32(t, at + 4, cs);
	put32(t, at + 8, fl);
	put32(t, at + 12, esp);
	put32(t, at + 16, ss);
}

static int iret(struct vt *t)
{
	memset(&t->f, 0, sizeof(t->f));
	return vcpu_iret(&t->v, &t->m, &t->r, &t->f);
}

/* Same-ring iret restores IF from the frame. */
static void test_vcpu_iret_same_ring(void **state)
{
	struct vt *t = *state;

	t->v.vif = 0;
	t->r.eflags &= ~EFL_IF;
	frame5(t, 0x8000, 0xc0005678, KCS, 0x202, 0, 0);
	assert_int_equal(iret(t), 0);
	assert_int_equal(t->r.eip, 0xc0005678);
	assert_int_equal(t->r.gpr[REG_ESP], 0x800c);
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->r.eflags, 0x202);
	assert_int_equal(t->v.cpl, 0);
}

/* To user mode: SS:ESP popped, IOPL settable from CPL 0, kernel data
 * selectors nulled, user ones kept. */
static void test_vcpu_iret_to_user(void **state)
{
	struct vt *t = *state;

	t->r.sel[SREG_ES] = UDS;
	t->r.sel[SREG_FS] = CONF_CS;
	frame5(t, 0x8000, 0x08049000, UCS, 0x3202, 0x4ff0, UDS);
	assert_int_equal(iret(t), 0);
	assert_int_equal(t->v.cpl, 3);
	assert_int_equal(t->r.eip, 0x08049000);
	assert_int_equal(t->r.gpr[REG_ESP], 0x4ff0);
	assert_int_equal(t->r.sel[SREG_SS], UDS);
	assert_int_equal(t->r.sel[SREG_CS], UCS);
	assert_int_equal(t->r.sel[SREG_DS], 0);
	assert_int_equal(t->r.sel[SREG_ES], UDS);
	assert_int_equal(t->r.sel[SREG_FS], CONF_CS);
	assert_int_equal(t->v.eflags & EFL_IOPL, EFL_IOPL);
	assert_int_equal(t->v.vif, 1);
}

/* From CPL 3 (IOPL 0) an iret can change neither IOPL nor IF. */
static void test_vcpu_iret_user_flags(void **state)
{
	struct vt *t = *state;

	user_regs(t);
	t->v.vif = 1;
	frame5(t, USTACK, 0x08049000, UCS, 0x3002 | EFL_AC, 0, 0);
	assert_int_equal(iret(t), 0);
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->v.eflags & EFL_IOPL, 0);
	assert_int_equal(t->v.eflags & EFL_AC, EFL_AC);
	assert_int_equal(t->r.gpr[REG_ESP], USTACK + 12);
}

struct bad_frame {
	const char *what;
	u32 cpl;
	u32 cs, fl, ss;
	int ret;
	u8 vector;
	u32 err;
};

static const struct bad_frame bad_frames[] = {
	{ "null cs", 0, 0, 0x202, 0, VCPU_FAULT, VEC_GP, 0 },
	{ "kernel cs from user", 3, KCS, 0x202, 0, VCPU_FAULT, VEC_GP, KCS },
	{ "cs is data", 0, KDS, 0x202, 0, VCPU_FAULT, VEC_GP, KDS },
	{ "cs RPL 3, DPL 0", 0, KCS | 3, 0x202, UDS, VCPU_FAULT, VEC_GP,
	  KCS },
	{ "cs not present", 0, NP_CS, 0x202, 0, VCPU_FAULT, VEC_NP, NP_CS },
	{ "cs beyond the GDT", 0, 0x80, 0x202, 0, VCPU_FAULT, VEC_GP, 0x80 },
	{ "cs at DPL 1", 0, RING1_CS | 1, 0x202, KDS | 1, -FE_ENOSYS, 0, 0 },
	{ "null ss", 0, UCS, 0x202, 0, VCPU_FAULT, VEC_GP, 0 },
	{ "ss RPL 0", 0, UCS, 0x202, KDS, VCPU_FAULT, VEC_GP, KDS },
	{ "ss is code", 0, UCS, 0x202, UCS, VCPU_FAULT, VEC_GP, UCS & ~3u },
	{ "ss DPL 0", 0, UCS, 0x202, KDS | 3, VCPU_FAULT, VEC_GP, KDS },
	{ "vm86", 0, UCS, 0x202 | EFL_VM, UDS, -FE_ENOSYS, 0, 0 },
};

/* A forged frame is the guest's #GP/#NP, never trusted. */
static void test_vcpu_iret_bad_frames(void **state)
{
	struct vt *t = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_frames); i++) {
		const struct bad_frame *b = &bad_frames[i];
		int ret;

		if (b->cpl)
			user_regs(t);
		else
			kernel_regs(t);
		frame5(t, t->r.gpr[REG_ESP], 0x1000, b->cs, b->fl, 0x4000,
		       b->ss);
		ret = iret(t);
		if (ret != b->ret || t->f.vector != b->vector ||
		    t->f.err != b->err)
			print_message("# %s: ret %d vec %u err %#x\n", b->what,
				      ret, t->f.vector, t->f.err);
		assert_int_equal(ret, b->ret);
		assert_int_equal(t->f.vector, b->vector);
		assert_int_equal(t->f.err, b->err);
		assert_int_equal(t->v.cpl, b->cpl);
		assert_int_not_equal(t->r.eip, 0x1000);
	}
	kernel_regs(t);
	t->v.eflags |= EFL_NT;
	assert_int_equal(iret(t), -FE_ENOSYS);
}

/* Deliver from user, then the handler's iret: back exactly where we
 * were, interrupt flag included. */
static void test_vcpu_round_trip(void **state)
{
	struct vt *t = *state;
	struct vcpu_regs before;

	user_regs(t);
	before = t->r;
	assert_int_equal(deliver(t, 0x20, EV_EXTINT, false, 0), 0);
	assert_int_equal(t->v.vif, 0);
	assert_int_equal(iret(t), 0);
	assert_int_equal(t->v.cpl, 3);
	assert_int_equal(t->v.vif, 1);
	assert_memory_equal(&t->r, &before, sizeof(before));
}

static void test_vcpu_irq_check(void **state)
{
	struct vt *t = *state;

	t->v.vif = 1;
	assert_int_equal(vcpu_irq_check(&t->v, 0xc0001000, false), IRQ_NONE);
	assert_int_equal(vcpu_irq_check(&t->v, 0xc0001000, true),
			 IRQ_DELIVER);
	assert_int_equal(vcpu_irq_check(&t->v, WINDOW, true), IRQ_KEEP);
	assert_int_equal(vcpu_irq_check(&t->v, 0xffffffff, true), IRQ_KEEP);
	assert_int_equal(vcpu_irq_check(&t->v, WINDOW - 1, true),
			 IRQ_DELIVER);
	t->v.shadow_eip = 0xc0001000;
	assert_int_equal(vcpu_irq_check(&t->v, 0xc0001000, true), IRQ_KEEP);
	t->v.vif = 0;
	assert_int_equal(vcpu_irq_check(&t->v, 0xc0002000, true), IRQ_KEEP);
}

static void test_vcpu_cpuid(void **state)
{
	u32 r[4] = { ~0u, ~0u, ~0u, ~0u };

	(void)state;
	vcpu_cpuid_filter(1, 0, r);
	assert_int_equal(r[3] & (1u << 11), 0);		/* SEP */
	assert_int_equal(r[3] & (1u << 6), 0);		/* PAE */
	assert_int_equal(r[2] & (1u << 5), 0);		/* VMX */
	assert_int_equal(r[2] & (1u << 3), 0);		/* MONITOR */
	assert_int_not_equal(r[2] & (1u << 31), 0);	/* hypervisor */
	assert_int_not_equal(r[3] & 1, 0);		/* FPU kept */
	assert_int_not_equal(r[3] & (1u << 4), 0);	/* TSC kept */
	memset(r, 0xff, sizeof(r));
	vcpu_cpuid_filter(0x80000001, 0, r);
	assert_int_equal(r[2] & (1u << 2), 0);		/* SVM */
	assert_int_equal(r[3] & (1u << 29), 0);		/* LM */
	assert_int_not_equal(r[3] & (1u << 27), 0);	/* RDTSCP kept */
	memset(r, 0xff, sizeof(r));
	/* leaf 7: Linux sets CR4.FSGSBASE when it sees FSGSBASE */
	vcpu_cpuid_filter(7, 0, r);
	assert_int_equal(r[1] & ((1u << 0) | (1u << 7) | (1u << 20)), 0);
	assert_int_not_equal(r[1] & (1u << 3), 0);	/* BMI1 kept */
	assert_int_equal(r[0] | r[3], 0);
	memset(r, 0xff, sizeof(r));
	vcpu_cpuid_filter(5, 0, r);
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	vcpu_cpuid_filter(0x40000000, 0, r);
	assert_memory_equal(&r[1], "burnvmm", 8);
	memset(r, 0xff, sizeof(r));
	vcpu_cpuid_filter(0, 0, r);			/* untouched */
	assert_int_equal(r[0] & r[1] & r[2] & r[3], ~0u);
}

static void test_vcpu_msr(void **state)
{
	struct vt *t = *state;
	u64 val;

	assert_int_equal(vcpu_wrmsr(&t->v, 0x174, 0x12345), 0);
	assert_int_equal(vcpu_rdmsr(&t->v, 0x174, &val), 0);
	assert_int_equal(val, 0x2345);
	assert_int_equal(vcpu_rdmsr(&t->v, 0x277, &val), 0);
	assert_int_equal(val, 0x0007040600070406ull);
	assert_int_equal(vcpu_wrmsr(&t->v, 0x277, 0x0202020202020202ull),
			 -FE_EINVAL);
	assert_int_equal(vcpu_wrmsr(&t->v, 0xc0000080, 1), -FE_EINVAL);
	val = 1;		/* AMD's C1E status, read by Linux: off */
	assert_int_equal(vcpu_rdmsr(&t->v, 0xc0010055, &val), 0);
	assert_int_equal(val, 0);
	assert_int_equal(vcpu_rdmsr(&t->v, 0x12345678, &val), -FE_EINVAL);
	assert_int_equal(vcpu_wrmsr(&t->v, 0x10, 0), -FE_EINVAL);
}

/* Guest ring 0 is real ring 1: RPL 0 <-> 1, null and ring 3 kept. */
static void test_vcpu_selectors(void **state)
{
	struct vt *t = *state;

	assert_int_equal(vcpu_real_sel(KCS), KCS | 1);
	assert_int_equal(vcpu_real_sel(UCS), UCS);
	assert_int_equal(vcpu_real_sel(0), 0);
	assert_int_equal(vcpu_real_sel(3), 3);
	assert_int_equal(vcpu_visible_sel(KCS | 1), KCS);
	assert_int_equal(vcpu_visible_sel(UDS), UDS);
	assert_int_equal(vcpu_visible_eflags(&t->v, 0x3002 | EFL_IF) &
			 (EFL_IOPL | EFL_IF), EFL_IF);
	t->v.vif = 0;
	assert_int_equal(vcpu_visible_eflags(&t->v, 0x202) & EFL_IF, 0);
	vcpu_set_eflags(&t->v, 0x1202);
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->v.eflags, 0x1000);
}

struct seg_case {
	u8 cpl;
	u8 sreg;
	u32 sel;
	int ret;
	u8 vector;
	u32 err;
};

static const struct seg_case seg_cases[] = {
	{ 0, SREG_SS, KDS, 0, 0, 0 },
	{ 0, SREG_SS, UDS, VCPU_FAULT, VEC_GP, UDS & ~3u },
	{ 0, SREG_SS, 0, VCPU_FAULT, VEC_GP, 0 },
	{ 0, SREG_SS, NP_DS, VCPU_FAULT, VEC_SS, NP_DS },
	{ 0, SREG_DS, 0, 0, 0, 0 },
	{ 0, SREG_DS, UDS, 0, 0, 0 },
	{ 0, SREG_DS, KCS, 0, 0, 0 },		/* readable code */
	{ 3, SREG_DS, KDS, VCPU_FAULT, VEC_GP, KDS },
	{ 3, SREG_GS, CONF_CS | 3, 0, 0, 0 },
	{ 0, SREG_FS, NP_DS, VCPU_FAULT, VEC_NP, NP_DS },
	{ 0, SREG_ES, TSS_SEL, VCPU_FAULT, VEC_GP, TSS_SEL },
	{ 0, SREG_ES, 0x800, VCPU_FAULT, VEC_GP, 0x800 },
	{ 0, SREG_ES, 0x14, VCPU_FAULT, VEC_GP, 0x14 },	/* LDT, none */
};

static void test_vcpu_load_seg(void **state)
{
	struct vt *t = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(seg_cases); i++) {
		const struct seg_case *c = &seg_cases[i];
		int ret;

		t->v.cpl = c->cpl;
		memset(&t->f, 0, sizeof(t->f));
		ret = vcpu_load_seg(&t->v, &t->m, c->sreg, c->sel, &t->f);
		if (ret != c->ret || t->f.vector != c->vector ||
		    t->f.err != c->err)
			print_message("# case %zu: ret %d vec %u err %#x\n",
				      i, ret, t->f.vector, t->f.err);
		assert_int_equal(ret, c->ret);
		assert_int_equal(t->f.vector, c->vector);
		assert_int_equal(t->f.err, c->err);
		if (!ret)
			assert_int_equal(t->v.sel[c->sreg], c->sel);
	}
	assert_int_equal(vcpu_load_seg(&t->v, &t->m, SREG_CS, KCS, &t->f),
			 -FE_EINVAL);
}

int run_vcpu_tests(void)
{
#define VT(fn) cmocka_unit_test_setup_teardown(fn, vt_setup, vt_teardown)
	const struct CMUnitTest tests[] = {
		VT(test_vcpu_deliver_same_ring),
		VT(test_vcpu_deliver_from_user),
		VT(test_vcpu_deliver_softint_dpl),
		VT(test_vcpu_deliver_bad_gates),
		VT(test_vcpu_deliver_conforming),
		VT(test_vcpu_deliver_bad_tss),
		VT(test_vcpu_raise_escalation),
		VT(test_vcpu_iret_same_ring),
		VT(test_vcpu_iret_to_user),
		VT(test_vcpu_iret_user_flags),
		VT(test_vcpu_iret_bad_frames),
		VT(test_vcpu_round_trip),
		VT(test_vcpu_irq_check),
		VT(test_vcpu_cpuid),
		VT(test_vcpu_msr),
		VT(test_vcpu_selectors),
		VT(test_vcpu_load_seg),
	};
#undef VT

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("vcpu", tests, NULL, NULL);
}
