// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-uart.c - the 16550A register core against the
 * PC16550D datasheet and against what Linux 6.1's 8250 driver probes:
 * the IER existence test, the loopback MSR test, FIFO and 16750
 * detection in autoconfig/autoconfig_16550a, and the THRE test of
 * serial8250_do_startup.
 */
#include "devtest.h"
#include "uart16550.h"

struct uart_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct fake_line lines[FAKE_NR_LINES];
	struct uart16550 u;
};

static int setup(void **state)
{
	struct uart_fixture *f = calloc(1, sizeof(*f));
	struct dev_irq irq = fake_irq(f->lines, 4);

	fake_backend_init(&f->fb);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	uart_init(&f->u, 0, &irq, &f->be);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static u8 rd(struct uart_fixture *f, unsigned int off)
{
	return uart_read(&f->u, off, f->fb.now);
}

static void wr(struct uart_fixture *f, unsigned int off, u8 val)
{
	uart_write(&f->u, off, val, f->fb.now);
}

static void rx(struct uart_fixture *f, u8 byte)
{
	uart_receive(&f->u, byte, f->fb.now);
}

static void uart_reset_values(void **state)
{
	struct uart_fixture *f = *state;

	assert_int_equal(rd(f, UART_IER), 0);
	assert_int_equal(rd(f, UART_IIR), 0x01);
	assert_int_equal(rd(f, UART_LCR), 0);
	assert_int_equal(rd(f, UART_MCR), 0);
	assert_int_equal(rd(f, UART_LSR), 0x60);
	assert_int_equal(rd(f, UART_MSR), 0xb0);	/* CTS, DSR, DCD */
	wr(f, UART_LCR, 0x80);
	assert_int_equal(rd(f, UART_DLL), 12);
	assert_int_equal(rd(f, UART_DLM), 0);
}

static void uart_dlab_switches_registers(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_LCR, 0x83);
	wr(f, UART_DLL, 0x01);
	wr(f, UART_DLM, 0x00);
	assert_int_equal(f->fb.console_len[0], 0);	/* not a THR write */
	assert_int_equal(f->u.ier, 0);
	wr(f, UART_LCR, 0x03);
	assert_int_equal(f->u.dll, 1);
	wr(f, UART_THR, 'A');
	assert_int_equal(f->fb.console_len[0], 1);
	assert_int_equal(f->fb.console[0][0], 'A');
}

static void uart_tx_leaves_thre_and_temt(void **state)
{
	struct uart_fixture *f = *state;
	const char *msg = "hello";
	unsigned int i;

	for (i = 0; msg[i]; i++) {
		assert_true(rd(f, UART_LSR) & 0x20);
		wr(f, UART_THR, (u8)msg[i]);
	}
	assert_int_equal(rd(f, UART_LSR) & 0x60, 0x60);
	assert_memory_equal(f->fb.console[0], msg, 5);
}

/* autoconfig(): IER existence test with the port 0x80 writes between. */
static void uart_linux_ier_probe(void **state)
{
	struct uart_fixture *f = *state;
	u8 scratch, scratch2, scratch3;

	scratch = rd(f, UART_IER);
	wr(f, UART_IER, 0);
	scratch2 = rd(f, UART_IER) & 0x0f;
	wr(f, UART_IER, 0x0f);
	scratch3 = rd(f, UART_IER) & 0x0f;
	wr(f, UART_IER, scratch);
	assert_int_equal(scratch2, 0);
	assert_int_equal(scratch3, 0x0f);
	/* 16550A: IER bits 7:4 do not exist (no UUE: not an XScale). */
	wr(f, UART_IER, 0xf0);
	assert_int_equal(rd(f, UART_IER), 0);
}

/* autoconfig(): MCR loop with RTS|OUT2 must show CTS|DCD in MSR. */
static void uart_linux_loopback_probe(void **state)
{
	struct uart_fixture *f = *state;
	u8 save_mcr = rd(f, UART_MCR), status1;

	wr(f, UART_MCR, 0x10 | 0x0a);
	status1 = rd(f, UART_MSR) & 0xf0;
	wr(f, UART_MCR, save_mcr);
	assert_int_equal(status1, 0x90);
}

