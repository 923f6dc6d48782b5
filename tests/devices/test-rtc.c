// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-rtc.c - the MC146818A core with a hand-stepped
 * clock: register encodings, calendar roll-overs, the UIP window, the
 * three interrupt sources on IRQ 8, the divider and SET bits, the CMOS
 * memory fields, and Linux 6.1's mc146818_get_time()/set_time()
 * sequences.
 */
#include "devtest.h"
#include "mc146818.h"

#define SEC		1000000000ull
#define MS		1000000ull
#define US		1000ull
#define T_2026		1795559963ull	/* 2026-11-24 22:39:23 UTC, Tue */

struct rtc_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct fake_line lines[FAKE_NR_LINES];
	struct mc146818 rtc;
};

static int setup(void **state)
{
	struct rtc_fixture *f = calloc(1, sizeof(*f));
	struct dev_irq irq = fake_irq(f->lines, 8);

	fake_backend_init(&f->fb);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	rtc_init(&f->rtc, &irq, &f->be);
	rtc_reset(&f->rtc, 0, T_2026);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static u8 rd(struct rtc_fixture *f, u8 reg, u64 now)
{
	return rtc_reg_read(&f->rtc, reg, now);
}

static void wr(struct rtc_fixture *f, u8 reg, u8 val, u64 now)
{
	rtc_reg_write(&f->rtc, reg, val, now);
}

static void rtc_reset_time_bcd(void **state)
{
	struct rtc_fixture *f = *state;

	assert_int_equal(rd(f, RTC_SECONDS, 0), 0x23);
	assert_int_equal(rd(f, RTC_MINUTES, 0), 0x39);
	assert_int_equal(rd(f, RTC_HOURS, 0), 0x22);
	assert_int_equal(rd(f, RTC_DAY_OF_WEEK, 0), 3);
	assert_int_equal(rd(f, RTC_DAY_OF_MONTH, 0), 0x24);
	assert_int_equal(rd(f, RTC_MONTH, 0), 0x11);
	assert_int_equal(rd(f, RTC_YEAR, 0), 0x26);
	assert_int_equal(rd(f, RTC_CENTURY, 0), 0x20);
	assert_int_equal(rd(f, RTC_REG_A, 0), 0x26);
	assert_int_equal(rd(f, RTC_REG_B, 0), 0x02);
	assert_int_equal(rd(f, RTC_REG_D, 0), 0x80);
}

static void rtc_binary_and_12_hour(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_B, 0x06, 0);	/* binary, 24 h */
	assert_int_equal(rd(f, RTC_HOURS, 0), 22);
	assert_int_equal(rd(f, RTC_YEAR, 0), 26);
	wr(f, RTC_REG_B, 0x04, 0);	/* binary, 12 h */
	assert_int_equal(rd(f, RTC_HOURS, 0), 0x80 | 10);	/* 10 PM */
	wr(f, RTC_REG_B, 0x00, 0);	/* BCD, 12 h */
	assert_int_equal(rd(f, RTC_HOURS, 0), 0x90);
	/* Midnight and noon are 12 AM and 12 PM. */
	wr(f, RTC_HOURS, 0x12, 0);	/* 12 AM = 00 h */
	wr(f, RTC_REG_B, 0x02, 0);
	assert_int_equal(rd(f, RTC_HOURS, 0), 0x00);
	wr(f, RTC_REG_B, 0x00, 0);
	wr(f, RTC_HOURS, 0x92, 0);	/* 12 PM */
	wr(f, RTC_REG_B, 0x02, 0);
	assert_int_equal(rd(f, RTC_HOURS, 0), 0x12);
}

static void rtc_advances_with_clock(void **state)
{
	struct rtc_fixture *f = *state;

	/* The first update comes one second after reset. */
	assert_int_equal(rd(f, RTC_SECONDS, SEC - 1), 0x23);
	assert_int_equal(rd(f, RTC_SECONDS, SEC), 0x24);
	assert_int_equal(rd(f, RTC_MINUTES, SEC + 37 * SEC), 0x40);
	assert_true(rtc_epoch_seconds(&f->rtc, 3600 * SEC) ==
		    T_2026 + 3600);
	assert_int_equal(rd(f, RTC_DAY_OF_MONTH, 3600 * SEC), 0x24);
	assert_int_equal(rd(f, RTC_HOURS, 3600 * SEC), 0x23);
	assert_int_equal(rd(f, RTC_DAY_OF_MONTH, 7200 * SEC), 0x25);
	assert_int_equal(rd(f, RTC_DAY_OF_WEEK, 7200 * SEC), 4);
}

