// SPDX-License-Identifier: GPL-2.0
/*
 * linux-boot.c - the Linux/x86 32-bit boot protocol for burnctl: put a
 * vmlinux ELF, an initrd, a command line and the zero page into guest
 * RAM and say how to enter the kernel.  Why: burnctl boots Linux beside
 * Multiboot (issue 8), and the IPVMM must be kept out of Linux's way by
 * an e820 reservation (its RAM) and reservetop= (its virtual window).
 *
 * Contents:
 *   (i)   guest RAM: the only way this file writes it
 *   (ii)  the vmlinux ELF: headers and PT_LOAD segments, checked
 *   (iii) the command line, with reservetop= appended
 *   (iv)  the initrd: as high as allowed, below the IPVMM
 *   (v)   the e820 map
 *   (vi)  the zero page (struct boot_params)
 *   (vii) the flat GDT and the entry registers
 *
 * Structures are written from Documentation/x86/boot.rst and
 * zero-page.rst of Linux 6.1 (no kernel header is included), and their
 * offsets are checked at compile time against those documents.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "linux-boot.h"

#define PAGE_SIZE	4096u
#define MIB		(1024u * 1024u)
/* conventional memory ends at the EBDA, which real PCs keep below 640K */
#define LOW_RAM_END	0x0009fc00u
/* legacy VGA/BIOS hole, e820-reserved like real firmware does */
#define BIOS_HOLE_START	0x000f0000u
#define BIOS_HOLE_END	0x00100000u
#define E820_RAM	1u
#define E820_RESERVED	2u
/* boot.rst: initrd_addr_max a pre-2.03 kernel assumes; vmlinux has no
 * setup header to say otherwise
 */
#define INITRD_ADDR_MAX	0x37ffffffu
/*
 * The end of lowmem of a 3G/1G i386 kernel without HIGHMEM is 896 MiB
 * (1 GiB less 128 MiB of vmalloc space), less the reservetop= hole and
 * the fixmap pages below it: an initrd above would be copied down by the
 * kernel.  LOWMEM_SLACK covers the fixmap generously.
 */
#define LOWMEM_END	0x38000000u
#define LOWMEM_SLACK	(8u * MIB)
/* lowest IPVMM window: a reservetop= of 256 MiB still leaves the kernel
 * 632 MiB of lowmem */
#define WINDOW_LOWEST	0xf0000000u
/* ELF constants (System V ABI, i386 supplement) */
#define ELF_HDR_SIZE	52u
#define ELF_PHDR_SIZE	32u
#define ELF_MAX_PHDRS	64u
#define ET_EXEC		2u
#define EM_386		3u
#define PT_LOAD		1u
#define PF_X		1u

/* (vi) The zero page, from zero-page.rst and boot.rst's header table. */
struct lb_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

struct lb_setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize;
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;		/* 0xaa55 */
	uint16_t jump;
	uint32_t header;		/* "HdrS" */
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;
	uint32_t kernel_info_offset;
} __attribute__((packed));

struct lb_boot_params {
	uint8_t screen_info[0x40];
	uint8_t apm_bios_info[0x14];
	uint8_t pad_054[0x04];
	uint64_t tboot_addr;
	uint8_t ist_info[0x10];
	uint64_t acpi_rsdp_addr;
	uint8_t pad_078[0x08];
	uint8_t hd0_info[0x10];
	uint8_t hd1_info[0x10];
	uint8_t sys_desc_table[0x10];
	uint8_t olpc_ofw_header[0x10];
	uint32_t ext_ramdisk_image;
	uint32_t ext_ramdisk_size;
	uint32_t ext_cmd_line_ptr;
	uint8_t pad_0cc[0x13c - 0xcc];
	uint32_t cc_blob_address;
	uint8_t edid_info[0x80];
	uint8_t efi_info[0x20];
	uint32_t alt_mem_k;
	uint32_t scratch;
	uint8_t e820_entries;
	uint8_t eddbuf_entries;
	uint8_t edd_mbr_sig_buf_entries;
	uint8_t kbd_status;
	uint8_t secure_boot;
	uint8_t pad_1ed[0x02];
	uint8_t sentinel;		/* must stay 0: "broken bootloader" */
	uint8_t pad_1f0[0x01];
	struct lb_setup_header hdr;
	uint8_t pad_26c[0x290 - 0x26c];
	uint32_t edd_mbr_sig_buffer[16];
	struct lb_e820_entry e820_table[128];
	uint8_t pad_cd0[0xd00 - 0xcd0];
	uint8_t eddbuf[0x1ec];
	uint8_t pad_eec[0x1000 - 0xeec];
} __attribute__((packed));

