// SPDX-License-Identifier: GPL-2.0
/*
 * devices/i8259.c - register core of one 8259A interrupt controller.
 *
 * Written from the Intel 8259A datasheet (order no. 231468).  Contents:
 *
 *   (i)    priority arithmetic: rotation makes "highest" a moving target
 *   (ii)   input lines: edge latch versus level, per ELCR or ICW1.LTIM
 *   (iii)  resolving the INT output: requests against in-service levels,
 *          special mask mode, special fully nested mode
 *   (iv)   the INTA cycle and poll mode
 *   (v)    command port: ICW1, OCW2 (EOI and rotation), OCW3
 *   (vi)   data port: ICW2-4 during initialisation, IMR afterwards
 *
 * Cascading (which vector the secondary supplies, the spurious IRQ 15
 * case) is board wiring and lives in intlogic.c.
 */
#include "i8259.h"

/* ICW1 is any command-port write with this bit set. */
#define ICW1_INIT		0x10
#define ICW1_IC4		0x01	/* an ICW4 follows */
#define ICW1_SNGL		0x02	/* single chip: no ICW3 */
#define ICW1_LTIM		0x08	/* every input level triggered */

/* ICW4 bits. */
#define ICW4_UPM		0x01	/* 8086 mode (vs 8080/85) */
#define ICW4_AEOI		0x02	/* automatic EOI on the last INTA */
#define ICW4_SFNM		0x10	/* special fully nested mode */

/* Command-port writes with bits 4:3 = 01 are OCW3, = 00 are OCW2. */
#define OCW_SELECT_MASK		0x18
#define OCW_IS_OCW2		0x00
#define OCW_IS_OCW3		0x08

/* OCW2: R, SL, EOI in bits 7:5 and a level in bits 2:0. */
#define OCW2_CMD_MASK		0xe0
#define OCW2_LEVEL_MASK		0x07
#define OCW2_AEOI_ROT_CLEAR	0x00	/* rotate in AEOI mode: off */
#define OCW2_NS_EOI		0x20	/* non-specific EOI */
#define OCW2_NOP		0x40	/* no operation */
#define OCW2_SPECIFIC_EOI	0x60	/* EOI for the level in bits 2:0 */
#define OCW2_AEOI_ROT_SET	0x80	/* rotate in AEOI mode: on */
#define OCW2_ROTATE_NS_EOI	0xa0	/* EOI, then make it lowest */
#define OCW2_SET_PRIORITY	0xc0	/* make bits 2:0 the lowest */
#define OCW2_ROTATE_SP_EOI	0xe0	/* specific EOI, then lowest */

/* OCW3 bits. */
#define OCW3_ESMM		0x40	/* SMM bit below is valid */
#define OCW3_SMM		0x20	/* special mask mode on */
#define OCW3_POLL		0x04	/* next command read is a poll */
#define OCW3_RR			0x02	/* RIS bit below is valid */
#define OCW3_RIS		0x01	/* read ISR (else IRR) */

/* Poll word: bit 7 says an interrupt was pending, bits 2:0 which. */
#define POLL_PENDING		0x80

/* After ICW1, line 7 has the lowest priority (datasheet, ICW1). */
#define RESET_LOWEST_PRIO	7

#define NO_LEVEL		8	/* "none" for the priority helpers */

/* Bits of pic->unimp. */
#define UNIMP_8080_MODE		0

static const char dev_name_primary[] = "pic-primary";
static const char dev_name_secondary[] = "pic-secondary";

static const char *pic_name(const struct i8259 *pic)
{
	return pic->primary ? dev_name_primary : dev_name_secondary;
}

/*
 * (i) Priorities.  Level (lowest_prio + 1) & 7 is the highest; rank 0 is
 * the highest rank.  Return the rank of the best line set in @mask, or
 * NO_LEVEL when @mask is empty.
 */
static unsigned int best_rank(const struct i8259 *pic, u8 mask)
{
	unsigned int rank;

	for (rank = 0; rank < 8; rank++) {
		unsigned int line = (rank + pic->lowest_prio + 1) & 7;

		if (mask & (1u << line))
			return rank;
	}
	return NO_LEVEL;
}

static unsigned int rank_to_line(const struct i8259 *pic, unsigned int rank)
{
	return (rank + pic->lowest_prio + 1) & 7;
}

/* (ii) Is @line level triggered?  ICW1.LTIM overrides the ELCR. */
static bool line_is_level(const struct i8259 *pic, unsigned int line)
{
	return pic->ltim || (pic->elcr & (1u << line));
}

static u8 level_lines_mask(const struct i8259 *pic)
{
	return pic->ltim ? 0xff : pic->elcr;
}

