// SPDX-License-Identifier: GPL-2.0
/*
 * devices/i8042.c - register core of the 8042 keyboard controller.
 *
 * Written from the IBM PC/AT technical reference (keyboard controller
 * commands) and the behaviour Linux's i8042 and atkbd drivers expect.
 * Contents:
 *
 *   (i)    the output buffer: a queue in front of the single OBF byte
 *   (ii)   IRQ 1 / IRQ 12
 *   (iii)  the keyboard: command answers (ACK, BAT, identify, echo)
 *   (iv)   controller commands on port 0x64 and their data bytes
 *
 * The keyboard never produces key codes (there is no key source in a
 * burnvmm VM); translation (CCB bit 6) is applied only to the one byte
 * where a guest can see it, the identify answer.  The AUX port exists
 * but has no device: bytes sent to it come back as a timeout.
 */
#include "i8042.h"

/* Status register (port 0x64 read) */
#define ST_OBF			0x01	/* output buffer full */
#define ST_IBF			0x02	/* input full: never, we are instant */
#define ST_SYS			0x04	/* system flag, copied from CCB bit 2 */
#define ST_CMD			0x08	/* last write was to port 0x64 */
#define ST_UNLOCKED		0x10	/* keylock switch open */
#define ST_AUXDATA		0x20	/* OBF byte came from the AUX port */
#define ST_TIMEOUT		0x40	/* device did not answer */

/* Controller command byte (RAM byte 0) */
#define CCB_KBDINT		0x01	/* IRQ 1 when OBF holds a kbd byte */
#define CCB_AUXINT		0x02	/* IRQ 12 when OBF holds an AUX byte */
#define CCB_SYS			0x04	/* system flag */
#define CCB_KBDDIS		0x10	/* keyboard interface disabled */
#define CCB_AUXDIS		0x20	/* AUX interface disabled */
#define CCB_XLATE		0x40	/* translate set 2 to set 1 */
/* What a BIOS leaves: keyboard IRQ, system flag, translation. */
#define CCB_BIOS		(CCB_KBDINT | CCB_SYS | CCB_XLATE)

/* Output port (commands 0xd0/0xd1) */
#define OUT_RESET_N		0x01	/* 0 = hold the CPU in reset */
#define OUT_A20			0x02	/* address line 20 enabled */
#define OUT_OBF_KBD		0x10	/* IRQ 1 pin */
#define OUT_OBF_AUX		0x20	/* IRQ 12 pin */
/* Reset line inactive, A20 on, keyboard clock and data lines idle. */
#define OUT_BIOS		0xcf
/* Input port (command 0xc0): bit 7 = keyboard not inhibited. */
#define INPUT_PORT_VALUE	0x80

/* Controller commands */
#define CMD_READ_RAM		0x20	/* 0x20-0x3f: read RAM byte */
#define CMD_WRITE_RAM		0x60	/* 0x60-0x7f: write RAM byte */
#define CMD_RAM_MASK		0x1f
#define CMD_AUX_DISABLE		0xa7
#define CMD_AUX_ENABLE		0xa8
#define CMD_AUX_TEST		0xa9
#define CMD_SELF_TEST		0xaa
#define CMD_KBD_TEST		0xab
#define CMD_KBD_DISABLE		0xad
#define CMD_KBD_ENABLE		0xae
#define CMD_READ_INPUT		0xc0
#define CMD_READ_OUTPUT		0xd0
#define CMD_WRITE_OUTPUT	0xd1
#define CMD_WRITE_KBD_OBUF	0xd2
#define CMD_WRITE_AUX_OBUF	0xd3
#define CMD_WRITE_AUX		0xd4
#define CMD_A20_OFF		0xdd
#define CMD_A20_ON		0xdf
#define CMD_READ_TEST		0xe0
#define CMD_PULSE_FIRST		0xf0	/* 0xf0-0xff: pulse bits 3:0 low */
#define CMD_PULSE_RESET		0x01	/* pulse mask bit: reset line */

