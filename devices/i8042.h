/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/i8042.h - the PC/AT 8042 keyboard controller with a keyboard
 * that answers commands but never types, and an auxiliary (PS/2 mouse)
 * port with nothing plugged in.
 *
 * Why it is here at all: guests probe it (Linux's i8042 driver), gate
 * address line A20 through it, and reset the machine with command 0xFE.
 */
#ifndef BURNVMM_DEVICES_I8042_H
#define BURNVMM_DEVICES_I8042_H

#include "dev.h"

#define I8042_DATA		0	/* port 0x60 */
#define I8042_CMD		1	/* port 0x64: status / command */
#define I8042_QUEUE_SIZE	16
#define I8042_RAM_SIZE		32	/* controller RAM, byte 0 = CCB */

struct i8042 {
	u8 queue[I8042_QUEUE_SIZE];	/* bytes waiting for the OBF */
	u16 queue_aux;			/* bit n: queue[n] is from AUX */
	u8 head, count;
	u8 ram[I8042_RAM_SIZE];		/* ram[0] is the command byte */
	u8 status;			/* sticky status bits */
	u8 pending_cmd;			/* command waiting for a data byte */
	u8 kbd_pending;			/* keyboard command awaiting param */
	u8 kbd_last;			/* last byte the keyboard sent */
	u8 output_port;			/* A20, reset line, ... */
	bool kbd_enabled;		/* keyboard scanning (F4/F5) */
	struct dev_irq irq_kbd;		/* IRQ 1 */
	struct dev_irq irq_aux;		/* IRQ 12 */
	const struct dev_backend *be;
	u32 unimp;
};

/* i8042.c: */
void i8042_init(struct i8042 *kbc, const struct dev_irq *irq_kbd,
		const struct dev_irq *irq_aux, const struct dev_backend *be);
void i8042_reset(struct i8042 *kbc);
u8 i8042_read(struct i8042 *kbc, unsigned int off);
void i8042_write(struct i8042 *kbc, unsigned int off, u8 val);
bool i8042_a20(const struct i8042 *kbc);
void i8042_update_irq(struct i8042 *kbc);

#endif /* BURNVMM_DEVICES_I8042_H */
