// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-pit.c - the 8254 and port 0x61, with time stepped
 * by hand: the six modes, BCD, access modes, latches and read-back from
 * the datasheet, and the sequences of Linux 6.1's i8253 clockevent and
 * clocksource and of its TSC calibration (pit_calibrate_tsc,
 * quick_pit_calibrate's pit_verify_msb/pit_expect_msb).
 */
#include "devtest.h"
#include "i8254.h"

struct pit_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct fake_line lines[FAKE_NR_LINES];
	struct i8254 pit;
};

static int setup(void **state)
{
	struct pit_fixture *f = calloc(1, sizeof(*f));
	struct dev_irq irq0 = fake_irq(f->lines, 0);

	fake_backend_init(&f->fb);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	i8254_init(&f->pit, &irq0, &f->be);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Time (ns) at which tick @t has elapsed since time 0. */
static u64 at(u64 t)
{
	return i8254_ticks_to_ns_ceil(t);
}

static void cw(struct pit_fixture *f, u8 val, u64 now)
{
	i8254_write(&f->pit, I8254_CONTROL, val, now);
}

static void count16(struct pit_fixture *f, unsigned int n, u16 v, u64 now)
{
	i8254_write(&f->pit, n, (u8)v, now);
	i8254_write(&f->pit, n, (u8)(v >> 8), now);
}

/* Latch counter @n and read LSB then MSB, as pit_read() does. */
static u16 latched(struct pit_fixture *f, unsigned int n, u64 now)
{
	u16 v;

	cw(f, (u8)(n << 6), now);
	v = i8254_read(&f->pit, n, now);
	return (u16)(v | i8254_read(&f->pit, n, now) << 8);
}

static u8 status(struct pit_fixture *f, unsigned int n, u64 now)
{
	cw(f, (u8)(0xe0 | (2u << n)), now);	/* read-back: status only */
	return i8254_read(&f->pit, n, now);
}

static void pit_time_conversions(void **state)
{
	u64 t;

	(void)state;
	assert_true(i8254_ns_to_ticks(DEV_NS_PER_SEC) == I8254_HZ);
	assert_true(i8254_ns_to_ticks(838) == 0);	/* one tick = 838.1 ns */
	assert_true(i8254_ns_to_ticks(839) == 1);
	for (t = 0; t < 100000; t += 7)
		assert_true(i8254_ns_to_ticks(at(t)) == t &&
			    (t == 0 || i8254_ns_to_ticks(at(t) - 1) == t - 1));
}

/* Linux periodic clockevent: 0x34, LATCH LSB/MSB; clocksource reads. */
static void pit_mode2_counts_down_and_reloads(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 1000, 0);
	assert_int_equal(latched(f, 0, at(0)), 1000);
	assert_int_equal(latched(f, 0, at(250)), 750);
	assert_int_equal(latched(f, 0, at(999)), 1);
	assert_int_equal(latched(f, 0, at(1000)), 1000);	/* reloaded */
	assert_int_equal(latched(f, 0, at(2300)), 700);
}

static void pit_mode2_irq_per_period(void **state)
{
	struct pit_fixture *f = *state;
	unsigned int k;

	cw(f, 0x34, 0);
	count16(f, 0, 11932, 0);	/* Linux LATCH for HZ=100 */
	for (k = 1; k <= 5; k++) {
		u64 due = i8254_next_deadline(&f->pit, 0);

		assert_true(due == at(11932ull * k));
		i8254_update_irq(&f->pit, due - 1);
		assert_int_equal(f->lines[0].rises, k - 1);
		i8254_update_irq(&f->pit, due);
		assert_int_equal(f->lines[0].rises, k);
	}
	assert_false(f->lines[0].level);	/* pulses leave it low */
}

/* Periods nobody looked at collapse into one edge, as a PIC sees it. */
static void pit_missed_periods_coalesce(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 100, 0);
	i8254_update_irq(&f->pit, at(100 * 50 + 3));
	assert_int_equal(f->lines[0].rises, 1);
	assert_true(i8254_next_deadline(&f->pit, at(5003)) == at(5100));
	/* The other 49 periods are owed, paid one per IRQ 0 taken. */
	assert_int_equal(f->pit.c[0].owed, 49);
}

