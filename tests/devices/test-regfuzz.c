// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-regfuzz.c - register fuzzing with a fixed seed: a
 * hundred thousand random accesses per model (and half a million on the
 * whole platform), with time moving and back-end events interleaved.
 * The run is under ASan/UBSan, so an out-of-bounds index or an overlong
 * shift fails it; after every step the model's own invariants are
 * checked, which a guest must never be able to break.  The libFuzzer
 * target (fuzz-platform.c) explores further; this is the deterministic
 * part that always runs.
 */
#include "devtest.h"
#include "platform.h"

#define STEPS		100000

struct rf {
	struct fake_backend fb;
	struct dev_backend be;
	struct fake_line lines[FAKE_NR_LINES];
	u64 seed;
};

static struct rf *rf_new(u64 seed)
{
	struct rf *r = calloc(1, sizeof(*r));

	fake_backend_init(&r->fb);
	r->be.ops = &fake_backend_ops;
	r->be.ctx = &r->fb;
	r->seed = seed;
	return r;
}

static u32 rnd(struct rf *r)
{
	return test_rand(&r->seed);
}

static void regfuzz_pic(void **state)
{
	struct rf *r = rf_new(11);
	struct intlogic il;
	unsigned int i;

	(void)state;
	intlogic_init(&il, &r->be, NULL, NULL);
	for (i = 0; i < STEPS; i++) {
		u32 x = rnd(r);
		struct i8259 *pic = &il.pic[x & 1];

		switch ((x >> 1) % 6) {
		case 0:
			i8259_write(pic, (x >> 4) & 1, (u8)(x >> 8));
			break;
		case 1:
			i8259_read(pic, (x >> 4) & 1);
			break;
		case 2:
			i8259_elcr_write(pic, (u8)(x >> 8));
			break;
		case 3:
		case 4:
			intlogic_set_irq(&il, (x >> 4) % 16, x & 0x100);
			break;
		default:
			if (intlogic_pending(&il)) {
				u8 v = intlogic_ack(&il);
				bool p = (v & 0xf8) == il.pic[0].vector_base;
				bool s = (v & 0xf8) == il.pic[1].vector_base;

				assert_true(p || s);
			}
			break;
		}
		assert_true(pic->lowest_prio < 8);
		assert_true(pic->init_step <= 4);
	}
	free(r);
}

static void regfuzz_pit(void **state)
{
	struct rf *r = rf_new(12);
	struct i8254 pit;
	struct dev_irq irq = fake_irq(r->lines, 0);
	u64 now = 0;
	unsigned int i;

	(void)state;
	i8254_init(&pit, &irq, &r->be);
	for (i = 0; i < STEPS; i++) {
		u32 x = rnd(r);
		u64 due;

		now += x & 0x3fff;
		switch ((x >> 14) % 5) {
		case 0:
		case 1:
			i8254_write(&pit, (x >> 17) & 3, (u8)(x >> 20), now);
			break;
		case 2:
			i8254_read(&pit, (x >> 17) & 3, now);
			break;
		case 3:
			i8254_port61_write(&pit, (u8)(x >> 20), now);
			break;
		default:
			break;
		}
		/* Once brought up to date, nothing may be due any more. */
		i8254_update_irq(&pit, now);
		due = i8254_next_deadline(&pit, now);
		assert_true(due > now);
		assert_true(pit.c[(x >> 17) % 3].mode <= 5);
	}
	free(r);
}

static void regfuzz_uart(void **state)
{
	struct rf *r = rf_new(13);
	struct uart16550 u;
	struct dev_irq irq = fake_irq(r->lines, 4);
	u64 now = 0;
	unsigned int i;

	(void)state;
	uart_init(&u, 0, &irq, &r->be);
	for (i = 0; i < STEPS; i++) {
		u32 x = rnd(r);
		u8 iir;

		now += x & 0xffff;
		switch ((x >> 16) % 4) {
		case 0:
			uart_write(&u, (x >> 18) & 7, (u8)(x >> 21), now);
			break;
		case 1:
			uart_read(&u, (x >> 18) & 7, now);
			break;
		case 2:
			uart_receive(&u, (u8)(x >> 21), now);
			break;
		default:
			break;
		}
		uart_update_irq(&u, now);
		assert_true(uart_next_deadline(&u, now) > now);
		assert_true(u.rx_count <= UART_FIFO_SIZE);
		assert_true(u.rx_head < UART_FIFO_SIZE);
		iir = uart_iir(&u, now) & 0x0f;
		assert_true(iir == 1 || iir == 0 || iir == 2 || iir == 4 ||
			    iir == 6 || iir == 0x0c);
	}
	free(r);
}

