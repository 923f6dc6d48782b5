// SPDX-License-Identifier: GPL-2.0
/*
 * hypercall_kunit.c - KUnit suite "burnvmm_hypercall": checking the
 * console hypercall's guest arguments, and the exception names the VM's
 * end reasons are made of.
 *
 * #included at the end of kmod/hypercall.c when the target kernel has
 * KUnit.
 */
#include <kunit/test.h>
#include <asm/trapnr.h>

struct burn_console_case {
	const char *name;
	u64 mem;
	u32 addr;
	u32 len;
	int ret;
};

static const struct burn_console_case burn_console_cases[] = {
	{ "plain", 8 << 20, 0x1000, 12, 0 },
	{ "empty", 8 << 20, 0, 0, 0 },
	{ "max-length", 8 << 20, 0x1000, BURN_HC_CONSOLE_MAX, 0 },
	{ "too-long", 8 << 20, 0x1000, BURN_HC_CONSOLE_MAX + 1,
	  -BURN_HC_EINVAL },
	{ "huge-length", 8 << 20, 0x1000, 0xffffffff, -BURN_HC_EINVAL },
	{ "ends-at-ram-end", 8 << 20, (8 << 20) - 16, 16, 0 },
	{ "past-ram-end", 8 << 20, (8 << 20) - 15, 16, -BURN_HC_EFAULT },
	{ "wraps-4g", 8 << 20, 0xfffffff0, 0x20, -BURN_HC_EFAULT },
	{ "top-of-4g", 3ULL << 30, 0xffffffff, 1, -BURN_HC_EFAULT },
};

static void burn_console_desc(const struct burn_console_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_console, burn_console_cases, burn_console_desc);

static void burn_hc_console_check_test(struct kunit *test)
{
	const struct burn_console_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, burn_hc_console_check(c->mem, c->addr, c->len),
			c->ret);
}

/* BURN_HC_BLOCK_IO's checks, with 1 MiB of guest RAM. */
static void burn_block_check_test(struct kunit *test)
{
	const u64 mem = 1 << 20;

	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_READ, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_WRITE,
					       BURN_BLOCK_MAX_SECTORS,
					       mem - BURN_BLOCK_MAX_SECTORS * 512),
			0);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_FLUSH, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_FLUSH, 1, 0),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_READ, 0, 0),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_READ,
					       BURN_BLOCK_MAX_SECTORS + 1, 0),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, 3, 1, 0), -BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_READ, 2,
					       mem - 512), -BURN_HC_EFAULT);
	KUNIT_EXPECT_EQ(test, burn_block_check(mem, BURN_BLOCK_READ, 1,
					       0xfffffe01), -BURN_HC_EFAULT);
}

static void burn_trap_names_test(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, burn_trap_name(X86_TRAP_GP), "#GP");
	KUNIT_EXPECT_STREQ(test, burn_trap_name(X86_TRAP_DE), "#DE");
	KUNIT_EXPECT_STREQ(test, burn_trap_name(X86_TRAP_PF), "#PF");
	KUNIT_EXPECT_STREQ(test, burn_trap_name(31), "vector");
	KUNIT_EXPECT_STREQ(test, burn_trap_name(0x82), "vector");
	KUNIT_EXPECT_TRUE(test, burn_trap_has_error_code(X86_TRAP_GP));
	KUNIT_EXPECT_TRUE(test, burn_trap_has_error_code(X86_TRAP_PF));
	KUNIT_EXPECT_TRUE(test, burn_trap_has_error_code(X86_TRAP_DF));
	KUNIT_EXPECT_FALSE(test, burn_trap_has_error_code(X86_TRAP_UD));
	KUNIT_EXPECT_FALSE(test, burn_trap_has_error_code(X86_TRAP_BP));
	KUNIT_EXPECT_FALSE(test, burn_trap_has_error_code(X86_TRAP_DE));
}

static struct kunit_case burn_hypercall_cases[] = {
	KUNIT_CASE_PARAM(burn_hc_console_check_test, burn_console_gen_params),
	KUNIT_CASE(burn_trap_names_test),
	KUNIT_CASE(burn_block_check_test),
	{}
};

static struct kunit_suite burn_hypercall_suite = {
	.name = "burnvmm_hypercall",
	.test_cases = burn_hypercall_cases,
};

kunit_test_suite(burn_hypercall_suite);