static void rtc_calendar_rollovers(void **state)
{
	struct rtc_fixture *f = *state;
	static const struct {
		u64 epoch;
		u8 mday, mon, year, cent, wday;
	} cases[] = {
		{ 1709164799, 0x29, 0x02, 0x24, 0x20, 5 },	/* leap day */
		{ 1677628799, 0x01, 0x03, 0x23, 0x20, 4 },	/* no leap */
		{ 4102444799, 0x01, 0x01, 0x00, 0x21, 6 },	/* century */
	};
	unsigned int i;

	for (i = 0; i < DEV_ARRAY_SIZE(cases); i++) {
		rtc_reset(&f->rtc, 0, cases[i].epoch);
		assert_int_equal(rd(f, RTC_SECONDS, SEC), 0x00);
		assert_int_equal(rd(f, RTC_DAY_OF_MONTH, SEC), cases[i].mday);
		assert_int_equal(rd(f, RTC_MONTH, SEC), cases[i].mon);
		assert_int_equal(rd(f, RTC_YEAR, SEC), cases[i].year);
		assert_int_equal(rd(f, RTC_CENTURY, SEC), cases[i].cent);
		assert_int_equal(rd(f, RTC_DAY_OF_WEEK, SEC), cases[i].wday);
	}
}

/* UIP rises 244 us before the update and stays for the 1984 us cycle. */
static void rtc_uip_window(void **state)
{
	struct rtc_fixture *f = *state;
	u64 upd = SEC;

	assert_false(rd(f, RTC_REG_A, upd - 2228 * US - 1) & 0x80);
	assert_true(rd(f, RTC_REG_A, upd - 2228 * US) & 0x80);
	assert_true(rd(f, RTC_REG_A, upd - 1) & 0x80);
	assert_false(rd(f, RTC_REG_A, upd) & 0x80);
}

/*
 * mc146818_get_time(): read seconds, check UIP, re-check seconds, read
 * the rest, check UIP and seconds again; retry after udelay(100) while
 * UIP.  Run it from just before an update: it must come back with a
 * consistent reading taken after the update.
 */
static void rtc_linux_get_time(void **state)
{
	struct rtc_fixture *f = *state;
	u64 now = SEC - 2200 * US;	/* inside the UIP window */
	unsigned int retries = 0;
	u8 sec, min, hour, mday, mon, year, ctrl;

again:
	sec = rd(f, RTC_SECONDS, now);
	now += 2 * US;
	if (rd(f, RTC_REG_A, now) & 0x80) {
		now += 100 * US;
		retries++;
		goto again;
	}
	if (sec != rd(f, RTC_SECONDS, now))
		goto again;
	min = rd(f, RTC_MINUTES, now);
	hour = rd(f, RTC_HOURS, now);
	mday = rd(f, RTC_DAY_OF_MONTH, now);
	mon = rd(f, RTC_MONTH, now);
	year = rd(f, RTC_YEAR, now);
	ctrl = rd(f, RTC_REG_B, now);
	if ((rd(f, RTC_REG_A, now) & 0x80) || sec != rd(f, RTC_SECONDS, now))
		goto again;
	assert_false(rd(f, RTC_REG_D, now) & 0x40);
	assert_false(ctrl & 0x04);			/* BCD */
	assert_in_range(retries, 21, 24);		/* ~2.2 ms of UIP */
	assert_int_equal(sec, 0x24);
	assert_int_equal(min, 0x39);
	assert_int_equal(hour, 0x22);
	assert_int_equal(mday, 0x24);
	assert_int_equal(mon, 0x11);
	assert_int_equal(year, 0x26);
}