/* Owed ticks: one pulse per IRQ 0 taken, bounded, dropped on restart. */
static void pit_owed_ticks_paid_one_at_a_time(void **state)
{
	struct pit_fixture *f = *state;
	unsigned int i;

	cw(f, 0x34, 0);
	count16(f, 0, 100, 0);
	i8254_update_irq(&f->pit, at(100 * 4));
	assert_int_equal(f->lines[0].rises, 1);
	for (i = 0; i < 3; i++)
		i8254_irq0_taken(&f->pit);
	assert_int_equal(f->lines[0].rises, 4);
	i8254_irq0_taken(&f->pit);		/* nothing more owed */
	assert_int_equal(f->lines[0].rises, 4);

	/* A long absence owes at most I8254_MAX_OWED ticks. */
	i8254_update_irq(&f->pit, at(100 * 100000));
	assert_int_equal(f->pit.c[0].owed, I8254_MAX_OWED);
	i8254_forget_owed(&f->pit);
	i8254_irq0_taken(&f->pit);
	assert_int_equal(f->lines[0].rises, 5);

	/* Reprogramming the counter cancels the debt. */
	i8254_update_irq(&f->pit, at(100 * 100010));
	assert_int_equal(f->pit.c[0].owed, 9);
	count16(f, 0, 100, at(100 * 100010));
	assert_int_equal(f->pit.c[0].owed, 0);
}

static void pit_mode3_square_wave(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x36, 0);			/* counter 0, mode 3 */
	count16(f, 0, 100, 0);
	assert_true(i8254_out(&f->pit, 0, at(0)));
	assert_true(i8254_out(&f->pit, 0, at(49)));
	assert_false(i8254_out(&f->pit, 0, at(50)));
	assert_false(i8254_out(&f->pit, 0, at(99)));
	assert_true(i8254_out(&f->pit, 0, at(100)));
	/* Decrements by two within each half. */
	assert_int_equal(latched(f, 0, at(10)), 80);
	assert_int_equal(latched(f, 0, at(60)), 80);
	i8254_update_irq(&f->pit, at(350));
	assert_int_equal(f->lines[0].rises, 1);
	assert_true(i8254_next_deadline(&f->pit, at(350)) == at(400));
}

static void pit_mode3_odd_count(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x36, 0);
	count16(f, 0, 5, 0);
	/* High for (N+1)/2 = 3 ticks, low for 2. */
	assert_true(i8254_out(&f->pit, 0, at(2)));
	assert_false(i8254_out(&f->pit, 0, at(3)));
	assert_false(i8254_out(&f->pit, 0, at(4)));
	assert_true(i8254_out(&f->pit, 0, at(5)));
}

static void pit_mode0_one_shot(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x30, 0);
	assert_false(i8254_out(&f->pit, 0, 0));	/* low after the CW */
	count16(f, 0, 500, 0);
	assert_false(i8254_out(&f->pit, 0, at(499)));
	assert_true(i8254_out(&f->pit, 0, at(500)));
	assert_true(i8254_next_deadline(&f->pit, 0) == at(500));
	i8254_update_irq(&f->pit, at(600));
	assert_int_equal(f->lines[0].rises, 1);
	assert_true(i8254_next_deadline(&f->pit, at(600)) == DEV_U64_MAX);
	/* The count keeps wrapping after terminal count. */
	assert_int_equal(latched(f, 0, at(600)), (u16)(500 - 600));
	i8254_update_irq(&f->pit, at(70000));
	assert_int_equal(f->lines[0].rises, 1);
}

/* Mode 0: the first byte of a new count stops counting (datasheet). */
static void pit_mode0_first_byte_stops(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x30, 0);
	count16(f, 0, 1000, 0);
	i8254_write(&f->pit, 0, 0x10, at(300));	/* LSB only */
	assert_false(i8254_out(&f->pit, 0, at(5000)));
	assert_true(i8254_next_deadline(&f->pit, at(300)) == DEV_U64_MAX);
	i8254_write(&f->pit, 0, 0x00, at(400));	/* MSB: count 16 */
	assert_false(i8254_out(&f->pit, 0, at(400) + at(15)));
	assert_true(i8254_out(&f->pit, 0, at(400) + at(16)));
}

