// SPDX-License-Identifier: GPL-2.0
/*
 * upcall_kunit.c - KUnit suite "burnvmm_upcall": when pending events are
 * upcalled, deferred or make the IPVMM's return path restart, for every
 * combination that matters, and the checks on BURN_HC_SET_UPCALL's
 * arguments.
 *
 * #included at the end of kmod/upcall.c when the target kernel has KUnit.
 */
#include <kunit/test.h>

struct burn_decide_case {
	const char *name;
	u32 pending, irq_enabled, frame_busy;
	bool ring1;
	u32 eip;
	enum burn_event_action want;
};

/*
 * IPVMM (nocall) range: [0x1000, 0x2000); restart ranges [0x1800, 0x1810)
 * and [0x1900, 0x1908).
 */
static const struct burn_decide_case burn_decide_cases[] = {
	{ "nothing-pending", 0, 1, 0, true, 0x5000, BURN_EVENT_NONE },
	{ "deliverable", 1, 1, 0, true, 0x5000, BURN_EVENT_UPCALL },
	{ "deliverable-ring3", 0x100, 1, 0, false, 0x1400, BURN_EVENT_UPCALL },
	{ "virtual-if-clear", 1, 0, 0, true, 0x5000, BURN_EVENT_DEFER },
	{ "frame-busy", 1, 1, 1, true, 0x5000, BURN_EVENT_DEFER },
	{ "inside-ipvmm", 1, 1, 0, true, 0x1000, BURN_EVENT_DEFER },
	{ "ipvmm-last-byte", 1, 1, 0, true, 0x1fff, BURN_EVENT_DEFER },
	{ "just-past-ipvmm", 1, 1, 0, true, 0x2000, BURN_EVENT_UPCALL },
	{ "restart-start", 1, 1, 0, true, 0x1800, BURN_EVENT_RESTART },
	{ "restart-inside", 1, 0, 0, true, 0x180f, BURN_EVENT_RESTART },
	{ "restart-end", 1, 1, 0, true, 0x1810, BURN_EVENT_DEFER },
	{ "restart-range-ring3", 1, 1, 0, false, 0x1805, BURN_EVENT_UPCALL },
	{ "restart-nothing-pending", 0, 1, 0, true, 0x1805, BURN_EVENT_NONE },
	{ "restart2-start", 1, 1, 0, true, 0x1900, BURN_EVENT_RESTART },
	{ "restart2-inside", 1, 1, 0, true, 0x1907, BURN_EVENT_RESTART },
	{ "restart2-end", 1, 1, 0, true, 0x1908, BURN_EVENT_DEFER },
};

static void burn_decide_name(const struct burn_decide_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_decide, burn_decide_cases, burn_decide_name);

static void burn_decide_test(struct kunit *test)
{
	const struct burn_decide_case *c = test->param_value;
	const u32 nocall[2] = { 0x1000, 0x2000 };
	const u32 restart[BURN_RESTART_RANGES][2] = {
		{ 0x1800, 0x1810 }, { 0x1900, 0x1908 }
	};
	u32 at = 0;

	KUNIT_EXPECT_EQ(test, burn_event_decide(c->pending, c->irq_enabled,
						c->frame_busy, c->ring1, c->eip,
						nocall, restart, &at),
			c->want);
	/* A rewind goes to the start of the sequence EIP is in. */
	if (c->want == BURN_EVENT_RESTART)
		KUNIT_EXPECT_EQ(test, at, c->eip < 0x1900 ? 0x1800u : 0x1900u);
}

/* Empty ranges (0, 0) never match, whatever the EIP. */
static void burn_decide_no_ranges_test(struct kunit *test)
{
	const u32 none[2] = { 0, 0 };
	const u32 none2[BURN_RESTART_RANGES][2] = { { 0, 0 }, { 0, 0 } };
	u32 at = 0;

	KUNIT_EXPECT_EQ(test, burn_event_decide(1, 1, 0, true, 0, none, none2,
						&at),
			BURN_EVENT_UPCALL);
	KUNIT_EXPECT_EQ(test, burn_event_decide(1, 1, 0, true, 0xffffffff,
						none, none2, &at),
			BURN_EVENT_UPCALL);
}

/* Registration refuses a page that is not a whole page of guest RAM. */
static void burn_register_test(struct kunit *test)
{
	struct burn_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	struct burn_vcpu *vcpu;
	struct burn_vcpu_page *page;

	KUNIT_ASSERT_NOT_NULL(test, vm);
	vm->mem_size = 4 * PAGE_SIZE;
	vm->mem = vzalloc(vm->mem_size);
	KUNIT_ASSERT_NOT_NULL(test, vm->mem);
	vcpu = &vm->vcpu;
	vcpu->vm = vm;
	KUNIT_EXPECT_EQ(test, burn_upcall_register(vcpu, 0x1000, 0x2000, 0x123),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_upcall_register(vcpu, 0x1000, 0x2000,
						   4 * PAGE_SIZE),
			-BURN_HC_EFAULT);
	KUNIT_EXPECT_EQ(test, burn_upcall_register(vcpu, 0x1000, 0x2000,
						   0xfffff000),
			-BURN_HC_EFAULT);
	KUNIT_EXPECT_NULL(test, vcpu->upcall.page);
	vcpu->raw_pending = BIT(BURN_EVENT_TIMER);
	KUNIT_EXPECT_EQ(test, burn_upcall_register(vcpu, 0x1000, 0x2000,
						   3 * PAGE_SIZE), 0);
	page = vm->mem + 3 * PAGE_SIZE;
	KUNIT_EXPECT_PTR_EQ(test, vcpu->upcall.page, page);
	KUNIT_EXPECT_EQ(test, page->magic, (u32)BURN_VCPU_MAGIC);
	KUNIT_EXPECT_EQ(test, page->version, (u32)BURN_VCPU_VERSION);
	KUNIT_EXPECT_EQ(test, page->pending, (u32)BIT(BURN_EVENT_TIMER));
	KUNIT_EXPECT_EQ(test, vcpu->raw_pending, 0U);
	KUNIT_EXPECT_EQ(test, burn_upcall_register(vcpu, 0, 0, 0), 0);
	KUNIT_EXPECT_NULL(test, vcpu->upcall.page);
	vfree(vm->mem);
}

static struct kunit_case burn_upcall_cases[] = {
	KUNIT_CASE_PARAM(burn_decide_test, burn_decide_gen_params),
	KUNIT_CASE(burn_decide_no_ranges_test),
	KUNIT_CASE(burn_register_test),
	{}
};

static struct kunit_suite burn_upcall_suite = {
	.name = "burnvmm_upcall",
	.test_cases = burn_upcall_cases,
};

kunit_test_suite(burn_upcall_suite);
