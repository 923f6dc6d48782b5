// SPDX-License-Identifier: GPL-2.0
/*
 * ipvmm-layout_test.c - host unit tests of where `burnctl start` puts an
 * afterburnt guest and the in-place VMM in guest RAM
 * (userland/ipvmm-layout.c): the real test guest and the real ipvmm.elf
 * from build/, laid out into a RAM buffer and read back as the IPVMM and
 * the guest would; then broken inputs, each refused with a reason.
 * cmocka, TAP output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <burnvmm/afterburn.h>
#include <burnvmm/ipvmm.h>
#include "ipvmm-layout.h"

#define MIB		(1ULL << 20)
#define WINDOW		0xfc000000u
#define MEM		(32 * MIB)

struct file {
	uint8_t *data;
	size_t len;
};

static struct file guest, ipvmm, vmlinux;

static struct file slurp(const char *path)
{
	struct file f = { NULL, 0 };
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	f.len = (size_t)ftell(fp);
	rewind(fp);
	f.data = malloc(f.len);
	assert_non_null(f.data);
	assert_int_equal(fread(f.data, 1, f.len, fp), f.len);
	fclose(fp);
	return f;
}

static int setup(void **state)
{
	(void)state;
	guest = slurp(TESTGUEST_ELF);
	ipvmm = slurp(IPVMM_ELF);
	if (!access(LINUX_VMLINUX, R_OK))
		vmlinux = slurp(LINUX_VMLINUX);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(guest.data);
	free(ipvmm.data);
	free(vmlinux.data);
	return 0;
}

static struct ipvmm_layout_in input(void)
{
	struct ipvmm_layout_in in = {
		.guest = guest.data, .guest_len = guest.len,
		.ipvmm = ipvmm.data, .ipvmm_len = ipvmm.len,
		.mem = MEM, .window_gva = WINDOW,
	};

	return in;
}

/* Write every piece into a RAM image, checking none overlaps another. */
static uint8_t *apply(const struct ipvmm_layout *lay, uint64_t mem)
{
	uint8_t *ram = calloc(1, mem), *used = calloc(1, mem);
	unsigned int i;
	uint64_t b;

	assert_non_null(ram);
	assert_non_null(used);
	for (i = 0; i < lay->nr_pieces; i++) {
		const struct ipvmm_piece *p = &lay->piece[i];

		assert_true(p->gpa + p->len <= mem);
		for (b = p->gpa; b < p->gpa + p->len; b++) {
			assert_int_equal(used[b], 0);
			used[b] = 1;
		}
		memcpy(ram + p->gpa, p->data, p->len);
	}
	free(used);
	return ram;
}

static uint32_t rd32(const uint8_t *ram, uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, ram + gpa, 4);
	return v;
}

static uint64_t rd64(const uint8_t *ram, uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, ram + gpa, 8);
	return v;
}

/* The boot block, as the IPVMM reads it at EBX. */
static void test_boot_block(void **state)
{
	struct ipvmm_layout_in in = input();
	struct ipvmm_layout lay;
	struct ipvmm_boot_info bi;
	uint8_t *ram;
	uint32_t i;

	(void)state;
	assert_int_equal(ipvmm_layout_plan(&in, &lay), 0);
	ram = apply(&lay, MEM);
	assert_int_equal(lay.ipvmm_gpa, MEM - 4 * MIB);
	assert_true(lay.ebx >= lay.ipvmm_gpa && lay.ebx % 4096 == 0);
	assert_true(lay.eip >= lay.ipvmm_gpa && lay.eip < MEM);
	memcpy(&bi, ram + lay.ebx, sizeof(bi));
	assert_int_equal(bi.magic, IPVMM_BOOT_MAGIC);
	assert_int_equal(bi.version, IPVMM_BOOT_VERSION);
	assert_int_equal(bi.size, sizeof(bi));
	assert_int_equal(bi.ram_bytes, MEM);
	assert_int_equal(bi.ipvmm_gpa, lay.ipvmm_gpa);
	assert_int_equal(bi.ipvmm_bytes, 4 * MIB);
	assert_int_equal(bi.window_gva, WINDOW);
	assert_int_equal((uint64_t)bi.window_gva + bi.window_bytes, 1ULL << 32);
	assert_int_equal(bi.proto, IPVMM_PROTO_MULTIBOOT1);
	assert_int_equal(bi.image_gpa, 1 * MIB);
	assert_true(bi.image_gpa + bi.image_bytes <= 4 * MIB);
	assert_true(bi.entry >= bi.image_gpa &&
		    bi.entry < bi.image_gpa + bi.image_bytes);
	/* .text and .user_text: executable, loaded, inside the image */
	assert_int_equal(bi.nr_text, 2);
	for (i = 0; i < bi.nr_text; i++) {
		assert_int_equal(bi.text[i].gpa, bi.text[i].vaddr);
		assert_true(bi.text[i].gpa >= bi.image_gpa &&
			    bi.text[i].gpa + bi.text[i].size <=
			    bi.image_gpa + bi.image_bytes);
	}
	/* the records, copied as they are, inside the region */
	assert_true(bi.nr_sites > 100);
	assert_int_equal(lay.nr_sites, bi.nr_sites);
	assert_true(bi.sites_gpa >= lay.ipvmm_gpa && bi.sites_gpa % 4 == 0 &&
		    bi.sites_gpa + bi.nr_sites * sizeof(struct ab_site) <= MEM);
	for (i = 0; i < bi.nr_sites; i++) {
		uint64_t r = bi.sites_gpa + i * sizeof(struct ab_site);

		assert_true(rd32(ram, r + 8) > 0 &&
			    rd32(ram, r + 8) < AB_NR_CLASSES);
		assert_true(rd32(ram, r) < rd32(ram, r + 4));
	}
	/* ipvmm.elf's first bytes (its entry) are where EIP starts */
	assert_int_equal(lay.eip, lay.ipvmm_gpa);
	assert_int_not_equal(rd32(ram, lay.eip), 0);
	assert_int_equal(bi.boot_data_gpa, lay.boot_data_gpa);
	assert_int_equal(bi.disk_sectors, 0);	/* no --disk */
	free(ram);
	ipvmm_layout_free(&lay);
}

