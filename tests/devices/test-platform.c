// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-platform.c - black-box tests of the whole platform
 * through I/O ports only, with a controllable clock (in the manner of
 * QEMU's rtc-test clock_step): bus glue (widths, ISA splitting, unhandled
 * ports), the BIOS state after reset, and end-to-end paths as a Linux
 * guest drives them: PIC + PIT timer interrupt, 8250 probe and console,
 * serial input interrupt, RTC read and IRQ 8, 8042 and 0xCF9 reset,
 * debug-exit, power-off, PCI probe, libata probe and a PIO read through
 * IRQ 14 with an asynchronous back end.
 */
#include "devtest.h"
#include "platform.h"

#define MS		1000000ull
#define VEC0		0x30	/* Linux's ISA_IRQ_VECTOR(0) */

struct plat_fixture {
	struct fake_backend fb;
	struct platform p;
	unsigned int notifies;
	bool intr;
};

static void notify(void *ctx, bool intr)
{
	struct plat_fixture *f = ctx;

	f->notifies++;
	f->intr = intr;
}

static void complete(void *target, u32 tag, int err)
{
	platform_disk_complete(target, tag, err);
}

static int setup(void **state)
{
	struct plat_fixture *f = calloc(1, sizeof(*f));

	fake_backend_init(&f->fb);
	f->fb.now = 1000;
	f->fb.wallclock = 1795559963;	/* 2026-11-24 22:39:23 */
	fake_disk_create(&f->fb, 0, 4096);
	fake_disk_pattern(&f->fb, 0);
	f->fb.complete = complete;
	f->fb.complete_target = &f->p;
	assert_int_equal(platform_init(&f->p, &fake_backend_ops, &f->fb,
				       64ull << 20, notify, f), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct plat_fixture *f = *state;

	fake_backend_free(&f->fb);
	free(f);
	return 0;
}

static u32 in(struct plat_fixture *f, u16 port, unsigned int size)
{
	u32 v = 0;

	assert_int_equal(platform_port_read(&f->p, port, size, &v), 0);
	return v;
}

static void out(struct plat_fixture *f, u16 port, unsigned int size, u32 v)
{
	assert_int_equal(platform_port_write(&f->p, port, size, v), 0);
}

static u8 inb(struct plat_fixture *f, u16 port)
{
	return (u8)in(f, port, 1);
}

static void outb(struct plat_fixture *f, u16 port, u8 v)
{
	out(f, port, 1, v);
}

/* init_8259A(0) followed by unmasking @irqs (a bitmap of ISA IRQs). */
static void linux_pic_init(struct plat_fixture *f, u16 irqs)
{
	outb(f, 0x21, 0xff);
	outb(f, 0xa1, 0xff);
	outb(f, 0x20, 0x11);
	outb(f, 0x21, VEC0);
	outb(f, 0x21, 0x04);
	outb(f, 0x21, 0x01);
	outb(f, 0xa0, 0x11);
	outb(f, 0xa1, VEC0 + 8);
	outb(f, 0xa1, 0x02);
	outb(f, 0xa1, 0x01);
	outb(f, 0x21, (u8)~(irqs | 0x04));
	outb(f, 0xa1, (u8)~(irqs >> 8));
}

static void eoi(struct plat_fixture *f, unsigned int irq)
{
	if (irq >= 8) {
		outb(f, 0xa0, 0x60 + (irq & 7));
		outb(f, 0x20, 0x62);
	} else {
		outb(f, 0x20, 0x60 + irq);
	}
}

static void plat_init_rejects_incomplete_ops(void **state)
{
	struct plat_fixture *f = *state;
	struct dev_backend_ops ops = fake_backend_ops;
	struct platform p;

	ops.disk_submit = NULL;
	assert_int_equal(platform_init(&p, &ops, &f->fb, 0, NULL, NULL),
			 -DEV_EINVAL);
	assert_int_equal(platform_init(&p, NULL, &f->fb, 0, NULL, NULL),
			 -DEV_EINVAL);
}

static void plat_unhandled_ports(void **state)
{
	struct plat_fixture *f = *state;

	assert_int_equal(in(f, 0x1234, 1), 0xff);
	assert_int_equal(in(f, 0x1234, 2), 0xffff);
	assert_int_equal(in(f, 0x1234, 4), 0xffffffff);
	out(f, 0x1234, 1, 0);
	assert_int_equal(f->p.stats.unhandled, 1 + 2 + 4 + 1);
	/* Each distinct port is logged once: 0x1234..0x1237. */
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 4);
	assert_int_equal(in(f, 0xffff, 2), 0xffff);	/* wraps to 0 */
}

