// SPDX-License-Identifier: GPL-2.0
/*
 * devices/i8254.c - register core of the 8254 interval timer and of the
 * PC's port 0x61 (counter 2 gate and output).
 *
 * Written from the Intel 8254 datasheet (order no. 231164).  Contents:
 *
 *   (i)    time base: ticks elapsed since a counter (re)started
 *   (ii)   the six modes as functions of the elapsed ticks: count, OUT,
 *          number of OUT rising edges so far, tick of the next edge
 *   (iii)  loading a count, gate edges
 *   (iv)   reads: status latch, count latch, live count, byte order
 *   (v)    writes: control word, counter latch, read-back, counts
 *   (vi)   IRQ 0 and the next deadline
 *   (vii)  port 0x61
 *
 * A counter is never stepped.  It keeps the ticks counted before its last
 * start (acc) and when that start was (start_ns); the state at any later
 * time follows from the mode arithmetic.  So a guest that reads the
 * counter a million times costs a million multiplications, not a timer.
 */
#include "i8254.h"

/* Control word fields. */
#define CW_SC_SHIFT		6	/* counter select, 3 = read-back */
#define CW_SC_READBACK		3
#define CW_RW_SHIFT		4	/* access: 0 = latch command */
#define CW_RW_MASK		0x03
#define CW_RW_LATCH		0
#define CW_RW_LSB		1
#define CW_RW_MSB		2
#define CW_RW_BOTH		3
#define CW_MODE_SHIFT		1
#define CW_MODE_MASK		0x07
#define CW_BCD			0x01

/* Read-back command: bits are active low for COUNT and STATUS. */
#define RB_NO_COUNT		0x20
#define RB_NO_STATUS		0x10
#define RB_COUNTER(n)		(0x02u << (n))

/* Status byte. */
#define ST_OUTPUT		0x80	/* OUT pin level */
#define ST_NULL_COUNT		0x40	/* CR not yet loaded into CE */
#define ST_CW_MASK		0x3f	/* RW, mode and BCD as programmed */

/* Counter modulus: 16 binary bits or four BCD digits. */
#define MOD_BINARY		65536u
#define MOD_BCD			10000u

/* Port 0x61. */
#define P61_GATE2		0x01	/* counter 2 GATE input */
#define P61_SPKR_DATA		0x02	/* speaker follows OUT2 */
#define P61_NMI_PARITY_DIS	0x04	/* stored only: no parity NMI */
#define P61_NMI_IOCHK_DIS	0x08	/* stored only: no IOCHK NMI */
#define P61_WRITABLE		0x0f
#define P61_REFRESH		0x10	/* toggles with each DRAM refresh */
#define P61_OUT2		0x20	/* counter 2 OUT pin */
/* A refresh request every 15.085 us (counter 1 at count 18). */
#define REFRESH_PERIOD_NS	15085u

#define PIT_NONE		DEV_U64_MAX

#define UNIMP_MODE_RELOAD	0

/* (i) Conversions between the back end's ns and 1.193182 MHz ticks. */
u64 i8254_ns_to_ticks(u64 ns)
{
	return dev_muldiv64(ns, I8254_HZ, DEV_NS_PER_SEC);
}

/* The first ns at which at least @ticks ticks have elapsed. */
u64 i8254_ticks_to_ns_ceil(u64 ticks)
{
	return dev_muldiv64_ceil(ticks, DEV_NS_PER_SEC, I8254_HZ);
}

static u64 elapsed(const struct i8254_counter *c, u64 now)
{
	if (!c->counting || now < c->start_ns)
		return c->acc;
	return c->acc + i8254_ns_to_ticks(now - c->start_ns);
}

static u32 modulus(const struct i8254_counter *c)
{
	return c->bcd ? MOD_BCD : MOD_BINARY;
}

static u32 mod64(u64 n, u32 d)
{
	u32 r;

	dev_div64_32(n, d, &r);
	return r;
}

