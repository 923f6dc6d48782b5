// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-boot.c - ipvmm_boot_check(): a block laid out as
 * burnctl will (64 MiB VM, 4 MiB IPVMM region, Multiboot guest at
 * 1 MiB) passes and yields the text ranges; each spoilt field is refused
 * with its reason.
 */
#include <stddef.h>
#include <string.h>

#include "fetest.h"
#include "boot.h"

static void good_block(struct ipvmm_boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->magic = IPVMM_BOOT_MAGIC;
	bi->version = IPVMM_BOOT_VERSION;
	bi->size = sizeof(*bi);
	bi->ram_bytes = 64ull << 20;
	bi->ipvmm_gpa = 60ull << 20;
	bi->ipvmm_bytes = 4u << 20;
	bi->window_gva = 0xfc000000;
	bi->window_bytes = 64u << 20;
	bi->proto = IPVMM_PROTO_MULTIBOOT1;
	bi->entry = 0x100020;
	bi->image_gpa = 0x100000;
	bi->image_bytes = 0x80000;
	bi->nr_text = 2;
	bi->text[0] = (struct ipvmm_text){ 0x100000, 0x10000, 0x100000 };
	bi->text[1] = (struct ipvmm_text){ 0xc0200000, 0x1000, 0x170000 };
	bi->sites_gpa = (60ull << 20) + 0x200000;
	bi->nr_sites = 198;
	bi->boot_data_gpa = 0x9000;
	bi->cmdline_gpa = 0x9800;
	bi->cmdline_bytes = 10;
}

static void test_boot_good(void **state)
{
	struct ipvmm_boot_info bi;
	struct rw_text text[IPVMM_MAX_TEXT];
	const char *why = NULL;

	(void)state;
	good_block(&bi);
	assert_int_equal(ipvmm_boot_check(&bi, text, &why), 0);
	assert_int_equal(text[0].start, 0x100000);
	assert_int_equal(text[0].end, 0x110000);
	assert_int_equal(text[1].start, 0xc0200000);
	assert_int_equal(text[1].end, 0xc0201000);
}

/*
 * Version 1.1 appended disk_sectors: a 1.0 block (shorter) still passes,
 * and its copy reads as "no disk" whatever followed it; a 1.1 block
 * keeps its value.
 */
static void test_boot_minor(void **state)
{
	struct ipvmm_boot_info bi;
	struct rw_text text[IPVMM_MAX_TEXT];
	const char *why = NULL;

	(void)state;
	good_block(&bi);
	bi.disk_sectors = 64;
	ipvmm_boot_upgrade(&bi);
	assert_int_equal(bi.disk_sectors, 64);

	bi.version = IPVMM_BOOT_VERSION_MAJOR << 16;
	bi.size = IPVMM_BOOT_SIZE_1_0;
	bi.disk_sectors = 0xdeadbeefcafeull;	/* past the 1.0 block */
	assert_int_equal(ipvmm_boot_check(&bi, text, &why), 0);
	ipvmm_boot_upgrade(&bi);
	assert_int_equal(bi.disk_sectors, 0);

	/* A newer minor may be longer: the first sizeof(bi) bytes count. */
	good_block(&bi);
	bi.version = IPVMM_BOOT_VERSION_MAJOR << 16 | 7;
	bi.size = sizeof(bi) + 64;
	bi.disk_sectors = 8;
	assert_int_equal(ipvmm_boot_check(&bi, text, &why), 0);
	ipvmm_boot_upgrade(&bi);
	assert_int_equal(bi.disk_sectors, 8);
}

struct spoil {
	size_t off;		/* offsetof the field */
	unsigned int bytes;	/* 4 or 8 */
	u64 val;
	const char *why;
};

#define F(field) offsetof(struct ipvmm_boot_info, field), \
	sizeof(((struct ipvmm_boot_info *)0)->field)

static const struct spoil spoils[] = {
	{ F(magic), 0x12345678, "bad magic" },
	{ F(version), 2u << 16, "unsupported major version" },
	{ F(size), 100, "block shorter" },
	{ F(size), IPVMM_BOOT_SIZE_1_0 - 8, "block shorter" },
	{ F(flags), 1, "unknown flags" },
	{ F(proto), 0, "unknown boot protocol" },
	{ F(proto), 3, "unknown boot protocol" },
	{ F(ram_bytes), 0, "RAM size" },
	{ F(ram_bytes), 5ull << 30, "RAM size" },
	{ F(ipvmm_gpa), 56ull << 20, "IPVMM region not at the top" },
	{ F(ipvmm_gpa), (60ull << 20) + 4096, "IPVMM region not at the top" },
	{ F(ipvmm_bytes), 0, "IPVMM region not at the top" },
	{ F(window_gva), 0xfc001000, "window not at the top" },
	{ F(window_bytes), 32u << 20, "window not at the top" },
	{ F(image_gpa), 60ull << 20, "image outside" },
	{ F(image_bytes), 0, "image outside" },
	{ F(image_bytes), 0xffffffffffffffffull, "image outside" },
	{ F(entry), 0x200000, "entry point outside" },
	{ F(boot_data_gpa), 0, "boot data outside" },
	{ F(boot_data_gpa), 61ull << 20, "boot data outside" },
	{ F(cmdline_gpa), (60ull << 20) - 5, "command line outside" },
	{ F(modules_gpa), 62ull << 20, "modules outside" },
	{ F(sites_gpa), 0x200000, "site records outside" },
	{ F(sites_gpa), (60ull << 20) + 2, "site records outside" },
	{ F(nr_sites), 0x7fffffff, "site records outside" },
	{ F(nr_text), 0, "number of text ranges" },
	{ F(nr_text), IPVMM_MAX_TEXT + 1, "number of text ranges" },
	{ F(text[1].vaddr), 0xfbfff800, "text range overlaps the window" },
	{ F(text[0].size), 0, "text range overlaps the window" },
	{ F(text[1].gpa), 0x17f800, "text range outside the image" },
};

static void test_boot_spoilt(void **state)
{
	struct ipvmm_boot_info bi;
	struct rw_text text[IPVMM_MAX_TEXT];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(spoils); i++) {
		const char *why = "";
		u32 v32 = (u32)spoils[i].val;

		good_block(&bi);
		if (spoils[i].bytes == 8)
			memcpy((u8 *)&bi + spoils[i].off, &spoils[i].val, 8);
		else
			memcpy((u8 *)&bi + spoils[i].off, &v32, 4);
		assert_int_equal(ipvmm_boot_check(&bi, text, &why),
				 -FE_EINVAL);
		if (strncmp(why, spoils[i].why, strlen(spoils[i].why)))
			print_message("# spoil %zu: got '%s'\n", i, why);
		assert_int_equal(strncmp(why, spoils[i].why,
					 strlen(spoils[i].why)), 0);
	}
}

int run_boot_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_good),
		cmocka_unit_test(test_boot_spoilt),
		cmocka_unit_test(test_boot_minor),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("boot", tests, NULL, NULL);
}