#define SELF_TEST_OK		0x55
#define IFACE_TEST_OK		0x00

/* Keyboard commands and answers */
#define KBD_SET_LEDS		0xed
#define KBD_ECHO		0xee
#define KBD_SCAN_SET		0xf0
#define KBD_IDENTIFY		0xf2
#define KBD_TYPEMATIC		0xf3
#define KBD_ENABLE		0xf4
#define KBD_DISABLE		0xf5
#define KBD_DEFAULTS		0xf6
#define KBD_SET3_FIRST		0xf7	/* 0xf7-0xfd: set 3 key modes */
#define KBD_SET3_LAST		0xfd
#define KBD_RESEND		0xfe
#define KBD_RESET		0xff
#define KBD_ACK			0xfa
#define KBD_NAK			0xfe	/* "resend": unknown command */
#define KBD_BAT_OK		0xaa	/* basic assurance test passed */
#define KBD_ID_FIRST		0xab	/* MF2 keyboard */
#define KBD_ID_SECOND		0x83
#define KBD_ID_SECOND_XLATED	0x41	/* 0x83 through the set 1 table */
#define KBD_SCAN_SET_2		0x02
#define AUX_NO_DEVICE		0xfe	/* with ST_TIMEOUT: nobody there */

#define UNIMP_COMMAND		0
#define UNIMP_QUEUE_FULL	1

/* (i) Queue a byte for the output buffer. */
static void obuf_push(struct i8042 *kbc, u8 byte, bool aux)
{
	unsigned int slot;

	if (kbc->count >= I8042_QUEUE_SIZE) {
		dev_unimp_once(kbc->be, &kbc->unimp, UNIMP_QUEUE_FULL,
			       "i8042", "output queue full, byte dropped",
			       byte);
		return;
	}
	slot = (kbc->head + kbc->count) % I8042_QUEUE_SIZE;
	kbc->queue[slot] = byte;
	if (aux)
		kbc->queue_aux |= (u16)(1u << slot);
	else
		kbc->queue_aux &= (u16)~(1u << slot);
	kbc->count++;
	if (!aux)
		kbc->kbd_last = byte;
}

static bool head_is_aux(const struct i8042 *kbc)
{
	return kbc->count && (kbc->queue_aux & (1u << kbc->head));
}

static u8 status_value(const struct i8042 *kbc)
{
	u8 st = kbc->status;

	if (kbc->count) {
		st |= ST_OBF;
		if (head_is_aux(kbc))
			st |= ST_AUXDATA;
	}
	return st;
}

/* (ii) The one place IRQ 1 and IRQ 12 are driven. */
void i8042_update_irq(struct i8042 *kbc)
{
	u8 ccb = kbc->ram[0];
	bool full = kbc->count != 0, aux = head_is_aux(kbc);

	dev_irq_set(&kbc->irq_kbd, full && !aux && (ccb & CCB_KBDINT));
	dev_irq_set(&kbc->irq_aux, full && aux && (ccb & CCB_AUXINT));
}

/* (iii) A byte the guest sent to the keyboard. */
static void kbd_param(struct i8042 *kbc, u8 val)
{
	u8 cmd = kbc->kbd_pending;

	kbc->kbd_pending = 0;
	obuf_push(kbc, KBD_ACK, false);
	if (cmd == KBD_SCAN_SET && val == 0)
		obuf_push(kbc, KBD_SCAN_SET_2, false);
}