/* Modes 2 and 3 cannot divide by one; the datasheet calls it illegal. */
static u32 period(const struct i8254_counter *c)
{
	return c->count < 2 ? 2 : c->count;
}

/* Mode 3 keeps OUT high for the first ceil(N/2) ticks of a period. */
static u32 square_high(const struct i8254_counter *c)
{
	return (period(c) + 1) / 2;
}

/* (ii) Counting element value after @d ticks, in binary. */
static u32 count_at(const struct i8254_counter *c, u64 d)
{
	u32 m = modulus(c), phase;

	switch (c->mode) {
	case 2:
		return period(c) - mod64(d, period(c));
	case 3:
		phase = mod64(d, period(c));
		if (phase < square_high(c))
			return period(c) - 2 * phase;
		return period(c) - 2 * (phase - square_high(c));
	default:
		/* Modes 0, 1, 4, 5 count down N and keep wrapping. */
		return (c->count + m - mod64(d, m)) % m;
	}
}

/* (ii) Level of OUT after @d ticks. */
static bool out_at(const struct i8254_counter *c, u64 d)
{
	switch (c->mode) {
	case 0:
		return c->loaded && d >= c->count;
	case 1:
		return !c->triggered || d >= c->count;
	case 2:
		return !c->loaded || !c->gate ||
		       mod64(d, period(c)) != period(c) - 1;
	case 3:
		return !c->loaded || !c->gate ||
		       mod64(d, period(c)) < square_high(c);
	case 4:
		return !c->loaded || d != c->count;
	default:
		return !c->triggered || d != c->count;
	}
}

/* Is the counter in a state where OUT can rise at all? */
static bool edges_possible(const struct i8254_counter *c)
{
	if (!c->loaded)
		return false;
	if (c->mode == 1 || c->mode == 5)
		return c->triggered;
	return true;
}

/* (ii) Rising edges of OUT within the first @d ticks. */
static u64 edges_at(const struct i8254_counter *c, u64 d)
{
	if (!edges_possible(c))
		return 0;
	switch (c->mode) {
	case 0:
	case 1:
		return d >= c->count;
	case 2:
	case 3:
		return dev_div64_32(d, period(c), NULL);
	default:
		/* The strobe: low for one tick at N, high again at N+1. */
		return d >= (u64)c->count + 1;
	}
}

/* (ii) Tick at which edge number @e + 1 happens, or PIT_NONE. */
static u64 edge_tick(const struct i8254_counter *c, u64 e)
{
	if (!edges_possible(c))
		return PIT_NONE;
	switch (c->mode) {
	case 0:
	case 1:
		return e == 0 ? c->count : PIT_NONE;
	case 2:
	case 3:
		return (e + 1) * period(c);
	default:
		return e == 0 ? (u64)c->count + 1 : PIT_NONE;
	}
}

/* (iii) Start counting afresh from tick 0. */
static void restart(struct i8254_counter *c, u64 now)
{
	c->acc = 0;
	c->start_ns = now;
	c->edges = 0;
	c->owed = 0;
}

/* The CR as a count: 0 means the full modulus; BCD digits decoded. */
static u32 cr_to_count(const struct i8254_counter *c)
{
	u32 v = c->count_reg;

	if (c->bcd)
		v = ((v >> 12) & 0xf) * 1000 + ((v >> 8) & 0xf) * 100 +
		    ((v >> 4) & 0xf) * 10 + (v & 0xf);
	if (v == 0 || v > modulus(c))
		v = modulus(c);
	return v;
}

/*
 * (iii) The last byte of a count arrived.  Modes 0, 2, 3, 4 load it on
 * the next CLK (modelled as at once) and restart; a count written in
 * modes 2 and 3 while counting should only take effect at the end of the
 * period, which we simplify to "now" and log once.  Modes 1 and 5 wait
 * for a gate trigger.
 */