#define ZP_AT(field, off) \
	_Static_assert(offsetof(struct lb_boot_params, field) == (off), #field)
ZP_AT(tboot_addr, 0x058);
ZP_AT(acpi_rsdp_addr, 0x070);
ZP_AT(ext_ramdisk_image, 0x0c0);
ZP_AT(cc_blob_address, 0x13c);
ZP_AT(alt_mem_k, 0x1e0);
ZP_AT(e820_entries, 0x1e8);
ZP_AT(sentinel, 0x1ef);
ZP_AT(hdr, 0x1f1);
ZP_AT(hdr.boot_flag, 0x1fe);
ZP_AT(hdr.header, 0x202);
ZP_AT(hdr.type_of_loader, 0x210);
ZP_AT(hdr.code32_start, 0x214);
ZP_AT(hdr.ramdisk_image, 0x218);
ZP_AT(hdr.cmd_line_ptr, 0x228);
ZP_AT(hdr.initrd_addr_max, 0x22c);
ZP_AT(hdr.cmdline_size, 0x238);
ZP_AT(hdr.hardware_subarch, 0x23c);
ZP_AT(hdr.kernel_info_offset, 0x268);
ZP_AT(edd_mbr_sig_buffer, 0x290);
ZP_AT(e820_table, 0x2d0);
ZP_AT(eddbuf, 0xd00);
_Static_assert(sizeof(struct lb_boot_params) == PAGE_SIZE, "zero page");

/* header values this loader declares (boot.rst, "The real-mode kernel
 * header")
 */
#define HDR_BOOT_FLAG		0xaa55u
#define HDR_MAGIC		0x53726448u	/* "HdrS" */
#define HDR_VERSION		0x020fu		/* protocol 2.15 */
#define HDR_LOADER_UNDEF	0xffu		/* no assigned loader ID */
#define HDR_LOADED_HIGH		0x01u		/* kernel at 1 MiB or above */
#define HDR_CAN_USE_HEAP	0x80u
#define HDR_SUBARCH_PC		0u

/* Everything one load works with; keeps the functions' arguments short. */
struct lb_ctx {
	uint8_t *ram;
	uint64_t ram_size;		/* guest RAM, bytes */
	uint64_t usable_end;		/* first byte kept for the IPVMM */
	const struct linux_boot_config *cfg;
	struct linux_boot_layout *out;
};

static int lb_fail(struct lb_ctx *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the first reason for failing, one line, and return @err. */
static int lb_fail(struct lb_ctx *c, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->out->why, sizeof(c->out->why), fmt, ap);
	va_end(ap);
	return err;
}

/*
 * (i) True when [gpa, gpa + len) lies inside guest RAM.  The threat: a
 * length or address from a hostile ELF or a caller's sizes that wraps
 * around; written as a subtraction so no sum can overflow.
 */
static bool gpa_range_ok(const struct lb_ctx *c, uint64_t gpa, uint64_t len)
{
	return len <= c->ram_size && gpa <= c->ram_size - len;
}

/* (i) Copy @len bytes to guest-physical @gpa, or zero them (@src NULL). */
static int gpa_write(struct lb_ctx *c, uint64_t gpa, const void *src,
		     uint64_t len)
{
	if (!gpa_range_ok(c, gpa, len))
		return lb_fail(c, -ENOSPC,
			       "write of %llu bytes at gpa 0x%llx is outside guest RAM",
			       (unsigned long long)len,
			       (unsigned long long)gpa);
	if (src)
		memcpy(c->ram + gpa, src, len);
	else
		memset(c->ram + gpa, 0, len);
	return 0;
}

static uint16_t le16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One program header, decoded from the file. */
struct lb_phdr {
	uint32_t type, offset, paddr, filesz, memsz, flags;
};

static void phdr_decode(const uint8_t *p, struct lb_phdr *ph)
{
	ph->type = le32_at(p);
	ph->offset = le32_at(p + 4);
	ph->paddr = le32_at(p + 12);	/* p_vaddr at +8 is the kernel's */
	ph->filesz = le32_at(p + 16);
	ph->memsz = le32_at(p + 20);
	ph->flags = le32_at(p + 24);
}

/* (ii) The ELF header: a 32-bit little-endian i386 executable whose
 * program header table lies inside the file.
 */
static int elf_check_header(struct lb_ctx *c, uint32_t *phoff,
			    uint16_t *phnum)
{
	const uint8_t *f = c->cfg->vmlinux;
	size_t size = c->cfg->vmlinux_size;

	if (!f || size < ELF_HDR_SIZE)
		return lb_fail(c, -EINVAL, "vmlinux: %zu bytes, shorter than an ELF header",
			       size);
	if (memcmp(f, "\177ELF", 4))
		return lb_fail(c, -EINVAL, "vmlinux: e_ident: not an ELF file");
	if (f[4] != 1 || f[5] != 1)
		return lb_fail(c, -EINVAL, "vmlinux: e_ident: class %u data %u, want ELF32 little-endian",
			       f[4], f[5]);
	if (le16_at(f + 16) != ET_EXEC || le16_at(f + 18) != EM_386)
		return lb_fail(c, -EINVAL, "vmlinux: e_type %u e_machine %u, want an i386 executable",
			       le16_at(f + 16), le16_at(f + 18));
	*phoff = le32_at(f + 28);
	*phnum = le16_at(f + 44);
	if (le16_at(f + 42) != ELF_PHDR_SIZE)
		return lb_fail(c, -EINVAL, "vmlinux: e_phentsize %u, want %u",
			       le16_at(f + 42), ELF_PHDR_SIZE);
	if (*phnum == 0 || *phnum > ELF_MAX_PHDRS)
		return lb_fail(c, -EINVAL, "vmlinux: e_phnum %u, want 1..%u",
			       *phnum, ELF_MAX_PHDRS);
	if (*phoff > size || (size_t)*phnum * ELF_PHDR_SIZE > size - *phoff)
		return lb_fail(c, -EINVAL, "vmlinux: e_phoff 0x%x: program headers run past the file",
			       *phoff);
	return 0;
}

/* (ii) One PT_LOAD: inside the file, inside usable RAM above 1 MiB (low
 * memory holds the loader's data), and not overlapping an earlier one.
 */
static int elf_check_load(struct lb_ctx *c, const struct lb_phdr *ph,
			  unsigned int i, const struct lb_phdr *prev,
			  unsigned int nprev)
{
	size_t size = c->cfg->vmlinux_size;
	unsigned int j;

	if (ph->offset > size || ph->filesz > size - ph->offset)
		return lb_fail(c, -EINVAL, "vmlinux: phdr %u: p_offset 0x%x p_filesz 0x%x run past the file",
			       i, ph->offset, ph->filesz);
	if (ph->filesz > ph->memsz)
		return lb_fail(c, -EINVAL, "vmlinux: phdr %u: p_filesz 0x%x exceeds p_memsz 0x%x",
			       i, ph->filesz, ph->memsz);
	if (ph->paddr < MIB || ph->memsz > c->usable_end ||
	    ph->paddr > c->usable_end - ph->memsz)
		return lb_fail(c, -ENOSPC, "vmlinux: phdr %u: p_paddr 0x%x p_memsz 0x%x outside usable RAM [1 MiB, 0x%llx)",
			       i, ph->paddr, ph->memsz,
			       (unsigned long long)c->usable_end);
	for (j = 0; j < nprev; j++) {
		if (prev[j].type != PT_LOAD)
			continue;
		if (ph->paddr < prev[j].paddr + prev[j].memsz &&
		    prev[j].paddr < ph->paddr + ph->memsz)
			return lb_fail(c, -EINVAL, "vmlinux: phdr %u: p_paddr 0x%x overlaps phdr %u",
				       i, ph->paddr, j);
	}
	return 0;
}

/* (ii) Check every program header, then copy the PT_LOADs and zero
 * their tails.  Checking first means a bad file writes nothing.
 */
static int elf_load(struct lb_ctx *c)
{
	const uint8_t *f = c->cfg->vmlinux;
	struct lb_phdr ph[ELF_MAX_PHDRS];
	uint32_t phoff = 0, entry, lo = UINT32_MAX, hi = 0;
	uint16_t phnum = 0, i;
	bool entry_ok = false;
	int err;

	err = elf_check_header(c, &phoff, &phnum);
	for (i = 0; !err && i < phnum; i++) {
		phdr_decode(f + phoff + (size_t)i * ELF_PHDR_SIZE, &ph[i]);
		if (ph[i].type == PT_LOAD)
			err = elf_check_load(c, &ph[i], i, ph, i);
	}
	if (err)
		return err;
	entry = le32_at(f + 24);
	for (i = 0; i < phnum; i++) {
		if (ph[i].type != PT_LOAD || !ph[i].memsz)
			continue;
		if (lo > ph[i].paddr)
			lo = ph[i].paddr;
		if (hi < ph[i].paddr + ph[i].memsz)
			hi = ph[i].paddr + ph[i].memsz;
		if ((ph[i].flags & PF_X) && entry >= ph[i].paddr &&
		    entry - ph[i].paddr < ph[i].filesz)
			entry_ok = true;
	}
	if (!entry_ok)
		return lb_fail(c, -EINVAL, "vmlinux: e_entry 0x%x is not in an executable PT_LOAD",
			       entry);
	for (i = 0; i < phnum && !err; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		err = gpa_write(c, ph[i].paddr, f + ph[i].offset,
				ph[i].filesz);
		if (!err)
			err = gpa_write(c, (uint64_t)ph[i].paddr + ph[i].filesz,
					NULL, ph[i].memsz - ph[i].filesz);
	}
	c->out->kernel_start = lo;
	c->out->kernel_end = hi;
	c->out->regs.eip = entry;
	return err;
}

/* (iii) The caller's command line plus " reservetop=0x...", NUL ended,
 * at LINUX_BOOT_CMDLINE_GPA.  reservetop= is the loader's to set, so a
 * caller's own is refused rather than silently overridden.
 */
static int cmdline_place(struct lb_ctx *c)
{
	const char *user = c->cfg->cmdline ? c->cfg->cmdline : "";
	char buf[LINUX_BOOT_CMDLINE_MAX];
	int n;

	if (strstr(user, "reservetop="))
		return lb_fail(c, -EINVAL, "cmdline: reservetop= is set by burnctl from the IPVMM window");
	n = snprintf(buf, sizeof(buf), "%s%sreservetop=0x%x", user,
		     *user ? " " : "", c->out->reservetop);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return lb_fail(c, -E2BIG, "cmdline: %zu bytes with reservetop=, limit %u",
			       strlen(user), LINUX_BOOT_CMDLINE_MAX - 1);
	c->out->cmdline_gpa = LINUX_BOOT_CMDLINE_GPA;
	c->out->cmdline_len = (uint32_t)n;
	return gpa_write(c, LINUX_BOOT_CMDLINE_GPA, buf, (uint64_t)n + 1);
}

/* (iv) The initrd at the highest page boundary that ends below the
 * IPVMM, initrd_addr_max and the kernel's lowmem, and above the kernel's
 * image.
 */
static int initrd_place(struct lb_ctx *c)
{
	uint64_t limit = c->usable_end, size = c->cfg->initrd_size, gpa;
	uint64_t lowmem = LOWMEM_END - c->out->reservetop - LOWMEM_SLACK;

	if (!c->cfg->initrd || !size)
		return 0;
	if (limit > (uint64_t)INITRD_ADDR_MAX + 1)
		limit = (uint64_t)INITRD_ADDR_MAX + 1;
	if (limit > lowmem)
		limit = lowmem;
	gpa = size <= limit ? (limit - size) & ~(uint64_t)(PAGE_SIZE - 1) : 0;
	if (size > limit || gpa < c->out->kernel_end)
		return lb_fail(c, -ENOSPC, "initrd: %llu bytes do not fit between the kernel's end 0x%x and 0x%llx",
			       (unsigned long long)size, c->out->kernel_end,
			       (unsigned long long)limit);
	c->out->initrd_gpa = (uint32_t)gpa;
	c->out->initrd_size = (uint32_t)size;
	return gpa_write(c, gpa, c->cfg->initrd, size);
}

static void e820_add(struct linux_boot_layout *out, uint64_t start,
		     uint64_t end, uint32_t type)
{
	struct linux_boot_e820 *e = &out->e820[out->nr_e820++];

	e->addr = start;
	e->size = end - start;
	e->type = type;
}

/* (v) Low RAM, the BIOS hole, RAM up to the IPVMM, the IPVMM reserved:
 * Linux will never allocate the IPVMM's pages or map them as RAM.
 */
static void e820_build(struct lb_ctx *c)
{
	struct linux_boot_layout *out = c->out;

	out->nr_e820 = 0;
	e820_add(out, 0, LOW_RAM_END, E820_RAM);
	e820_add(out, LOW_RAM_END, 0xa0000, E820_RESERVED);
	e820_add(out, BIOS_HOLE_START, BIOS_HOLE_END, E820_RESERVED);
	e820_add(out, MIB, c->usable_end, E820_RAM);
	if (c->usable_end < c->ram_size)
		e820_add(out, c->usable_end, c->ram_size, E820_RESERVED);
}

/* (vi) The zero page: all zero, a setup header as a 2.15 bzImage would
 * declare it, the loader's fields, and the e820 map.
 */
static int zero_page_build(struct lb_ctx *c)
{
	struct lb_boot_params zp;
	struct lb_setup_header *h = &zp.hdr;
	unsigned int i;

	memset(&zp, 0, sizeof(zp));
	h->boot_flag = HDR_BOOT_FLAG;
	h->header = HDR_MAGIC;
	h->version = HDR_VERSION;
	h->type_of_loader = HDR_LOADER_UNDEF;
	h->loadflags = HDR_LOADED_HIGH;
	h->code32_start = c->out->regs.eip;
	h->ramdisk_image = c->out->initrd_gpa;
	h->ramdisk_size = c->out->initrd_size;
	h->cmd_line_ptr = c->out->cmdline_gpa;
	h->initrd_addr_max = INITRD_ADDR_MAX;
	h->cmdline_size = LINUX_BOOT_CMDLINE_MAX - 1;
	h->hardware_subarch = HDR_SUBARCH_PC;
	/* alt_mem_k: KiB above 1 MiB, the fallback when e820 is ignored */
	zp.alt_mem_k = (uint32_t)((c->usable_end - MIB) / 1024);
	zp.e820_entries = (uint8_t)c->out->nr_e820;
	for (i = 0; i < c->out->nr_e820; i++) {
		zp.e820_table[i].addr = c->out->e820[i].addr;
		zp.e820_table[i].size = c->out->e820[i].size;
		zp.e820_table[i].type = c->out->e820[i].type;
	}
	c->out->boot_params_gpa = LINUX_BOOT_PARAMS_GPA;
	return gpa_write(c, LINUX_BOOT_PARAMS_GPA, &zp, sizeof(zp));
}

/* (vii) A GDT with flat 4 GiB descriptors at 0x10 (code, execute/read)
 * and 0x18 (data, read/write), and the registers boot.rst asks for.
 */
static int entry_state(struct lb_ctx *c)
{
	/* null, unused, code 0x10, data 0x18: base 0, limit 0xfffff pages */
	static const uint64_t gdt[4] = {
		0, 0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull,
	};
	struct linux_boot_regs *r = &c->out->regs;

	r->esi = c->out->boot_params_gpa;
	r->ebp = 0;
	r->edi = 0;
	r->ebx = 0;
	r->eflags = 0x2;	/* bit 1 is reserved-one; IF clear */
	r->cr0 = 0x1;		/* PE; PG clear: physical-address mode */
	r->cs = LINUX_BOOT_CS;
	r->ds = LINUX_BOOT_DS;
	r->gdt_gpa = LINUX_BOOT_GDT_GPA;
	r->gdt_limit = sizeof(gdt) - 1;
	return gpa_write(c, LINUX_BOOT_GDT_GPA, gdt, sizeof(gdt));
}

/* The configuration against the RAM: sizes, the IPVMM's share, the
 * window.  Everything later relies on usable_end being sane.
 */
static int config_check(struct lb_ctx *c)
{
	const struct linux_boot_config *cfg = c->cfg;
	uint32_t window = cfg->window_base ? cfg->window_base :
			  LINUX_BOOT_WINDOW_DEFAULT;

	if (!c->ram || c->ram_size < 2 * MIB || c->ram_size > 0xffffffffull)
		return lb_fail(c, -EINVAL, "ram_size %llu: want 2 MiB to 4 GiB - 1",
			       (unsigned long long)c->ram_size);
	if (cfg->ipvmm_bytes % PAGE_SIZE || cfg->ipvmm_bytes > c->ram_size - 2 * MIB)
		return lb_fail(c, -EINVAL, "ipvmm_bytes 0x%x: not page-aligned or leaves under 1 MiB above 1 MiB",
			       cfg->ipvmm_bytes);
	if (window % (4 * MIB) || window < WINDOW_LOWEST)
		return lb_fail(c, -EINVAL, "window_base 0x%x: want a 4 MiB-aligned address from 0x%x",
			       window, WINDOW_LOWEST);
	c->usable_end = c->ram_size - cfg->ipvmm_bytes;
	c->out->ipvmm_gpa = (uint32_t)c->usable_end;
	c->out->reservetop = (uint32_t)(0x100000000ull - window);
	return 0;
}

int linux_boot_load(const struct linux_boot_config *cfg, void *ram,
		    size_t ram_size, struct linux_boot_layout *out)
{
	struct lb_ctx c = {
		.ram = ram, .ram_size = ram_size, .cfg = cfg, .out = out,
	};
	int err;

	memset(out, 0, sizeof(*out));
	if (!cfg)
		return lb_fail(&c, -EINVAL, "no configuration");
	/* order: the kernel's end bounds the initrd; the e820 map and the
	 * initrd go into the zero page; the zero page's address into ESI
	 */
	err = config_check(&c);
	if (!err)
		err = elf_load(&c);
	if (!err)
		err = cmdline_place(&c);
	if (!err)
		err = initrd_place(&c);
	if (err)
		return err;
	e820_build(&c);
	err = zero_page_build(&c);
	if (!err)
		err = entry_state(&c);
	return err;
}