static void plat_bad_width_refused(void **state)
{
	struct plat_fixture *f = *state;
	u32 v;

	assert_int_equal(platform_port_read(&f->p, 0x3f8, 3, &v),
			 -DEV_EINVAL);
	assert_int_equal(v, 0xffffffff);
	assert_int_equal(platform_port_write(&f->p, 0x3f8, 8, 0),
			 -DEV_EINVAL);
	assert_int_equal(f->p.stats.bad_size, 2);
	assert_false(platform_mmio_read(&f->p, gpa(0xfee00000), 4, &v));
	assert_int_equal(v, 0xffffffff);
	assert_false(platform_mmio_write(&f->p, gpa(0xfee00000), 4, 1));
	assert_int_equal(f->p.stats.mmio_unhandled, 2);
}

/* ISA splitting: outw to 0x20 is outb 0x20 then outb 0x21. */
static void plat_word_access_to_8bit_device_splits(void **state)
{
	struct plat_fixture *f = *state;

	out(f, 0x20, 2, 0x550b);	/* OCW3 read ISR; IMR = 0x55 */
	assert_int_equal(inb(f, 0x21), 0x55);
	assert_true(f->p.il.pic[0].read_isr);
	outb(f, 0x70, 0x0d);
	/* inw 0x70: 0x70 floats (0xff), 0x71 is register D (0x80). */
	assert_int_equal(in(f, 0x70, 2), 0x80ff);
	assert_int_equal(f->p.stats.split, 2);
}

/* What the guest finds: a PC after its BIOS. */
static void plat_bios_state(void **state)
{
	struct plat_fixture *f = *state;

	assert_int_equal(inb(f, 0x21), 0xfb);
	assert_int_equal(inb(f, 0xa1), 0xff);
	assert_int_equal(f->p.il.pic[0].vector_base, 0x08);
	assert_int_equal(f->p.il.pic[1].vector_base, 0x70);
	outb(f, 0x43, 0xe2);		/* read-back status of counter 0 */
	assert_int_equal(inb(f, 0x40) & 0x3f, 0x36);
	assert_int_equal(inb(f, 0x3fb), 0x03);
	assert_int_equal(inb(f, 0x2fb), 0x03);
	assert_int_equal(inb(f, 0x64) & 0x04, 0x04);	/* SYS flag */
	assert_true(platform_a20(&f->p));
	outb(f, 0x70, 0x15);
	assert_int_equal(inb(f, 0x71), 0x80);	/* 640 KiB base memory */
	/* 18.2 Hz timer runs but IRQ 0 is masked. */
	platform_advance(&f->p, f->fb.now + 100 * MS);
	assert_false(platform_intr_pending(&f->p));
}

