// SPDX-License-Identifier: GPL-2.0
/*
 * core_kunit.c - KUnit suite "burnvmm_switch": the checks on guest state
 * the world switch relies on (selectors, EFLAGS) and the properties of
 * the guest-world tables that keep ring 1 away from ring 0 and 64-bit
 * mode (gate DPLs, IST use, no 64-bit or conforming segment the guest
 * could reach).
 *
 * #included at the end of kmod/x86/core.c when the target kernel has
 * KUnit.
 */
#include <kunit/test.h>

static struct burn_vcpu *burn_test_vcpu(struct kunit *test);

struct burn_sel_case {
	const char *name;
	u64 sel;
	bool ok;
};

static const struct burn_sel_case burn_data_sel_cases[] = {
	{ "null", 0, true },
	{ "null-rpl3", 3, true },
	{ "ring1-data", BURN_SEL_RING1_DS, true },
	{ "ring3-data", BURN_SEL_RING3_DS, true },
	{ "ring1-code-readable", BURN_SEL_RING1_CS, true },
	{ "host-kernel-cs", __KERNEL_CS, false },
	{ "host-kernel-ds", __KERNEL_DS, false },
	{ "our-tss", BURN_SEL_TSS, false },
	{ "unused-index", 8 * 8, false },
	{ "ring1-code-as-data", BURN_SEL_RING1_CS & ~3, true },
	{ "last-index", (BURN_GDT_ENTRIES - 1) * 8, false },
	{ "ldt", BURN_SEL_RING1_DS | SEGMENT_TI_MASK, false },
	{ "over-16-bits", 0x10000 | BURN_SEL_RING1_DS, false },
};

static void burn_sel_desc(const struct burn_sel_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_data_sel, burn_data_sel_cases, burn_sel_desc);

/* The guest-world GDT as VCPU_START builds it, TSS descriptor included. */
static struct desc_struct *burn_test_gdt(struct kunit *test)
{
	struct burn_switch *sw = kunit_kzalloc(test, sizeof(*sw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sw);
	burn_build_gdt(sw);
	burn_set_tss_desc(sw);
	return sw->gdt;
}

static void burn_data_sel_test(struct kunit *test)
{
	const struct burn_sel_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, burn_arch_data_sel_ok(burn_test_gdt(test), c->sel),
			c->ok);
}

static void burn_code_sel_test(struct kunit *test)
{
	struct desc_struct *gdt = burn_test_gdt(test);

	KUNIT_EXPECT_TRUE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_RING1_CS,
						      BURN_SEL_RING1_DS));
	KUNIT_EXPECT_TRUE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_RING3_CS,
						      BURN_SEL_RING3_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_RING1_CS,
						       BURN_SEL_RING3_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, __KERNEL_CS,
						       __KERNEL_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, __KERNEL_CS | 3,
						       __KERNEL_DS | 3));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt,
						       BURN_SEL_RING1_CS | 2,
						       BURN_SEL_RING1_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, 0, 0));
	/* Data as code, code as stack, the TSS as anything. */
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_RING1_DS,
						       BURN_SEL_RING1_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_RING1_CS,
						       BURN_SEL_RING1_CS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_TSS | 1,
						       BURN_SEL_RING1_DS));
	/* A not-present code segment fails once the guest clears P. */
	gdt[BURN_GDT_RING3_CS].p = 0;
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(gdt, BURN_SEL_RING3_CS,
						       BURN_SEL_RING3_DS));
}

/* A descriptor from its two words, as BURN_HC_SET_DESC receives it. */
static struct desc_struct burn_desc_words(u32 lo, u32 hi)
{
	struct desc_struct d;

	memcpy(&d, &lo, 4);
	memcpy((u8 *)&d + 4, &hi, 4);
	return d;
}

struct burn_desc_case {
	const char *name;
	u32 index, lo, hi;
	int ret;
	unsigned int dpl;	/* after the check, when ret == 0 */
};

