// SPDX-License-Identifier: GPL-2.0
/*
 * devices/mc146818.c - register core of the MC146818A RTC and PC CMOS.
 *
 * Written from the Motorola MC146818A datasheet (and the DS12887, its
 * pin-compatible successor, where the former is terse).  Contents:
 *
 *   (i)    calendar arithmetic: a second count <-> date and time
 *   (ii)   register encoding: BCD or binary, 12 or 24 hours
 *   (iii)  advancing the clock: updates, UF, AF; the periodic rate, PF
 *   (iv)   update-in-progress, the window guests poll (mc146818_get_time)
 *   (v)    register reads and writes, registers A-D
 *   (vi)   IRQ 8 and the next deadline
 *   (vii)  CMOS contents a PC BIOS would leave: memory sizes, checksum
 *
 * Deliberate simplifications: switching DM or 24/12 shows the new format
 * at once (the chip would keep the old bytes until rewritten); out-of-
 * range date and time values are folded into range when written (the
 * datasheet leaves the result undefined); daylight saving is not done.
 */
#include "mc146818.h"

/* Register A */
#define REG_A_UIP		0x80	/* update in progress (read only) */
#define REG_A_DV_MASK		0x70	/* divider chain select */
#define REG_A_DV_32K		0x20	/* 32.768 kHz time base, running */
#define REG_A_RS_MASK		0x0f	/* periodic rate select */
#define REG_A_WRITABLE		0x7f
/* What a PC BIOS programs: 32.768 kHz, 1024 Hz periodic rate. */
#define REG_A_BIOS		0x26

/* Register B */
#define REG_B_SET		0x80	/* stop updates to set the time */
#define REG_B_PIE		0x40	/* periodic interrupt enable */
#define REG_B_AIE		0x20	/* alarm interrupt enable */
#define REG_B_UIE		0x10	/* update-ended interrupt enable */
#define REG_B_SQWE		0x08	/* square-wave pin: not wired on PCs */
#define REG_B_DM_BINARY		0x04	/* 1 = binary, 0 = BCD */
#define REG_B_24H		0x02	/* 1 = 24-hour mode */
#define REG_B_DSE		0x01	/* daylight saving enable */
/* BIOS default: BCD, 24 hours, no interrupts. */
#define REG_B_BIOS		REG_B_24H

/* Register C */
#define REG_C_IRQF		0x80	/* an enabled flag below is set */
#define REG_C_PF		0x40	/* periodic */
#define REG_C_AF		0x20	/* alarm */
#define REG_C_UF		0x10	/* update ended */

/* Register D */
#define REG_D_VRT		0x80	/* valid RAM and time: battery good */

#define HOUR_PM			0x80	/* 12-hour mode: PM flag */
#define ALARM_DONT_CARE		0xc0	/* both top bits: matches anything */

/* Times of the update cycle (datasheet, figure "update period"). */
#define UIP_LEAD_NS		244000u		/* UIP before the update */
#define UPDATE_CYCLE_NS		1984000u	/* the update itself */
#define UIP_WINDOW_NS		(UIP_LEAD_NS + UPDATE_CYCLE_NS)
/* First update after the divider leaves reset. */
#define DIVIDER_START_NS	500000000u
#define DIVIDER_HZ		32768u

#define SECS_PER_DAY		86400u

/* CMOS map (IBM PC/AT, as BIOSes and bootloaders read it). */
#define CMOS_EQUIPMENT		0x14	/* bit 1: maths coprocessor */
#define CMOS_BASE_MEM_LO	0x15	/* KiB below 1 MiB */
#define CMOS_BASE_MEM_HI	0x16
#define CMOS_EXT_MEM_LO		0x17	/* KiB above 1 MiB, max 65535 */
#define CMOS_EXT_MEM_HI		0x18
#define CMOS_CHECKSUM_FIRST	0x10	/* range summed into 0x2e/0x2f */
#define CMOS_CHECKSUM_LAST	0x2d
#define CMOS_CHECKSUM_HI	0x2e
#define CMOS_CHECKSUM_LO	0x2f
#define CMOS_EXT_MEM2_LO	0x30	/* copy of 0x17/0x18 */
#define CMOS_EXT_MEM2_HI	0x31
#define CMOS_HIGH_MEM_LO	0x34	/* 64 KiB units above 16 MiB */
#define CMOS_HIGH_MEM_HI	0x35
#define EQUIPMENT_FPU		0x02
#define BASE_MEM_KIB		640u