/*
 * (iii) The line the chip would interrupt for now, or -1.  In-service
 * levels block equal and lower ranks, except: in special mask mode a
 * masked in-service level blocks nothing; in special fully nested mode
 * the primary lets a cascade input interrupt again while in service, so
 * a higher-priority secondary request can nest.
 */
int i8259_highest_request(const struct i8259 *pic)
{
	unsigned int req, cur;
	u8 blocking = pic->isr;

	req = best_rank(pic, pic->irr & ~pic->imr);
	if (req == NO_LEVEL)
		return -1;
	if (pic->special_mask)
		blocking &= ~pic->imr;
	if (pic->sfnm && pic->primary)
		blocking &= ~pic->icw3;
	cur = best_rank(pic, blocking);
	if (req >= cur)
		return -1;
	return (int)rank_to_line(pic, req);
}

/* The single place the INT output pin is recomputed (STYLE.md 11). */
void i8259_update_irq(struct i8259 *pic)
{
	bool out = pic->init_step == 0 && i8259_highest_request(pic) >= 0;

	dev_irq_set(&pic->out, out);
}

/* (ii) An input line changed level. */
void i8259_set_line(struct i8259 *pic, unsigned int line, bool level)
{
	u8 bit;

	DEV_ASSERT(line < 8);
	bit = (u8)(1u << line);
	if (line_is_level(pic, line)) {
		if (level)
			pic->irr |= bit;
		else
			pic->irr &= (u8)~bit;
	} else if (level && !(pic->lines & bit)) {
		/* Edge mode latches the rising edge until INTA. */
		pic->irr |= bit;
	}
	if (level)
		pic->lines |= bit;
	else
		pic->lines &= (u8)~bit;
	i8259_update_irq(pic);
}

/*
 * (iv) The INTA cycle as this chip sees it: returns the line it
 * acknowledged, or -1 when the request went away in the meantime (the
 * caller then supplies the spurious level 7 vector and no ISR bit is
 * set, as the datasheet describes for a request that does not stay
 * high).
 */
int i8259_acknowledge(struct i8259 *pic)
{
	int line = i8259_highest_request(pic);
	u8 bit;

	if (line < 0) {
		i8259_update_irq(pic);
		return -1;
	}
	bit = (u8)(1u << line);
	if (!line_is_level(pic, (unsigned int)line))
		pic->irr &= (u8)~bit;
	if (pic->auto_eoi) {
		if (pic->rotate_aeoi)
			pic->lowest_prio = (u8)line;
	} else {
		pic->isr |= bit;
	}
	i8259_update_irq(pic);
	return line;
}

/* (iv) OCW3 poll: the read itself is the acknowledge. */
static u8 poll_read(struct i8259 *pic)
{
	int line;

	pic->poll = false;
	line = i8259_acknowledge(pic);
	if (line < 0)
		return 0;
	return (u8)(POLL_PENDING | line);
}

/* ICW1: start initialisation; the datasheet lists what it resets. */
static void icw1_write(struct i8259 *pic, u8 val)
{
	pic->icw4_needed = val & ICW1_IC4;
	pic->single = val & ICW1_SNGL;
	pic->ltim = val & ICW1_LTIM;
	pic->imr = 0;
	pic->isr = 0;
	/* The edge sense latch is reset: edge lines need a new edge. */
	pic->irr &= level_lines_mask(pic);
	pic->irr |= pic->lines & level_lines_mask(pic);
	pic->lowest_prio = RESET_LOWEST_PRIO;
	pic->special_mask = false;
	pic->read_isr = false;
	pic->poll = false;
	pic->rotate_aeoi = false;
	pic->auto_eoi = false;
	pic->sfnm = false;
	pic->init_step = 2;
	if (!pic->icw4_needed)
		dev_unimp_once(pic->be, &pic->unimp, UNIMP_8080_MODE,
			       pic_name(pic),
			       "ICW1 without ICW4 (8080 mode); using 8086 mode",
			       val);
}

/* (v) Clear the highest-ranked in-service bit; return its line or -1. */
static int eoi_nonspecific(struct i8259 *pic)
{
	unsigned int rank = best_rank(pic, pic->isr);
	unsigned int line;

	if (rank == NO_LEVEL)
		return -1;
	line = rank_to_line(pic, rank);
	pic->isr &= (u8)~(1u << line);
	return (int)line;
}