static void load_count(struct i8254 *pit, struct i8254_counter *c, u64 now)
{
	u32 n = cr_to_count(c);

	if (c->mode == 1 || c->mode == 5) {
		c->next_count = n;
		if (!c->loaded)
			c->count = n;
		c->loaded = true;
		return;
	}
	if (c->loaded && (c->mode == 2 || c->mode == 3) && c->counting)
		dev_unimp_once(pit->be, &pit->unimp, UNIMP_MODE_RELOAD, "pit",
			       "mode 2/3 reload restarts the period at once",
			       n);
	c->count = n;
	c->loaded = true;
	c->null_count = false;
	c->counting = c->gate;
	restart(c, now);
}

/* (iii) GATE edges: pause (0, 4), restart (2, 3) or trigger (1, 5). */
static void gate_edge(struct i8254_counter *c, bool gate, u64 now)
{
	if (gate == c->gate)
		return;
	if (!gate) {
		if (c->mode != 1 && c->mode != 5) {
			c->acc = elapsed(c, now);
			c->counting = false;
		}
		c->gate = false;
		return;
	}
	c->gate = true;
	switch (c->mode) {
	case 0:
	case 4:
		c->start_ns = now;
		c->counting = c->loaded;
		break;
	case 2:
	case 3:
		restart(c, now);
		c->counting = c->loaded;
		break;
	default:
		if (!c->loaded)
			break;
		c->count = c->next_count;
		c->null_count = false;
		c->triggered = true;
		c->counting = true;
		restart(c, now);
		break;
	}
}

static u16 to_bcd(u32 v)
{
	return (u16)(((v / 1000 % 10) << 12) | ((v / 100 % 10) << 8) |
		     ((v / 10 % 10) << 4) | (v % 10));
}

/* Counting element as the chip would put it on the bus. */
static u16 ce_value(const struct i8254_counter *c, u64 now)
{
	u32 v;

	if (!c->loaded)
		v = 0;
	else if ((c->mode == 1 || c->mode == 5) && !c->triggered)
		v = c->count;
	else
		v = count_at(c, elapsed(c, now));
	v %= modulus(c);
	return c->bcd ? to_bcd(v) : (u16)v;
}

u16 i8254_counter_value(const struct i8254 *pit, unsigned int n, u64 now)
{
	DEV_ASSERT(n < I8254_NR_COUNTERS);
	return ce_value(&pit->c[n], now);
}

bool i8254_out(const struct i8254 *pit, unsigned int n, u64 now)
{
	const struct i8254_counter *c;

	DEV_ASSERT(n < I8254_NR_COUNTERS);
	c = &pit->c[n];
	return out_at(c, elapsed(c, now));
}

/* (iv) One byte of a 16-bit value in the order RW asks for. */
static u8 pick_byte(u8 rw, u16 v, bool msb)
{
	if (rw == CW_RW_MSB || (rw == CW_RW_BOTH && msb))
		return (u8)(v >> 8);
	return (u8)v;
}

static u8 counter_read(struct i8254_counter *c, u64 now)
{
	u8 b;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->latched) {
		b = pick_byte(c->rw, c->latch, c->latch_msb);
		if (c->rw == CW_RW_BOTH && !c->latch_msb)
			c->latch_msb = true;
		else
			c->latched = false;
		return b;
	}
	b = pick_byte(c->rw, ce_value(c, now), c->read_msb);
	if (c->rw == CW_RW_BOTH)
		c->read_msb = !c->read_msb;
	return b;
}

u8 i8254_read(struct i8254 *pit, unsigned int off, u64 now)
{
	/* The control word register cannot be read (datasheet). */
	if (off >= I8254_NR_COUNTERS)
		return 0xff;
	return counter_read(&pit->c[off], now);
}

/* (v) Counter latch command; a second one before the read is ignored. */
static void latch_count(struct i8254_counter *c, u64 now)
{
	if (c->latched)
		return;
	c->latch = ce_value(c, now);
	c->latched = true;
	c->latch_msb = false;
}