#define RTC_NONE		DEV_U64_MAX

#define UNIMP_DSE		0
#define UNIMP_TIMEBASE		1

/*
 * (i) Calendar.  Days are counted from 1 March of year -400 so that all
 * years the registers can hold (0-9999) give positive numbers; the year
 * starts in March so that the leap day is the last day of a year.  This
 * is the usual era (400-year) decomposition of the Gregorian calendar.
 */
#define YEAR_BIAS		400u
#define DAYS_PER_ERA		146097u

struct rtc_tm {
	u32 sec, min, hour;	/* 0-59, 0-59, 0-23 */
	u32 mday, mon, year;	/* 1-31, 1-12, full year */
	u32 wday;		/* 0 = Sunday */
};

static u32 days_from_civil(u32 year, u32 mon, u32 mday)
{
	u32 y = year + YEAR_BIAS - (mon <= 2);
	u32 era = y / 400, yoe = y % 400;
	u32 doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + mday - 1;
	u32 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * DAYS_PER_ERA + doe;
}

static void civil_from_days(u32 days, struct rtc_tm *tm)
{
	u32 era = days / DAYS_PER_ERA, doe = days % DAYS_PER_ERA;
	u32 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	u32 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	u32 mp = (5 * doy + 2) / 153;

	tm->mday = doy - (153 * mp + 2) / 5 + 1;
	tm->mon = mp < 10 ? mp + 3 : mp - 9;
	tm->year = era * 400 + yoe + (tm->mon <= 2) - YEAR_BIAS;
}

static u32 days_1970(void)
{
	return days_from_civil(1970, 1, 1);
}

static void secs_to_tm(u64 secs, struct rtc_tm *tm)
{
	u32 tod;
	u32 days = (u32)dev_div64_32(secs, SECS_PER_DAY, &tod);

	tm->hour = tod / 3600;
	tm->min = tod / 60 % 60;
	tm->sec = tod % 60;
	civil_from_days(days, tm);
	/* 1970-01-01 was a Thursday (4); the bias keeps this unsigned. */
	tm->wday = (days % 7 + 7 * 2 + 4 - days_1970() % 7) % 7;
}

static u64 tm_to_secs(const struct rtc_tm *tm)
{
	u32 days = days_from_civil(tm->year, tm->mon, tm->mday);

	return (u64)days * SECS_PER_DAY + tm->hour * 3600 + tm->min * 60 +
	       tm->sec;
}

/* (ii) Register encodings under register B's DM and 24/12 bits. */
static u8 enc(const struct mc146818 *rtc, u32 v)
{
	if (rtc->cmos[RTC_REG_B] & REG_B_DM_BINARY)
		return (u8)v;
	return dev_bin_to_bcd((u8)(v % 100));
}

static u32 dec(const struct mc146818 *rtc, u8 v)
{
	if (rtc->cmos[RTC_REG_B] & REG_B_DM_BINARY)
		return v;
	return dev_bcd_to_bin(v);
}

static u8 enc_hour(const struct mc146818 *rtc, u32 hour)
{
	u32 h12 = hour % 12 ? hour % 12 : 12;

	if (rtc->cmos[RTC_REG_B] & REG_B_24H)
		return enc(rtc, hour);
	return (u8)(enc(rtc, h12) | (hour >= 12 ? HOUR_PM : 0));
}

static u32 dec_hour(const struct mc146818 *rtc, u8 v)
{
	u32 h;

	if (rtc->cmos[RTC_REG_B] & REG_B_24H)
		return dec(rtc, v) % 24;
	h = dec(rtc, v & (u8)~HOUR_PM) % 12;
	return (v & HOUR_PM) ? h + 12 : h;
}