/* autoconfig(): FCR enable -> IIR top bits 11 (16550A, not 16550). */
static void uart_linux_fifo_detection(void **state)
{
	struct uart_fixture *f = *state;
	u8 status1, status2;

	wr(f, UART_LCR, 0xbf);		/* UART_LCR_CONF_MODE_B */
	wr(f, UART_FCR, 0);		/* "EFR" = 0 */
	wr(f, UART_LCR, 0);
	wr(f, UART_FCR, 0x01);
	assert_int_equal(rd(f, UART_IIR) >> 6, 3);
	/* No EFR: offset 2 with DLAB reads IIR, which is non-zero. */
	wr(f, UART_LCR, 0x80);
	assert_int_not_equal(rd(f, 2), 0);
	/* TI16750 test: IIR bit 5 must stay clear. */
	wr(f, UART_LCR, 0);
	wr(f, UART_FCR, 0x01 | 0x20);
	status1 = rd(f, UART_IIR) >> 5;
	wr(f, UART_FCR, 0x01);
	wr(f, UART_LCR, 0x80);
	wr(f, UART_FCR, 0x01 | 0x20);
	status2 = rd(f, UART_IIR) >> 5;
	wr(f, UART_FCR, 0x01);
	wr(f, UART_LCR, 0);
	assert_false(status1 == 6 && status2 == 7);
	assert_int_equal(status1, 6);	/* 110: FIFOs, no bit 5 */
}

/* serial8250_do_startup's THRE test: THRI must re-assert each time. */
static void uart_linux_thre_test(void **state)
{
	struct uart_fixture *f = *state;
	u8 iir1, iir;

	wr(f, UART_FCR, 0x01);
	wr(f, UART_IER, 0x02);
	iir1 = rd(f, UART_IIR);
	wr(f, UART_IER, 0);
	wr(f, UART_IER, 0x02);
	iir = rd(f, UART_IIR);
	wr(f, UART_IER, 0);
	assert_false(iir1 & 0x01);
	assert_false(iir & 0x01);	/* else Linux sets UART_BUG_THRE */
	assert_int_equal(iir & 0x0f, 0x02);
}

static void uart_thri_cleared_by_iir_read_and_rearmed_by_thr(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_MCR, 0x08);			/* OUT2: IRQ to the bus */
	wr(f, UART_IER, 0x02);
	assert_true(f->lines[4].level);
	assert_int_equal(rd(f, UART_IIR), 0x02);
	assert_int_equal(rd(f, UART_IIR), 0x01);	/* acknowledged */
	assert_false(f->lines[4].level);
	wr(f, UART_THR, 'x');
	assert_true(f->lines[4].level);
	assert_int_equal(rd(f, UART_IIR), 0x02);
}

static void uart_rx_non_fifo(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_IER, 0x01);
	rx(f, 'q');
	assert_true(rd(f, UART_LSR) & 0x01);
	assert_int_equal(rd(f, UART_IIR), 0x04);
	assert_int_equal(rd(f, UART_RBR), 'q');
	assert_false(rd(f, UART_LSR) & 0x01);
	assert_int_equal(rd(f, UART_IIR), 0x01);
}

static void uart_fifo_trigger_levels(void **state)
{
	struct uart_fixture *f = *state;
	static const u8 fcr[] = { 0x01, 0x41, 0x81, 0xc1 };
	static const unsigned int level[] = { 1, 4, 8, 14 };
	unsigned int i, n;

	wr(f, UART_IER, 0x01);
	for (i = 0; i < 4; i++) {
		wr(f, UART_FCR, fcr[i] | 0x02);	/* and clear RX */
		for (n = 1; n < level[i]; n++)
			rx(f, (u8)n);
		assert_int_equal(uart_iir(&f->u, f->fb.now) & 0x0f, 0x01);
		rx(f, 0xee);
		assert_int_equal(uart_iir(&f->u, f->fb.now), 0xc4);
	}
}