static void kbd_command(struct i8042 *kbc, u8 val)
{
	if (kbc->kbd_pending) {
		kbd_param(kbc, val);
		return;
	}
	switch (val) {
	case KBD_SET_LEDS:
	case KBD_SCAN_SET:
	case KBD_TYPEMATIC:
		kbc->kbd_pending = val;
		obuf_push(kbc, KBD_ACK, false);
		break;
	case KBD_ECHO:
		obuf_push(kbc, KBD_ECHO, false);
		break;
	case KBD_IDENTIFY:
		obuf_push(kbc, KBD_ACK, false);
		obuf_push(kbc, KBD_ID_FIRST, false);
		obuf_push(kbc, (kbc->ram[0] & CCB_XLATE) ?
			  KBD_ID_SECOND_XLATED : KBD_ID_SECOND, false);
		break;
	case KBD_ENABLE:
		kbc->kbd_enabled = true;
		obuf_push(kbc, KBD_ACK, false);
		break;
	case KBD_DISABLE:
		kbc->kbd_enabled = false;
		obuf_push(kbc, KBD_ACK, false);
		break;
	case KBD_DEFAULTS:
	case KBD_SET3_FIRST ... KBD_SET3_LAST:
		obuf_push(kbc, KBD_ACK, false);
		break;
	case KBD_RESEND:
		obuf_push(kbc, kbc->kbd_last, false);
		break;
	case KBD_RESET:
		kbc->kbd_enabled = true;
		obuf_push(kbc, KBD_ACK, false);
		obuf_push(kbc, KBD_BAT_OK, false);
		break;
	default:
		obuf_push(kbc, KBD_NAK, false);
		break;
	}
}

static void system_reset(struct i8042 *kbc)
{
	if (kbc->be && kbc->be->ops->system_event)
		kbc->be->ops->system_event(kbc->be->ctx, DEV_SYS_RESET, 0);
}

/* (iv) The data byte of a command that takes one. */
static void command_data(struct i8042 *kbc, u8 cmd, u8 val)
{
	switch (cmd) {
	case CMD_WRITE_RAM ... CMD_WRITE_RAM + CMD_RAM_MASK:
		kbc->ram[cmd & CMD_RAM_MASK] = val;
		if (cmd == CMD_WRITE_RAM) {
			kbc->status &= (u8)~ST_SYS;
			if (val & CCB_SYS)
				kbc->status |= ST_SYS;
		}
		break;
	case CMD_WRITE_OUTPUT:
		kbc->output_port = val;
		if (!(val & OUT_RESET_N))
			system_reset(kbc);
		break;
	case CMD_WRITE_KBD_OBUF:
		obuf_push(kbc, val, false);
		break;
	case CMD_WRITE_AUX_OBUF:
		obuf_push(kbc, val, true);
		break;
	default:
		/* CMD_WRITE_AUX: no mouse answers. */
		DEV_ASSERT(cmd == CMD_WRITE_AUX);
		kbc->status |= ST_TIMEOUT;
		obuf_push(kbc, AUX_NO_DEVICE, true);
		break;
	}
}

static u8 output_port_value(const struct i8042 *kbc)
{
	u8 v = kbc->output_port & (u8)~(OUT_OBF_KBD | OUT_OBF_AUX);

	if (kbc->count)
		v |= head_is_aux(kbc) ? OUT_OBF_AUX : OUT_OBF_KBD;
	return v;
}