/* mc146818_set_time(): SET, divider reset, write, restore. */
static void rtc_linux_set_time(void **state)
{
	struct rtc_fixture *f = *state;
	u64 now = 10 * SEC + 300 * MS;
	u8 save_control, save_freq_select;

	save_control = rd(f, RTC_REG_B, now);
	wr(f, RTC_REG_B, save_control | 0x80, now);
	save_freq_select = rd(f, RTC_REG_A, now);
	wr(f, RTC_REG_A, save_freq_select | 0x70, now);	/* DIV_RESET2 */
	wr(f, RTC_YEAR, 0x00, now);
	wr(f, RTC_MONTH, 0x01, now);
	wr(f, RTC_DAY_OF_MONTH, 0x01, now);
	wr(f, RTC_HOURS, 0x00, now);
	wr(f, RTC_MINUTES, 0x00, now);
	wr(f, RTC_SECONDS, 0x00, now);
	wr(f, RTC_REG_B, save_control, now);
	wr(f, RTC_REG_A, save_freq_select, now);
	/* Stands still for half a second, then counts. */
	assert_true(rtc_epoch_seconds(&f->rtc, now + 499 * MS) == 946684800);
	assert_true(rtc_epoch_seconds(&f->rtc, now + 500 * MS) == 946684801);
	assert_int_equal(rd(f, RTC_DAY_OF_WEEK, now), 7);	/* Saturday */
}

static void rtc_set_bit_freezes_and_clears_uie(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_B, 0x12, 0);		/* UIE */
	wr(f, RTC_REG_B, 0x92, 100 * MS);	/* SET */
	assert_int_equal(rd(f, RTC_REG_B, 100 * MS), 0x82);
	assert_int_equal(rd(f, RTC_SECONDS, 5 * SEC), 0x23);
	assert_false(rd(f, RTC_REG_A, 5 * SEC - 1 * MS) & 0x80);
	wr(f, RTC_REG_B, 0x02, 5 * SEC + 500 * MS);
	/* The divider kept its phase: next update at 6 s. */
	assert_int_equal(rd(f, RTC_SECONDS, 6 * SEC - 1), 0x23);
	assert_int_equal(rd(f, RTC_SECONDS, 6 * SEC), 0x24);
}

static void rtc_periodic_interrupt(void **state)
{
	struct rtc_fixture *f = *state;
	u64 t;
	unsigned int i;

	/* Register A is 0x26: 1024 Hz, every 976.5625 us. */
	wr(f, RTC_REG_B, 0x42, 0);
	t = rtc_next_deadline(&f->rtc, 0);
	assert_true(t == 976563);
	for (i = 1; i <= 4; i++) {
		rtc_update_irq(&f->rtc, t - 1);
		assert_int_equal(f->lines[8].rises, i - 1);
		rtc_update_irq(&f->rtc, t);
		assert_int_equal(f->lines[8].rises, i);
		/* No deadline while IRQF waits for a read of C. */
		assert_true(rtc_next_deadline(&f->rtc, t) == DEV_U64_MAX);
		assert_int_equal(rd(f, RTC_REG_C, t), 0xc0);
		assert_false(f->lines[8].level);
		t = rtc_next_deadline(&f->rtc, t);
		/* ceil(976562.5 ns * (i + 1)) */
		assert_true(t == (976562500ull * (i + 1) + 999) / 1000);
	}
}

static void rtc_periodic_rates(void **state)
{
	struct rtc_fixture *f = *state;
	static const struct {
		u8 rs;
		u64 period_ns;
	} rates[] = {
		{ 1, 3906250 }, { 2, 7812500 }, { 3, 122071 },
		{ 6, 976563 }, { 15, 500000000 },
	};
	unsigned int i;

	wr(f, RTC_REG_B, 0x42, 0);
	for (i = 0; i < DEV_ARRAY_SIZE(rates); i++) {
		rtc_reset(&f->rtc, 0, T_2026);
		wr(f, RTC_REG_B, 0x42, 0);
		wr(f, RTC_REG_A, 0x20 | rates[i].rs, 0);
		assert_true(rtc_next_deadline(&f->rtc, 0) ==
			    rates[i].period_ns);
	}
	wr(f, RTC_REG_A, 0x20, 0);	/* rate 0: none */
	assert_true(rtc_next_deadline(&f->rtc, 0) == DEV_U64_MAX);
}

static void rtc_pf_without_pie_sets_flag_only(void **state)
{
	struct rtc_fixture *f = *state;

	rtc_update_irq(&f->rtc, 5 * MS);
	assert_false(f->lines[8].level);
	assert_int_equal(rd(f, RTC_REG_C, 5 * MS), 0x40);
	assert_int_equal(rd(f, RTC_REG_C, 5 * MS), 0x00);
}