/* Linux shutdown: mode 0 with count 0 fires once after 65536 ticks. */
static void pit_linux_shutdown_sequence(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 100, 0);
	cw(f, 0x30, at(10));
	count16(f, 0, 0, at(10));
	assert_true(i8254_next_deadline(&f->pit, at(10)) ==
		    at(10) + i8254_ticks_to_ns_ceil(65536) ||
		    i8254_next_deadline(&f->pit, at(10)) ==
		    at(10) + i8254_ticks_to_ns_ceil(65536) - 1);
	i8254_update_irq(&f->pit, at(10) + at(65535));
	assert_int_equal(f->lines[0].rises, 0);
	i8254_update_irq(&f->pit, at(10) + at(65537));
	assert_int_equal(f->lines[0].rises, 1);
}

/* Linux oneshot: 0x38 (mode 4), then each event writes LSB/MSB. */
static void pit_mode4_oneshot_strobe(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x38, 0);
	count16(f, 0, 200, 0);
	assert_true(i8254_out(&f->pit, 0, at(199)));
	assert_false(i8254_out(&f->pit, 0, at(200)));	/* one-tick strobe */
	assert_true(i8254_out(&f->pit, 0, at(201)));
	assert_true(i8254_next_deadline(&f->pit, 0) == at(201));
	i8254_update_irq(&f->pit, at(201));
	assert_int_equal(f->lines[0].rises, 1);
	/* Next event: a new count restarts the strobe. */
	count16(f, 0, 50, at(300));
	i8254_update_irq(&f->pit, at(300) + at(51));
	assert_int_equal(f->lines[0].rises, 2);
}

static void pit_bcd_counting(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x31, 0);			/* mode 0, BCD */
	count16(f, 0, 0x1000, 0);	/* 1000 decimal */
	assert_int_equal(latched(f, 0, at(1)), 0x0999);
	assert_int_equal(latched(f, 0, at(1000)), 0x0000);
	assert_true(i8254_out(&f->pit, 0, at(1000)));
	/* BCD count 0 is 10000. */
	cw(f, 0x35, 0);			/* mode 2, BCD */
	count16(f, 0, 0, 0);
	assert_int_equal(latched(f, 0, at(1)), 0x9999);
	assert_true(i8254_next_deadline(&f->pit, 0) == at(10000));
}

static void pit_lsb_and_msb_only(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x14, 0);			/* LSB only, mode 2 */
	i8254_write(&f->pit, 0, 0x80, 0);
	assert_int_equal(i8254_read(&f->pit, 0, at(0)), 0x80);
	assert_int_equal(i8254_read(&f->pit, 0, at(16)), 0x70);
	cw(f, 0x24, 0);			/* MSB only */
	i8254_write(&f->pit, 0, 0x02, 0);	/* count 0x200 */
	assert_int_equal(i8254_read(&f->pit, 0, at(0x100)), 0x01);
	assert_true(i8254_next_deadline(&f->pit, 0) == at(0x200));
}

static void pit_latch_holds_value(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 5000, 0);
	cw(f, 0x00, at(100));		/* latch: 4900 */
	cw(f, 0x00, at(200));		/* ignored until read */
	assert_int_equal(i8254_read(&f->pit, 0, at(900)), 4900 & 0xff);
	assert_int_equal(i8254_read(&f->pit, 0, at(999)), 4900 >> 8);
	/* Without a latch, reads are live (LSB then MSB alternating). */
	assert_int_equal(i8254_read(&f->pit, 0, at(1000)), 4000 & 0xff);
	assert_int_equal(i8254_read(&f->pit, 0, at(1000)), 4000 >> 8);
}

static void pit_readback_status(void **state)
{
	struct pit_fixture *f = *state;
	u8 st;

	cw(f, 0xb0, 0);			/* counter 2, LSB/MSB, mode 0 */
	st = status(f, 2, 0);
	/* OUT low, null count, RW=3, mode 0, binary. */
	assert_int_equal(st, 0x40 | 0x30);
	count16(f, 2, 10, 0);
	i8254_set_gate(&f->pit, 2, true, 0);
	st = status(f, 2, at(20));
	assert_int_equal(st, 0x80 | 0x30);
	cw(f, 0x96, 0);			/* counter 2, LSB, mode 3 */
	assert_int_equal(status(f, 2, 0) & 0x3f, 0x16);
}