static void controller_command(struct i8042 *kbc, u8 cmd)
{
	switch (cmd) {
	case CMD_READ_RAM ... CMD_READ_RAM + CMD_RAM_MASK:
		obuf_push(kbc, kbc->ram[cmd & CMD_RAM_MASK], false);
		break;
	case CMD_WRITE_RAM ... CMD_WRITE_RAM + CMD_RAM_MASK:
	case CMD_WRITE_OUTPUT:
	case CMD_WRITE_KBD_OBUF:
	case CMD_WRITE_AUX_OBUF:
	case CMD_WRITE_AUX:
		kbc->pending_cmd = cmd;
		break;
	case CMD_AUX_DISABLE:
		kbc->ram[0] |= CCB_AUXDIS;
		break;
	case CMD_AUX_ENABLE:
		kbc->ram[0] &= (u8)~CCB_AUXDIS;
		break;
	case CMD_AUX_TEST:
	case CMD_KBD_TEST:
		obuf_push(kbc, IFACE_TEST_OK, false);
		break;
	case CMD_SELF_TEST:
		kbc->status |= ST_SYS;
		obuf_push(kbc, SELF_TEST_OK, false);
		break;
	case CMD_KBD_DISABLE:
		kbc->ram[0] |= CCB_KBDDIS;
		break;
	case CMD_KBD_ENABLE:
		kbc->ram[0] &= (u8)~CCB_KBDDIS;
		break;
	case CMD_READ_INPUT:
		obuf_push(kbc, INPUT_PORT_VALUE, false);
		break;
	case CMD_READ_OUTPUT:
		obuf_push(kbc, output_port_value(kbc), false);
		break;
	case CMD_A20_OFF:
		kbc->output_port &= (u8)~OUT_A20;
		break;
	case CMD_A20_ON:
		kbc->output_port |= OUT_A20;
		break;
	case CMD_READ_TEST:
		obuf_push(kbc, 0, false);
		break;
	case CMD_PULSE_FIRST ... 0xff:
		if (!(cmd & CMD_PULSE_RESET))
			system_reset(kbc);
		break;
	default:
		dev_unimp_once(kbc->be, &kbc->unimp, UNIMP_COMMAND, "i8042",
			       "unknown controller command", cmd);
		break;
	}
}

u8 i8042_read(struct i8042 *kbc, unsigned int off)
{
	u8 v;

	if (off == I8042_CMD)
		return status_value(kbc);
	if (!kbc->count)
		return kbc->queue[(kbc->head + I8042_QUEUE_SIZE - 1) %
				  I8042_QUEUE_SIZE];
	v = kbc->queue[kbc->head];
	kbc->head = (u8)((kbc->head + 1) % I8042_QUEUE_SIZE);
	kbc->count--;
	kbc->status &= (u8)~ST_TIMEOUT;
	/*
	 * IRQ 1 and 12 are edge triggered: drop the lines so that the
	 * next queued byte is a fresh edge, as the OBF refilling is.
	 */
	dev_irq_set(&kbc->irq_kbd, false);
	dev_irq_set(&kbc->irq_aux, false);
	i8042_update_irq(kbc);
	return v;
}

void i8042_write(struct i8042 *kbc, unsigned int off, u8 val)
{
	u8 cmd;

	if (off == I8042_CMD) {
		kbc->status |= ST_CMD;
		kbc->pending_cmd = 0;
		controller_command(kbc, val);
	} else {
		kbc->status &= (u8)~ST_CMD;
		cmd = kbc->pending_cmd;
		kbc->pending_cmd = 0;
		if (cmd)
			command_data(kbc, cmd, val);
		else
			kbd_command(kbc, val);
	}
	i8042_update_irq(kbc);
}

bool i8042_a20(const struct i8042 *kbc)
{
	return kbc->output_port & OUT_A20;
}

/* The state a BIOS hands over: self-tested, A20 on, keyboard ready. */
void i8042_reset(struct i8042 *kbc)
{
	dev_memset(kbc->queue, 0, sizeof(kbc->queue));
	dev_memset(kbc->ram, 0, sizeof(kbc->ram));
	kbc->queue_aux = 0;
	kbc->head = 0;
	kbc->count = 0;
	kbc->ram[0] = CCB_BIOS;
	kbc->status = ST_SYS | ST_UNLOCKED;
	kbc->pending_cmd = 0;
	kbc->kbd_pending = 0;
	kbc->kbd_last = 0;
	kbc->output_port = OUT_BIOS;
	kbc->kbd_enabled = true;
	i8042_update_irq(kbc);
}

void i8042_init(struct i8042 *kbc, const struct dev_irq *irq_kbd,
		const struct dev_irq *irq_aux, const struct dev_backend *be)
{
	dev_memset(kbc, 0, sizeof(*kbc));
	kbc->irq_kbd = *irq_kbd;
	kbc->irq_kbd.level = false;
	kbc->irq_aux = *irq_aux;
	kbc->irq_aux.level = false;
	kbc->be = be;
	i8042_reset(kbc);
}
