// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-i8042.c - the 8042 controller and its keyboard:
 * status bits, controller RAM, self tests, A20 and reset, the AUX port
 * without a device, and the sequences of Linux 6.1's i8042.c
 * (i8042_controller_check/selftest/init, i8042_check_aux) and atkbd.c
 * (reset, GETID).
 */
#include "devtest.h"
#include "i8042.h"

#define ST_OBF		0x01
#define ST_SYS		0x04
#define ST_CMD		0x08
#define ST_AUXDATA	0x20
#define ST_TIMEOUT	0x40

struct kbc_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct fake_line lines[FAKE_NR_LINES];
	struct i8042 kbc;
};

static int setup(void **state)
{
	struct kbc_fixture *f = calloc(1, sizeof(*f));
	struct dev_irq kbd = fake_irq(f->lines, 1);
	struct dev_irq aux = fake_irq(f->lines, 12);

	fake_backend_init(&f->fb);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	i8042_init(&f->kbc, &kbd, &aux, &f->be);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static u8 status(struct kbc_fixture *f)
{
	return i8042_read(&f->kbc, I8042_CMD);
}

static u8 data(struct kbc_fixture *f)
{
	assert_true(status(f) & ST_OBF);
	return i8042_read(&f->kbc, I8042_DATA);
}

static void cmd(struct kbc_fixture *f, u8 c)
{
	i8042_write(&f->kbc, I8042_CMD, c);
}

static void put(struct kbc_fixture *f, u8 v)
{
	i8042_write(&f->kbc, I8042_DATA, v);
}

/* i8042_command(): command, parameters, then result bytes. */
static void expect_bytes(struct kbc_fixture *f, const u8 *b, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		assert_int_equal(data(f), b[i]);
	assert_false(status(f) & ST_OBF);
}

static void kbc_reset_status(void **state)
{
	struct kbc_fixture *f = *state;

	assert_int_equal(status(f), ST_SYS | 0x10);
	assert_true(i8042_a20(&f->kbc));
}

static void kbc_self_test(void **state)
{
	struct kbc_fixture *f = *state;
	static const u8 ok[] = { 0x55 };
	static const u8 zero[] = { 0x00 };

	cmd(f, 0xaa);
	assert_true(status(f) & ST_CMD);
	expect_bytes(f, ok, 1);
	cmd(f, 0xab);			/* keyboard interface test */
	expect_bytes(f, zero, 1);
}

static void kbc_controller_ram(void **state)
{
	struct kbc_fixture *f = *state;
	static const u8 ccb[] = { 0x45 };
	static const u8 b[] = { 0x99 };

	cmd(f, 0x20);
	expect_bytes(f, ccb, 1);
	cmd(f, 0x65);			/* write RAM byte 5 */
	put(f, 0x99);
	assert_false(status(f) & ST_CMD);
	cmd(f, 0x25);
	expect_bytes(f, b, 1);
	/* CCB bit 2 is the status system flag. */
	cmd(f, 0x60);
	put(f, 0x00);
	assert_false(status(f) & ST_SYS);
}

/* i8042_controller_check + selftest + init as Linux 6.1 runs them. */
static void kbc_linux_controller_init(void **state)
{
	struct kbc_fixture *f = *state;
	u8 ctr[2], c;
	unsigned int n = 0, flushed = 0;

	put(f, 0xf4);			/* leftover keyboard byte */
	while (status(f) & ST_OBF) {	/* i8042_flush */
		i8042_read(&f->kbc, I8042_DATA);
		flushed++;
	}
	assert_int_equal(flushed, 1);
	cmd(f, 0xaa);
	assert_int_equal(data(f), 0x55);
	do {
		cmd(f, 0x20);
		ctr[n++ % 2] = data(f);
	} while (n < 2 || ctr[0] != ctr[1]);
	c = ctr[0];
	assert_true(c & 0x40);		/* translated: i8042_direct off */
	c |= 0x10;			/* KBDDIS */
	c &= ~0x01;			/* KBDINT */
	cmd(f, 0x60);
	put(f, c);
	cmd(f, 0x20);
	assert_int_equal(data(f), c);
	/* With KBDINT off, keyboard answers raise no IRQ 1. */
	n = f->lines[1].rises;
	put(f, 0xf2);
	assert_int_equal(f->lines[1].rises, n);
	assert_int_equal(data(f), 0xfa);
}

/* i8042_check_aux: loopback of 0x5a, AUX test, AUX enable toggles. */
static void kbc_linux_check_aux(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xd3);
	put(f, 0x5a);
	assert_true(status(f) & ST_AUXDATA);
	assert_int_equal(data(f), 0x5a);
	cmd(f, 0xa9);
	assert_int_equal(data(f), 0x00);
	cmd(f, 0xa7);
	cmd(f, 0x20);
	assert_true(data(f) & 0x20);
	cmd(f, 0xa8);
	cmd(f, 0x20);
	assert_false(data(f) & 0x20);
}

static void kbc_aux_device_absent_times_out(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xd4);
	put(f, 0xff);			/* psmouse reset */
	assert_int_equal(status(f) & (ST_TIMEOUT | ST_AUXDATA | ST_OBF),
			 ST_TIMEOUT | ST_AUXDATA | ST_OBF);
	assert_int_equal(data(f), 0xfe);
	assert_false(status(f) & ST_TIMEOUT);
}

static void kbc_keyboard_reset_bat(void **state)
{
	struct kbc_fixture *f = *state;
	static const u8 bat[] = { 0xfa, 0xaa };

	put(f, 0xff);
	/* Each byte is a fresh IRQ 1 edge (KBDINT is on). */
	assert_int_equal(f->lines[1].rises, 1);
	assert_int_equal(data(f), bat[0]);
	assert_int_equal(f->lines[1].rises, 2);
	assert_int_equal(data(f), bat[1]);
	assert_false(f->lines[1].level);
}