/*
 * Words: 0x0000ffff/0x00cf9a00 is flat 32-bit code DPL 0, 0x00cf9200
 * flat data DPL 0, 0x00cffa00 code DPL 3, 0x00af9a00 64-bit code,
 * 0x00cf9e00 conforming code, 0x00008900 a 32-bit TSS, 0x0000ec00 a
 * call gate DPL 3, 0x00cf1a00 code with P clear.
 */
static const struct burn_desc_case burn_desc_cases[] = {
	{ "linux-kernel-cs", 12, 0x0000ffff, 0x00cf9a00, 0, 1 },
	{ "linux-kernel-ds", 13, 0x0000ffff, 0x00cf9200, 0, 1 },
	{ "linux-user-cs", 14, 0x0000ffff, 0x00cffa00, 0, 3 },
	{ "tls-data-dpl3", 6, 0x1000ffff, 0x00cff201, 0, 3 },
	{ "percpu-based-data", 24, 0x2000ffff, 0xc1cf9234, 0, 1 },
	{ "not-present", 8, 0x0000ffff, 0x00cf1a00, 0, 0 },
	{ "64-bit-code", 12, 0x0000ffff, 0x00af9a00, -BURN_HC_EINVAL, 0 },
	{ "conforming-code", 12, 0x0000ffff, 0x00cf9e00, -BURN_HC_EINVAL, 0 },
	{ "tss", 16, 0x00000067, 0x00008900, -BURN_HC_EINVAL, 0 },
	{ "call-gate", 20, 0x00100000, 0x0000ec00, -BURN_HC_EINVAL, 0 },
	{ "null-index", 0, 0x0000ffff, 0x00cf9200, -BURN_HC_EINVAL, 0 },
	{ "host-kernel-cs", 2, 0x0000ffff, 0x00cf9a00, -BURN_HC_EINVAL, 0 },
	{ "host-kernel-ds", 3, 0x0000ffff, 0x00cf9200, -BURN_HC_EINVAL, 0 },
	{ "upcall-cs", 4, 0x0000ffff, 0x00cf9a00, -BURN_HC_EINVAL, 0 },
	{ "upcall-ds", 5, 0x0000ffff, 0x00cf9200, -BURN_HC_EINVAL, 0 },
	{ "host-tss", 10, 0x0000ffff, 0x00cf9200, -BURN_HC_EINVAL, 0 },
	{ "host-tss-high", 11, 0x0000ffff, 0x00cf9200, -BURN_HC_EINVAL, 0 },
	{ "index-32", 32, 0x0000ffff, 0x00cf9200, -BURN_HC_EINVAL, 0 },
	{ "index-huge", 0xffffffff, 0x0000ffff, 0x00cf9200,
	  -BURN_HC_EINVAL, 0 },
};

static void burn_desc_case_name(const struct burn_desc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_desc, burn_desc_cases, burn_desc_case_name);

static void burn_desc_check_test(struct kunit *test)
{
	const struct burn_desc_case *c = test->param_value;
	struct desc_struct d = burn_desc_words(c->lo, c->hi);

	KUNIT_EXPECT_EQ(test, burn_arch_desc_check(c->index, &d), c->ret);
	if (!c->ret && d.p)
		KUNIT_EXPECT_EQ(test, (unsigned int)d.dpl, c->dpl);
}

/*
 * A descriptor installed with the hypercall's code is loadable as the
 * guest expects, and replacing a loaded one with junk is caught before
 * the next entry rather than inside the switcher.
 */