/* Linux: PIC init, PIT periodic at HZ=100, timer IRQ, EOI, next tick. */
static void plat_linux_timer_interrupt(void **state)
{
	struct plat_fixture *f = *state;
	u64 due;

	linux_pic_init(f, 1u << 0);
	outb(f, 0x43, 0x34);
	outb(f, 0x40, 11932 & 0xff);
	outb(f, 0x40, 11932 >> 8);
	due = platform_next_deadline_ns(&f->p);
	assert_true(due > f->fb.now + 9999 * 1000 &&
		    due < f->fb.now + 10001 * 1000);
	platform_advance(&f->p, due - 1);
	assert_false(platform_intr_pending(&f->p));
	platform_advance(&f->p, due);
	assert_true(platform_intr_pending(&f->p));
	assert_true(f->intr);
	assert_int_equal(platform_intr_ack(&f->p), VEC0);
	eoi(f, 0);
	assert_false(platform_intr_pending(&f->p));
	f->fb.now = due;
	assert_true(platform_next_deadline_ns(&f->p) > due + 9999 * 1000);
}

/*
 * A guest that did not run for five periods gets all five ticks, back to
 * back after each EOI; with IRQ 0 masked it is owed none.
 */
static void plat_pit_catches_up_lost_ticks(void **state)
{
	struct plat_fixture *f = *state;
	unsigned int taken = 0;
	u64 start = f->fb.now;

	linux_pic_init(f, 1u << 0);
	outb(f, 0x43, 0x34);
	outb(f, 0x40, 11932 & 0xff);
	outb(f, 0x40, 11932 >> 8);
	f->fb.now = start + 50 * MS + MS / 2;
	platform_advance(&f->p, f->fb.now);
	while (platform_intr_pending(&f->p) && taken < 10) {
		assert_int_equal(platform_intr_ack(&f->p), VEC0);
		taken++;
		eoi(f, 0);
	}
	assert_int_equal(taken, 5);

	outb(f, 0x21, 0xff);			/* mask everything */
	f->fb.now += 50 * MS;
	platform_advance(&f->p, f->fb.now);
	outb(f, 0x21, 0xfe);			/* IRQ 0 back */
	taken = 0;
	while (platform_intr_pending(&f->p) && taken < 10) {
		assert_int_equal(platform_intr_ack(&f->p), VEC0);
		taken++;
		eoi(f, 0);
	}
	assert_int_equal(taken, 1);		/* the latched edge only */
}

/* The 8250 autoconfig sequence through ports, 0x80 writes included. */
static void plat_linux_8250_probe(void **state)
{
	struct plat_fixture *f = *state;
	u16 base = 0x3f8;
	u8 scratch, s2, s3, save_mcr, msr;

	scratch = inb(f, base + 1);
	outb(f, base + 1, 0);
	outb(f, 0x80, 0xff);
	s2 = inb(f, base + 1) & 0x0f;
	outb(f, base + 1, 0x0f);
	outb(f, 0x80, 0);
	s3 = inb(f, base + 1) & 0x0f;
	outb(f, base + 1, scratch);
	assert_int_equal(s2, 0);
	assert_int_equal(s3, 0x0f);
	save_mcr = inb(f, base + 4);
	outb(f, base + 4, 0x1a);
	msr = inb(f, base + 6) & 0xf0;
	outb(f, base + 4, save_mcr);
	assert_int_equal(msr, 0x90);
	outb(f, base + 3, 0xbf);
	outb(f, base + 2, 0);
	outb(f, base + 3, 0);
	outb(f, base + 2, 0x01);
	assert_int_equal(inb(f, base + 2) >> 6, 3);	/* 16550A */
	assert_int_equal(f->p.stats.unhandled, 0);	/* 0x80 is decoded */
	assert_int_equal(inb(f, 0x80), 0);
}

static void plat_serial_console_output(void **state)
{
	struct plat_fixture *f = *state;
	const char *s = "[    0.000000] Linux version";
	unsigned int i;

	for (i = 0; s[i]; i++) {
		while (!(inb(f, 0x3fd) & 0x20))
			;
		outb(f, 0x3f8, (u8)s[i]);
	}
	outb(f, 0x2f8, '2');
	assert_int_equal(f->fb.console_len[0], strlen(s));
	assert_memory_equal(f->fb.console[0], s, strlen(s));
	assert_int_equal(f->fb.console_len[1], 1);
}