/* Read-back of count and status together: status first, then count. */
static void pit_readback_count_and_status(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 300, 0);
	cw(f, 0xc2, at(100));		/* count + status of counter 0 */
	assert_int_equal(i8254_read(&f->pit, 0, at(150)), 0xb4);
	assert_int_equal(i8254_read(&f->pit, 0, at(150)), 200);
	assert_int_equal(i8254_read(&f->pit, 0, at(150)), 0);
	/* Latched value consumed: back to live reads. */
	assert_int_equal(i8254_read(&f->pit, 0, at(150)), 150);
}

static void pit_control_register_unreadable(void **state)
{
	struct pit_fixture *f = *state;

	assert_int_equal(i8254_read(&f->pit, I8254_CONTROL, 0), 0xff);
}

static void pit_modes_6_7_alias_2_3(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x3c, 0);			/* mode 6 = mode 2 */
	count16(f, 0, 100, 0);
	assert_int_equal(f->pit.c[0].mode, 2);
	assert_true(i8254_next_deadline(&f->pit, 0) == at(100));
	cw(f, 0x3e, 0);			/* mode 7 = mode 3 */
	assert_int_equal(f->pit.c[0].mode, 3);
}

/*
 * pit_calibrate_tsc(latch = 11931 for 10 ms): gate high via 0x61, mode
 * 0 on counter 2, then spin on port 0x61 bit 5.  The loop must end
 * after 10 ms of (simulated) time and not before.
 */
static void pit_linux_calibrate_tsc(void **state)
{
	struct pit_fixture *f = *state;
	u64 now = 1000000, step = 1000;	/* 1 us per loop iteration */
	unsigned int loops = 0;
	u8 v;

	v = i8254_port61_read(&f->pit, now);
	i8254_port61_write(&f->pit, (v & ~0x02) | 0x01, now);
	cw(f, 0xb0, now);
	i8254_write(&f->pit, 2, 11931 & 0xff, now);
	i8254_write(&f->pit, 2, 11931 >> 8, now);
	while (!(i8254_port61_read(&f->pit, now) & 0x20)) {
		now += step;
		loops++;
		assert_true(loops < 20000);
	}
	/* 11931 ticks = 9999.2 us. */
	assert_in_range(loops, 9999, 10000);
}

/* quick_pit_calibrate: MSB of counter 2 read without a latch. */
static void pit_linux_quick_calibrate_msb(void **state)
{
	struct pit_fixture *f = *state;
	u64 t0 = 5000;
	unsigned int i;

	i8254_port61_write(&f->pit, 0x01, t0);
	cw(f, 0xb0, t0);
	i8254_write(&f->pit, 2, 0xff, t0);
	i8254_write(&f->pit, 2, 0xff, t0);
	for (i = 0; i < 4; i++) {
		/* pit_verify_msb: inb (LSB, discarded) then inb == MSB. */
		u64 now = t0 + at(256ull * i + 128);

		(void)i8254_read(&f->pit, 2, now);
		assert_int_equal(i8254_read(&f->pit, 2, now), 0xff - i);
	}
}

static void pit_gate2_pauses_mode0(void **state)
{
	struct pit_fixture *f = *state;
	u64 t1 = at(500), t2 = t1 + at(200), t3 = t2 + at(5000);

	cw(f, 0xb0, 0);
	count16(f, 2, 1000, 0);
	/* Gate low: no counting at all. */
	assert_int_equal(latched(f, 2, t1), 1000);
	i8254_port61_write(&f->pit, 0x01, t1);
	assert_int_equal(latched(f, 2, t2), 800);
	i8254_port61_write(&f->pit, 0x00, t2);
	assert_int_equal(latched(f, 2, t3), 800);
	i8254_port61_write(&f->pit, 0x01, t3);
	assert_false(i8254_out(&f->pit, 2, t3 + at(799)));
	assert_int_equal(latched(f, 2, t3 + at(800)), 0);
	assert_true(i8254_out(&f->pit, 2, t3 + at(800)));
}

static void pit_mode1_gate_triggered(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0xb2, 0);			/* counter 2, mode 1 */
	count16(f, 2, 100, 0);
	assert_true(i8254_out(&f->pit, 2, at(500)));	/* not triggered */
	i8254_set_gate(&f->pit, 2, true, at(1000));
	assert_false(i8254_out(&f->pit, 2, at(1000) + at(99)));
	assert_true(i8254_out(&f->pit, 2, at(1000) + at(100)));
	/* Gate low does not stop mode 1; a new edge retriggers. */
	i8254_set_gate(&f->pit, 2, false, at(1050));
	i8254_set_gate(&f->pit, 2, true, at(1200));
	assert_false(i8254_out(&f->pit, 2, at(1250)));
}

