// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-emulate.c - fe_emulate() per class, against a fake
 * guest (GDT, stack, data in fake memory), the real device models
 * (libdevices64: the PIC and COM1 answer port I/O) and a recording fake
 * backend: results, privilege checks, faults that leave the registers
 * as they were with eip at the site.
 */
#include <string.h>
#include <stdlib.h>

#include "fetest.h"
#include "emulate.h"
#include "platform.h"
#include "elf-image.h"

#define GDT		0x1000u
#define STACK		0x8000u
#define DATA		0x6000u
#define SITE		0x00100000u
#define NEXT		(SITE + 7)

#define KCS		0x08
#define KDS		0x10
#define UCS		0x1b
#define UDS		0x23
#define TSS_SEL		0x28

static const u32 gdt[][2] = {
	{ 0, 0 },
	{ 0x0000ffff, 0x00cf9a00 },	/* 0x08 kernel code */
	{ 0x0000ffff, 0x00cf9200 },	/* 0x10 kernel data */
	{ 0x0000ffff, 0x00cffa00 },	/* 0x18 user code */
	{ 0x0000ffff, 0x00cff200 },	/* 0x20 user data */
	{ 0x30000067, 0x00008900 },	/* 0x28 TSS at 0x3000 */
	{ 0x4000001f, 0x00008200 },	/* 0x30 LDT at 0x4000 */
	{ 0x0000ffff, 0x00cf1200 },	/* 0x38 data, not present */
};

struct et {
	struct fake_mem fm;
	struct gmem m;
	struct vcpu v;
	struct vcpu_regs r;
	struct platform plat;
	struct fe_cpu c;
	struct vcpu_fault f;
	char tx[64];
	unsigned int ntx;
	u32 paging_calls, cr3_seen, flushed;
	u64 tsc;
};

/* ---- the device models' back end: only COM1 output matters here */
static u64 db_zero(void *ctx) { (void)ctx; return 0; }
static void db_tx(void *ctx, unsigned int port, u8 byte)
{
	struct et *t = ctx;

	if (port == 0 && t->ntx < sizeof(t->tx))
		t->tx[t->ntx++] = byte;
}
static u64 db_sectors(void *ctx, unsigned int unit)
{
	(void)ctx;
	(void)unit;
	return 0;
}
static int db_submit(void *ctx, const struct dev_disk_req *req)
{
	(void)ctx;
	(void)req;
	return -DEV_EINVAL;
}
static void db_event(void *ctx, enum dev_sys_event ev, u32 code)
{
	(void)ctx;
	(void)ev;
	(void)code;
}
static void db_log(void *ctx, enum dev_log_kind kind, const char *dev,
		   const char *msg, u32 val)
{
	(void)ctx;
	(void)kind;
	(void)dev;
	(void)msg;
	(void)val;
}

static const struct dev_backend_ops dev_ops = {
	.now_ns = db_zero, .wallclock_s = db_zero, .console_tx = db_tx,
	.disk_sectors = db_sectors, .disk_submit = db_submit,
	.system_event = db_event, .log = db_log,
};

/* ---- the frontend's back end */
static int fb_paging(void *ctx, u32 cr0, u32 cr3, u32 cr4)
{
	struct et *t = ctx;

	(void)cr0;
	(void)cr4;
	t->paging_calls++;
	t->cr3_seen = cr3;
	return 0;
}

static int fb_flush(void *ctx, u32 addr, bool all)
{
	struct et *t = ctx;

	t->flushed = all ? 0xffffffff : addr;
	return 0;
}

static void fb_cpuid(void *ctx, u32 leaf, u32 sub, u32 regs[4])
{
	(void)ctx;
	(void)sub;
	regs[0] = leaf;
	regs[1] = regs[2] = regs[3] = 0xffffffff;
}

static u64 fb_tsc(void *ctx)
{
	return ((struct et *)ctx)->tsc;
}

static const struct fe_backend_ops fe_ops = {
	.paging = fb_paging, .flush_tlb = fb_flush, .host_cpuid = fb_cpuid,
	.read_tsc = fb_tsc,
};