static void burn_set_desc_test(struct kunit *test)
{
	struct burn_vcpu *vcpu = burn_test_vcpu(test);
	struct burn_switch *sw = vcpu->sw;
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, burn_arch_set_desc(vcpu, 12, 0x0000ffff,
						 0x00cf9a00), 0);
	KUNIT_EXPECT_EQ(test, burn_arch_set_desc(vcpu, 13, 0x0000ffff,
						 0x00cf9200), 0);
	sw->regs.cs = 12 * 8 | 1;
	sw->regs.ss = 13 * 8 | 1;
	sw->regs.ds = 13 * 8;		/* RPL 0 is fine for data */
	KUNIT_EXPECT_TRUE(test, burn_arch_regs_ok(sw->gdt, &sw->regs, &why));
	KUNIT_EXPECT_EQ(test, burn_arch_set_desc(vcpu, 13, 0, 0), 0);
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(sw->gdt, &sw->regs, &why));
	KUNIT_EXPECT_EQ(test, burn_arch_set_desc(vcpu, 4, 0, 0),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, (unsigned int)sw->gdt[BURN_GDT_RING1_CS].p, 1U);
	burn_arch_vcpu_free(vcpu);
}

static void burn_eflags_test(struct kunit *test)
{
	u32 all = burn_arch_guest_eflags(~0ULL);

	KUNIT_EXPECT_EQ(test, burn_arch_guest_eflags(0),
			X86_EFLAGS_IF | X86_EFLAGS_FIXED);
	KUNIT_EXPECT_TRUE(test, all & X86_EFLAGS_IF);
	KUNIT_EXPECT_FALSE(test, all & X86_EFLAGS_IOPL);
	KUNIT_EXPECT_FALSE(test, all & X86_EFLAGS_NT);
	KUNIT_EXPECT_FALSE(test, all & X86_EFLAGS_VM);
	KUNIT_EXPECT_FALSE(test, all & (X86_EFLAGS_VIF | X86_EFLAGS_VIP));
	KUNIT_EXPECT_TRUE(test, all & X86_EFLAGS_TF);
	KUNIT_EXPECT_EQ(test, all >> 22, 0U);
}

/* A switcher area built as VCPU_START builds it, freed after the test. */
static struct burn_vcpu *burn_test_vcpu(struct kunit *test)
{
	struct burn_vcpu *vcpu = kunit_kzalloc(test, sizeof(*vcpu), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vcpu);
	vcpu->boot.eip = 0x100000;
	KUNIT_ASSERT_EQ(test, burn_arch_vcpu_init(vcpu), 0);
	return vcpu;
}

static void burn_boot_regs_test(struct kunit *test)
{
	struct burn_vcpu *vcpu = burn_test_vcpu(test);
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	const char *why = NULL;

	const struct desc_struct *gdt = vcpu->sw->gdt;

	KUNIT_EXPECT_TRUE(test, burn_arch_regs_ok(gdt, regs, &why));
	KUNIT_EXPECT_EQ(test, regs->eip, 0x100000ULL);
	KUNIT_EXPECT_EQ(test, regs->cs, (u64)BURN_SEL_RING1_CS);
	regs->eip = 1ULL << 32;
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(gdt, regs, &why));
	regs->eip = 0;
	regs->gs = __KERNEL_DS;
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(gdt, regs, &why));
	regs->gs = 0;
	regs->cs = __KERNEL_CS;
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(gdt, regs, &why));
	burn_arch_vcpu_free(vcpu);
}

static void burn_idt_test(struct kunit *test)
{
	struct burn_vcpu *vcpu = burn_test_vcpu(test);
	struct burn_switch *sw = vcpu->sw;
	unsigned int v, want_dpl;

	for (v = 0; v < ARRAY_SIZE(sw->idt); v++) {
		gate_desc *g = &sw->idt[v];

		want_dpl = (v == X86_TRAP_BP || v == X86_TRAP_OF ||
			    v == BURN_SYSCALL_VECTOR) ? 3 :
			   v == BURN_HC_VECTOR ? 1 : 0;
		KUNIT_EXPECT_EQ(test, (unsigned int)g->bits.p, 1U);
		KUNIT_EXPECT_EQ(test, (unsigned int)g->bits.type,
				(unsigned int)GATE_INTERRUPT);
		KUNIT_EXPECT_EQ(test, (unsigned int)g->bits.dpl, want_dpl);
		KUNIT_EXPECT_EQ(test, (unsigned int)g->bits.ist,
				v == X86_TRAP_DF ? BURN_IST_DF : 0U);
		KUNIT_EXPECT_EQ(test, (unsigned int)g->segment,
				(unsigned int)__KERNEL_CS);
		KUNIT_EXPECT_EQ(test, gate_offset(g),
				(unsigned long)burn_trap_stubs +
				v * BURN_STUB_SIZE);
	}
	burn_arch_vcpu_free(vcpu);
}

