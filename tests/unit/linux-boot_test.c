// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/linux-boot_test.c - host unit tests of burnctl's Linux boot
 * protocol loader (userland/linux-boot.c), cmocka under ASan/UBSan.
 * What: a synthetic vmlinux loaded byte for byte, the zero page read back
 * at the offsets zero-page.rst documents (not through the loader's own
 * structures), hostile ELFs, sizes and command lines refused with a
 * reason naming the field, random mutations that must never write
 * outside guest RAM, and the real afterburnt vmlinux when it is built.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "linux-boot.h"

#define MIB (1024u * 1024u)
#define RAM_SIZE (64u * MIB)
#define IPVMM (8u * MIB)
/* where the synthetic kernel lives, as Linux's i386 vmlinux does */
#define K_PADDR 0x01000000u
#define K_TEXT 0x3000u		/* text bytes in the file */
#define K_DATA 0x1000u		/* data bytes in the file */
#define K_BSS 0x5000u		/* data segment's memsz beyond its filesz */
#define ELF_SIZE (0x1000u + K_TEXT + K_DATA)
#define FILL 0xa5		/* guest RAM's contents before a load */

static uint8_t elf[ELF_SIZE];
static uint8_t *ram;

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint8_t *phdr(unsigned int i)
{
	return elf + 52 + 32 * i;
}

static void set_phdr(unsigned int i, uint32_t type, uint32_t off,
		     uint32_t paddr, uint32_t filesz, uint32_t memsz,
		     uint32_t flags)
{
	uint8_t *p = phdr(i);

	put32(p, type);
	put32(p + 4, off);
	put32(p + 8, paddr + 0xc0000000u);	/* p_vaddr: ignored */
	put32(p + 12, paddr);
	put32(p + 16, filesz);
	put32(p + 20, memsz);
	put32(p + 24, flags);
	put32(p + 28, 0x1000);
}

/* An i386 vmlinux in miniature: text R+X, data RW with bss, a note. */
static void make_elf(void)
{
	unsigned int i;

	memset(elf, 0, sizeof(elf));
	memcpy(elf, "\177ELF\1\1\1", 7);
	put16(elf + 16, 2);		/* ET_EXEC */
	put16(elf + 18, 3);		/* EM_386 */
	put32(elf + 20, 1);
	put32(elf + 24, K_PADDR);	/* e_entry, physical as in vmlinux */
	put32(elf + 28, 52);		/* e_phoff */
	put16(elf + 40, 52);
	put16(elf + 42, 32);
	put16(elf + 44, 3);
	set_phdr(0, 1, 0x1000, K_PADDR, K_TEXT, K_TEXT, 5);
	set_phdr(1, 1, 0x1000 + K_TEXT, K_PADDR + K_TEXT, K_DATA,
		 K_DATA + K_BSS, 6);
	set_phdr(2, 4, 0x1000 + K_TEXT - 0x40, K_PADDR + K_TEXT - 0x40,
		 0x40, 0x40, 4);
	for (i = 0x1000; i < ELF_SIZE; i++)
		elf[i] = (uint8_t)(i * 37 + 11);
}