static int et_setup(void **state)
{
	struct et *t = calloc(1, sizeof(*t));
	size_t i;

	assert_non_null(t);
	fake_mem_init(&t->fm, &t->m, 0, 0x10000);
	for (i = 0; i < ARRAY_SIZE(gdt); i++)
		memcpy(t->fm.buf + GDT + 8 * i, gdt[i], 8);
	vcpu_reset(&t->v, 0xfc000000);
	t->v.gdtr = (struct vcpu_dtr){ GDT, sizeof(gdt) - 1 };
	t->v.vif = 1;
	t->v.sel[SREG_CS] = KCS;
	t->v.sel[SREG_SS] = KDS;
	t->v.sel[SREG_DS] = KDS;
	t->r.gpr[REG_ESP] = STACK;
	t->r.eflags = 0x202;
	t->r.eip = SITE;
	t->r.sel[SREG_CS] = KCS;
	t->r.sel[SREG_SS] = KDS;
	t->r.sel[SREG_DS] = KDS;
	assert_int_equal(platform_init(&t->plat, &dev_ops, t, 64ull << 20,
				       NULL, NULL), 0);
	t->c = (struct fe_cpu){ &t->v, &t->r, &t->m, &t->plat, &fe_ops, t };
	*state = t;
	return 0;
}

static int et_teardown(void **state)
{
	struct et *t = *state;

	fake_mem_free(&t->fm);
	free(t);
	return 0;
}

/* Decode bytes as a site's original instruction and emulate it. */
static int emu(struct et *t, const u8 *b, u32 len)
{
	struct insn insn;

	assert_int_equal(insn_decode(&insn, b, len), 0);
	assert_int_equal(insn.len, len);
	memset(&t->f, 0, sizeof(t->f));
	t->r.eip = SITE;
	return fe_emulate(&t->c, &insn, SITE, NEXT, &t->f);
}

#define EMU(t, ...) ({ static const u8 b_[] = { __VA_ARGS__ }; \
		      emu(t, b_, sizeof(b_)); })

static u32 rd32(struct et *t, u32 a)
{
	u32 v;

	memcpy(&v, t->fm.buf + a, 4);
	return v;
}

static void wr32(struct et *t, u32 a, u32 v)
{
	memcpy(t->fm.buf + a, &v, 4);
}

/* A fault restores every register and points eip at the site. */
static void assert_fault(struct et *t, int ret, u8 vec, u32 err,
			 const struct vcpu_regs *before)
{
	struct vcpu_regs want = *before;

	want.eip = SITE;
	assert_int_equal(ret, FE_FAULT);
	assert_int_equal(t->f.vector, vec);
	assert_int_equal(t->f.err, err);
	assert_memory_equal(t->c.r, &want, sizeof(want));
}

static void test_emu_flags(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	t->v.vif = 0;
	assert_int_equal(EMU(t, 0xfb), FE_NEXT);		/* sti */
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->v.shadow_eip, NEXT);
	assert_int_equal(t->r.eip, NEXT);
	assert_int_equal(EMU(t, 0x9c), FE_NEXT);		/* pushfl */
	assert_int_equal(t->r.gpr[REG_ESP], STACK - 4);
	assert_int_equal(rd32(t, STACK - 4) & EFL_IF, EFL_IF);
	wr32(t, STACK - 4, 0x00003002 | EFL_AC);		/* IF off */
	assert_int_equal(EMU(t, 0x9d), FE_NEXT);		/* popfl */
	assert_int_equal(t->v.vif, 0);
	assert_int_equal(t->v.eflags, EFL_IOPL | EFL_AC);
	assert_int_equal(t->r.gpr[REG_ESP], STACK);
	/* 16-bit popf leaves the high half (AC) alone */
	wr32(t, STACK - 2, 0x0202);
	t->r.gpr[REG_ESP] = STACK - 2;
	assert_int_equal(EMU(t, 0x66, 0x9d), FE_NEXT);
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->v.eflags & EFL_AC, EFL_AC);
	assert_int_equal(t->v.eflags & EFL_IOPL, 0);
	/* at CPL 3 with IOPL 0: popf cannot touch IF, cli faults */
	t->v.cpl = 3;
	t->r.gpr[REG_ESP] = STACK - 4;
	wr32(t, STACK - 4, 0x3002);
	assert_int_equal(EMU(t, 0x9d), FE_NEXT);
	assert_int_equal(t->v.vif, 1);
	assert_int_equal(t->v.eflags & EFL_IOPL, 0);
	before = t->r;
	assert_fault(t, EMU(t, 0xfa), VEC_GP, 0, &before);
	assert_int_equal(t->v.vif, 1);
}

