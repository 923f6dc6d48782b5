// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-dev.c - the shared helpers of devices/dev.c: the
 * libgcc-free 64-bit division and 96-bit multiply-divide (checked
 * against the host's 128-bit arithmetic), BCD, unimp-once logging and
 * IRQ pulses.
 */
#include "devtest.h"

static void dev_div64_32_matches_host(void **state)
{
	static const u64 n[] = { 0, 1, 999, 0xffffffffull, 0x100000000ull,
				 0x123456789abcdefull, DEV_U64_MAX };
	static const u32 d[] = { 1, 3, 1000, 1193182, 0xffffffffu };
	unsigned int i, j;
	u32 rem;

	(void)state;
	for (i = 0; i < DEV_ARRAY_SIZE(n); i++) {
		for (j = 0; j < DEV_ARRAY_SIZE(d); j++) {
			assert_true(dev_div64_32(n[i], d[j], &rem) ==
				    n[i] / d[j]);
			assert_int_equal(rem, n[i] % d[j]);
		}
	}
}

static void dev_muldiv64_matches_int128(void **state)
{
	u64 seed = 1;
	unsigned int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		u64 a = (u64)test_rand(&seed) << 32 | test_rand(&seed);
		u32 div = test_rand(&seed) | 1;
		u32 mul = test_rand(&seed) % div;
		unsigned __int128 p = (unsigned __int128)a * mul;


		assert_true(dev_muldiv64(a, mul, div) == (u64)(p / div));
		assert_true(dev_muldiv64_ceil(a, mul, div) ==
			    (u64)((p + div - 1) / div));
	}
}

/* The conversions the timers use, at the sizes hours of uptime reach. */
static void dev_muldiv64_clock_ranges(void **state)
{
	u64 ns = 100ull * 24 * 3600 * DEV_NS_PER_SEC;	/* 100 days */
	u64 ticks = dev_muldiv64(ns, 1193182, DEV_NS_PER_SEC);

	(void)state;
	assert_true(ticks == (u64)((unsigned __int128)ns * 1193182 /
				   DEV_NS_PER_SEC));
	/* ticks -> ns with mul > div still fits when the result does. */
	assert_true(dev_muldiv64_ceil(ticks, DEV_NS_PER_SEC, 1193182) <= ns);
	assert_true(dev_muldiv64_ceil(ticks + 1, DEV_NS_PER_SEC, 1193182) >
		    ns);
}

static void dev_bcd_round_trip(void **state)
{
	unsigned int v;

	(void)state;
	for (v = 0; v < 100; v++)
		assert_int_equal(dev_bcd_to_bin(dev_bin_to_bcd((u8)v)), v);
	assert_int_equal(dev_bin_to_bcd(59), 0x59);
	assert_int_equal(dev_bcd_to_bin(0x99), 99);
	assert_int_equal(dev_bin_to_bcd(123), 0x23);	/* wraps mod 100 */
}

static void dev_unimp_logs_once_per_bit(void **state)
{
	struct fake_backend fb;
	struct dev_backend be = { &fake_backend_ops, &fb };
	u32 seen = 0;

	(void)state;
	fake_backend_init(&fb);
	dev_unimp_once(&be, &seen, 3, "t", "x", 1);
	dev_unimp_once(&be, &seen, 3, "t", "x", 2);
	dev_unimp_once(&be, &seen, 4, "t", "y", 3);
	assert_int_equal(fb.logs[DEV_LOG_UNIMP], 2);
	assert_int_equal(fb.last_log_val, 3);
}

static void dev_irq_pulse_is_one_edge(void **state)
{
	struct fake_line lines[FAKE_NR_LINES] = { 0 };
	struct dev_irq irq = fake_irq(lines, 5);

	(void)state;
	dev_irq_pulse(&irq);
	assert_int_equal(lines[5].rises, 1);
	assert_int_equal(lines[5].falls, 1);
	assert_false(lines[5].level);
	dev_irq_set(&irq, true);
	dev_irq_set(&irq, true);	/* no change, no call */
	assert_int_equal(lines[5].rises, 2);
	dev_irq_pulse(&irq);		/* from high: fall, rise, fall */
	assert_int_equal(lines[5].rises, 3);
	assert_int_equal(lines[5].falls, 3);
}

int run_dev_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dev_div64_32_matches_host),
		cmocka_unit_test(dev_muldiv64_matches_int128),
		cmocka_unit_test(dev_muldiv64_clock_ranges),
		cmocka_unit_test(dev_bcd_round_trip),
		cmocka_unit_test(dev_unimp_logs_once_per_bit),
		cmocka_unit_test(dev_irq_pulse_is_one_edge),
	};

	return cmocka_run_group_tests_name("dev", tests, NULL, NULL);
}