/* The Multiboot information: the memory map stops at the IPVMM. */
static void test_multiboot_info(void **state)
{
	struct ipvmm_layout_in in = input();
	struct ipvmm_layout lay;
	uint64_t mbi, mmap, top = 0, base, len;
	uint32_t flags, n, i;
	uint8_t *ram;

	(void)state;
	assert_int_equal(ipvmm_layout_plan(&in, &lay), 0);
	ram = apply(&lay, MEM);
	mbi = lay.boot_data_gpa;
	assert_true(mbi % 4096 == 0 && mbi < lay.ipvmm_gpa);
	flags = rd32(ram, mbi);
	assert_int_equal(flags & 0x41, 0x41);	/* memory sizes, mmap */
	assert_int_equal(flags & 0xc, 0);	/* no cmdline, no modules */
	assert_int_equal(rd32(ram, mbi + 8), (lay.ipvmm_gpa - MIB) >> 10);
	n = rd32(ram, mbi + 44);
	mmap = rd32(ram, mbi + 48);
	assert_int_equal(n % 24, 0);
	for (i = 0; i < n / 24; i++) {
		assert_int_equal(rd32(ram, mmap + i * 24), 20);
		base = rd64(ram, mmap + i * 24 + 4);
		len = rd64(ram, mmap + i * 24 + 12);
		if (rd32(ram, mmap + i * 24 + 20) == 1 && base + len > top)
			top = base + len;
	}
	assert_int_equal(top, lay.ipvmm_gpa);
	free(ram);
	ipvmm_layout_free(&lay);
}

/*
 * --append, --initrd and --disk: a command line, one page-aligned module
 * and the disk's size for the IPVMM.
 */
static void test_cmdline_module(void **state)
{
	static const uint8_t mod[5000] = { 1, 2, 3 };
	struct ipvmm_layout_in in = input();
	struct ipvmm_layout lay;
	struct ipvmm_boot_info bi;
	uint64_t mbi, list;
	uint8_t *ram;

	(void)state;
	in.cmdline = "console=ttyS0 hello";
	in.nr_modules = 1;
	in.modules[0].data = mod;
	in.modules[0].len = sizeof(mod);
	in.modules[0].name = "/tests/rootfs.cpio";
	in.disk_sectors = 64;
	assert_int_equal(ipvmm_layout_plan(&in, &lay), 0);
	ram = apply(&lay, MEM);
	memcpy(&bi, ram + lay.ebx, sizeof(bi));
	mbi = lay.boot_data_gpa;
	assert_int_equal(rd32(ram, mbi) & 0xc, 0xc);
	assert_string_equal((char *)ram + rd32(ram, mbi + 16), in.cmdline);
	assert_int_equal(bi.cmdline_gpa, rd32(ram, mbi + 16));
	assert_int_equal(bi.cmdline_bytes, strlen(in.cmdline));
	assert_int_equal(rd32(ram, mbi + 20), 1);
	list = rd32(ram, mbi + 24);
	assert_int_equal(bi.modules_gpa, list);
	assert_int_equal(bi.nr_modules, 1);
	assert_int_equal(rd32(ram, list) % 4096, 0);
	assert_int_equal(rd32(ram, list + 4) - rd32(ram, list), sizeof(mod));
	assert_true(rd32(ram, list + 4) <= lay.ipvmm_gpa);
	assert_memory_equal(ram + rd32(ram, list), mod, sizeof(mod));
	assert_string_equal((char *)ram + rd32(ram, list + 8), in.modules[0].name);
	assert_int_equal(bi.disk_sectors, 64);	/* --disk, in the 1.1 field */
	free(ram);
	ipvmm_layout_free(&lay);
}