static void test_emu_port_io(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	t->r.gpr[0] = 0xfb;
	assert_int_equal(EMU(t, 0xe6, 0x21), FE_NEXT);	/* out %al,$0x21 */
	t->r.gpr[0] = 0x12345600;
	assert_int_equal(EMU(t, 0xe4, 0x21), FE_NEXT);	/* in $0x21,%al */
	assert_int_equal(t->r.gpr[0], 0x123456fb);
	t->r.gpr[2] = 0x21;
	t->r.gpr[0] = 0;
	assert_int_equal(EMU(t, 0xec), FE_NEXT);	/* in (%dx),%al */
	assert_int_equal(t->r.gpr[0], 0xfb);
	/* rep outsb to COM1 */
	memcpy(t->fm.buf + DATA, "hi!", 3);
	t->r.gpr[2] = 0x3f8;
	t->r.gpr[1] = 3;
	t->r.gpr[6] = DATA;
	assert_int_equal(EMU(t, 0xf3, 0x6e), FE_NEXT);
	assert_int_equal(t->ntx, 3);
	assert_memory_equal(t->tx, "hi!", 3);
	assert_int_equal(t->r.gpr[1], 0);
	assert_int_equal(t->r.gpr[6], DATA + 3);
	/* ring 3 without IOPL: #GP, nothing sent */
	t->v.cpl = 3;
	before = t->r;
	assert_fault(t, EMU(t, 0xe6, 0x21), VEC_GP, 0, &before);
	t->v.eflags |= EFL_IOPL;
	assert_int_equal(EMU(t, 0xe6, 0x21), FE_NEXT);
}

static void test_emu_descriptor_tables(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	/* lgdt (%eax) / sgdt 8(%eax) round trip */
	t->r.gpr[0] = DATA;
	memcpy(t->fm.buf + DATA, "\x3f\x00\x00\x10\x00\x00", 6);
	assert_int_equal(EMU(t, 0x0f, 0x01, 0x10), FE_NEXT);
	assert_int_equal(t->v.gdtr.base, 0x1000);
	assert_int_equal(t->v.gdtr.limit, 0x3f);
	assert_int_equal(EMU(t, 0x0f, 0x01, 0x40, 0x08), FE_NEXT);
	assert_memory_equal(t->fm.buf + DATA + 8, t->fm.buf + DATA, 6);
	/* ltr %ax: busy bit set in the guest GDT; a second ltr faults */
	t->r.gpr[0] = TSS_SEL;
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xd8), FE_NEXT);
	assert_int_equal(t->v.tr, TSS_SEL);
	assert_int_equal(t->v.tss.base, 0x3000);
	assert_int_equal(rd32(t, GDT + TSS_SEL + 4) & 0xf00, 0xb00);
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x00, 0xd8), VEC_GP, TSS_SEL, &before);
	/* lldt of the LDT, of a data segment (#GP), of null */
	t->r.gpr[0] = 0x30;
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xd0), FE_NEXT);
	assert_int_equal(t->v.ldt.base, 0x4000);
	t->r.gpr[0] = KDS;
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x00, 0xd0), VEC_GP, KDS, &before);
	t->r.gpr[0] = 0;
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xd0), FE_NEXT);
	assert_int_equal(t->v.ldtr, 0);
	/* str %ecx */
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xc9), FE_NEXT);
	assert_int_equal(t->r.gpr[1], TSS_SEL);
	/* lidt at CPL 3 */
	t->v.cpl = 3;
	t->r.gpr[0] = DATA;
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x01, 0x18), VEC_GP, 0, &before);
}

