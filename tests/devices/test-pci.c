// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-pci.c - configuration mechanism #1 and the type 0
 * header: access widths, absent functions, BAR sizing (I/O, 32- and
 * 64-bit memory), decoding through enabled BARs, table validation, and
 * Linux 6.1's pci_check_type1()/pci_sanity_check() probes.
 */
#include "devtest.h"
#include "pci.h"

struct pci_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct pci_host pci;
	unsigned int reads, writes;
	unsigned int last_bar, last_size;
	u32 last_off, last_val;
};

static u32 bar_read(void *ctx, unsigned int bar, u32 off, unsigned int size)
{
	struct pci_fixture *f = ctx;

	f->reads++;
	f->last_bar = bar;
	f->last_off = off;
	f->last_size = size;
	return 0xc0de0000u | off;
}

static void bar_write(void *ctx, unsigned int bar, u32 off,
		      unsigned int size, u32 val)
{
	struct pci_fixture *f = ctx;

	f->writes++;
	f->last_bar = bar;
	f->last_off = off;
	f->last_size = size;
	f->last_val = val;
}

static const struct pci_bar_ops test_bar_ops = {
	.read = bar_read,
	.write = bar_write,
};

static struct pci_func_desc table[3];

static int setup(void **state)
{
	struct pci_fixture *f = calloc(1, sizeof(*f));

	fake_backend_init(&f->fb);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	memset(table, 0, sizeof(table));
	table[0] = pci_platform_table[0];
	table[1] = (struct pci_func_desc){
		.dev = 3, .fn = 0, .vendor = 0x1af4, .device = 0x1000,
		.subsys_vendor = 0x1af4, .subsys = 0x0001,
		.class_rev = 0x02000001, .irq_pin = 1, .irq_line = 11,
		.bar = {
			[0] = { .size = 32, .kind = PCI_BAR_IO },
			[1] = { .size = 4096, .kind = PCI_BAR_MEM32,
				.prefetchable = true },
			[2] = { .size = 1 << 20, .kind = PCI_BAR_MEM64 },
		},
		.ops = &test_bar_ops, .ctx = f,
	};
	table[2] = (struct pci_func_desc){
		.dev = 3, .fn = 1, .vendor = 0x1af4, .device = 0x1001,
		.class_rev = 0x01000000,
	};
	assert_int_equal(pci_init(&f->pci, table, 3, &f->be), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static u32 cfg_addr(unsigned int dev, unsigned int fn, unsigned int reg)
{
	return 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc);
}

static u32 cfg_read(struct pci_fixture *f, unsigned int dev,
		    unsigned int fn, unsigned int reg, unsigned int size)
{
	pci_write(&f->pci, PCI_CFG_ADDR, 4, cfg_addr(dev, fn, reg));
	return pci_read(&f->pci, PCI_CFG_DATA + (reg & 3), size);
}

static void cfg_write(struct pci_fixture *f, unsigned int dev,
		      unsigned int fn, unsigned int reg, unsigned int size,
		      u32 val)
{
	pci_write(&f->pci, PCI_CFG_ADDR, 4, cfg_addr(dev, fn, reg));
	pci_write(&f->pci, PCI_CFG_DATA + (reg & 3), size, val);
}

/* pci_check_type1(): a byte to 0xCFB, then the dword must round-trip. */
static void pci_linux_check_type1(void **state)
{
	struct pci_fixture *f = *state;
	u32 tmp;

	pci_write(&f->pci, 3, 1, 0x01);
	tmp = pci_read(&f->pci, PCI_CFG_ADDR, 4);
	pci_write(&f->pci, PCI_CFG_ADDR, 4, 0x80000000);
	assert_int_equal(pci_read(&f->pci, PCI_CFG_ADDR, 4), 0x80000000);
	pci_write(&f->pci, PCI_CFG_ADDR, 4, tmp);
	/* pci_check_type2() must fail: byte reads of 0xCF8 float. */
	assert_int_equal(pci_read(&f->pci, PCI_CFG_ADDR, 1), 0xff);
}

static void pci_address_register_mask(void **state)
{
	struct pci_fixture *f = *state;

	pci_write(&f->pci, PCI_CFG_ADDR, 4, 0xffffffff);
	assert_int_equal(pci_read(&f->pci, PCI_CFG_ADDR, 4), 0x80fffffc);
}

static void pci_host_bridge_identity(void **state)
{
	struct pci_fixture *f = *state;

	assert_int_equal(cfg_read(f, 0, 0, 0, 4), 0x12378086);
	assert_int_equal(cfg_read(f, 0, 0, 0, 2), 0x8086);
	assert_int_equal(cfg_read(f, 0, 0, 2, 2), 0x1237);
	assert_int_equal(cfg_read(f, 0, 0, 1, 1), 0x80);
	assert_int_equal(cfg_read(f, 0, 0, 3, 1), 0x12);
	assert_int_equal(cfg_read(f, 0, 0, 0x0a, 2), 0x0600);
	assert_int_equal(cfg_read(f, 0, 0, 0x0e, 1), 0x00);
}

/* pci_sanity_check(): a host bridge (class 0x0600) at 00:00. */
static void pci_linux_sanity_check(void **state)
{
	struct pci_fixture *f = *state;
	unsigned int devfn;
	bool found = false;

	for (devfn = 0; devfn < 0x100; devfn++) {
		u16 x, v;

		x = (u16)cfg_read(f, devfn >> 3, devfn & 7, 0x0a, 2);
		v = (u16)cfg_read(f, devfn >> 3, devfn & 7, 0x00, 2);
		if (x == 0x0600 || x == 0x0300 || v == 0x8086)
			found = true;
	}
	assert_true(found);
}

static void pci_absent_functions_read_ones(void **state)
{
	struct pci_fixture *f = *state;

	assert_int_equal(cfg_read(f, 1, 0, 0, 4), 0xffffffff);
	assert_int_equal(cfg_read(f, 0, 1, 0, 2), 0xffff);
	pci_write(&f->pci, PCI_CFG_ADDR, 4, 0x80010000);	/* bus 1 */
	assert_int_equal(pci_read(&f->pci, PCI_CFG_DATA, 4), 0xffffffff);
	pci_write(&f->pci, PCI_CFG_ADDR, 4, 0x00000000);	/* disabled */
	assert_int_equal(pci_read(&f->pci, PCI_CFG_DATA, 4), 0xffffffff);
	cfg_write(f, 1, 0, 0x04, 2, 0x0003);	/* ignored, no crash */
}

static void pci_header_fields(void **state)
{
	struct pci_fixture *f = *state;

	assert_int_equal(cfg_read(f, 3, 0, 0x08, 4), 0x02000001);
	assert_int_equal(cfg_read(f, 3, 0, 0x0e, 1), 0x80);	/* multi */
	assert_int_equal(cfg_read(f, 3, 1, 0x0e, 1), 0x00);
	assert_int_equal(cfg_read(f, 3, 0, 0x2c, 4), 0x00011af4);
	assert_int_equal(cfg_read(f, 3, 0, 0x3c, 2), 0x010b);
	assert_int_equal(cfg_read(f, 3, 0, 0x06, 2), 0);	/* status */
	assert_int_equal(cfg_read(f, 3, 0, 0x34, 1), 0);	/* no caps */
}

static void pci_bar_sizing_io(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x10, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x10, 4), 0xffffffe1);
	cfg_write(f, 3, 0, 0x10, 4, 0xc000);
	assert_int_equal(cfg_read(f, 3, 0, 0x10, 4), 0xc001);
}