static void pit_mode5_gate_strobe(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0xba, 0);			/* counter 2, mode 5 */
	count16(f, 2, 10, 0);
	assert_true(i8254_out(&f->pit, 2, at(10)));	/* untriggered */
	i8254_set_gate(&f->pit, 2, true, at(100));
	assert_false(i8254_out(&f->pit, 2, at(100) + at(10)));
	assert_true(i8254_out(&f->pit, 2, at(100) + at(11)));
}

static void pit_mode2_gate_low_forces_out_high(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0xb4, 0);			/* counter 2, mode 2 */
	count16(f, 2, 10, 0);
	i8254_set_gate(&f->pit, 2, true, 0);
	assert_false(i8254_out(&f->pit, 2, at(9)));
	i8254_set_gate(&f->pit, 2, false, at(9));
	assert_true(i8254_out(&f->pit, 2, at(9)));
	/* Rising gate reloads: a full period from here. */
	i8254_set_gate(&f->pit, 2, true, at(50));
	assert_int_equal(latched(f, 2, at(50) + at(3)), 7);
}

static void pit_port61_bits(void **state)
{
	struct pit_fixture *f = *state;
	u8 a, b;

	i8254_port61_write(&f->pit, 0xff, 0);
	/* Bits 0-3 as written; OUT2 and refresh are read only. */
	assert_int_equal(i8254_port61_read(&f->pit, 0) & 0xcf, 0x0f);
	a = i8254_port61_read(&f->pit, 1000) & 0x10;
	b = i8254_port61_read(&f->pit, 1000 + 15085) & 0x10;
	assert_int_not_equal(a, b);	/* refresh toggles every 15.085 us */
}

static void pit_ch0_reprogram_resets_edges(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 1000, 0);
	i8254_update_irq(&f->pit, at(2500));
	assert_int_equal(f->lines[0].rises, 1);
	count16(f, 0, 100, at(2500));	/* restart from here */
	assert_true(i8254_next_deadline(&f->pit, at(2500)) ==
		    at(2500) + i8254_ticks_to_ns_ceil(100) ||
		    i8254_next_deadline(&f->pit, at(2500)) + 1 ==
		    at(2500) + i8254_ticks_to_ns_ceil(100));
	i8254_update_irq(&f->pit, at(2500) + at(101));
	assert_int_equal(f->lines[0].rises, 2);
}

static void pit_reprogram_logs_unimp_once(void **state)
{
	struct pit_fixture *f = *state;

	cw(f, 0x34, 0);
	count16(f, 0, 1000, 0);
	count16(f, 0, 900, at(10));
	count16(f, 0, 800, at(20));
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
}

int run_pit_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(pit_time_conversions),
		T(pit_mode2_counts_down_and_reloads),
		T(pit_mode2_irq_per_period),
		T(pit_missed_periods_coalesce),
		T(pit_owed_ticks_paid_one_at_a_time),
		T(pit_mode3_square_wave),
		T(pit_mode3_odd_count),
		T(pit_mode0_one_shot),
		T(pit_mode0_first_byte_stops),
		T(pit_linux_shutdown_sequence),
		T(pit_mode4_oneshot_strobe),
		T(pit_bcd_counting),
		T(pit_lsb_and_msb_only),
		T(pit_latch_holds_value),
		T(pit_readback_status),
		T(pit_readback_count_and_status),
		T(pit_control_register_unreadable),
		T(pit_modes_6_7_alias_2_3),
		T(pit_linux_calibrate_tsc),
		T(pit_linux_quick_calibrate_msb),
		T(pit_gate2_pauses_mode0),
		T(pit_mode1_gate_triggered),
		T(pit_mode5_gate_strobe),
		T(pit_mode2_gate_low_forces_out_high),
		T(pit_port61_bits),
		T(pit_ch0_reprogram_resets_edges),
		T(pit_reprogram_logs_unimp_once),
#undef T
	};

	return cmocka_run_group_tests_name("pit", tests, NULL, NULL);
}