static void test_emu_control_regs(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	t->r.gpr[0] = 0x00123000;
	assert_int_equal(EMU(t, 0x0f, 0x22, 0xd8), FE_NEXT); /* cr3 */
	assert_int_equal(t->paging_calls, 1);
	assert_int_equal(t->cr3_seen, 0x00123000);
	assert_int_equal(t->v.cr[3], 0x00123000);
	t->r.gpr[1] = 0x80000011;				/* PG|PE */
	assert_int_equal(EMU(t, 0x0f, 0x22, 0xc1), FE_NEXT); /* cr0 */
	assert_int_equal(t->paging_calls, 2);
	t->r.gpr[1] = 0x80000000;				/* PG, !PE */
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x22, 0xc1), VEC_GP, 0, &before);
	t->r.gpr[0] = 0x20;					/* PAE */
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x22, 0xe0), VEC_GP, 0, &before);
	t->r.gpr[0] = 0x90;					/* PSE|PGE */
	assert_int_equal(EMU(t, 0x0f, 0x22, 0xe0), FE_NEXT);
	assert_int_equal(t->paging_calls, 3);
	assert_int_equal(EMU(t, 0x0f, 0x20, 0xe2), FE_NEXT); /* cr4,%edx */
	assert_int_equal(t->r.gpr[2], 0x90);
	t->v.cr[0] |= 0x8;					/* TS */
	assert_int_equal(EMU(t, 0x0f, 0x06), FE_NEXT);	/* clts */
	assert_int_equal(t->v.cr[0] & 0x8, 0);
	t->r.gpr[0] = 0xe;				/* lmsw %ax: PE stays */
	assert_int_equal(EMU(t, 0x0f, 0x01, 0xf0), FE_NEXT);
	assert_int_equal(t->v.cr[0] & 0xf, 0xf);
	assert_int_equal(EMU(t, 0x0f, 0x01, 0xe3), FE_NEXT); /* smsw %ebx */
	assert_int_equal(t->r.gpr[3], t->v.cr[0]);
	t->r.gpr[3] = 0x400;
	assert_int_equal(EMU(t, 0x0f, 0x23, 0xfb), FE_NEXT); /* %ebx,%db7 */
	assert_int_equal(t->v.dr[7], 0x400);
	t->r.gpr[0] = DATA;
	assert_int_equal(EMU(t, 0x0f, 0x01, 0x38), FE_NEXT); /* invlpg */
	assert_int_equal(t->flushed, DATA);
	assert_int_equal(EMU(t, 0x0f, 0x09), FE_NEXT);	/* wbinvd */
	assert_int_equal(EMU(t, 0xf4), FE_HALT);	/* hlt */
	assert_int_equal(t->r.eip, NEXT);
	t->v.cpl = 3;
	before = t->r;
	assert_fault(t, EMU(t, 0xf4), VEC_GP, 0, &before);
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x22, 0xd8), VEC_GP, 0, &before);
}

static void test_emu_cpuid_msr_tsc(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	t->r.gpr[0] = 1;
	assert_int_equal(EMU(t, 0x0f, 0xa2), FE_NEXT);
	assert_int_equal(t->r.gpr[0], 1);
	assert_int_equal(t->r.gpr[2] & (1u << 11), 0);		/* SEP */
	assert_int_equal(t->r.gpr[1] & (1u << 5), 0);		/* VMX */
	t->r.gpr[1] = 0x174;
	t->r.gpr[0] = 0x10;
	t->r.gpr[2] = 0;
	assert_int_equal(EMU(t, 0x0f, 0x30), FE_NEXT);		/* wrmsr */
	t->r.gpr[0] = t->r.gpr[2] = 0xdead;
	assert_int_equal(EMU(t, 0x0f, 0x32), FE_NEXT);		/* rdmsr */
	assert_int_equal(t->r.gpr[0], 0x10);
	assert_int_equal(t->r.gpr[2], 0);
	t->r.gpr[1] = 0x12345678;
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x32), VEC_GP, 0, &before);
	t->tsc = 0x123456789abcull;
	assert_int_equal(EMU(t, 0x0f, 0x31), FE_NEXT);		/* rdtsc */
	assert_int_equal(t->r.gpr[0], 0x56789abc);
	assert_int_equal(t->r.gpr[2], 0x1234);
	t->r.gpr[1] = 0x10;
	assert_int_equal(EMU(t, 0x0f, 0x32), FE_NEXT);		/* TSC MSR */
	assert_int_equal(t->r.gpr[0], 0x56789abc);
	assert_int_equal(EMU(t, 0x0f, 0x01, 0xf9), FE_NEXT);	/* rdtscp */
	assert_int_equal(t->r.gpr[1], 0);
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x33), VEC_GP, 0, &before); /* rdpmc */
	before = t->r;
	assert_fault(t, EMU(t, 0x0f, 0x34), 6, 0, &before);	/* sysenter */
}