/* Rename the guest's .afterburn section in a copy of the file. */
static uint8_t *without_sites(void)
{
	uint8_t *copy = malloc(guest.len), *p;

	assert_non_null(copy);
	memcpy(copy, guest.data, guest.len);
	p = memmem(copy, guest.len, AB_SECTION, sizeof(AB_SECTION));
	assert_non_null(p);
	p[1] = 'X';
	return copy;
}

static void expect_refused(struct ipvmm_layout_in *in, const char *why)
{
	struct ipvmm_layout lay;

	assert_int_equal(ipvmm_layout_plan(in, &lay), -1);
	if (!strstr(lay.why, why))
		fail_msg("reason \"%s\" does not say \"%s\"", lay.why, why);
	ipvmm_layout_free(&lay);
}

static void test_refusals(void **state)
{
	struct ipvmm_layout_in in;
	uint8_t *copy;

	(void)state;
	in = input();
	in.mem = MEM + MIB;
	expect_refused(&in, "multiple of 4M");
	in.mem = 4 * MIB;
	expect_refused(&in, "multiple of 4M");
	in = input();
	in.window_gva = 0xfc400000u;
	expect_refused(&in, "not linked inside its window");
	in = input();
	in.window_gva = 0xfc100000u;
	expect_refused(&in, "not a 4M-aligned");
	in = input();
	copy = without_sites();
	in.guest = copy;
	expect_refused(&in, "no .afterburn section");
	free(copy);
	in = input();
	in.guest_len = 100;
	expect_refused(&in, "guest:");
	in = input();
	in.ipvmm = guest.data;
	in.ipvmm_len = guest.len;
	expect_refused(&in, "not linked inside its window");
	in = input();
	copy = malloc(guest.len);
	assert_non_null(copy);
	memcpy(copy, guest.data, guest.len);
	/* the Multiboot magic, wherever the header is */
	memset(memmem(copy, guest.len, "\x02\xb0\xad\x1b", 4), 0, 4);
	in.guest = copy;
	expect_refused(&in, "no Multiboot v1 header");
	free(copy);
	in = input();
	in.nr_modules = 1;
	in.modules[0].data = guest.data;
	in.modules[0].len = MEM;
	in.modules[0].name = "huge";
	expect_refused(&in, "does not fit below the IPVMM");
}

/*
 * The afterburnt Linux vmlinux (build/guests/linux/vmlinux, when `make
 * guest-linux` built it): laid out with the 32-bit boot protocol, the
 * boot block says so, and the zero page is where ESI will point, with
 * the e820 map reserving the IPVMM, the command line with reservetop=
 * and the initrd.
 */
#define LINUX_MEM	(256 * MIB)
#define ZP		0x11000u

