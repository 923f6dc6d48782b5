/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/i8259.h - one Intel 8259A programmable interrupt controller:
 * the register core.  Two of them, primary and secondary, are wired into
 * a PC pair by intlogic.c.
 *
 * The register interface is the chip's: offset 0 is the command port
 * (ICW1, OCW2, OCW3; reads IRR, ISR or the poll word), offset 1 the data
 * port (ICW2-4 during initialisation, otherwise OCW1 = IMR).  The ELCR
 * (edge/level control, ports 0x4d0/0x4d1) is a chipset register, but it
 * decides the chip's trigger mode per line, so it lives here too.
 */
#ifndef BURNVMM_DEVICES_I8259_H
#define BURNVMM_DEVICES_I8259_H

#include "dev.h"

#define I8259_CMD		0	/* ICW1/OCW2/OCW3; IRR/ISR/poll */
#define I8259_DATA		1	/* ICW2-4; OCW1 (IMR) */

struct i8259 {
	/* The three 8-bit registers the datasheet draws. */
	u8 irr;			/* interrupt request register */
	u8 isr;			/* in-service register */
	u8 imr;			/* interrupt mask register */
	u8 lines;		/* input levels as last driven */
	u8 elcr;		/* 1 = level triggered (chipset ELCR) */
	u8 elcr_mask;		/* ELCR bits that exist on this chip */

	u8 vector_base;		/* ICW2, low 3 bits zero */
	u8 icw3;		/* primary: slave bitmap; secondary: id */
	u8 lowest_prio;		/* line with the lowest priority (rotation) */
	u8 init_step;		/* 0 = operational, 2..4 = next ICW */
	bool icw4_needed;	/* ICW1.IC4 */
	bool single;		/* ICW1.SNGL: no ICW3 */
	bool ltim;		/* ICW1.LTIM: every line level triggered */
	bool auto_eoi;		/* ICW4.AEOI */
	bool rotate_aeoi;	/* OCW2 "rotate in automatic EOI mode" */
	bool sfnm;		/* ICW4.SFNM: special fully nested mode */
	bool special_mask;	/* OCW3 special mask mode */
	bool poll;		/* OCW3 poll command pending */
	bool read_isr;		/* OCW3 RIS: command port reads ISR */
	bool primary;		/* this chip is the cascade master */

	struct dev_irq out;	/* the INT output pin */
	const struct dev_backend *be;
	u32 unimp;		/* features already logged as unimplemented */
};

/* i8259.c: */
void i8259_init(struct i8259 *pic, bool primary, u8 elcr_mask,
		const struct dev_irq *out, const struct dev_backend *be);
void i8259_reset(struct i8259 *pic);
u8 i8259_read(struct i8259 *pic, unsigned int off);
void i8259_write(struct i8259 *pic, unsigned int off, u8 val);
u8 i8259_elcr_read(const struct i8259 *pic);
void i8259_elcr_write(struct i8259 *pic, u8 val);
void i8259_set_line(struct i8259 *pic, unsigned int line, bool level);
int i8259_highest_request(const struct i8259 *pic);
int i8259_acknowledge(struct i8259 *pic);
void i8259_update_irq(struct i8259 *pic);

#endif /* BURNVMM_DEVICES_I8259_H */
