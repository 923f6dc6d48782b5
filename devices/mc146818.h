/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/mc146818.h - Motorola MC146818A real-time clock with its CMOS
 * RAM, as found behind ports 0x70 (index, plus the PC's NMI mask in bit
 * 7) and 0x71 (data).
 *
 * The clock keeps time as a count of seconds, not as register bytes: the
 * register view (BCD or binary, 12 or 24 hours) is computed when read.
 * It starts from the back end's wall clock at reset and then advances
 * with the back end's monotonic clock, passed in as @now.
 */
#ifndef BURNVMM_DEVICES_MC146818_H
#define BURNVMM_DEVICES_MC146818_H

#include "dev.h"

#define RTC_CMOS_SIZE		128
#define RTC_INDEX		0	/* port 0x70 */
#define RTC_DATA		1	/* port 0x71 */

/* Register numbers (datasheet and PC CMOS map). */
#define RTC_SECONDS		0x00
#define RTC_SECONDS_ALARM	0x01
#define RTC_MINUTES		0x02
#define RTC_MINUTES_ALARM	0x03
#define RTC_HOURS		0x04
#define RTC_HOURS_ALARM		0x05
#define RTC_DAY_OF_WEEK		0x06
#define RTC_DAY_OF_MONTH	0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b
#define RTC_REG_C		0x0c
#define RTC_REG_D		0x0d
#define RTC_CENTURY		0x32	/* IBM PC convention, ACPI FADT */

struct mc146818 {
	u8 cmos[RTC_CMOS_SIZE];	/* NVRAM, alarms, registers A and B */
	u8 index;		/* last register selected on port 0x70 */
	bool nmi_masked;	/* port 0x70 bit 7 */
	u8 flags;		/* register C: PF, AF, UF (IRQF computed) */
	u8 wday_offset;		/* guest's day-of-week minus ours, mod 7 */
	bool running;		/* divider in operate mode and SET clear */
	u64 secs;		/* time of day: seconds since -0400-03-01 */
	u64 next_update_ns;	/* when secs next advances (if running) */
	u64 divider_ns;		/* divider chain released from reset */
	u64 periods_seen;	/* periodic-interrupt boundaries counted */
	struct dev_irq irq;	/* IRQ 8 */
	const struct dev_backend *be;
	u32 unimp;
};

/* mc146818.c: */
void rtc_init(struct mc146818 *rtc, const struct dev_irq *irq,
	      const struct dev_backend *be);
void rtc_reset(struct mc146818 *rtc, u64 now, u64 epoch_s);
void rtc_set_memory(struct mc146818 *rtc, u64 ram_bytes);
u8 rtc_read(struct mc146818 *rtc, unsigned int off, u64 now);
void rtc_write(struct mc146818 *rtc, unsigned int off, u8 val, u64 now);
u8 rtc_reg_read(struct mc146818 *rtc, u8 reg, u64 now);
void rtc_reg_write(struct mc146818 *rtc, u8 reg, u8 val, u64 now);
void rtc_update_irq(struct mc146818 *rtc, u64 now);
u64 rtc_next_deadline(struct mc146818 *rtc, u64 now);
u64 rtc_epoch_seconds(struct mc146818 *rtc, u64 now);
u16 rtc_cmos_checksum(const struct mc146818 *rtc);

#endif /* BURNVMM_DEVICES_MC146818_H */