static void uart_char_time(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_LCR, 0x83);		/* 8N1 */
	wr(f, UART_DLL, 1);		/* 115200 baud */
	wr(f, UART_DLM, 0);
	wr(f, UART_LCR, 0x03);
	/* 10 bits at 8.68 us. */
	assert_true(uart_char_time_ns(&f->u) == 86805);
	wr(f, UART_LCR, 0x0f);		/* 8 bits, parity, 2 stop = 12 */
	assert_true(uart_char_time_ns(&f->u) == 104166);
	wr(f, UART_LCR, 0x04);		/* 5 bits, 1.5 stop = 7.5 */
	assert_true(uart_char_time_ns(&f->u) == 65104);
}

/* Fewer bytes than the trigger: the character timeout reports them. */
static void uart_character_timeout(void **state)
{
	struct uart_fixture *f = *state;
	u64 t0 = 1000000, cti;

	f->fb.now = t0;
	wr(f, UART_FCR, 0x81);			/* trigger 8 */
	wr(f, UART_IER, 0x01);
	wr(f, UART_MCR, 0x08);
	rx(f, 'a');
	cti = t0 + 4 * uart_char_time_ns(&f->u);
	assert_true(uart_next_deadline(&f->u, t0) == cti);
	assert_int_equal(uart_iir(&f->u, cti - 1), 0xc1);
	assert_int_equal(uart_iir(&f->u, cti), 0xcc);
	uart_update_irq(&f->u, cti);
	assert_true(f->lines[4].level);
	f->fb.now = cti;
	assert_int_equal(rd(f, UART_RBR), 'a');
	assert_int_equal(rd(f, UART_IIR), 0xc1);
	assert_false(f->lines[4].level);
	assert_true(uart_next_deadline(&f->u, cti) == DEV_U64_MAX);
}

static void uart_overrun(void **state)
{
	struct uart_fixture *f = *state;
	unsigned int i;

	wr(f, UART_FCR, 0xc1);
	wr(f, UART_IER, 0x05);		/* RDA and line status */
	for (i = 0; i < UART_FIFO_SIZE; i++)
		assert_true(uart_receive(&f->u, (u8)i, 0));
	assert_int_equal(uart_rx_room(&f->u), 0);
	assert_false(uart_receive(&f->u, 0x77, 0));
	/* Line status outranks data available. */
	assert_int_equal(rd(f, UART_IIR), 0xc6);
	assert_int_equal(rd(f, UART_LSR) & 0x03, 0x03);
	assert_int_equal(rd(f, UART_LSR) & 0x02, 0);	/* read clears OE */
	assert_int_equal(rd(f, UART_IIR), 0xc4);
	for (i = 0; i < UART_FIFO_SIZE; i++)
		assert_int_equal(rd(f, UART_RBR), i);	/* 0x77 was lost */
}

static void uart_fifo_clear(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_FCR, 0x01);
	rx(f, 1);
	rx(f, 2);
	wr(f, UART_FCR, 0x03);
	assert_false(rd(f, UART_LSR) & 0x01);
	/* Turning FIFOs off also empties them. */
	rx(f, 3);
	wr(f, UART_FCR, 0x00);
	assert_false(rd(f, UART_LSR) & 0x01);
	assert_int_equal(rd(f, UART_IIR) & 0xc0, 0);
}

static void uart_no_fifo_holds_one_byte(void **state)
{
	struct uart_fixture *f = *state;

	rx(f, 1);
	assert_int_equal(uart_rx_room(&f->u), 0);
	rx(f, 2);
	assert_int_equal(rd(f, UART_LSR) & 0x03, 0x03);
	assert_int_equal(rd(f, UART_RBR), 1);
}

static void uart_interrupt_priorities(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_MCR, 0x10);		/* loopback, to make MSR deltas */
	wr(f, UART_MCR, 0x12);		/* RTS: delta CTS */
	wr(f, UART_IER, 0x0f);
	wr(f, UART_FCR, 0x01);
	rx(f, 1);
	rx(f, 2);
	rx(f, 3);
	uart_receive(&f->u, 0, 0);	/* cannot overrun a FIFO of 16 */
	f->u.lsr |= 0x02;		/* inject an overrun */
	assert_int_equal(rd(f, UART_IIR), 0xc6);
	rd(f, UART_LSR);
	assert_int_equal(rd(f, UART_IIR), 0xc4);
	while (rd(f, UART_LSR) & 0x01)
		rd(f, UART_RBR);
	assert_int_equal(rd(f, UART_IIR), 0xc2);	/* THRI */
	assert_int_equal(rd(f, UART_IIR), 0xc0);	/* then MSI */
	rd(f, UART_MSR);
	assert_int_equal(rd(f, UART_IIR), 0xc1);
}