/* The byte the time register @reg holds when the time is @secs. */
static u8 time_reg(const struct mc146818 *rtc, u8 reg, u64 secs)
{
	struct rtc_tm tm;

	secs_to_tm(secs, &tm);
	switch (reg) {
	case RTC_SECONDS:
		return enc(rtc, tm.sec);
	case RTC_MINUTES:
		return enc(rtc, tm.min);
	case RTC_HOURS:
		return enc_hour(rtc, tm.hour);
	case RTC_DAY_OF_WEEK:
		return enc(rtc, (tm.wday + rtc->wday_offset) % 7 + 1);
	case RTC_DAY_OF_MONTH:
		return enc(rtc, tm.mday);
	case RTC_MONTH:
		return enc(rtc, tm.mon);
	case RTC_YEAR:
		return enc(rtc, tm.year % 100);
	default:
		return enc(rtc, tm.year / 100);
	}
}

/* A time register was written: fold the new field into the count. */
static void time_reg_write(struct mc146818 *rtc, u8 reg, u8 val)
{
	struct rtc_tm tm;
	u32 v = dec(rtc, val);

	secs_to_tm(rtc->secs, &tm);
	switch (reg) {
	case RTC_SECONDS:
		tm.sec = v % 60;
		break;
	case RTC_MINUTES:
		tm.min = v % 60;
		break;
	case RTC_HOURS:
		tm.hour = dec_hour(rtc, val);
		break;
	case RTC_DAY_OF_WEEK:
		/* Stored as an offset from the weekday the date implies. */
		rtc->wday_offset = (u8)((v + 6 + 7 - tm.wday % 7) % 7);
		return;
	case RTC_DAY_OF_MONTH:
		tm.mday = v % 32 ? v % 32 : 1;
		break;
	case RTC_MONTH:
		tm.mon = v % 13 ? v % 13 : 1;
		break;
	case RTC_YEAR:
		tm.year = tm.year / 100 * 100 + v % 100;
		break;
	default:
		tm.year = v % 100 * 100 + tm.year % 100;
		break;
	}
	rtc->secs = tm_to_secs(&tm);
}

static bool is_time_reg(u8 reg)
{
	return reg == RTC_SECONDS || reg == RTC_MINUTES ||
	       reg == RTC_HOURS || (reg >= RTC_DAY_OF_WEEK &&
				    reg <= RTC_YEAR) || reg == RTC_CENTURY;
}

static bool divider_runs(const struct mc146818 *rtc)
{
	return (rtc->cmos[RTC_REG_A] & REG_A_DV_MASK) == REG_A_DV_32K;
}

/* (iii) Does some second in (old, old + n] match the alarm bytes? */
static bool alarm_hit(const struct mc146818 *rtc, u64 old, u64 n)
{
	u8 as = rtc->cmos[RTC_SECONDS_ALARM];
	u8 am = rtc->cmos[RTC_MINUTES_ALARM];
	u8 ah = rtc->cmos[RTC_HOURS_ALARM];
	u32 k, span, tod;

	/* The pattern repeats daily: one day of seconds is enough. */
	span = n > SECS_PER_DAY ? SECS_PER_DAY : (u32)n;
	dev_div64_32(old + n - span, SECS_PER_DAY, &tod);
	for (k = 0; k < span; k++) {
		tod = (tod + 1) % SECS_PER_DAY;
		if ((as & ALARM_DONT_CARE) != ALARM_DONT_CARE &&
		    as != enc(rtc, tod % 60))
			continue;
		if ((am & ALARM_DONT_CARE) != ALARM_DONT_CARE &&
		    am != enc(rtc, tod / 60 % 60))
			continue;
		if ((ah & ALARM_DONT_CARE) != ALARM_DONT_CARE &&
		    ah != enc_hour(rtc, tod / 3600))
			continue;
		return true;
	}
	return false;
}

