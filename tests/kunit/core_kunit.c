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
	{ "last-index", (BURN_GDT_ENTRIES - 1) * 8, false },
	{ "ldt", BURN_SEL_RING1_DS | SEGMENT_TI_MASK, false },
	{ "over-16-bits", 0x10000 | BURN_SEL_RING1_DS, false },
};

static void burn_sel_desc(const struct burn_sel_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_data_sel, burn_data_sel_cases, burn_sel_desc);

static void burn_data_sel_test(struct kunit *test)
{
	const struct burn_sel_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, burn_arch_data_sel_ok(c->sel), c->ok);
}

static void burn_code_sel_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, burn_arch_code_sel_ok(BURN_SEL_RING1_CS,
						      BURN_SEL_RING1_DS));
	KUNIT_EXPECT_TRUE(test, burn_arch_code_sel_ok(BURN_SEL_RING3_CS,
						      BURN_SEL_RING3_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(BURN_SEL_RING1_CS,
						       BURN_SEL_RING3_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(__KERNEL_CS,
						       __KERNEL_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(__KERNEL_CS | 3,
						       __KERNEL_DS | 3));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(BURN_SEL_RING1_CS | 2,
						       BURN_SEL_RING1_DS));
	KUNIT_EXPECT_FALSE(test, burn_arch_code_sel_ok(0, 0));
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

	KUNIT_EXPECT_TRUE(test, burn_arch_regs_ok(regs, &why));
	KUNIT_EXPECT_EQ(test, regs->eip, 0x100000ULL);
	KUNIT_EXPECT_EQ(test, regs->cs, (u64)BURN_SEL_RING1_CS);
	regs->eip = 1ULL << 32;
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(regs, &why));
	regs->eip = 0;
	regs->gs = __KERNEL_DS;
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(regs, &why));
	regs->gs = 0;
	regs->cs = __KERNEL_CS;
	KUNIT_EXPECT_FALSE(test, burn_arch_regs_ok(regs, &why));
	burn_arch_vcpu_free(vcpu);
}

static void burn_idt_test(struct kunit *test)
{
	struct burn_vcpu *vcpu = burn_test_vcpu(test);
	struct burn_switch *sw = vcpu->sw;
	unsigned int v, want_dpl;

	for (v = 0; v < ARRAY_SIZE(sw->idt); v++) {
		gate_desc *g = &sw->idt[v];

		want_dpl = (v == X86_TRAP_BP || v == X86_TRAP_OF) ? 3 :
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