/* atkbd GETID: ACK, 0xAB, then 0x41 translated or 0x83 raw. */
static void kbc_keyboard_identify(void **state)
{
	struct kbc_fixture *f = *state;
	static const u8 xl[] = { 0xfa, 0xab, 0x41 };
	static const u8 raw[] = { 0xfa, 0xab, 0x83 };

	put(f, 0xf2);
	expect_bytes(f, xl, 3);
	cmd(f, 0x60);
	put(f, 0x05);			/* translation off */
	put(f, 0xf2);
	expect_bytes(f, raw, 3);
}

static void kbc_keyboard_commands(void **state)
{
	struct kbc_fixture *f = *state;
	static const u8 leds[] = { 0xfa, 0xfa };
	static const u8 set[] = { 0xfa, 0xfa, 0x02 };
	static const u8 echo[] = { 0xee };
	static const u8 nak[] = { 0xfe };
	static const u8 resend[] = { 0xee };
	static const u8 ack[] = { 0xfa };

	put(f, 0xed);
	put(f, 0x07);
	expect_bytes(f, leds, 2);
	put(f, 0xf0);
	put(f, 0x00);			/* get scan code set */
	expect_bytes(f, set, 3);
	put(f, 0xee);
	expect_bytes(f, echo, 1);
	put(f, 0xfe);			/* resend: the last byte sent */
	expect_bytes(f, resend, 1);
	put(f, 0x12);			/* not a command */
	expect_bytes(f, nak, 1);
	put(f, 0xf5);
	expect_bytes(f, ack, 1);
	assert_false(f->kbc.kbd_enabled);
	put(f, 0xf4);
	expect_bytes(f, ack, 1);
	assert_true(f->kbc.kbd_enabled);
}

static void kbc_pulse_reset(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xff);			/* pulse nothing */
	assert_int_equal(f->fb.events, 0);
	cmd(f, 0xfe);
	assert_int_equal(f->fb.events, 1);
	assert_int_equal(f->fb.last_event, DEV_SYS_RESET);
}

static void kbc_a20_gate(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xd1);
	put(f, 0xcd);			/* A20 off, reset line high */
	assert_false(i8042_a20(&f->kbc));
	assert_int_equal(f->fb.events, 0);
	cmd(f, 0xd0);
	assert_int_equal(data(f) & 0x03, 0x01);
	cmd(f, 0xdf);
	assert_true(i8042_a20(&f->kbc));
	cmd(f, 0xdd);
	assert_false(i8042_a20(&f->kbc));
	/* The output port shows which IRQ pin OBF drives. */
	put(f, 0xee);
	cmd(f, 0xd0);			/* queued behind the echo */
	assert_int_equal(data(f), 0xee);
	assert_int_equal(data(f) & 0x30, 0x10);
}

static void kbc_output_port_reset_line(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xd1);
	put(f, 0xce);			/* bit 0 low: reset */
	assert_int_equal(f->fb.events, 1);
	assert_int_equal(f->fb.last_event, DEV_SYS_RESET);
}

static void kbc_aux_irq12_needs_auxint(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xd3);
	put(f, 0x01);
	assert_int_equal(f->lines[12].rises, 0);	/* AUXINT off */
	data(f);
	cmd(f, 0x60);
	put(f, 0x47);			/* KBDINT | AUXINT | SYS | XLATE */
	cmd(f, 0xd3);
	put(f, 0x02);
	assert_int_equal(f->lines[12].rises, 1);
	assert_false(f->lines[1].level);
	data(f);
	assert_false(f->lines[12].level);
	cmd(f, 0xd2);			/* keyboard output buffer */
	put(f, 0x03);
	assert_true(f->lines[1].level);
}

static void kbc_unknown_command_logged_once(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xc9);
	cmd(f, 0xca);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
	assert_false(status(f) & ST_OBF);
}

static void kbc_queue_overflow_drops(void **state)
{
	struct kbc_fixture *f = *state;
	unsigned int i, n = 0;

	for (i = 0; i < 40; i++)
		put(f, 0xee);
	while (status(f) & ST_OBF) {
		assert_int_equal(i8042_read(&f->kbc, I8042_DATA), 0xee);
		n++;
	}
	assert_int_equal(n, I8042_QUEUE_SIZE);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
	/* An empty buffer reads the last byte again. */
	assert_int_equal(i8042_read(&f->kbc, I8042_DATA), 0xee);
}

static void kbc_input_port_and_test_inputs(void **state)
{
	struct kbc_fixture *f = *state;

	cmd(f, 0xc0);
	assert_true(data(f) & 0x80);	/* keyboard not inhibited */
	cmd(f, 0xe0);
	assert_int_equal(data(f), 0x00);
}

int run_i8042_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(kbc_reset_status),
		T(kbc_self_test),
		T(kbc_controller_ram),
		T(kbc_linux_controller_init),
		T(kbc_linux_check_aux),
		T(kbc_aux_device_absent_times_out),
		T(kbc_keyboard_reset_bat),
		T(kbc_keyboard_identify),
		T(kbc_keyboard_commands),
		T(kbc_pulse_reset),
		T(kbc_a20_gate),
		T(kbc_output_port_reset_line),
		T(kbc_aux_irq12_needs_auxint),
		T(kbc_unknown_command_logged_once),
		T(kbc_queue_overflow_drops),
		T(kbc_input_port_and_test_inputs),
#undef T
	};

	return cmocka_run_group_tests_name("i8042", tests, NULL, NULL);
}