/* (iii) Periodic rate as a power of two of 32.768 kHz ticks, or -1. */
static int periodic_shift(const struct mc146818 *rtc)
{
	unsigned int rs = rtc->cmos[RTC_REG_A] & REG_A_RS_MASK;

	if (rs == 0)
		return -1;
	/* Rates 1 and 2 repeat rates 8 and 9 (256 and 128 Hz). */
	return rs <= 2 ? (int)rs + 6 : (int)rs - 1;
}

static u64 periodic_count(const struct mc146818 *rtc, u64 now)
{
	int shift = periodic_shift(rtc);

	if (shift < 0 || !divider_runs(rtc) || now < rtc->divider_ns)
		return 0;
	return dev_muldiv64(now - rtc->divider_ns, DIVIDER_HZ,
			    DEV_NS_PER_SEC) >> shift;
}

/* (iii) Bring the clock and the flags up to @now. */
static void rtc_sync(struct mc146818 *rtc, u64 now)
{
	u64 n, periods;

	if (rtc->running && now >= rtc->next_update_ns) {
		n = dev_div64_32(now - rtc->next_update_ns, DEV_NS_PER_SEC,
				 NULL) + 1;
		if (alarm_hit(rtc, rtc->secs, n))
			rtc->flags |= REG_C_AF;
		rtc->secs += n;
		rtc->next_update_ns += n * DEV_NS_PER_SEC;
		rtc->flags |= REG_C_UF;
	}
	periods = periodic_count(rtc, now);
	if (periods > rtc->periods_seen) {
		rtc->periods_seen = periods;
		rtc->flags |= REG_C_PF;
	}
}

/* Keep the sub-second phase while updates were held off by SET. */
static void realign_update(struct mc146818 *rtc, u64 now)
{
	if (now >= rtc->next_update_ns)
		rtc->next_update_ns +=
			(dev_div64_32(now - rtc->next_update_ns,
				      DEV_NS_PER_SEC, NULL) + 1) *
			DEV_NS_PER_SEC;
}

static void set_running(struct mc146818 *rtc, u64 now)
{
	bool run = divider_runs(rtc) &&
		   !(rtc->cmos[RTC_REG_B] & REG_B_SET);

	if (run && !rtc->running)
		realign_update(rtc, now);
	rtc->running = run;
}

/* (iv) UIP: set from 244 us before an update until it has ended. */
static bool uip(const struct mc146818 *rtc, u64 now)
{
	return rtc->running && now + UIP_WINDOW_NS >= rtc->next_update_ns;
}

static bool irqf(const struct mc146818 *rtc)
{
	u8 b = rtc->cmos[RTC_REG_B];

	return ((rtc->flags & REG_C_PF) && (b & REG_B_PIE)) ||
	       ((rtc->flags & REG_C_AF) && (b & REG_B_AIE)) ||
	       ((rtc->flags & REG_C_UF) && (b & REG_B_UIE));
}

/* (v) */
u8 rtc_reg_read(struct mc146818 *rtc, u8 reg, u64 now)
{
	u8 v;

	reg &= RTC_CMOS_SIZE - 1;
	rtc_sync(rtc, now);
	if (is_time_reg(reg))
		return time_reg(rtc, reg, rtc->secs);
	switch (reg) {
	case RTC_REG_A:
		v = rtc->cmos[RTC_REG_A] & REG_A_WRITABLE;
		return uip(rtc, now) ? v | REG_A_UIP : v;
	case RTC_REG_C:
		v = rtc->flags;
		if (irqf(rtc))
			v |= REG_C_IRQF;
		/* Reading C clears every flag and releases IRQ 8. */
		rtc->flags = 0;
		rtc_update_irq(rtc, now);
		return v;
	case RTC_REG_D:
		return REG_D_VRT;
	default:
		return rtc->cmos[reg];
	}
}

/*
 * Register A: the divider.  Leaving reset (or another time base) for
 * 32.768 kHz starts the chain, and the first update follows half a
 * second later (datasheet, "divider" bits).
 */