static void test_linux(void **state)
{
	static const uint8_t initrd[10000] = { 0x1f, 0x8b, 8 };
	struct ipvmm_layout_in in = input();
	struct ipvmm_layout lay;
	struct ipvmm_boot_info bi;
	uint64_t e, last_ram_end = 0;
	uint32_t i, n, rd;
	uint8_t *ram;

	(void)state;
	if (!vmlinux.data)
		skip();
	in.guest = vmlinux.data;
	in.guest_len = vmlinux.len;
	in.mem = LINUX_MEM;
	in.nr_modules = 1;
	in.modules[0].data = initrd;
	in.modules[0].len = sizeof(initrd);
	in.modules[0].name = "rootfs.cpio.gz";
	assert_int_equal(ipvmm_layout_plan(&in, &lay), 0);
	ram = apply(&lay, LINUX_MEM);
	assert_int_equal(lay.proto, IPVMM_PROTO_LINUX32);
	memcpy(&bi, ram + lay.ebx, sizeof(bi));
	assert_int_equal(bi.proto, IPVMM_PROTO_LINUX32);
	assert_int_equal(bi.entry, 0x1000000);	/* phys_startup_32 */
	assert_int_equal(bi.image_gpa, 0x1000000);
	assert_int_equal(bi.boot_data_gpa, ZP);
	assert_int_equal(lay.boot_data_gpa, ZP);
	assert_true(bi.nr_sites > 1000);
	assert_true(bi.nr_text >= 3);
	for (i = 0; i < bi.nr_text; i++)
		assert_int_equal(bi.text[i].vaddr - bi.text[i].gpa, 0xc0000000u);
	/* startup_32's first bytes are loaded at the entry */
	assert_memory_equal(ram + bi.entry, vmlinux.data + 0x1000, 16);
	/* the zero page: HdrS, cmd_line_ptr, the initrd, e820 */
	assert_int_equal(rd32(ram, ZP + 0x202), 0x53726448);
	assert_int_equal(rd32(ram, ZP + 0x228), bi.cmdline_gpa);
	assert_string_equal((char *)ram + bi.cmdline_gpa,
			    "console=ttyS0 reservetop=0x4000000");
	assert_int_equal(bi.cmdline_bytes,
			 strlen("console=ttyS0 reservetop=0x4000000"));
	rd = rd32(ram, ZP + 0x218);
	assert_int_equal(rd32(ram, ZP + 0x21c), sizeof(initrd));
	assert_int_equal(bi.modules_gpa, rd);
	assert_int_equal(bi.modules_bytes, sizeof(initrd));
	assert_int_equal(bi.nr_modules, 1);
	assert_true(rd % 4096 == 0 && rd + sizeof(initrd) <= lay.ipvmm_gpa);
	assert_memory_equal(ram + rd, initrd, sizeof(initrd));
	n = ram[ZP + 0x1e8];
	assert_true(n >= 4 && n <= 8);
	for (i = 0; i < n; i++) {
		e = ZP + 0x2d0 + i * 20;
		if (rd32(ram, e + 16) == 1 &&
		    rd64(ram, e) + rd64(ram, e + 8) > last_ram_end)
			last_ram_end = rd64(ram, e) + rd64(ram, e + 8);
	}
	assert_int_equal(last_ram_end, lay.ipvmm_gpa);
	e = ZP + 0x2d0 + (n - 1) * 20;
	assert_int_equal(rd64(ram, e), lay.ipvmm_gpa);
	assert_int_equal(rd64(ram, e + 8), 4 * MIB);
	assert_int_equal(rd32(ram, e + 16), 2);
	free(ram);
	ipvmm_layout_free(&lay);

	/* --append replaces the default; reservetop= stays burnctl's */
	in.cmdline = "console=ttyS0 earlyprintk=ttyS0";
	assert_int_equal(ipvmm_layout_plan(&in, &lay), 0);
	ram = apply(&lay, LINUX_MEM);
	memcpy(&bi, ram + lay.ebx, sizeof(bi));
	assert_string_equal((char *)ram + bi.cmdline_gpa,
			    "console=ttyS0 earlyprintk=ttyS0 reservetop=0x4000000");
	free(ram);
	ipvmm_layout_free(&lay);
	in.cmdline = "reservetop=0x1000";
	expect_refused(&in, "reservetop= is set by burnctl");
	in.cmdline = NULL;
	/* RAM reaching 0x3c000000 would hide the early-code fault */
	in.mem = 1024 * MIB;
	expect_refused(&in, "too large for this kernel");
	in.mem = LINUX_MEM;
	in.nr_modules = 2;
	in.modules[1] = in.modules[0];
	expect_refused(&in, "one --initrd");
}

/* A "Linux" ELF note alone does not make a Multiboot-less file boot. */
static void test_not_linux(void **state)
{
	struct ipvmm_layout_in in = input();
	uint8_t *copy, *p;

	(void)state;
	if (!vmlinux.data)
		skip();
	copy = malloc(vmlinux.len);
	assert_non_null(copy);
	memcpy(copy, vmlinux.data, vmlinux.len);
	/* rename every "Linux" note owner */
	while ((p = memmem(copy, vmlinux.len, "Linux\0\0\0", 8)))
		p[0] = 'X';
	in.guest = copy;
	in.guest_len = vmlinux.len;
	in.mem = LINUX_MEM;
	expect_refused(&in, "is no Linux vmlinux");
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_block),
		cmocka_unit_test(test_multiboot_info),
		cmocka_unit_test(test_cmdline_module),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_linux),
		cmocka_unit_test(test_not_linux),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ipvmm-layout", tests, setup,
					   teardown);
}