static int setup(void **state)
{
	(void)state;
	make_elf();
	ram = malloc(RAM_SIZE);
	if (!ram)
		return -1;
	memset(ram, FILL, RAM_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static struct linux_boot_config base_cfg(void)
{
	struct linux_boot_config cfg = {
		.vmlinux = elf, .vmlinux_size = sizeof(elf),
		.cmdline = "console=ttyS0", .ipvmm_bytes = IPVMM,
	};
	return cfg;
}

static int load(const struct linux_boot_config *cfg,
		struct linux_boot_layout *out)
{
	return linux_boot_load(cfg, ram, RAM_SIZE, out);
}

static void test_good_load(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	static uint8_t initrd[12345];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
	cfg.initrd = initrd;
	cfg.initrd_size = sizeof(initrd);
	assert_int_equal(load(&cfg, &out), 0);
	assert_string_equal(out.why, "");
	/* segments copied, bss zeroed, nothing after it touched */
	assert_memory_equal(ram + K_PADDR, elf + 0x1000, K_TEXT + K_DATA);
	for (i = 0; i < K_BSS; i++)
		assert_int_equal(ram[K_PADDR + K_TEXT + K_DATA + i], 0);
	assert_int_equal(ram[K_PADDR + K_TEXT + K_DATA + K_BSS], FILL);
	assert_int_equal(ram[K_PADDR - 1], FILL);
	assert_int_equal(out.kernel_start, K_PADDR);
	assert_int_equal(out.kernel_end, K_PADDR + K_TEXT + K_DATA + K_BSS);
	/* initrd: page-aligned, ends at or below the IPVMM, bytes intact */
	assert_int_equal(out.initrd_gpa % 4096, 0);
	assert_true(out.initrd_gpa + sizeof(initrd) <= RAM_SIZE - IPVMM);
	assert_true(out.initrd_gpa + sizeof(initrd) > RAM_SIZE - IPVMM - 4096);
	assert_memory_equal(ram + out.initrd_gpa, initrd, sizeof(initrd));
	assert_int_equal(out.ipvmm_gpa, RAM_SIZE - IPVMM);
	/* command line, reservetop from the default 0xfc000000 window */
	assert_int_equal(out.reservetop, 0x4000000);
	assert_string_equal((char *)ram + out.cmdline_gpa,
			    "console=ttyS0 reservetop=0x4000000");
	assert_int_equal(out.cmdline_len, strlen("console=ttyS0 reservetop=0x4000000"));
	/* entry state of boot.rst's 32-bit protocol */
	assert_int_equal(out.regs.eip, K_PADDR);
	assert_int_equal(out.regs.esi, out.boot_params_gpa);
	assert_int_equal(out.regs.ebp | out.regs.edi | out.regs.ebx, 0);
	assert_int_equal(out.regs.eflags & 0x200, 0);
	assert_int_equal(out.regs.cr0 & 0x80000001u, 1);
	assert_int_equal(out.regs.cs, 0x10);
	assert_int_equal(out.regs.ds, 0x18);
}

/* The zero page read at zero-page.rst/boot.rst offsets, independently
 * of the loader's structure definitions.
 */
static void test_zero_page_offsets(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	static uint8_t initrd[4096 * 3];
	const uint8_t *zp, *e;
	unsigned int i;

	(void)state;
	cfg.initrd = initrd;
	cfg.initrd_size = sizeof(initrd);
	assert_int_equal(load(&cfg, &out), 0);
	zp = ram + out.boot_params_gpa;
	assert_int_equal(get16(zp + 0x1fe), 0xaa55);		/* boot_flag */
	assert_int_equal(get32(zp + 0x202), 0x53726448);	/* HdrS */
	assert_true(get16(zp + 0x206) >= 0x020c);		/* version */
	assert_int_equal(zp[0x210], 0xff);			/* loader */
	assert_int_equal(zp[0x211] & 1, 1);			/* LOADED_HIGH */
	assert_int_equal(get32(zp + 0x218), out.initrd_gpa);
	assert_int_equal(get32(zp + 0x21c), sizeof(initrd));
	assert_int_equal(get32(zp + 0x228), out.cmdline_gpa);
	assert_int_equal(get32(zp + 0x0c8), 0);			/* ext_cmd_line */
	assert_int_equal(zp[0x1ef], 0);				/* sentinel */
	assert_int_equal(get32(zp + 0x23c), 0);			/* subarch PC */
	assert_int_equal(zp[0x1e8], out.nr_e820);
	for (i = 0; i < out.nr_e820; i++) {
		e = zp + 0x2d0 + 20 * i;
		assert_int_equal(get32(e), (uint32_t)out.e820[i].addr);
		assert_int_equal(get32(e + 8), (uint32_t)out.e820[i].size);
		assert_int_equal(get32(e + 16), out.e820[i].type);
	}
	/* the rest of the page past the e820 entries is zero */
	for (i = 0x2d0 + 20 * out.nr_e820; i < 4096; i++)
		assert_int_equal(zp[i], 0);
	/* GDT: flat code at 0x10, flat data at 0x18 */
	assert_int_equal(get32(ram + out.regs.gdt_gpa + 0x10), 0x0000ffff);
	assert_int_equal(get32(ram + out.regs.gdt_gpa + 0x14), 0x00cf9a00);
	assert_int_equal(get32(ram + out.regs.gdt_gpa + 0x1c), 0x00cf9200);
}

/* RAM below the IPVMM, the IPVMM reserved, sorted, no overlap, and the
 * loader's low-memory data inside usable RAM.
 */
static void test_e820(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	const struct linux_boot_e820 *e, *last;
	unsigned int i;

	(void)state;
	assert_int_equal(load(&cfg, &out), 0);
	assert_true(out.nr_e820 >= 3);
	for (i = 1; i < out.nr_e820; i++)
		assert_true(out.e820[i].addr >=
			    out.e820[i - 1].addr + out.e820[i - 1].size);
	last = &out.e820[out.nr_e820 - 1];
	assert_int_equal(last->type, 2);
	assert_int_equal(last->addr, RAM_SIZE - IPVMM);
	assert_int_equal(last->addr + last->size, RAM_SIZE);
	e = &out.e820[out.nr_e820 - 2];
	assert_int_equal(e->type, 1);
	assert_true(e->addr <= K_PADDR);
	assert_int_equal(e->addr + e->size, RAM_SIZE - IPVMM);
	assert_int_equal(out.e820[0].type, 1);
	assert_true(out.e820[0].addr + out.e820[0].size >
		    LINUX_BOOT_CMDLINE_GPA + LINUX_BOOT_CMDLINE_MAX);
	/* no IPVMM: no reserved tail */
	cfg.ipvmm_bytes = 0;
	assert_int_equal(load(&cfg, &out), 0);
	assert_int_equal(out.e820[out.nr_e820 - 1].type, 1);
	assert_int_equal(out.e820[out.nr_e820 - 1].addr +
			 out.e820[out.nr_e820 - 1].size, RAM_SIZE);
}

static void test_window(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;

	(void)state;
	cfg.window_base = 0xf8000000u;
	cfg.cmdline = NULL;
	assert_int_equal(load(&cfg, &out), 0);
	assert_int_equal(out.reservetop, 0x8000000);
	assert_string_equal((char *)ram + out.cmdline_gpa,
			    "reservetop=0x8000000");
}

/* With lots of RAM the initrd stays in the kernel's lowmem: below
 * 896 MiB less reservetop= and fixmap slack, not at the top of RAM. */
static void test_initrd_lowmem(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	size_t big_size = 1024u * MIB;
	static uint8_t initrd[8192];
	uint8_t *big = calloc(1, big_size);

	(void)state;
	assert_non_null(big);
	cfg.initrd = initrd;
	cfg.initrd_size = sizeof(initrd);
	assert_int_equal(linux_boot_load(&cfg, big, big_size, &out), 0);
	assert_true(out.initrd_gpa + sizeof(initrd) <= 0x38000000u - 0x4000000u);
	assert_true(out.initrd_gpa >= 0x38000000u - 0x4000000u - 16u * MIB);
	/* a bigger window lowers it further */
	cfg.window_base = 0xf0000000u;
	assert_int_equal(linux_boot_load(&cfg, big, big_size, &out), 0);
	assert_true(out.initrd_gpa + sizeof(initrd) <= 0x28000000u);
	free(big);
}

/* One hostile input: a mutation of the good ELF or configuration, the
 * error it must get, and a word the reason must contain.
 */
struct bad_case {
	const char *name;
	void (*mutate)(struct linux_boot_config *cfg);
	int err;
	const char *why;
};

static void m_magic(struct linux_boot_config *c) { (void)c; elf[1] = 'X'; }
static void m_class64(struct linux_boot_config *c) { (void)c; elf[4] = 2; }
static void m_bigendian(struct linux_boot_config *c) { (void)c; elf[5] = 2; }
static void m_machine(struct linux_boot_config *c) { (void)c; put16(elf + 18, 62); }
static void m_type(struct linux_boot_config *c) { (void)c; put16(elf + 16, 3); }
static void m_phentsize(struct linux_boot_config *c) { (void)c; put16(elf + 42, 56); }
static void m_phnum0(struct linux_boot_config *c) { (void)c; put16(elf + 44, 0); }
static void m_phnum_huge(struct linux_boot_config *c) { (void)c; put16(elf + 44, 0xffff); }
static void m_phoff(struct linux_boot_config *c) { (void)c; put32(elf + 28, 0xffffffe0u); }
static void m_phoff_end(struct linux_boot_config *c) { (void)c; put32(elf + 28, ELF_SIZE - 40); }
static void m_trunc_hdr(struct linux_boot_config *c) { c->vmlinux_size = 51; }
static void m_trunc_seg(struct linux_boot_config *c) { c->vmlinux_size = ELF_SIZE - 1; }
static void m_offset_wrap(struct linux_boot_config *c) { (void)c; put32(phdr(0) + 4, 0xfffff000u); }
static void m_filesz(struct linux_boot_config *c) { (void)c; put32(phdr(1) + 16, K_DATA + K_BSS + 1); }
static void m_low(struct linux_boot_config *c) { (void)c; put32(phdr(0) + 12, 0x7000); }
static void m_into_ipvmm(struct linux_boot_config *c) { (void)c; put32(phdr(1) + 20, RAM_SIZE); }
static void m_paddr_wrap(struct linux_boot_config *c) { (void)c; put32(phdr(1) + 12, 0xfffff000u); put32(phdr(1) + 20, 0x2000); }
static void m_overlap(struct linux_boot_config *c) { (void)c; put32(phdr(1) + 12, K_PADDR + K_TEXT - 0x10); }
static void m_entry(struct linux_boot_config *c) { (void)c; put32(elf + 24, K_PADDR + K_TEXT + 4); }
static void m_entry_nx(struct linux_boot_config *c) { (void)c; put32(phdr(0) + 24, 4); }
static void m_no_elf(struct linux_boot_config *c) { c->vmlinux = NULL; }

static uint8_t big_initrd[RAM_SIZE];
static void m_initrd_big(struct linux_boot_config *c)
{
	c->initrd = big_initrd;
	c->initrd_size = RAM_SIZE - IPVMM - K_PADDR;	/* no room above kernel */
}

static void m_initrd_huge(struct linux_boot_config *c)
{
	c->initrd = big_initrd;
	c->initrd_size = (size_t)RAM_SIZE * 2;
}

static char long_cmdline[LINUX_BOOT_CMDLINE_MAX + 10];
static void m_cmdline_long(struct linux_boot_config *c)
{
	memset(long_cmdline, 'a', sizeof(long_cmdline) - 1);
	/* fits alone, not with " reservetop=0x4000000" */
	long_cmdline[LINUX_BOOT_CMDLINE_MAX - 10] = 0;
	c->cmdline = long_cmdline;
}

static void m_cmdline_reservetop(struct linux_boot_config *c) { c->cmdline = "quiet reservetop=64M"; }
static void m_ipvmm_unaligned(struct linux_boot_config *c) { c->ipvmm_bytes = IPVMM + 1; }
static void m_ipvmm_all(struct linux_boot_config *c) { c->ipvmm_bytes = RAM_SIZE; }
static void m_window(struct linux_boot_config *c) { c->window_base = 0xfc001000u; }
static void m_window_low(struct linux_boot_config *c) { c->window_base = 0xe0000000u; }

static const struct bad_case bad_cases[] = {
	{ "bad magic", m_magic, -EINVAL, "e_ident" },
	{ "ELF64", m_class64, -EINVAL, "e_ident" },
	{ "big-endian", m_bigendian, -EINVAL, "e_ident" },
	{ "x86-64 machine", m_machine, -EINVAL, "e_machine" },
	{ "ET_DYN", m_type, -EINVAL, "e_type" },
	{ "phentsize", m_phentsize, -EINVAL, "e_phentsize" },
	{ "no phdrs", m_phnum0, -EINVAL, "e_phnum" },
	{ "65535 phdrs", m_phnum_huge, -EINVAL, "e_phnum" },
	{ "phoff wraps", m_phoff, -EINVAL, "e_phoff" },
	{ "phdrs past end", m_phoff_end, -EINVAL, "e_phoff" },
	{ "truncated header", m_trunc_hdr, -EINVAL, "ELF header" },
	{ "truncated segment", m_trunc_seg, -EINVAL, "p_offset" },
	{ "p_offset wraps", m_offset_wrap, -EINVAL, "p_offset" },
	{ "filesz > memsz", m_filesz, -EINVAL, "p_filesz" },
	{ "segment below 1 MiB", m_low, -ENOSPC, "p_paddr" },
	{ "segment into IPVMM", m_into_ipvmm, -ENOSPC, "p_memsz" },
	{ "paddr + memsz wraps", m_paddr_wrap, -ENOSPC, "p_paddr" },
	{ "overlapping segments", m_overlap, -EINVAL, "overlaps" },
	{ "entry in data", m_entry, -EINVAL, "e_entry" },
	{ "entry not executable", m_entry_nx, -EINVAL, "e_entry" },
	{ "no vmlinux", m_no_elf, -EINVAL, "vmlinux" },
	{ "initrd too big", m_initrd_big, -ENOSPC, "initrd" },
	{ "initrd larger than RAM", m_initrd_huge, -ENOSPC, "initrd" },
	{ "cmdline too long", m_cmdline_long, -E2BIG, "cmdline" },
	{ "cmdline has reservetop", m_cmdline_reservetop, -EINVAL, "reservetop" },
	{ "ipvmm unaligned", m_ipvmm_unaligned, -EINVAL, "ipvmm_bytes" },
	{ "ipvmm takes all", m_ipvmm_all, -EINVAL, "ipvmm_bytes" },
	{ "window unaligned", m_window, -EINVAL, "window_base" },
	{ "window in lowmem", m_window_low, -EINVAL, "window_base" },
};

static void test_bad_inputs(void **state)
{
	struct linux_boot_config cfg;
	struct linux_boot_layout out;
	unsigned int i;
	int ret;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		make_elf();
		cfg = base_cfg();
		bad_cases[i].mutate(&cfg);
		ret = load(&cfg, &out);
		if (ret != bad_cases[i].err || !strstr(out.why, bad_cases[i].why))
			fail_msg("%s: got %d \"%s\", want %d naming %s",
				 bad_cases[i].name, ret, out.why,
				 bad_cases[i].err, bad_cases[i].why);
		assert_non_null(memchr(out.why, 0, sizeof(out.why)));
		assert_null(strchr(out.why, '\n'));
	}
	make_elf();
}

/* Every truncation of the file is refused, and reads stay inside the
 * (heap-copied, so ASan sees its end) buffer.
 */
static void test_truncations(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	uint8_t *copy;
	size_t len;

	(void)state;
	for (len = 0; len < sizeof(elf); len += len < 200 ? 1 : 97) {
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, elf, len);
		cfg.vmlinux = copy;
		cfg.vmlinux_size = len;
		assert_int_equal(load(&cfg, &out), -EINVAL);
		assert_true(out.why[0] != 0);
		free(copy);
	}
}