static void rtc_update_ended_interrupt(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_A, 0x20, 0);	/* no periodic noise */
	wr(f, RTC_REG_B, 0x12, 0);
	assert_true(rtc_next_deadline(&f->rtc, 0) == SEC);
	rtc_update_irq(&f->rtc, SEC);
	assert_true(f->lines[8].level);
	assert_int_equal(rd(f, RTC_REG_C, SEC), 0x90);
	assert_true(rtc_next_deadline(&f->rtc, SEC) == 2 * SEC);
}

static void rtc_alarm_interrupt(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_A, 0x20, 0);
	wr(f, RTC_SECONDS_ALARM, 0x25, 0);
	wr(f, RTC_MINUTES_ALARM, 0x39, 0);
	wr(f, RTC_HOURS_ALARM, 0x22, 0);
	wr(f, RTC_REG_B, 0x22, 0);	/* AIE */
	rtc_update_irq(&f->rtc, SEC);	/* :24 */
	assert_false(f->lines[8].level);
	rd(f, RTC_REG_C, SEC);
	rtc_update_irq(&f->rtc, 2 * SEC);	/* :25 */
	assert_true(f->lines[8].level);
	assert_int_equal(rd(f, RTC_REG_C, 2 * SEC), 0xb0);
}

static void rtc_alarm_dont_care_and_long_idle(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_A, 0x20, 0);
	wr(f, RTC_SECONDS_ALARM, 0x00, 0);
	wr(f, RTC_MINUTES_ALARM, 0xc0, 0);	/* every minute at :00 */
	wr(f, RTC_HOURS_ALARM, 0xff, 0);
	assert_int_equal(rd(f, RTC_REG_C, 36 * SEC) & 0x20, 0);	/* :59 */
	assert_int_equal(rd(f, RTC_REG_C, 37 * SEC) & 0x20, 0x20);
	/* Two idle days: the pattern matched somewhere in between. */
	wr(f, RTC_HOURS_ALARM, 0x05, 37 * SEC);
	assert_int_equal(rd(f, RTC_REG_C, 2 * 86400 * SEC) & 0x20, 0x20);
	/* An alarm byte that can never match never fires. */
	wr(f, RTC_HOURS_ALARM, 0x77, 0);
	rd(f, RTC_REG_C, 2 * 86400 * SEC);
	assert_int_equal(rd(f, RTC_REG_C, 5 * 86400 * SEC) & 0x20, 0);
}

static void rtc_read_only_registers(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_D, 0x00, 0);
	assert_int_equal(rd(f, RTC_REG_D, 0), 0x80);
	wr(f, RTC_REG_C, 0xff, 0);
	assert_int_equal(rd(f, RTC_REG_C, 0), 0x00);
	wr(f, RTC_REG_A, 0xa6, 0);	/* UIP is read only */
	assert_int_equal(rd(f, RTC_REG_A, 0) & 0x7f, 0x26);
}

/* Port 0x70 bit 7 masks NMI; the index is 7 bits; 0x70 reads float. */
static void rtc_ports_index_and_nmi(void **state)
{
	struct rtc_fixture *f = *state;

	rtc_write(&f->rtc, RTC_INDEX, 0x80 | 0x34, 0);
	assert_true(f->rtc.nmi_masked);
	rtc_write(&f->rtc, RTC_DATA, 0x5a, 0);
	rtc_write(&f->rtc, RTC_INDEX, 0x34, 0);
	assert_false(f->rtc.nmi_masked);
	assert_int_equal(rtc_read(&f->rtc, RTC_DATA, 0), 0x5a);
	assert_int_equal(rtc_read(&f->rtc, RTC_INDEX, 0), 0xff);
	rtc_write(&f->rtc, RTC_INDEX, 0x7f, 0);
	rtc_write(&f->rtc, RTC_DATA, 0x11, 0);
	assert_int_equal(rd(f, 0x7f, 0), 0x11);
}

static void check_memory(struct rtc_fixture *f, u64 bytes, u16 base,
			 u16 ext, u16 high)
{
	u16 sum = 0;
	unsigned int i;

	memset(f->rtc.cmos + 0x10, 0, 0x30);
	rtc_set_memory(&f->rtc, bytes);
	assert_int_equal(rd(f, 0x15, 0) | rd(f, 0x16, 0) << 8, base);
	assert_int_equal(rd(f, 0x17, 0) | rd(f, 0x18, 0) << 8, ext);
	assert_int_equal(rd(f, 0x30, 0) | rd(f, 0x31, 0) << 8, ext);
	assert_int_equal(rd(f, 0x34, 0) | rd(f, 0x35, 0) << 8, high);
	for (i = 0x10; i <= 0x2d; i++)
		sum = (u16)(sum + rd(f, (u8)i, 0));
	assert_int_equal(rd(f, 0x2e, 0) << 8 | rd(f, 0x2f, 0), sum);
}