/* Console input: COM1 -> IRQ 4 -> vector 0x34, via OUT2 and IER. */
static void plat_serial_input_interrupt(void **state)
{
	struct plat_fixture *f = *state;

	linux_pic_init(f, 1u << 4 | 1u << 3);
	outb(f, 0x3fc, 0x0b);		/* DTR, RTS, OUT2 */
	outb(f, 0x3f9, 0x01);		/* ERBFI */
	assert_int_equal(platform_console_room(&f->p, 0), 1);
	assert_true(platform_console_input(&f->p, 0, 'k'));
	assert_false(platform_console_input(&f->p, 0, 'l'));	/* overrun */
	assert_true(platform_intr_pending(&f->p));
	assert_int_equal(platform_intr_ack(&f->p), VEC0 + 4);
	assert_int_equal(inb(f, 0x3fa) & 0x0f, 0x04);	/* RDA */
	assert_int_equal(inb(f, 0x3fd) & 0x03, 0x03);
	assert_int_equal(inb(f, 0x3f8), 'k');
	eoi(f, 4);
	assert_false(platform_intr_pending(&f->p));
	/* COM2 is IRQ 3. */
	outb(f, 0x2fc, 0x08);
	outb(f, 0x2f9, 0x01);
	platform_console_input(&f->p, 1, 'x');
	assert_int_equal(platform_intr_ack(&f->p), VEC0 + 3);
	assert_false(platform_console_input(&f->p, 7, 'x'));
	assert_int_equal(platform_console_room(&f->p, 7), 0);
}

static void plat_rtc_read_and_irq8(void **state)
{
	struct plat_fixture *f = *state;
	u64 due;

	outb(f, 0x70, 0x00);
	assert_int_equal(inb(f, 0x71), 0x23);
	outb(f, 0x70, 0x04);
	assert_int_equal(inb(f, 0x71), 0x22);
	linux_pic_init(f, 1u << 8);
	outb(f, 0x70, 0x0b);
	outb(f, 0x71, 0x42);		/* PIE */
	due = platform_next_deadline_ns(&f->p);
	platform_advance(&f->p, due);
	assert_int_equal(platform_intr_ack(&f->p), VEC0 + 8);
	outb(f, 0x70, 0x0c);
	assert_int_equal(inb(f, 0x71), 0xc0);
	eoi(f, 8);
	assert_false(platform_intr_pending(&f->p));
	/* NMI mask bit of port 0x70. */
	outb(f, 0x70, 0x8d);
	assert_true(platform_nmi_masked(&f->p));
	outb(f, 0x70, 0x0d);
	assert_false(platform_nmi_masked(&f->p));
}

static void plat_resets(void **state)
{
	struct plat_fixture *f = *state;

	outb(f, 0x64, 0xfe);		/* 8042 pulse */
	assert_int_equal(f->fb.events, 1);
	assert_int_equal(f->fb.last_event, DEV_SYS_RESET);
	/* reboot=pci: 0x02 then 0x06 to 0xCF9. */
	outb(f, 0xcf9, 0x02);
	assert_int_equal(f->fb.events, 1);
	outb(f, 0xcf9, 0x06);
	assert_int_equal(f->fb.events, 2);
	assert_int_equal(inb(f, 0xcf9), 0x02);	/* RST_CPU self-clears */
	/* Port 0x92: bit 0 rising is a reset, bit 1 is A20. */
	outb(f, 0x92, 0x02);
	assert_int_equal(f->fb.events, 2);
	outb(f, 0x92, 0x03);
	assert_int_equal(f->fb.events, 3);
	assert_int_equal(inb(f, 0x92), 0x03);
}

static void plat_a20_from_either_source(void **state)
{
	struct plat_fixture *f = *state;

	outb(f, 0x64, 0xdd);
	assert_false(platform_a20(&f->p));
	outb(f, 0x92, 0x02);
	assert_true(platform_a20(&f->p));
	outb(f, 0x92, 0x00);
	outb(f, 0x64, 0xdf);
	assert_true(platform_a20(&f->p));
}