/* BURN_HC_SET_CR: only CR0.TS and CR4.TSD reach the guest world. */
static void burn_set_cr_test(struct kunit *test)
{
	struct burn_vcpu *vcpu = burn_test_vcpu(test);
	struct burn_world *w = &vcpu->sw->world;
	u64 base = w->cr4_set;

	KUNIT_EXPECT_EQ(test, burn_arch_set_cr(vcpu, ~0u, ~0u), 0);
	KUNIT_EXPECT_EQ(test, w->cr0_set, (u64)X86_CR0_TS);
	KUNIT_EXPECT_EQ(test, w->cr0_clear, 0ULL);
	KUNIT_EXPECT_EQ(test, w->cr4_set, base | X86_CR4_TSD);
	KUNIT_EXPECT_EQ(test, burn_arch_set_cr(vcpu, X86_CR0_PG | X86_CR0_WP,
					       X86_CR4_PSE | X86_CR4_SMEP), 0);
	KUNIT_EXPECT_EQ(test, w->cr0_set, 0ULL);
	KUNIT_EXPECT_EQ(test, w->cr4_set, base);
	burn_arch_vcpu_free(vcpu);
}

/*
 * No descriptor ring 1 or 3 could use to reach ring 0 or 64-bit mode: no
 * 64-bit code segment above DPL 0, no conforming code, no gates, and the
 * only system descriptor is our TSS.
 */
static void burn_gdt_test(struct kunit *test)
{
	struct burn_vcpu *vcpu = burn_test_vcpu(test);
	struct burn_switch *sw = vcpu->sw;
	unsigned int i;

	burn_set_tss_desc(sw);
	for (i = 0; i < BURN_GDT_ENTRIES; i++) {
		struct desc_struct *d = &sw->gdt[i];
		bool code = d->s && (d->type & 8);

		if (!d->p || i == BURN_GDT_TSS + 1)
			continue;
		if (!d->s) {
			KUNIT_EXPECT_EQ(test, i, (unsigned int)BURN_GDT_TSS);
			continue;
		}
		if (code && d->l)
			KUNIT_EXPECT_EQ(test, (unsigned int)d->dpl, 0U);
		if (code)
			KUNIT_EXPECT_FALSE(test, d->type & 4);	/* conforming */
	}
	KUNIT_EXPECT_EQ(test, sw->tss.rsp[0] % 16, 0ULL);
	KUNIT_EXPECT_EQ(test, sw->tss.rsp[0],
			(u64)(unsigned long)(&sw->regs + 1));
	KUNIT_EXPECT_GT(test, (u32)sw->tss.io_bitmap_base,
			(u32)sizeof(sw->tss) - 1);
	burn_arch_vcpu_free(vcpu);
}

static struct kunit_case burn_switch_cases[] = {
	KUNIT_CASE_PARAM(burn_data_sel_test, burn_data_sel_gen_params),
	KUNIT_CASE(burn_code_sel_test),
	KUNIT_CASE_PARAM(burn_desc_check_test, burn_desc_gen_params),
	KUNIT_CASE(burn_set_desc_test),
	KUNIT_CASE(burn_set_cr_test),
	KUNIT_CASE(burn_eflags_test),
	KUNIT_CASE(burn_boot_regs_test),
	KUNIT_CASE(burn_idt_test),
	KUNIT_CASE(burn_gdt_test),
	{}
};

static struct kunit_suite burn_switch_suite = {
	.name = "burnvmm_switch",
	.test_cases = burn_switch_cases,
};

kunit_test_suite(burn_switch_suite);