/* Random byte flips in the headers: any result, but never a write
 * outside RAM (ASan) and a reason whenever it fails.
 */
static void test_mutations(void **state)
{
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	unsigned int seed = 12345, i, n, ok = 0;
	int ret;

	(void)state;
	for (i = 0; i < 3000; i++) {
		make_elf();
		for (n = 0; n < 1 + i % 4; n++) {
			seed = seed * 1103515245u + 12345u;
			elf[(seed >> 8) % (52 + 32 * 3)] ^=
				(uint8_t)(1u << ((seed >> 4) % 8));
		}
		ret = load(&cfg, &out);
		if (ret)
			assert_true(out.why[0] != 0);
		else
			ok++;
	}
	print_message("# %u of 3000 mutated ELFs still loaded\n", ok);
	make_elf();
}

/* The real afterburnt kernel, when `make guest-linux` has built it. */
static void test_real_vmlinux(void **state)
{
	const char *path = LINUX_BOOT_VMLINUX;
	struct linux_boot_config cfg = base_cfg();
	struct linux_boot_layout out;
	uint8_t *file, *big;
	size_t big_size = 256u * MIB;
	struct stat st;
	FILE *f;

	(void)state;
	assert_int_equal(stat(path, &st), 0);
	file = malloc((size_t)st.st_size);
	big = calloc(1, big_size);
	f = fopen(path, "rb");
	assert_true(file && big && f);
	assert_int_equal(fread(file, 1, (size_t)st.st_size, f), st.st_size);
	fclose(f);
	cfg.vmlinux = file;
	cfg.vmlinux_size = (size_t)st.st_size;
	cfg.ipvmm_bytes = 16u * MIB;
	cfg.cmdline = "console=ttyS0";
	cfg.initrd = file;		/* any bytes will do as an initrd */
	cfg.initrd_size = 2u * MIB;
	assert_int_equal(linux_boot_load(&cfg, big, big_size, &out), 0);
	/* Linux 6.1 i386: entry phys_startup_32 at LOAD_PHYSICAL_ADDR */
	assert_int_equal(out.regs.eip, 0x01000000);
	assert_int_equal(out.kernel_start, 0x01000000);
	assert_memory_equal(big + out.regs.eip, file + 0x1000, 64);
	assert_true(out.initrd_gpa >= out.kernel_end);
	assert_true(out.initrd_gpa + out.initrd_size <= big_size - 16u * MIB);
	print_message("# vmlinux: kernel [0x%x, 0x%x), initrd at 0x%x\n",
		      out.kernel_start, out.kernel_end, out.initrd_gpa);
	/* and the same file in too little RAM is refused by size */
	assert_int_equal(linux_boot_load(&cfg, big, 20u * MIB, &out), -ENOSPC);
	free(big);
	free(file);
}

int main(void)
{
	struct stat st;
	struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_page_offsets, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_e820, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window, setup, teardown),
		cmocka_unit_test(test_initrd_lowmem),
		cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncations, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mutations, setup, teardown),
		cmocka_unit_test(test_real_vmlinux),
	};

	size_t n = sizeof(tests) / sizeof(tests[0]);

	cmocka_set_message_output(CM_OUTPUT_TAP);
	/* not built yet: leave the test out rather than report a skip,
	 * which TAP consumers count as a failure
	 */
	if (stat(LINUX_BOOT_VMLINUX, &st)) {
		printf("# %s not built (make guest-linux): real-kernel test left out\n",
		       LINUX_BOOT_VMLINUX);
		n--;
	}
	return _cmocka_run_group_tests("linux-boot", tests, n, NULL, NULL);
}