static void test_emu_segments(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	t->r.gpr[0] = UDS;
	assert_int_equal(EMU(t, 0x8e, 0xd8), FE_NEXT);	/* mov %eax,%ds */
	assert_int_equal(t->r.sel[SREG_DS], UDS);
	assert_int_equal(t->v.sel[SREG_DS], UDS);
	t->r.gpr[0] = 0x38;					/* not present */
	before = t->r;
	assert_fault(t, EMU(t, 0x8e, 0xd8), VEC_NP, 0x38, &before);
	t->r.gpr[0] = KDS;
	assert_int_equal(EMU(t, 0x8e, 0xd0), FE_NEXT);	/* mov %eax,%ss */
	assert_int_equal(t->v.shadow_eip, NEXT);
	assert_int_equal(EMU(t, 0x0f, 0xa0), FE_NEXT);	/* push %fs */
	assert_int_equal(t->r.gpr[REG_ESP], STACK - 4);
	assert_int_equal(rd32(t, STACK - 4), 0);
	wr32(t, STACK - 4, UDS);
	assert_int_equal(EMU(t, 0x0f, 0xa9), FE_NEXT);	/* pop %gs */
	assert_int_equal(t->r.sel[SREG_GS], UDS);
	assert_int_equal(t->r.gpr[REG_ESP], STACK);
	/* pop of a bad selector: #GP, esp unchanged */
	t->r.gpr[REG_ESP] = STACK - 4;
	wr32(t, STACK - 4, TSS_SEL);
	before = t->r;
	assert_fault(t, EMU(t, 0x1f), VEC_GP, TSS_SEL, &before);
	/* mov %cs,(%ebx) through the entry: the visible RPL 0 selector */
	t->r.gpr[3] = DATA;
	assert_int_equal(EMU(t, 0x8c, 0x0b), FE_NEXT);
	assert_int_equal(rd32(t, DATA) & 0xffff, KCS);
	/* lss (%ecx),%esp */
	wr32(t, DATA + 0x10, 0x7000);
	wr32(t, DATA + 0x14, KDS);
	t->r.gpr[1] = DATA + 0x10;
	assert_int_equal(EMU(t, 0x0f, 0xb2, 0x21), FE_NEXT);
	assert_int_equal(t->r.gpr[REG_ESP], 0x7000);
}

static void test_emu_far(void **state)
{
	struct et *t = *state;
	struct vcpu_regs before;

	/* lcall $0x08,$0x2000 then lret $4 */
	assert_int_equal(EMU(t, 0x9a, 0x00, 0x20, 0, 0, 0x08, 0), FE_JUMP);
	assert_int_equal(t->r.eip, 0x2000);
	assert_int_equal(t->r.gpr[REG_ESP], STACK - 8);
	assert_int_equal(rd32(t, STACK - 8), NEXT);
	assert_int_equal(rd32(t, STACK - 4), KCS);
	assert_int_equal(EMU(t, 0xca, 0x04, 0x00), FE_JUMP);
	assert_int_equal(t->r.eip, NEXT);
	assert_int_equal(t->r.gpr[REG_ESP], STACK + 4);
	/* ljmp *(%eax) */
	wr32(t, DATA, 0x3000);
	wr32(t, DATA + 4, KCS);
	t->r.gpr[0] = DATA;
	assert_int_equal(EMU(t, 0xff, 0x28), FE_JUMP);
	assert_int_equal(t->r.eip, 0x3000);
	/* ljmp to a user code segment from CPL 0: #GP(sel) */
	before = t->r;
	assert_fault(t, EMU(t, 0xea, 0, 0x10, 0, 0, UCS, 0), VEC_GP,
		     UCS & ~3u, &before);
	/* iret through the entry, same ring */
	t->r.gpr[REG_ESP] = STACK;
	wr32(t, STACK, 0x4444);
	wr32(t, STACK + 4, KCS);
	wr32(t, STACK + 8, 0x2);
	assert_int_equal(EMU(t, 0xcf), FE_JUMP);
	assert_int_equal(t->r.eip, 0x4444);
	assert_int_equal(t->v.vif, 0);
	assert_int_equal(EMU(t, 0x66, 0xcf), -FE_ENOSYS);	/* iretw */
}