static void pci_bar_sizing_mem32_prefetch(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x14, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x14, 4), 0xfffff008);
	cfg_write(f, 3, 0, 0x14, 4, 0xfebf1234);
	assert_int_equal(cfg_read(f, 3, 0, 0x14, 4), 0xfebf1008);
}

static void pci_bar_sizing_mem64(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x18, 4, 0xffffffff);
	cfg_write(f, 3, 0, 0x1c, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x18, 4), 0xfff00004);
	assert_int_equal(cfg_read(f, 3, 0, 0x1c, 4), 0xffffffff);
	/* Unimplemented BARs are read-only zero. */
	cfg_write(f, 3, 0, 0x20, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x20, 4), 0);
	cfg_write(f, 0, 0, 0x10, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 0, 0, 0x10, 4), 0);
}

static void pci_io_bar_decodes_when_enabled(void **state)
{
	struct pci_fixture *f = *state;
	u32 v = 0;

	cfg_write(f, 3, 0, 0x10, 4, 0xc000);
	assert_false(pci_io_read(&f->pci, 0xc004, 2, &v));	/* IO off */
	cfg_write(f, 3, 0, 0x04, 2, PCI_COMMAND_IO);
	assert_true(pci_io_read(&f->pci, 0xc004, 2, &v));
	assert_int_equal(v, 0xc0de0004);
	assert_int_equal(f->last_bar, 0);
	assert_int_equal(f->last_size, 2);
	assert_true(pci_io_write(&f->pci, 0xc01f, 1, 0x42));
	assert_int_equal(f->last_off, 0x1f);
	assert_int_equal(f->last_val, 0x42);
	assert_false(pci_io_read(&f->pci, 0xc020, 1, &v));	/* past end */
	assert_false(pci_io_read(&f->pci, 0xc01e, 4, &v));	/* straddles */
}

static void pci_mem64_bar_above_4g(void **state)
{
	struct pci_fixture *f = *state;
	u32 v = 0;

	cfg_write(f, 3, 0, 0x18, 4, 0x00100000);
	cfg_write(f, 3, 0, 0x1c, 4, 0x00000001);
	cfg_write(f, 3, 0, 0x04, 2, PCI_COMMAND_MEMORY);
	assert_true(pci_mmio_read(&f->pci, gpa(0x100100010ull), 4, &v));
	assert_int_equal(f->last_bar, 2);
	assert_int_equal(f->last_off, 0x10);
	assert_false(pci_mmio_read(&f->pci, gpa(0x00100010ull), 4, &v));
	assert_true(pci_mmio_write(&f->pci, gpa(0x1001ffffcull), 4, 7));
	assert_int_equal(f->last_off, 0xffffc);
	assert_false(pci_mmio_write(&f->pci, gpa(0x1001ffffeull), 4, 7));
}