static void rtc_cmos_memory_fields(void **state)
{
	struct rtc_fixture *f = *state;

	check_memory(f, 32ull << 20, 640, 31 * 1024, (32 - 16) * 16);
	check_memory(f, 128ull << 20, 640, 0xffff, (128 - 16) * 16);
	check_memory(f, 1ull << 20, 640, 0, 0);
	check_memory(f, 8ull << 30, 640, 0xffff, 0xffff);
	assert_int_equal(rd(f, 0x14, 0) & 0x02, 0x02);	/* FPU */
}

static void rtc_nvram_keeps_bytes(void **state)
{
	struct rtc_fixture *f = *state;
	unsigned int i;

	for (i = 0x0e; i < RTC_CMOS_SIZE; i++)
		if (i != RTC_CENTURY)
			wr(f, (u8)i, (u8)(i ^ 0x5a), 0);
	rtc_reset(&f->rtc, 0, T_2026);	/* battery backed */
	for (i = 0x0e; i < RTC_CMOS_SIZE; i++)
		if (i != RTC_CENTURY)
			assert_int_equal(rd(f, (u8)i, 0), i ^ 0x5a);
}

static void rtc_divider_reset_stops_clock(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_A, 0x66, 0);
	assert_int_equal(rd(f, RTC_SECONDS, 10 * SEC), 0x23);
	assert_false(rd(f, RTC_REG_A, 10 * SEC - 1 * MS) & 0x80);
	/* Another time base is not modelled: stopped, logged. */
	wr(f, RTC_REG_A, 0x06, 0);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
}

/* Garbage in every register: no crash, values folded into range. */
static void rtc_garbage_writes(void **state)
{
	struct rtc_fixture *f = *state;
	unsigned int r;

	for (r = 0; r < 0x0a; r++)
		wr(f, (u8)r, 0xff, 0);
	wr(f, RTC_CENTURY, 0xff, 0);
	assert_in_range(dev_bcd_to_bin(rd(f, RTC_MONTH, 0)), 1, 12);
	assert_in_range(dev_bcd_to_bin(rd(f, RTC_DAY_OF_MONTH, 0)), 1, 31);
	assert_in_range(dev_bcd_to_bin(rd(f, RTC_SECONDS, 0)), 0, 59);
	assert_in_range(dev_bcd_to_bin(rd(f, RTC_HOURS, 0)), 0, 23);
}

static void rtc_day_of_week_write_is_kept(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_DAY_OF_WEEK, 0x01, 0);	/* guest says Sunday */
	assert_int_equal(rd(f, RTC_DAY_OF_WEEK, 0), 1);
	assert_int_equal(rd(f, RTC_DAY_OF_WEEK, 86400 * SEC), 2);
}

static void rtc_dse_logs_unimp(void **state)
{
	struct rtc_fixture *f = *state;

	wr(f, RTC_REG_B, 0x03, 0);
	wr(f, RTC_REG_B, 0x03, 0);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
}

int run_rtc_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(rtc_reset_time_bcd),
		T(rtc_binary_and_12_hour),
		T(rtc_advances_with_clock),
		T(rtc_calendar_rollovers),
		T(rtc_uip_window),
		T(rtc_linux_get_time),
		T(rtc_linux_set_time),
		T(rtc_set_bit_freezes_and_clears_uie),
		T(rtc_periodic_interrupt),
		T(rtc_periodic_rates),
		T(rtc_pf_without_pie_sets_flag_only),
		T(rtc_update_ended_interrupt),
		T(rtc_alarm_interrupt),
		T(rtc_alarm_dont_care_and_long_idle),
		T(rtc_read_only_registers),
		T(rtc_ports_index_and_nmi),
		T(rtc_cmos_memory_fields),
		T(rtc_nvram_keeps_bytes),
		T(rtc_divider_reset_stops_clock),
		T(rtc_garbage_writes),
		T(rtc_day_of_week_write_is_kept),
		T(rtc_dse_logs_unimp),
#undef T
	};

	return cmocka_run_group_tests_name("rtc", tests, NULL, NULL);
}