static void test_emu_queries(void **state)
{
	struct et *t = *state;

	t->r.gpr[0] = KDS;
	assert_int_equal(EMU(t, 0x0f, 0x02, 0xd8), FE_NEXT);	/* lar */
	assert_int_equal(t->r.eflags & 0x40, 0x40);
	assert_int_equal(t->r.gpr[3], 0x00c09200);	/* 00F0FF00 mask */
	assert_int_equal(EMU(t, 0x0f, 0x03, 0xd8), FE_NEXT);	/* lsl */
	assert_int_equal(t->r.gpr[3], 0xffffffff);
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xe8), FE_NEXT);	/* verw */
	assert_int_equal(t->r.eflags & 0x40, 0x40);
	t->r.gpr[0] = KCS;
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xe8), FE_NEXT);
	assert_int_equal(t->r.eflags & 0x40, 0);
	t->r.gpr[0] = 0x400;				/* beyond the GDT */
	assert_int_equal(EMU(t, 0x0f, 0x02, 0xd8), FE_NEXT);
	assert_int_equal(t->r.eflags & 0x40, 0);
	t->v.cpl = 3;
	t->r.gpr[0] = KDS;				/* DPL 0 from ring 3 */
	assert_int_equal(EMU(t, 0x0f, 0x00, 0xe0), FE_NEXT);	/* verr */
	assert_int_equal(t->r.eflags & 0x40, 0);
	t->r.gpr[0] = 0x10;
	t->r.gpr[2] = 0x23;
	assert_int_equal(EMU(t, 0x63, 0xd0), FE_NEXT);	/* arpl %dx,%ax */
	assert_int_equal(t->r.gpr[0], 0x13);
	assert_int_equal(t->r.eflags & 0x40, 0x40);
}

static void test_emu_linear_addr(void **state)
{
	struct et *t = *state;
	struct insn insn;
	/* mov %eax,0x10(%ebx,%esi,4) with %fs based at 0x100000 */
	static const u8 b[] = { 0x64, 0x89, 0x44, 0xb3, 0x10 };

	assert_int_equal(insn_decode(&insn, b, sizeof(b)), 0);
	t->v.seg[SREG_FS].base = 0x100000;
	t->r.gpr[3] = 0x1000;
	t->r.gpr[6] = 3;
	assert_int_equal(fe_linear_addr(&t->c, &insn), 0x100000 + 0x1000 +
			 12 + 0x10);
}

/*
 * A site run below its link address (Linux's startup_32 at its physical
 * load address): found by its link address, resumed, and faulted, at
 * the address it runs at.
 */
static void test_emu_site_at_load_address(void **state)
{
	struct et *t = *state;
	struct rw_table *tab = calloc(1, sizeof(*tab));
	static const u32 link = 0xc1000100, delta = 0xc0000000;
	struct vcpu_regs before;

	assert_non_null(tab);
	tab->nr = 1;
	/* mov %eax,%cr4, a 5-byte site */
	tab->site[0] = (struct rw_site){ .start = link, .size = 5, .len = 3,
		.class = AB_MOV_TO_CR, .how = RW_CALL,
		.orig = { 0x0f, 0x22, 0xe0 } };
	t->v.cpl = 0;
	t->r.gpr[0] = 0x10;			/* CR4.PSE */
	assert_int_equal(fe_site_call_at(&t->c, tab, link + 5, delta, &t->f),
			 FE_NEXT);
	assert_int_equal(t->v.cr[4], 0x10);
	assert_int_equal(t->r.eip, link + 5 - delta);
	/* the same at the link address, as every other site runs */
	assert_int_equal(fe_site_call(&t->c, tab, link + 5, &t->f), FE_NEXT);
	assert_int_equal(t->r.eip, link + 5);
	/* a reserved CR4 bit: #GP(0) at the site where it runs */
	t->r.gpr[0] = 0x20;			/* PAE: hidden */
	t->r.eip = 0x12345;
	before = t->r;
	before.eip = link - delta;
	assert_int_equal(fe_site_call_at(&t->c, tab, link + 5, delta, &t->f),
			 FE_FAULT);
	assert_int_equal(t->f.vector, 13);
	assert_int_equal(t->f.err, 0);
	assert_memory_equal(&t->r, &before, sizeof(before));
	/* no site at the link address of this return address */
	assert_int_equal(fe_site_call_at(&t->c, tab, link + 6, delta, &t->f),
			 -FE_EINVAL);
	free(tab);
}