/* isa-debug-exit: any width, status (value << 1) | 1. */
static void plat_debug_exit(void **state)
{
	struct plat_fixture *f = *state;

	outb(f, 0xf4, 0x10);
	assert_int_equal(f->fb.last_event, DEV_SYS_DEBUG_EXIT);
	assert_int_equal(f->fb.last_code, 0x21);
	out(f, 0xf4, 4, 0);
	assert_int_equal(f->fb.last_code, 1);
	out(f, 0xf6, 2, 0x1234);
	assert_int_equal(f->fb.last_code, 0x2469);
	assert_int_equal(f->fb.events, 3);
	assert_int_equal(in(f, 0xf4, 1), 0);
}

static void plat_power_off(void **state)
{
	struct plat_fixture *f = *state;

	out(f, 0x604, 2, 0x0001);
	assert_int_equal(f->fb.events, 0);
	assert_int_equal(in(f, 0x604, 2), 0x0001);
	out(f, 0x604, 2, 0x2000);
	assert_int_equal(f->fb.last_event, DEV_SYS_POWEROFF);
	outb(f, 0x605, 0x20);		/* byte write of SLP_EN */
	assert_int_equal(f->fb.events, 2);
}

static void plat_pci_through_ports(void **state)
{
	struct plat_fixture *f = *state;

	outb(f, 0xcfb, 0x01);
	out(f, 0xcf8, 4, 0x80000000);
	assert_int_equal(in(f, 0xcf8, 4), 0x80000000);
	assert_int_equal(in(f, 0xcfc, 4), 0x12378086);
	assert_int_equal(in(f, 0xcfe, 2), 0x1237);
	out(f, 0xcf8, 4, 0x80000008);
	assert_int_equal(in(f, 0xcfe, 2), 0x0600);
	out(f, 0xcf8, 4, 0x80000800);	/* 00:01.0: nothing */
	assert_int_equal(in(f, 0xcfc, 4), 0xffffffff);
	assert_int_equal(f->fb.events, 0);	/* 0xCFB byte: no reset */
}

/* libata: softreset, devchk, classify, IDENTIFY, PIO read on IRQ 14. */
static void plat_linux_ata_probe_and_read(void **state)
{
	struct plat_fixture *f = *state;
	u16 id[256];
	unsigned int i;

	f->fb.async = true;
	linux_pic_init(f, 1u << 14);
	outb(f, 0x1f6, 0xa0);
	outb(f, 0x1f2, 0x55);
	outb(f, 0x1f3, 0xaa);
	assert_int_equal(inb(f, 0x1f2), 0x55);
	assert_int_equal(inb(f, 0x1f3), 0xaa);
	outb(f, 0x3f6, 0x08);
	outb(f, 0x3f6, 0x0c);
	outb(f, 0x3f6, 0x08);
	assert_int_equal(inb(f, 0x1f7), 0x50);
	assert_int_equal(inb(f, 0x1f1), 0x01);
	assert_int_equal(inb(f, 0x1f2) | inb(f, 0x1f3) << 8, 0x0101);
	assert_int_equal(inb(f, 0x1f4) | inb(f, 0x1f5) << 8, 0x0000);
	outb(f, 0x1f6, 0xb0);		/* device 1: none */
	assert_int_equal(inb(f, 0x1f7), 0x00);
	outb(f, 0x1f6, 0xa0);
	outb(f, 0x1f7, 0xec);
	assert_int_equal(platform_intr_ack(&f->p), VEC0 + 14);
	assert_int_equal(inb(f, 0x1f7), 0x58);
	for (i = 0; i < 256; i++)
		id[i] = (u16)in(f, 0x1f0, 2);
	eoi(f, 14);
	assert_int_equal(id[60], 4096);
	/* READ SECTORS at LBA 77, completed later by the back end. */
	outb(f, 0x1f6, 0xe0);
	outb(f, 0x1f2, 1);
	outb(f, 0x1f3, 77);
	outb(f, 0x1f4, 0);
	outb(f, 0x1f5, 0);
	outb(f, 0x1f7, 0x20);
	assert_int_equal(inb(f, 0x3f6), 0x80);
	assert_false(platform_intr_pending(&f->p));
	assert_int_equal(fake_complete_all(&f->fb), 1);
	assert_int_equal(platform_intr_ack(&f->p), VEC0 + 14);
	assert_int_equal(inb(f, 0x1f7), 0x58);
	for (i = 0; i < 512; i += 4) {
		u32 d = in(f, 0x1f0, 4);

		assert_int_equal(d & 0xff, fake_disk_expected(77, i));
		assert_int_equal(d >> 24, fake_disk_expected(77, i + 3));
	}
	eoi(f, 14);
	assert_int_equal(inb(f, 0x1f7), 0x50);
}