static void reg_a_write(struct mc146818 *rtc, u8 val, u64 now)
{
	bool was_running = divider_runs(rtc);

	rtc->cmos[RTC_REG_A] = val & REG_A_WRITABLE;
	if (divider_runs(rtc) && !was_running) {
		rtc->divider_ns = now;
		rtc->next_update_ns = now + DIVIDER_START_NS;
		rtc->running = false;
	} else if (!divider_runs(rtc) && (val & REG_A_DV_MASK) < 0x60) {
		dev_unimp_once(rtc->be, &rtc->unimp, UNIMP_TIMEBASE, "rtc",
			       "time base other than 32.768 kHz: stopped",
			       val);
	}
	set_running(rtc, now);
	/* A new rate counts from here: no stale periodic flag. */
	rtc->periods_seen = periodic_count(rtc, now);
}

static void reg_b_write(struct mc146818 *rtc, u8 val, u64 now)
{
	/* Setting SET clears UIE (DS12887: "SET going high clears UIE"). */
	if (val & REG_B_SET)
		val &= (u8)~REG_B_UIE;
	if (val & REG_B_DSE)
		dev_unimp_once(rtc->be, &rtc->unimp, UNIMP_DSE, "rtc",
			       "daylight saving (DSE) is not applied", val);
	rtc->cmos[RTC_REG_B] = val;
	set_running(rtc, now);
}

void rtc_reg_write(struct mc146818 *rtc, u8 reg, u8 val, u64 now)
{
	reg &= RTC_CMOS_SIZE - 1;
	rtc_sync(rtc, now);
	if (is_time_reg(reg)) {
		time_reg_write(rtc, reg, val);
	} else if (reg == RTC_REG_A) {
		reg_a_write(rtc, val, now);
	} else if (reg == RTC_REG_B) {
		reg_b_write(rtc, val, now);
	} else if (reg != RTC_REG_C && reg != RTC_REG_D) {
		/* Alarm bytes and NVRAM; C and D are read only. */
		rtc->cmos[reg] = val;
	}
	rtc_update_irq(rtc, now);
}

/* Port 0x70 is write only on a PC; reading it floats to all ones. */
u8 rtc_read(struct mc146818 *rtc, unsigned int off, u64 now)
{
	if (off == RTC_INDEX)
		return 0xff;
	return rtc_reg_read(rtc, rtc->index, now);
}

#define PORT70_NMI_MASK		0x80	/* PC: 1 = NMI masked */

void rtc_write(struct mc146818 *rtc, unsigned int off, u8 val, u64 now)
{
	if (off == RTC_INDEX) {
		rtc->nmi_masked = val & PORT70_NMI_MASK;
		rtc->index = val & (RTC_CMOS_SIZE - 1);
		return;
	}
	rtc_reg_write(rtc, rtc->index, val, now);
}

/* (vi) IRQ 8 follows IRQF. */
void rtc_update_irq(struct mc146818 *rtc, u64 now)
{
	rtc_sync(rtc, now);
	dev_irq_set(&rtc->irq, irqf(rtc));
}

/*
 * (vi) While IRQF is set nothing new can reach the (edge triggered) PIC
 * until the guest reads C, so there is no deadline.  Otherwise: the next
 * periodic tick if PIE is set, and the next update if UIE or AIE is set
 * (the alarm is checked at each update, so AIE costs one wakeup a
 * second).
 */
u64 rtc_next_deadline(struct mc146818 *rtc, u64 now)
{
	u8 b = rtc->cmos[RTC_REG_B];
	u64 best = RTC_NONE, t;
	int shift = periodic_shift(rtc);

	rtc_sync(rtc, now);
	if (irqf(rtc))
		return RTC_NONE;
	if ((b & REG_B_PIE) && shift >= 0 && divider_runs(rtc)) {
		t = rtc->divider_ns +
		    dev_muldiv64_ceil((rtc->periods_seen + 1) << shift,
				      DEV_NS_PER_SEC, DIVIDER_HZ);
		best = t;
	}
	if ((b & (REG_B_UIE | REG_B_AIE)) && rtc->running &&
	    rtc->next_update_ns < best)
		best = rtc->next_update_ns;
	return best;
}