static void regfuzz_rtc(void **state)
{
	struct rf *r = rf_new(14);
	struct mc146818 rtc;
	struct dev_irq irq = fake_irq(r->lines, 8);
	u64 now = 0;
	unsigned int i;

	(void)state;
	rtc_init(&rtc, &irq, &r->be);
	rtc_reset(&rtc, 0, 1795559963);
	for (i = 0; i < STEPS; i++) {
		u32 x = rnd(r);

		now += (u64)(x & 0xfffff) * 64;
		switch ((x >> 20) % 4) {
		case 0:
			rtc_write(&rtc, (x >> 22) & 1, (u8)(x >> 24), now);
			break;
		case 1:
			rtc_read(&rtc, (x >> 22) & 1, now);
			break;
		default:
			break;
		}
		rtc_update_irq(&rtc, now);
		assert_true(rtc_next_deadline(&rtc, now) > now);
		assert_true(rtc.index < RTC_CMOS_SIZE);
	}
	/* Whatever happened, binary reads are in range. */
	rtc_reg_write(&rtc, RTC_REG_B, 0x06, now);
	assert_true(rtc_reg_read(&rtc, RTC_SECONDS, now) < 60);
	assert_true(rtc_reg_read(&rtc, RTC_MINUTES, now) < 60);
	assert_true(rtc_reg_read(&rtc, RTC_HOURS, now) < 24);
	assert_in_range(rtc_reg_read(&rtc, RTC_MONTH, now), 1, 12);
	free(r);
}

static void regfuzz_i8042(void **state)
{
	struct rf *r = rf_new(15);
	struct i8042 kbc;
	struct dev_irq kbd = fake_irq(r->lines, 1);
	struct dev_irq aux = fake_irq(r->lines, 12);
	unsigned int i;

	(void)state;
	i8042_init(&kbc, &kbd, &aux, &r->be);
	for (i = 0; i < STEPS; i++) {
		u32 x = rnd(r);

		if (x & 1)
			i8042_write(&kbc, (x >> 1) & 1, (u8)(x >> 8));
		else
			i8042_read(&kbc, (x >> 1) & 1);
		assert_true(kbc.count <= I8042_QUEUE_SIZE);
		assert_true(kbc.head < I8042_QUEUE_SIZE);
	}
	free(r);
}

static void regfuzz_pci(void **state)
{
	struct rf *r = rf_new(16);
	struct pci_host pci;
	static const unsigned int sizes[] = { 1, 2, 4 };
	unsigned int i;

	(void)state;
	assert_int_equal(pci_init(&pci, pci_platform_table,
				  pci_platform_table_size, &r->be), 0);
	for (i = 0; i < STEPS; i++) {
		u32 x = rnd(r), v = rnd(r);
		unsigned int size = sizes[x % 3];
		unsigned int off = (x >> 2) & 7;

		if (x & 0x20) {
			/* Point CONFIG_ADDRESS at 00:00.0 often. */
			pci_write(&pci, 0, 4, (x & 0x40) ?
				  0x80000000u | (v & 0xfc) : v);
		} else if (x & 0x80) {
			pci_write(&pci, off, size, v);
		} else {
			pci_read(&pci, off, size);
		}
	}
	/* The identity survived every write. */
	assert_int_equal(pci_config_read(&pci, 0, 0, 0, 4), 0x12378086);
	free(r);
}

static void complete_ata(void *target, u32 tag, int err)
{
	ata_complete(target, tag, err);
}

