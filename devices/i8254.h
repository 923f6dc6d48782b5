/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/i8254.h - Intel 8254 programmable interval timer (three
 * counters) plus the PC's port 0x61, which gates counter 2 and shows its
 * output: the pair Linux uses to calibrate the TSC.
 *
 * Time is never read here: every call that depends on it takes @now, the
 * back end's nanosecond clock, so tests step time by hand.  Counter 0's
 * output drives ISA IRQ 0 through @irq0.
 */
#ifndef BURNVMM_DEVICES_I8254_H
#define BURNVMM_DEVICES_I8254_H

#include "dev.h"

#define I8254_HZ		1193182u	/* 14.31818 MHz / 12 */
#define I8254_NR_COUNTERS	3
#define I8254_CONTROL		3	/* register offset of the control word */

struct i8254_counter {
	u32 count;		/* N in effect, 1..65536 (1..10000 BCD) */
	u32 next_count;		/* N to take at the next trigger (1, 5) */
	u16 count_reg;		/* CR being assembled from byte writes */
	u16 latch;		/* output latch (counter latch command) */
	u8 mode;		/* 0..5 */
	u8 rw;			/* 1 = LSB, 2 = MSB, 3 = LSB then MSB */
	u8 status;		/* latched status byte */
	bool bcd;		/* count in four BCD digits */
	bool write_msb;		/* rw 3: next count write is the MSB */
	bool read_msb;		/* rw 3: next read is the MSB */
	bool latched;		/* latch holds a value not yet read */
	bool latch_msb;		/* rw 3: next latched byte is the MSB */
	bool status_latched;	/* status holds a value not yet read */
	bool null_count;	/* CR written but not yet in the counter */
	bool loaded;		/* a count was written since the control */
	bool triggered;		/* modes 1, 5: gate edge started counting */
	bool gate;		/* GATE input level */
	bool counting;		/* CLK is being counted */
	u64 acc;		/* ticks counted before start_ns */
	u64 start_ns;		/* when counting last (re)started */
	u64 edges;		/* OUT rising edges already reported */
	u32 owed;		/* counter 0: edges not yet pulsed (catch-up) */
};

/*
 * Lost-tick catch-up bound: at most this many periods of counter 0 are
 * owed to the guest (250 ms at 1000 Hz, 2.5 s at Linux's HZ=100).
 */
#define I8254_MAX_OWED	250

struct i8254 {
	struct i8254_counter c[I8254_NR_COUNTERS];
	u8 port61;		/* writable bits of port 0x61 */
	struct dev_irq irq0;	/* counter 0 OUT -> IRQ 0 */
	const struct dev_backend *be;
	u32 unimp;
};

/* i8254.c: */
void i8254_init(struct i8254 *pit, const struct dev_irq *irq0,
		const struct dev_backend *be);
void i8254_reset(struct i8254 *pit, u64 now);
u8 i8254_read(struct i8254 *pit, unsigned int off, u64 now);
void i8254_write(struct i8254 *pit, unsigned int off, u8 val, u64 now);
u8 i8254_port61_read(struct i8254 *pit, u64 now);
void i8254_port61_write(struct i8254 *pit, u8 val, u64 now);
void i8254_set_gate(struct i8254 *pit, unsigned int n, bool gate, u64 now);
bool i8254_out(const struct i8254 *pit, unsigned int n, u64 now);
u16 i8254_counter_value(const struct i8254 *pit, unsigned int n, u64 now);
void i8254_update_irq(struct i8254 *pit, u64 now);
void i8254_irq0_taken(struct i8254 *pit);
void i8254_forget_owed(struct i8254 *pit);
u64 i8254_next_deadline(const struct i8254 *pit, u64 now);
u64 i8254_ns_to_ticks(u64 ns);
u64 i8254_ticks_to_ns_ceil(u64 ticks);

#endif /* BURNVMM_DEVICES_I8254_H */
