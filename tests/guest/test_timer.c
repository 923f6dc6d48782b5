// SPDX-License-Identifier: GPL-2.0
/*
 * test_timer.c - timer interrupts from the 8254 through the 8259: vector
 * remapping, hlt, masking at the PIC and with cli, the tick rate checked
 * against the TSC and against the RTC, and interrupts that nest inside a
 * handler or arrive at ring 3.
 *
 * Emulated time is coarse (QEMU TCG, or a VMM's host timers), so rates
 * are checked with wide tolerances and nothing here is a performance
 * assertion.  Every wait is bounded.
 */
#include "guest.h"
#include "ring3.h"

#define TICK_HZ		1000
#define RTC_SECONDS	0x00
#define RTC_STATUS_A	0x0a
#define RTC_UIP		0x80

static volatile u32 irq_vector_seen, irq_cs_seen, nested_outer;
static volatile bool nested_done;

static void timer_irq(struct trap_frame *f)
{
	timer_ticks++;
	r3_ticks++;
	irq_vector_seen = f->vector;
	irq_cs_seen = f->cs;
	if (trap_depth >= 2 && !nested_done) {
		nested_outer = trap_outer_vector();
		nested_done = true;
	}
	pic_eoi(0);
}

/* Wait (halting) until `n` more ticks arrived or `limit` hlts passed. */
static bool wait_ticks(u32 n, u32 limit)
{
	u32 start = timer_ticks;

	while (timer_ticks - start < n && limit--)
		asm volatile("sti\n\thlt\n\tcli" : : : "memory");
	return timer_ticks - start >= n;
}

static u32 cycles_per_ms(void)
{
	return tsc_khz ? tsc_khz : 1000000;
}

static void test_delivery(void)
{
	u32 t, mask;

	pic_set_mask(0xffff);
	mask = pic_get_mask();
	pic_set_mask(0xfffa);
	tap_result(mask == 0xffff && pic_get_mask() == 0xfffa,
		   "8259: the interrupt mask register reads back what was written");

	irq_vector_seen = 0;
	t = timer_ticks;
	asm volatile("sti\n\thlt\n\tcli" : : : "memory");
	tap_result(timer_ticks != t && irq_vector_seen == VEC_IRQ0,
		   "hlt: wakes on IRQ0 from the 8254, delivered at vector 0x20");

	/* With IF clear nothing arrives; sti lets the pending tick in. */
	t = timer_ticks;
	delay_cycles(5ull * cycles_per_ms());
	mask = timer_ticks;
	wait_ticks(1, 1000);
	tap_result(mask == t && timer_ticks != t,
		   "cli: no timer interrupt while IF=0, sti lets it in");

	pic_set_mask(0xfffb);
	t = timer_ticks;
	irq_enable();
	delay_cycles(5ull * cycles_per_ms());
	irq_disable();
	mask = timer_ticks;
	pic_set_mask(0xfffa);
	wait_ticks(1, 1000);
	tap_result(mask == t && timer_ticks != t,
		   "8259 mask: a masked IRQ0 is held off, unmasking delivers it");
}

static void test_rate_tsc(void)
{
	u64 t0, t1, hz = 0;

	if (tsc_khz) {
		wait_ticks(1, 1000);
		t0 = rdtsc();
		if (wait_ticks(100, 100000)) {
			t1 = rdtsc();
			hz = udiv64(100ull * tsc_khz * 1000, t1 - t0);
		}
	}
	tap_diag("TSC %u kHz, tick rate %llu Hz (programmed %u)", tsc_khz, hz,
		 TICK_HZ);
	tap_result(hz >= TICK_HZ / 3 && hz <= TICK_HZ * 3,
		   "8254: tick rate against the TSC (calibrated on PIT channel 2) within 3x");
}

static u8 rtc_seconds(void)
{
	u32 spins = 0;

	while ((cmos_read(RTC_STATUS_A) & RTC_UIP) && spins++ < 100000)
		;
	return cmos_read(RTC_SECONDS);
}

/* Wait for the RTC seconds register to change; false after ~3 s. */
static bool rtc_next_second(void)
{
	u8 s = rtc_seconds();
	u32 start = timer_ticks;

	while (rtc_seconds() == s) {
		if (timer_ticks - start > 3 * TICK_HZ)
			return false;
		asm volatile("sti\n\thlt\n\tcli" : : : "memory");
	}
	return true;
}

static void test_rate_rtc(void)
{
	u32 t0, ticks = 0;
	bool ok = rtc_next_second();

	t0 = timer_ticks;
	if (ok)
		ok = rtc_next_second();
	if (ok)
		ticks = timer_ticks - t0;
	tap_diag("%u ticks in one RTC second", ticks);
	tap_result(ok, "RTC: the seconds register advances");
	tap_result(ticks >= TICK_HZ / 2 && ticks <= TICK_HZ * 2,
		   "8254 against the RTC: ticks per RTC second within 2x of the rate");
}

/* Runs through the DPL 0 trap gate with IF=1: the tick nests in it. */
static void wait_in_handler(struct trap_frame *f)
{
	u32 limit = 1000;

	(void)f;
	while (!nested_done && limit--)
		asm volatile("hlt" : : : "memory");
}

static void test_nesting(void)
{
	u32 v;

	nested_done = false;
	nested_outer = 0;
	soft_set_handler(VEC_SOFT_TGATE, wait_in_handler);
	irq_enable();
	asm volatile("int $0x41" : : : "memory");
	irq_disable();
	tap_result(nested_done && nested_outer == VEC_SOFT_TGATE,
		   "nested: IRQ0 interrupts a handler running with IF=1");

	irq_cs_seen = 0;
	v = user_run(r3_wait_ticks, 3);
	tap_result(v >= 3 && irq_cs_seen == USER_CS,
		   "IRQ0 interrupts ring 3 and returns to it");
}

void test_timer(void)
{
	irq_set_handler(0, timer_irq);
	pit_set_rate(TICK_HZ);
	test_delivery();
	test_rate_tsc();
	test_rate_rtc();
	test_nesting();
	pic_set_mask(0xfffb);
}