static void uart_loopback_msr_deltas(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_MCR, 0x10);
	rd(f, UART_MSR);
	wr(f, UART_MCR, 0x13);		/* DTR, RTS */
	assert_int_equal(rd(f, UART_MSR), 0x30 | 0x03);
	assert_int_equal(rd(f, UART_MSR), 0x30);	/* deltas cleared */
	wr(f, UART_MCR, 0x14);		/* OUT1 -> RI on */
	assert_int_equal(rd(f, UART_MSR) & 0x04, 0);	/* no TERI yet */
	wr(f, UART_MCR, 0x10);		/* RI off: trailing edge */
	assert_true(rd(f, UART_MSR) & 0x04);
}

static void uart_loopback_routes_tx_to_rx(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_MCR, 0x10);
	wr(f, UART_THR, 0x5a);
	assert_int_equal(f->fb.console_len[0], 0);
	assert_int_equal(rd(f, UART_RBR), 0x5a);
}

/* PC wiring: the IRQ reaches the bus only with OUT2 and not in loop. */
static void uart_out2_gates_irq(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_IER, 0x02);
	assert_false(f->lines[4].level);
	wr(f, UART_MCR, 0x08);
	assert_true(f->lines[4].level);
	wr(f, UART_MCR, 0x18);
	assert_false(f->lines[4].level);
}

static void uart_scratch_and_reserved_bits(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_SCR, 0xa5);
	assert_int_equal(rd(f, UART_SCR), 0xa5);
	wr(f, UART_MCR, 0xff);
	assert_int_equal(rd(f, UART_MCR), 0x1f);
	wr(f, UART_LSR, 0x00);		/* factory test: ignored */
	assert_int_equal(rd(f, UART_LSR) & 0x60, 0x60);
	uart_reset(&f->u, 0);
	assert_int_equal(rd(f, UART_SCR), 0xa5);	/* survives reset */
}

static void uart_break_and_dma_log_once(void **state)
{
	struct uart_fixture *f = *state;

	wr(f, UART_LCR, 0x43);
	wr(f, UART_LCR, 0x43);
	wr(f, UART_FCR, 0x09);
	wr(f, UART_FCR, 0x09);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 2);
}

/* Linux's console write path: poll LSR for THRE|TEMT per byte. */
static void uart_linux_console_write(void **state)
{
	struct uart_fixture *f = *state;
	const char *s = "Linux version 6.1\n";
	u8 ier;
	unsigned int i;

	ier = rd(f, UART_IER);
	wr(f, UART_IER, 0);
	for (i = 0; s[i]; i++) {
		while ((rd(f, UART_LSR) & 0x60) != 0x60)
			fail();
		wr(f, UART_THR, (u8)s[i]);
	}
	wr(f, UART_IER, ier);
	assert_int_equal(f->fb.console_len[0], strlen(s));
	assert_memory_equal(f->fb.console[0], s, strlen(s));
}

int run_uart_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(uart_reset_values),
		T(uart_dlab_switches_registers),
		T(uart_tx_leaves_thre_and_temt),
		T(uart_linux_ier_probe),
		T(uart_linux_loopback_probe),
		T(uart_linux_fifo_detection),
		T(uart_linux_thre_test),
		T(uart_thri_cleared_by_iir_read_and_rearmed_by_thr),
		T(uart_rx_non_fifo),
		T(uart_fifo_trigger_levels),
		T(uart_char_time),
		T(uart_character_timeout),
		T(uart_overrun),
		T(uart_fifo_clear),
		T(uart_no_fifo_holds_one_byte),
		T(uart_interrupt_priorities),
		T(uart_loopback_msr_deltas),
		T(uart_loopback_routes_tx_to_rx),
		T(uart_out2_gates_irq),
		T(uart_scratch_and_reserved_bits),
		T(uart_break_and_dma_log_once),
		T(uart_linux_console_write),
#undef T
	};

	return cmocka_run_group_tests_name("uart", tests, NULL, NULL);
}