/*
 * Every call site of a real afterburnt guest, through fe_site_call() as
 * its class entry will do it, at visible CPL 0 with the image as the
 * only guest memory: each must be found, decode, and end in a defined
 * way.  Memory outside the image is -FE_EFAULT here, which is fine, and
 * an iret may pop a frame of code bytes with VM or NT set, which is
 * -FE_ENOSYS; -FE_EINVAL would mean the rewriter and the emulator
 * disagree.
 */
static void run_every_site(struct et *t, const char *path)
{
	struct elf_image im;
	struct rw_layout lay;
	struct rw_table *tab = calloc(1, sizeof(*tab));
	struct rw_error e;
	u32 i, c, n[4] = { 0 }, efault = 0, enosys = 0;

	assert_non_null(tab);
	if (!elf_load(&im, path)) {
		free(tab);
		skip();
	}
	memset(&lay, 0, sizeof(lay));
	lay.vif = 0xfc001000;
	for (c = 1; c < AB_NR_CLASSES; c++)
		lay.entry[c] = 0xfc100000 + 16 * c;
	assert_int_equal(rw_rewrite_sites(tab, &im.m, im.text, im.nr_text,
					  im.recs, im.nr_recs, &lay, &e), 0);
	t->c.m = &im.m;
	for (i = 0; i < tab->nr; i++) {
		const struct rw_site *s = &tab->site[i];
		int r;

		if (s->how != RW_CALL)
			continue;
		memset(&t->r, 0, sizeof(t->r));
		t->r.gpr[REG_ESP] = im.fm.base + 0x1000;
		t->r.eflags = 0x202;
		t->v.cpl = 0;
		t->v.eflags = 0;
		r = fe_site_call(&t->c, tab, s->start + 5, &t->f);
		if (r >= 0 && r < 4)
			n[r]++;
		else if (r == -FE_EFAULT)
			efault++;
		else if (r == -FE_ENOSYS && ++enosys)
			print_message("# not emulated: %#x %s\n", s->start,
				      ab_class_name(s->class));
		else
			fail_msg("site %#x (%s): %d", s->start,
				 ab_class_name(s->class), r);
		if (r == FE_NEXT || r == FE_HALT)
			assert_int_equal(t->r.eip, s->start + s->size);
	}
	print_message("# %s: %u next, %u jump, %u fault, %u halt, "
		      "%u efault, %u not emulated\n", path, n[FE_NEXT],
		      n[FE_JUMP], n[FE_FAULT], n[FE_HALT], efault, enosys);
	assert_int_equal(n[FE_NEXT] + n[FE_JUMP] + n[FE_FAULT] + n[FE_HALT] +
			 efault + enosys, tab->count[RW_CALL]);
	assert_null(rw_find_site(tab, 0x12345678));
	free(tab);
	elf_free(&im);
}

static void test_emu_testguest_sites(void **state)
{
	run_every_site(*state, FE_GUEST_DIR "/testguest.elf");
}

static void test_emu_linux_sites(void **state)
{
	run_every_site(*state, FE_GUEST_DIR "/linux/vmlinux");
}

int run_emulate_tests(void)
{
#define ET(fn) cmocka_unit_test_setup_teardown(fn, et_setup, et_teardown)
	const struct CMUnitTest tests[] = {
		ET(test_emu_flags),
		ET(test_emu_port_io),
		ET(test_emu_descriptor_tables),
		ET(test_emu_control_regs),
		ET(test_emu_cpuid_msr_tsc),
		ET(test_emu_segments),
		ET(test_emu_far),
		ET(test_emu_queries),
		ET(test_emu_linear_addr),
		ET(test_emu_site_at_load_address),
		ET(test_emu_testguest_sites),
		ET(test_emu_linux_sites),
	};
#undef ET

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("emulate", tests, NULL, NULL);
}