static void latch_status(struct i8254_counter *c, u64 now)
{
	u8 st;

	if (c->status_latched)
		return;
	st = (u8)((c->rw << CW_RW_SHIFT) | (c->mode << CW_MODE_SHIFT));
	if (c->bcd)
		st |= CW_BCD;
	if (out_at(c, elapsed(c, now)))
		st |= ST_OUTPUT;
	if (c->null_count)
		st |= ST_NULL_COUNT;
	c->status = st;
	c->status_latched = true;
}

static void readback(struct i8254 *pit, u8 val, u64 now)
{
	unsigned int n;

	for (n = 0; n < I8254_NR_COUNTERS; n++) {
		if (!(val & RB_COUNTER(n)))
			continue;
		if (!(val & RB_NO_COUNT))
			latch_count(&pit->c[n], now);
		if (!(val & RB_NO_STATUS))
			latch_status(&pit->c[n], now);
	}
}

/* (v) A new control word resets the counter's access state. */
static void control_word(struct i8254_counter *c, u8 val)
{
	u8 mode = (val >> CW_MODE_SHIFT) & CW_MODE_MASK;

	c->rw = (val >> CW_RW_SHIFT) & CW_RW_MASK;
	/* Modes 6 and 7 are aliases of 2 and 3 (X10 and X11). */
	c->mode = mode > 5 ? mode - 4 : mode;
	c->bcd = val & CW_BCD;
	c->write_msb = false;
	c->read_msb = false;
	c->latched = false;
	c->status_latched = false;
	c->null_count = true;
	c->loaded = false;
	c->triggered = false;
	c->counting = false;
	c->acc = 0;
	c->edges = 0;
}

static void control_write(struct i8254 *pit, u8 val, u64 now)
{
	unsigned int sc = val >> CW_SC_SHIFT;

	if (sc == CW_SC_READBACK) {
		readback(pit, val, now);
		return;
	}
	if (((val >> CW_RW_SHIFT) & CW_RW_MASK) == CW_RW_LATCH) {
		latch_count(&pit->c[sc], now);
		return;
	}
	control_word(&pit->c[sc], val);
}

/* (v) Count bytes.  In mode 0 the first of two bytes stops counting. */
static void count_write(struct i8254 *pit, struct i8254_counter *c, u8 val,
			u64 now)
{
	switch (c->rw) {
	case CW_RW_LSB:
		c->count_reg = val;
		break;
	case CW_RW_MSB:
		c->count_reg = (u16)(val << 8);
		break;
	case CW_RW_BOTH:
		if (!c->write_msb) {
			c->count_reg = (u16)((c->count_reg & 0xff00) | val);
			c->write_msb = true;
			if (c->mode == 0) {
				c->acc = elapsed(c, now);
				c->counting = false;
				c->loaded = false;
				c->edges = 0;
			}
			c->null_count = true;
			return;
		}
		c->count_reg = (u16)((c->count_reg & 0x00ff) | (val << 8));
		c->write_msb = false;
		break;
	default:
		/* No control word yet: the datasheet leaves this undefined. */
		return;
	}
	c->null_count = true;
	load_count(pit, c, now);
}

void i8254_write(struct i8254 *pit, unsigned int off, u8 val, u64 now)
{
	if (off == I8254_CONTROL)
		control_write(pit, val, now);
	else if (off < I8254_NR_COUNTERS)
		count_write(pit, &pit->c[off], val, now);
	i8254_update_irq(pit, now);
}

void i8254_set_gate(struct i8254 *pit, unsigned int n, bool gate, u64 now)
{
	DEV_ASSERT(n < I8254_NR_COUNTERS);
	gate_edge(&pit->c[n], gate, now);
	i8254_update_irq(pit, now);
}