/* Wall-clock seconds since 1970 as the RTC counts them (0 if before). */
u64 rtc_epoch_seconds(struct mc146818 *rtc, u64 now)
{
	u64 base = (u64)days_1970() * SECS_PER_DAY;

	rtc_sync(rtc, now);
	return rtc->secs > base ? rtc->secs - base : 0;
}

/* (vii) The standard checksum: sum of 0x10-0x2d, big endian. */
u16 rtc_cmos_checksum(const struct mc146818 *rtc)
{
	u16 sum = 0;
	unsigned int i;

	for (i = CMOS_CHECKSUM_FIRST; i <= CMOS_CHECKSUM_LAST; i++)
		sum = (u16)(sum + rtc->cmos[i]);
	return sum;
}

static void cmos_put16(struct mc146818 *rtc, u8 lo, u8 hi, u32 v)
{
	if (v > 0xffff)
		v = 0xffff;
	rtc->cmos[lo] = (u8)v;
	rtc->cmos[hi] = (u8)(v >> 8);
}

/* (vii) Memory size fields as a BIOS fills them, then the checksum. */
void rtc_set_memory(struct mc146818 *rtc, u64 ram_bytes)
{
	const u64 mib = 1024 * 1024;
	u64 ext_kib = ram_bytes > mib ? (ram_bytes - mib) >> 10 : 0;
	u64 high = ram_bytes > 16 * mib ? (ram_bytes - 16 * mib) >> 16 : 0;
	u16 sum;

	rtc->cmos[CMOS_EQUIPMENT] = EQUIPMENT_FPU;
	cmos_put16(rtc, CMOS_BASE_MEM_LO, CMOS_BASE_MEM_HI, BASE_MEM_KIB);
	cmos_put16(rtc, CMOS_EXT_MEM_LO, CMOS_EXT_MEM_HI,
		   ext_kib > 0xffff ? 0xffff : (u32)ext_kib);
	cmos_put16(rtc, CMOS_EXT_MEM2_LO, CMOS_EXT_MEM2_HI,
		   ext_kib > 0xffff ? 0xffff : (u32)ext_kib);
	cmos_put16(rtc, CMOS_HIGH_MEM_LO, CMOS_HIGH_MEM_HI,
		   high > 0xffff ? 0xffff : (u32)high);
	sum = rtc_cmos_checksum(rtc);
	rtc->cmos[CMOS_CHECKSUM_HI] = (u8)(sum >> 8);
	rtc->cmos[CMOS_CHECKSUM_LO] = (u8)sum;
}

/*
 * Reset with the time set to @epoch_s (seconds since 1970).  Registers
 * as a BIOS leaves them; NVRAM keeps its contents (battery backed).
 */
void rtc_reset(struct mc146818 *rtc, u64 now, u64 epoch_s)
{
	rtc->cmos[RTC_REG_A] = REG_A_BIOS;
	rtc->cmos[RTC_REG_B] = REG_B_BIOS;
	rtc->flags = 0;
	rtc->wday_offset = 0;
	rtc->index = 0;
	rtc->nmi_masked = false;
	rtc->secs = (u64)days_1970() * SECS_PER_DAY + epoch_s;
	rtc->divider_ns = now;
	rtc->next_update_ns = now + DEV_NS_PER_SEC;
	rtc->running = true;
	rtc->periods_seen = 0;
	dev_irq_set(&rtc->irq, false);
}

void rtc_init(struct mc146818 *rtc, const struct dev_irq *irq,
	      const struct dev_backend *be)
{
	dev_memset(rtc, 0, sizeof(*rtc));
	rtc->irq = *irq;
	rtc->irq.level = false;
	rtc->be = be;
	rtc_reset(rtc, 0, 0);
}