static void ocw2_write(struct i8259 *pic, u8 val)
{
	unsigned int level = val & OCW2_LEVEL_MASK;
	int line;

	switch (val & OCW2_CMD_MASK) {
	case OCW2_AEOI_ROT_CLEAR:
		pic->rotate_aeoi = false;
		break;
	case OCW2_AEOI_ROT_SET:
		pic->rotate_aeoi = true;
		break;
	case OCW2_NS_EOI:
		eoi_nonspecific(pic);
		break;
	case OCW2_ROTATE_NS_EOI:
		line = eoi_nonspecific(pic);
		if (line >= 0)
			pic->lowest_prio = (u8)line;
		break;
	case OCW2_SPECIFIC_EOI:
		pic->isr &= (u8)~(1u << level);
		break;
	case OCW2_ROTATE_SP_EOI:
		pic->isr &= (u8)~(1u << level);
		pic->lowest_prio = (u8)level;
		break;
	case OCW2_SET_PRIORITY:
		pic->lowest_prio = (u8)level;
		break;
	case OCW2_NOP:
	default:
		break;
	}
}

static void ocw3_write(struct i8259 *pic, u8 val)
{
	if (val & OCW3_ESMM)
		pic->special_mask = val & OCW3_SMM;
	if (val & OCW3_POLL)
		pic->poll = true;
	if (val & OCW3_RR)
		pic->read_isr = val & OCW3_RIS;
}

/* (vi) ICW2..ICW4, in the order ICW1 asked for. */
static void icw_data_write(struct i8259 *pic, u8 val)
{
	switch (pic->init_step) {
	case 2:
		/* x86 mode: the chip supplies T7-T3, the level is 2:0. */
		pic->vector_base = val & 0xf8;
		if (!pic->single)
			pic->init_step = 3;
		else
			pic->init_step = pic->icw4_needed ? 4 : 0;
		break;
	case 3:
		pic->icw3 = val;
		pic->init_step = pic->icw4_needed ? 4 : 0;
		break;
	default:
		if (!(val & ICW4_UPM))
			dev_unimp_once(pic->be, &pic->unimp, UNIMP_8080_MODE,
				       pic_name(pic),
				       "ICW4 8080 mode; using 8086 mode", val);
		pic->auto_eoi = val & ICW4_AEOI;
		pic->sfnm = val & ICW4_SFNM;
		pic->init_step = 0;
		break;
	}
}

u8 i8259_read(struct i8259 *pic, unsigned int off)
{
	if (off == I8259_DATA)
		return pic->imr;
	if (pic->poll)
		return poll_read(pic);
	return pic->read_isr ? pic->isr : pic->irr;
}

void i8259_write(struct i8259 *pic, unsigned int off, u8 val)
{
	if (off == I8259_DATA) {
		if (pic->init_step)
			icw_data_write(pic, val);
		else
			pic->imr = val;
	} else if (val & ICW1_INIT) {
		icw1_write(pic, val);
	} else if ((val & OCW_SELECT_MASK) == OCW_IS_OCW3) {
		ocw3_write(pic, val);
	} else if ((val & OCW_SELECT_MASK) == OCW_IS_OCW2) {
		ocw2_write(pic, val);
	} else {
		/* Bits 4:3 = 11 would be ICW1 and was handled above. */
		DEV_ASSERT(0);
	}
	i8259_update_irq(pic);
}

u8 i8259_elcr_read(const struct i8259 *pic)
{
	return pic->elcr;
}

/* A line switched to level mode takes its IRR bit from the level. */
void i8259_elcr_write(struct i8259 *pic, u8 val)
{
	pic->elcr = val & pic->elcr_mask;
	pic->irr &= (u8)~level_lines_mask(pic);
	pic->irr |= pic->lines & level_lines_mask(pic);
	i8259_update_irq(pic);
}

/*
 * Power-on state.  The datasheet leaves it undefined until ICW1; we pick
 * "initialised, vector base 0, everything masked" so that a stray line
 * cannot interrupt before the guest programs the chip.
 */
void i8259_reset(struct i8259 *pic)
{
	/* Input pins are outside the chip: lines keeps their levels. */
	pic->irr = 0;
	pic->isr = 0;
	pic->imr = 0xff;
	pic->elcr = 0;
	pic->vector_base = 0;
	pic->icw3 = 0;
	pic->lowest_prio = RESET_LOWEST_PRIO;
	pic->init_step = 0;
	pic->icw4_needed = false;
	pic->single = false;
	pic->ltim = false;
	pic->auto_eoi = false;
	pic->rotate_aeoi = false;
	pic->sfnm = false;
	pic->special_mask = false;
	pic->poll = false;
	pic->read_isr = false;
	i8259_update_irq(pic);
}

/* Set up a chip whose INT pin drives @out. */
void i8259_init(struct i8259 *pic, bool primary, u8 elcr_mask,
		const struct dev_irq *out, const struct dev_backend *be)
{
	dev_memset(pic, 0, sizeof(*pic));
	pic->out = *out;
	pic->out.level = false;
	pic->primary = primary;
	pic->elcr_mask = elcr_mask;
	pic->be = be;
	i8259_reset(pic);
}