/* The earliest of PIT, RTC and UART deadlines; none when all idle. */
static void plat_next_deadline_is_minimum(void **state)
{
	struct plat_fixture *f = *state;
	u64 now = f->fb.now, pit, rtc;

	/* The BIOS masks IRQ 0: no deadline for the PIT then. */
	assert_true(platform_next_deadline_ns(&f->p) == DEV_U64_MAX);
	/* Unmasked, the BIOS PIT: 65536 ticks = 54.9 ms. */
	outb(f, 0x21, 0xfa);
	pit = platform_next_deadline_ns(&f->p);
	assert_true(pit > now + 54 * MS && pit < now + 56 * MS);
	outb(f, 0x70, 0x0b);
	outb(f, 0x71, 0x42);		/* RTC 1024 Hz */
	rtc = platform_next_deadline_ns(&f->p);
	assert_true(rtc < now + 1 * MS);
	outb(f, 0x71, 0x02);
	outb(f, 0x43, 0x30);		/* PIT counter 0: mode 0, no count */
	assert_true(platform_next_deadline_ns(&f->p) == DEV_U64_MAX);
	/* A UART character timeout. */
	outb(f, 0x3fa, 0x81);
	outb(f, 0x3f9, 0x01);
	platform_console_input(&f->p, 0, 'a');
	assert_true(platform_next_deadline_ns(&f->p) < DEV_U64_MAX);
}

static void plat_reset_restores_bios_state(void **state)
{
	struct plat_fixture *f = *state;

	linux_pic_init(f, 0xffff);
	outb(f, 0x3fb, 0x1b);
	platform_reset(&f->p);
	assert_int_equal(inb(f, 0x21), 0xfb);
	assert_int_equal(inb(f, 0x3fb), 0x03);
	assert_int_equal(f->p.il.pic[0].vector_base, 0x08);
	assert_int_equal(f->p.stats.port_writes, 0);
}

int run_platform_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(plat_init_rejects_incomplete_ops),
		T(plat_unhandled_ports),
		T(plat_bad_width_refused),
		T(plat_word_access_to_8bit_device_splits),
		T(plat_bios_state),
		T(plat_linux_timer_interrupt),
		T(plat_linux_8250_probe),
		T(plat_serial_console_output),
		T(plat_serial_input_interrupt),
		T(plat_pit_catches_up_lost_ticks),
		T(plat_rtc_read_and_irq8),
		T(plat_resets),
		T(plat_a20_from_either_source),
		T(plat_debug_exit),
		T(plat_power_off),
		T(plat_pci_through_ports),
		T(plat_linux_ata_probe_and_read),
		T(plat_next_deadline_is_minimum),
		T(plat_reset_restores_bios_state),
#undef T
	};

	return cmocka_run_group_tests_name("platform", tests, NULL, NULL);
}