static void regfuzz_ata(void **state)
{
	struct rf *r = rf_new(17);
	struct ata_channel *ch = calloc(1, sizeof(*ch));
	struct dev_irq irq = fake_irq(r->lines, 14);
	static const u8 cmds[] = { 0x20, 0x24, 0x30, 0x34, 0xc4, 0xc5,
				   0x29, 0x39, 0xc6, 0xec, 0xef, 0xe7,
				   0x91, 0x90, 0x40, 0x00, 0xa1, 0xe5 };
	unsigned int i;

	(void)state;
	fake_disk_create(&r->fb, 0, 300);
	fake_disk_create(&r->fb, 1, 70);
	r->fb.async = true;
	r->fb.complete = complete_ata;
	r->fb.complete_target = ch;
	ata_init(ch, &irq, &r->be);
	for (i = 0; i < STEPS * 3; i++) {
		u32 x = rnd(r);
		unsigned int reg = (x >> 4) % 9;

		switch (x % 8) {
		case 0:
			ata_write(ch, ATA_REG_COMMAND, 1,
				  cmds[(x >> 8) % sizeof(cmds)]);
			break;
		case 1:
		case 2:
			ata_write(ch, reg, 1 + ((x >> 8) & 1),
				  (u8)(x >> 16) & 0x7f);
			break;
		case 3:
		case 4:
			ata_read(ch, reg ? reg : 0, reg ? 1 : 2);
			break;
		case 5:
			ata_write(ch, ATA_REG_DATA, 2, x >> 16);
			break;
		case 6:
			fake_complete_one(&r->fb);
			break;
		default:
			ata_complete(ch, x >> 8, 0);	/* stale or not */
			break;
		}
		/* In a data phase the position is inside the block. */
		if (ch->state == ATA_DATA_IN || ch->state == ATA_DATA_OUT) {
			assert_true(ch->block >= 1);
			assert_true(ch->pos < ch->block * DEV_SECTOR_SIZE);
		}
		assert_true(ch->block <= ATA_MAX_MULTIPLE);
		assert_true(r->fb.nr_pending <= 1);
	}
	fake_backend_free(&r->fb);
	free(ch);
	free(r);
}

static void complete_plat(void *target, u32 tag, int err)
{
	platform_disk_complete(target, tag, err);
}

/* The whole platform through its ports, with every kind of event. */
static void regfuzz_platform(void **state)
{
	static const u16 ports[] = {
		0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1, 0x40, 0x41, 0x42,
		0x43, 0x61, 0x60, 0x64, 0x70, 0x71, 0x80, 0x92, 0x3f8,
		0x3f9, 0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x3fe, 0x3ff, 0x2f8,
		0x2fa, 0x1f0, 0x1f1, 0x1f2, 0x1f3, 0x1f4, 0x1f5, 0x1f6,
		0x1f7, 0x3f6, 0xcf8, 0xcf9, 0xcfc, 0xcfe, 0x604, 0x1234,
	};
	static const unsigned int sizes[] = { 1, 1, 1, 2, 4 };
	struct rf *r = rf_new(18);
	struct platform *p = calloc(1, sizeof(*p));
	unsigned int i;

	(void)state;
	fake_disk_create(&r->fb, 0, 200);
	r->fb.complete = complete_plat;
	r->fb.complete_target = p;
	r->fb.async = true;
	assert_int_equal(platform_init(p, &fake_backend_ops, &r->fb,
				       32 << 20, NULL, NULL), 0);
	for (i = 0; i < STEPS * 5; i++) {
		u32 x = rnd(r), v = rnd(r);
		u16 port = ports[(x >> 8) % (DEV_ARRAY_SIZE(ports))];
		unsigned int size = sizes[(x >> 16) % 5];
		u32 val;

		switch (x % 8) {
		case 0:
		case 1:
		case 2:
			/* Not a debug-exit or reset storm: those only log. */
			platform_port_write(p, port, size, v);
			break;
		case 3:
		case 4:
			platform_port_read(p, port, size, &val);
			break;
		case 5:
			r->fb.now += v & 0xfffff;
			platform_advance(p, r->fb.now);
			break;
		case 6:
			fake_complete_one(&r->fb);
			platform_console_input(p, v & 1, (u8)v);
			break;
		default:
			if (platform_intr_pending(p))
				platform_intr_ack(p);
			break;
		}
	}
	assert_true(p->stats.port_reads + p->stats.port_writes > 0);
	fake_backend_free(&r->fb);
	free(p);
	free(r);
}

int run_regfuzz_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regfuzz_pic),
		cmocka_unit_test(regfuzz_pit),
		cmocka_unit_test(regfuzz_uart),
		cmocka_unit_test(regfuzz_rtc),
		cmocka_unit_test(regfuzz_i8042),
		cmocka_unit_test(regfuzz_pci),
		cmocka_unit_test(regfuzz_ata),
		cmocka_unit_test(regfuzz_platform),
	};

	return cmocka_run_group_tests_name("regfuzz", tests, NULL, NULL);
}