static void pci_command_register_mask(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x04, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x04, 4), 0x00000547);
	cfg_write(f, 3, 0, 0x05, 1, 0x00);	/* byte write, high byte */
	assert_int_equal(cfg_read(f, 3, 0, 0x04, 2), 0x0047);
}

static void pci_interrupt_line_writable_pin_not(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x3c, 2, 0x0405);
	assert_int_equal(cfg_read(f, 3, 0, 0x3c, 1), 0x05);
	assert_int_equal(cfg_read(f, 3, 0, 0x3d, 1), 0x01);
}

static void pci_byte_writes_to_bar(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x15, 1, 0x34);
	cfg_write(f, 3, 0, 0x16, 2, 0xfebf);	/* word at offset 2 */
	assert_int_equal(cfg_read(f, 3, 0, 0x14, 4), 0xfebf3008);
	/* A word at 0xCFF would cross the dword: ignored. */
	pci_write(&f->pci, PCI_CFG_ADDR, 4, cfg_addr(3, 0, 0x14));
	pci_write(&f->pci, PCI_CFG_DATA + 3, 2, 0xffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x14, 4), 0xfebf3008);
	assert_int_equal(pci_read(&f->pci, PCI_CFG_DATA + 3, 2), 0xffff);
}

static void pci_rom_bar_not_implemented(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x30, 4, 0xffffffff);
	assert_int_equal(cfg_read(f, 3, 0, 0x30, 4), 0);
}

static void pci_table_validation(void **state)
{
	struct pci_fixture *f = *state;
	struct pci_func_desc bad[PCI_MAX_FUNCS + 1];
	struct pci_host h;
	unsigned int i;

	memset(bad, 0, sizeof(bad));
	bad[0].bar[0] = (struct pci_bar_desc){ .size = 24,
					      .kind = PCI_BAR_IO };
	assert_int_equal(pci_init(&h, bad, 1, &f->be), -DEV_EINVAL);
	bad[0].bar[0] = (struct pci_bar_desc){ .size = 8,
					      .kind = PCI_BAR_MEM32 };
	assert_int_equal(pci_init(&h, bad, 1, &f->be), -DEV_EINVAL);
	bad[0].bar[0] = (struct pci_bar_desc){ 0 };
	bad[0].bar[5] = (struct pci_bar_desc){ .size = 16,
					      .kind = PCI_BAR_MEM64 };
	assert_int_equal(pci_init(&h, bad, 1, &f->be), -DEV_EINVAL);
	bad[0].bar[5] = (struct pci_bar_desc){ 0 };
	assert_int_equal(pci_init(&h, bad, 2, &f->be), -DEV_EINVAL);
	for (i = 0; i <= PCI_MAX_FUNCS; i++)
		bad[i].dev = (u8)i;
	assert_int_equal(pci_init(&h, bad, PCI_MAX_FUNCS + 1, &f->be),
			 -DEV_EINVAL);
	assert_int_equal(pci_init(&h, bad, PCI_MAX_FUNCS, &f->be), 0);
	bad[0].dev = 32;
	assert_int_equal(pci_init(&h, bad, 1, &f->be), -DEV_EINVAL);
}

static void pci_platform_table_is_valid(void **state)
{
	struct pci_fixture *f = *state;
	struct pci_host h;

	assert_int_equal(pci_init(&h, pci_platform_table,
				  pci_platform_table_size, &f->be), 0);
	assert_int_equal(pci_config_read(&h, 0, 0, 0, 4), 0x12378086);
}

static void pci_reset_clears_bars_and_restores_line(void **state)
{
	struct pci_fixture *f = *state;

	cfg_write(f, 3, 0, 0x10, 4, 0xc000);
	cfg_write(f, 3, 0, 0x3c, 1, 5);
	pci_reset(&f->pci);
	assert_int_equal(cfg_read(f, 3, 0, 0x10, 4), 0x1);
	assert_int_equal(cfg_read(f, 3, 0, 0x3c, 1), 11);
}

int run_pci_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(pci_linux_check_type1),
		T(pci_address_register_mask),
		T(pci_host_bridge_identity),
		T(pci_linux_sanity_check),
		T(pci_absent_functions_read_ones),
		T(pci_header_fields),
		T(pci_bar_sizing_io),
		T(pci_bar_sizing_mem32_prefetch),
		T(pci_bar_sizing_mem64),
		T(pci_io_bar_decodes_when_enabled),
		T(pci_mem64_bar_above_4g),
		T(pci_command_register_mask),
		T(pci_interrupt_line_writable_pin_not),
		T(pci_byte_writes_to_bar),
		T(pci_rom_bar_not_implemented),
		T(pci_table_validation),
		T(pci_platform_table_is_valid),
		T(pci_reset_clears_bars_and_restores_line),
#undef T
	};

	return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
