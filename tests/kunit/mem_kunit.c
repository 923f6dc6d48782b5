// SPDX-License-Identifier: GPL-2.0
/*
 * mem_kunit.c - KUnit suite "burnvmm_mem": the guest-physical range check
 * every guest-memory access goes through, at the edges and where a naive
 * sum would wrap.
 *
 * #included at the end of kmod/mem.c when the target kernel has KUnit.
 */
#include <kunit/test.h>
#include <linux/sizes.h>

struct burn_range_case {
	const char *name;
	u64 mem;
	u64 gpa;
	u64 len;
	bool ok;
};

#define MIB SZ_1M

static const struct burn_range_case burn_range_cases[] = {
	{ "first-byte", 8 * MIB, 0, 1, true },
	{ "last-byte", 8 * MIB, 8 * MIB - 1, 1, true },
	{ "one-past-end", 8 * MIB, 8 * MIB, 1, false },
	{ "whole-ram", 8 * MIB, 0, 8 * MIB, true },
	{ "one-too-long", 8 * MIB, 0, 8 * MIB + 1, false },
	{ "straddles-end", 8 * MIB, 8 * MIB - 2, 4, false },
	{ "empty-at-end", 8 * MIB, 8 * MIB, 0, true },
	{ "empty-past-end", 8 * MIB, 8 * MIB + 1, 0, false },
	{ "gpa-wraps-u64", 8 * MIB, ~0ULL, 2, false },
	{ "len-wraps-u64", 8 * MIB, 16, ~0ULL - 8, false },
	{ "both-huge", 8 * MIB, 1ULL << 63, 1ULL << 63, false },
	{ "u32-wrap", 3ULL << 30, 0xfffffff0ULL, 0x20, false },
	{ "no-ram", 0, 0, 1, false },
};

static void burn_range_desc(const struct burn_range_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_range, burn_range_cases, burn_range_desc);

static void burn_gpa_range_test(struct kunit *test)
{
	const struct burn_range_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, burn_gpa_range_ok(c->mem, gpa(c->gpa), c->len),
			c->ok);
}

/* A fake VM whose "RAM" is a kmalloc'd buffer with guard bytes around. */
static void burn_gpa_rw_test(struct kunit *test)
{
	struct burn_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE + 2, GFP_KERNEL);
	u8 data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8];

	KUNIT_ASSERT_NOT_NULL(test, vm);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf[0] = 0xaa;
	buf[PAGE_SIZE + 1] = 0xbb;
	vm->mem = buf + 1;
	vm->mem_size = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, burn_gpa_write(vm, gpa(PAGE_SIZE - 8), data, 8), 0);
	KUNIT_EXPECT_EQ(test, burn_gpa_read(vm, gpa(PAGE_SIZE - 8), back, 8), 0);
	KUNIT_EXPECT_EQ(test, memcmp(data, back, 8), 0);
	KUNIT_EXPECT_EQ(test, burn_gpa_write(vm, gpa(PAGE_SIZE - 7), data, 8),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, burn_gpa_read(vm, gpa(~0ULL), back, 2), -EFAULT);
	/* The guards were never touched. */
	KUNIT_EXPECT_EQ(test, buf[0], 0xaa);
	KUNIT_EXPECT_EQ(test, buf[PAGE_SIZE + 1], 0xbb);
}

static struct kunit_case burn_mem_cases[] = {
	KUNIT_CASE_PARAM(burn_gpa_range_test, burn_range_gen_params),
	KUNIT_CASE(burn_gpa_rw_test),
	{}
};

static struct kunit_suite burn_mem_suite = {
	.name = "burnvmm_mem",
	.test_cases = burn_mem_cases,
};

kunit_test_suite(burn_mem_suite);