/*
 * (vi) IRQ 0 is edge triggered, and a lazily evaluated counter can not
 * hold OUT low for exactly one tick, so each new rising edge of counter
 * 0's OUT becomes one pulse on the line.
 *
 * Several periods that passed unobserved would give one pulse, as a PIC
 * that was not listening would see.  But under a VMM the guest is not
 * listening because it was not running (the host ran something else, or
 * a world switch took longer than a period), and a guest that counts
 * ticks for its time of day would fall behind.  So the periods beyond the
 * first are owed (up to I8254_MAX_OWED) and paid one at a time: each time
 * the CPU takes IRQ 0 (i8254_irq0_taken(), from the INTA cycle), the next
 * owed edge is pulsed, which the PIC holds in IRR until the guest's EOI.
 * The guest thus sees back-to-back ticks, delivered in place, until it
 * has caught up -- the "reinject" policy of KVM's PIT.  Ticks a masked
 * IRQ 0 would never have seen are forgotten (i8254_forget_owed()).
 */
void i8254_update_irq(struct i8254 *pit, u64 now)
{
	struct i8254_counter *c = &pit->c[0];
	u64 e = edges_at(c, elapsed(c, now));
	u64 owed;

	/* A clock that stepped back gives e < edges: nothing new. */
	if (e > c->edges) {
		owed = c->owed + (e - c->edges - 1);
		c->owed = owed > I8254_MAX_OWED ? I8254_MAX_OWED : (u32)owed;
		c->edges = e;
		dev_irq_pulse(&pit->irq0);
	}
}

/* (vi) The CPU took IRQ 0: pulse the next owed edge, if any. */
void i8254_irq0_taken(struct i8254 *pit)
{
	struct i8254_counter *c = &pit->c[0];

	DEV_ASSERT(c->owed <= I8254_MAX_OWED);
	if (!c->owed)
		return;
	c->owed--;
	dev_irq_pulse(&pit->irq0);
}

/* (vi) IRQ 0 is masked: the ticks it missed are not owed. */
void i8254_forget_owed(struct i8254 *pit)
{
	pit->c[0].owed = 0;
}

/* (vi) Earliest ns at which counter 0 will raise IRQ 0, or U64 max. */
u64 i8254_next_deadline(const struct i8254 *pit, u64 now)
{
	const struct i8254_counter *c = &pit->c[0];
	u64 tick;

	if (!c->counting)
		return PIT_NONE;
	tick = edge_tick(c, c->edges);
	if (tick == PIT_NONE)
		return PIT_NONE;
	if (tick <= c->acc)
		return now;
	return c->start_ns + i8254_ticks_to_ns_ceil(tick - c->acc);
}

/* (vii) Port 0x61: gate 2 and speaker in, OUT2 and refresh out. */
u8 i8254_port61_read(struct i8254 *pit, u64 now)
{
	u8 v = pit->port61 & P61_WRITABLE;

	if (mod64(dev_div64_32(now, REFRESH_PERIOD_NS, NULL), 2))
		v |= P61_REFRESH;
	if (i8254_out(pit, 2, now))
		v |= P61_OUT2;
	return v;
}

void i8254_port61_write(struct i8254 *pit, u8 val, u64 now)
{
	pit->port61 = val & P61_WRITABLE;
	gate_edge(&pit->c[2], val & P61_GATE2, now);
	i8254_update_irq(pit, now);
}

/*
 * Power-on: the datasheet leaves mode, count and OUT undefined until a
 * control word; we pick mode 0 with no count.  Counters 0 and 1 have
 * GATE tied high on a PC; counter 2's GATE is port 0x61 bit 0.
 */
void i8254_reset(struct i8254 *pit, u64 now)
{
	unsigned int n;

	for (n = 0; n < I8254_NR_COUNTERS; n++) {
		struct i8254_counter *c = &pit->c[n];

		dev_memset(c, 0, sizeof(*c));
		c->rw = CW_RW_BOTH;
		c->gate = n != 2;
		c->start_ns = now;
	}
	pit->port61 = 0;
	dev_irq_set(&pit->irq0, false);
}

void i8254_init(struct i8254 *pit, const struct dev_irq *irq0,
		const struct dev_backend *be)
{
	dev_memset(pit, 0, sizeof(*pit));
	pit->irq0 = *irq0;
	pit->irq0.level = false;
	pit->be = be;
	i8254_reset(pit, 0);
}
