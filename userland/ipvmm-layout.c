// SPDX-License-Identifier: GPL-2.0
/*
 * ipvmm-layout.c - plan guest RAM for a guest under the in-place VMM
 * (ipvmm-layout.h): Multiboot v1 kernels, and Linux vmlinux files
 * through the 32-bit boot protocol (linux-boot.c).
 *
 *   0 ... image (its PT_LOADs) ... boot data page: Multiboot info,
 *   memory map, module list, command line, module names ... modules
 *   (page-aligned) ... | ipvmm_gpa = mem - 4 MiB: ipvmm.elf (as linked
 *   at the window), boot block, .afterburn records | mem
 *
 * The memory map the guest gets ends at ipvmm_gpa, so it never
 * allocates the region.  Everything is checked against RAM, overflow
 * safely, since the files are the user's and may be anything.
 */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <burnvmm/afterburn.h>
#include <burnvmm/ipvmm.h>
#include "elf.h"
#include "ipvmm-layout.h"
#include "linux-boot.h"

#define PAGE		4096u
#define MB_MAGIC	0x1BADB002u
#define MB_INFO_SIZE	88
#define MB_F_MEMORY	0x1u
#define MB_F_CMDLINE	0x4u
#define MB_F_MODS	0x8u
#define MB_F_MMAP	0x40u
#define MB_MMAP_ENTRY	24	/* size field + base + length + type */
#define MB_NR_MMAP	3
#define MB_MOD_ENTRY	16
#define LOW_RAM_END	0x9fc00u	/* conventional memory, as a PC has */
#define HIGH_RAM	0x100000u

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int fail(struct ipvmm_layout *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct ipvmm_layout *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	return -1;
}

static int add_piece(struct ipvmm_layout *out, uint64_t gpa,
		     const uint8_t *data, size_t len)
{
	struct ipvmm_piece *p;

	if (!len)
		return 0;
	if (out->nr_pieces == IPVMM_LAYOUT_MAX_PIECES)
		return fail(out, "more than %d pieces to load",
			    IPVMM_LAYOUT_MAX_PIECES);
	p = &out->piece[out->nr_pieces++];
	p->gpa = gpa;
	p->data = data;
	p->len = len;
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* The section headers of an ELF file elf_parse() accepted, checked. */
static int sections(const uint8_t *buf, size_t len, const Elf32_Ehdr *eh,
		    struct ipvmm_layout *out)
{
	if (!eh->e_shnum)
		return fail(out, "guest ELF has no section headers (no .afterburn)");
	if (eh->e_shentsize != sizeof(Elf32_Shdr) ||
	    (uint64_t)eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr) >
	    len || eh->e_shstrndx >= eh->e_shnum)
		return fail(out, "guest ELF section headers are damaged");
	(void)buf;
	return 0;
}

static void shdr(const uint8_t *buf, const Elf32_Ehdr *eh, unsigned int i,
		 Elf32_Shdr *sh)
{
	memcpy(sh, buf + eh->e_shoff + (size_t)i * sizeof(*sh), sizeof(*sh));
}

/* Where a link address of the image was loaded, via its PT_LOADs. */
static int vaddr_to_gpa(const uint8_t *buf, const Elf32_Ehdr *eh,
			uint32_t vaddr, uint32_t size, uint64_t *gpa)
{
	Elf32_Phdr ph;
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		memcpy(&ph, buf + eh->e_phoff + (size_t)i * sizeof(ph),
		       sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr &&
		    (uint64_t)vaddr + size <= (uint64_t)ph.p_vaddr + ph.p_memsz) {
			*gpa = (uint64_t)ph.p_paddr + (vaddr - ph.p_vaddr);
			return 0;
		}
	}
	return -1;
}

/* Executable ranges and the .afterburn records of the guest. */
static int guest_sections(const struct ipvmm_layout_in *in,
			  struct ipvmm_boot_info *bi, uint8_t **sites,
			  uint32_t *sites_len, struct ipvmm_layout *out)
{
	const uint8_t *buf = in->guest;
	Elf32_Ehdr eh;
	Elf32_Shdr sh, strtab;
	unsigned int i;
	const char *name;
	uint64_t gpa;

	memcpy(&eh, buf, sizeof(eh));
	if (sections(buf, in->guest_len, &eh, out))
		return -1;
	shdr(buf, &eh, eh.e_shstrndx, &strtab);
	if ((uint64_t)strtab.sh_offset + strtab.sh_size > in->guest_len ||
	    !strtab.sh_size || buf[strtab.sh_offset + strtab.sh_size - 1])
		return fail(out, "guest ELF section names are damaged");
	*sites = NULL;
	*sites_len = 0;
	for (i = 0; i < eh.e_shnum; i++) {
		shdr(buf, &eh, i, &sh);
		if (sh.sh_name >= strtab.sh_size)
			return fail(out, "guest ELF section %u has a bad name", i);
		name = (const char *)buf + strtab.sh_offset + sh.sh_name;
		if (!strcmp(name, AB_SECTION)) {
			if (sh.sh_type == SHT_NOBITS ||
			    (uint64_t)sh.sh_offset + sh.sh_size > in->guest_len ||
			    sh.sh_size % sizeof(struct ab_site))
				return fail(out, "guest ELF %s section is damaged",
					    AB_SECTION);
			*sites = malloc(sh.sh_size ? sh.sh_size : 1);
			if (!*sites)
				return fail(out, "out of memory");
			memcpy(*sites, buf + sh.sh_offset, sh.sh_size);
			*sites_len = sh.sh_size;
			continue;
		}
		if ((sh.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
		    (SHF_ALLOC | SHF_EXECINSTR) || !sh.sh_size)
			continue;
		if (bi->nr_text == IPVMM_MAX_TEXT)
			return fail(out, "guest has more than %d executable sections",
				    IPVMM_MAX_TEXT);
		bi->text[bi->nr_text].vaddr = sh.sh_addr;
		bi->text[bi->nr_text].size = sh.sh_size;
		if (vaddr_to_gpa(buf, &eh, sh.sh_addr, sh.sh_size, &gpa))
			return fail(out, "executable section %s is not loaded",
				    name);
		bi->text[bi->nr_text++].gpa = gpa;
	}
	if (!*sites)
		return fail(out, "guest has no %s section: not an afterburnt kernel (a raw ring-1 guest needs --no-ipvmm)",
			    AB_SECTION);
	if (!bi->nr_text)
		return fail(out, "guest has no executable section");
	return 0;
}

/*
 * The boot data page: Multiboot information, memory map, module list,
 * command line and module names, in one buffer placed at @at.
 */
static int boot_data(const struct ipvmm_layout_in *in, uint64_t at,
		     uint64_t mods_at, struct ipvmm_boot_info *bi,
		     struct ipvmm_layout *out, uint64_t *end)
{
	size_t mmap_off = MB_INFO_SIZE;
	size_t mods_off = mmap_off + MB_NR_MMAP * MB_MMAP_ENTRY;
	size_t str_off = mods_off + in->nr_modules * MB_MOD_ENTRY;
	size_t size = str_off, pos, n;
	uint64_t mod_gpa = mods_at, ram_top = bi->ipvmm_gpa;
	uint32_t flags = MB_F_MEMORY | MB_F_MMAP;
	uint8_t *b, *e;
	unsigned int i;
	static const uint64_t mmap[MB_NR_MMAP][3] = {
		{ 0, LOW_RAM_END, 1 },
		{ 0xf0000, 0x10000, 2 },	/* the BIOS area, reserved */
		{ HIGH_RAM, 0, 1 },		/* up to the IPVMM: below */
	};

	size += in->cmdline ? strlen(in->cmdline) + 1 : 0;
	for (i = 0; i < in->nr_modules; i++)
		size += strlen(in->modules[i].name) + 1;
	b = calloc(1, size);
	if (!b)
		return fail(out, "out of memory");
	out->owned[0] = b;
	put32(b + 4, LOW_RAM_END >> 10);
	put32(b + 8, (uint32_t)((ram_top - HIGH_RAM) >> 10));
	for (i = 0; i < MB_NR_MMAP; i++) {
		e = b + mmap_off + i * MB_MMAP_ENTRY;
		put32(e, MB_MMAP_ENTRY - 4);
		put64(e + 4, mmap[i][0]);
		put64(e + 12, i == 2 ? ram_top - HIGH_RAM : mmap[i][1]);
		put32(e + 20, (uint32_t)mmap[i][2]);
	}
	put32(b + 44, MB_NR_MMAP * MB_MMAP_ENTRY);
	put32(b + 48, (uint32_t)(at + mmap_off));
	pos = str_off;
	if (in->cmdline) {
		n = strlen(in->cmdline) + 1;
		memcpy(b + pos, in->cmdline, n);
		put32(b + 16, (uint32_t)(at + pos));
		bi->cmdline_gpa = at + pos;
		bi->cmdline_bytes = (uint32_t)(n - 1);
		flags |= MB_F_CMDLINE;
		pos += n;
	}
	for (i = 0; i < in->nr_modules; i++) {
		e = b + mods_off + i * MB_MOD_ENTRY;
		mod_gpa = align_up(mod_gpa, PAGE);
		if (in->modules[i].len > ram_top ||
		    mod_gpa > ram_top - in->modules[i].len)
			return fail(out, "module %s does not fit below the IPVMM (try a larger --mem)",
				    in->modules[i].name);
		put32(e, (uint32_t)mod_gpa);
		put32(e + 4, (uint32_t)(mod_gpa + in->modules[i].len));
		n = strlen(in->modules[i].name) + 1;
		memcpy(b + pos, in->modules[i].name, n);
		put32(e + 8, (uint32_t)(at + pos));
		pos += n;
		if (add_piece(out, mod_gpa, in->modules[i].data,
			      in->modules[i].len))
			return -1;
		mod_gpa += in->modules[i].len;
	}
	if (in->nr_modules) {
		flags |= MB_F_MODS;
		put32(b + 20, in->nr_modules);
		put32(b + 24, (uint32_t)(at + mods_off));
		bi->modules_gpa = at + mods_off;
		bi->nr_modules = in->nr_modules;
		bi->modules_bytes = (uint32_t)(mod_gpa - align_up(mods_at, PAGE));
	}
	put32(b, flags);
	if (at + size > ram_top)
		return fail(out, "no room for the Multiboot information below the IPVMM");
	bi->boot_data_gpa = at;
	*end = mod_gpa;
	return add_piece(out, at, b, size);
}

/* ipvmm.elf: every segment inside the region, as linked at the window. */
static int ipvmm_image(const struct ipvmm_layout_in *in,
		       const struct guest_image *ip, struct ipvmm_layout *out,
		       uint64_t *extent)
{
	const struct guest_segment *s;
	unsigned int i;

	*extent = 0;
	for (i = 0; i < ip->nr_segments; i++) {
		s = &ip->segments[i];
		if (s->paddr < in->window_gva ||
		    s->paddr + s->memsz > (uint64_t)in->window_gva +
		    IPVMM_REGION_BYTES)
			return fail(out, "ipvmm.elf is not linked inside its window at 0x%x",
				    in->window_gva);
		if (add_piece(out, out->ipvmm_gpa + (s->paddr - in->window_gva),
			      in->ipvmm + s->offset, s->filesz))
			return -1;
		if (s->paddr + s->memsz - in->window_gva > *extent)
			*extent = s->paddr + s->memsz - in->window_gva;
	}
	if (ip->entry < in->window_gva)
		return fail(out, "ipvmm.elf's entry is outside its window");
	out->eip = (uint32_t)(out->ipvmm_gpa + (ip->entry - in->window_gva));
	return 0;
}

/*
 * A Linux kernel runs its first instructions (startup_32, up to the far
 * jump after paging is on) at its load address, not its link address.
 * A site there was rewritten into `call rel32` to the IPVMM's class
 * entry as linked, so from the load address it lands at the window
 * minus the link-load difference (0xfc000000 - 0xc0000000 = 0x3c000000
 * for a 3G/1G kernel).  The IPVMM recognizes that fault and emulates the
 * site (docs/ipvmm.md), provided nothing real is there: that address
 * must lie above guest RAM.
 */
static int linux_alias_check(const struct ipvmm_layout_in *in,
			     const struct ipvmm_boot_info *bi,
			     struct ipvmm_layout *out)
{
	uint32_t delta, alias;
	unsigned int i;

	for (i = 0; i < bi->nr_text; i++) {
		delta = bi->text[i].vaddr - (uint32_t)bi->text[i].gpa;
		if (!delta)
			continue;
		alias = in->window_gva - delta;
		if (alias < in->mem || alias > in->window_gva -
		    IPVMM_REGION_BYTES)
			return fail(out, "--mem %lluM too large for this kernel: its code at load addresses would see RAM at 0x%x where the in-place VMM expects a fault (at most %uM)",
				    (unsigned long long)(in->mem >> 20), alias,
				    alias >> 20);
	}
	return 0;
}

/*
 * A Linux vmlinux: linux_boot_load() fills a RAM-sized buffer (calloc:
 * untouched pages cost nothing) and the pieces are what it wrote: the
 * low page of GDT, zero page and command line, the kernel, the initrd.
 */
static int linux_data(const struct ipvmm_layout_in *in,
		      struct ipvmm_boot_info *bi, struct ipvmm_layout *out)
{
	struct linux_boot_config cfg = {
		.vmlinux = in->guest, .vmlinux_size = in->guest_len,
		.cmdline = in->cmdline ? in->cmdline : LINUX_CMDLINE_DEFAULT,
		.ipvmm_bytes = IPVMM_REGION_BYTES,
		.window_base = in->window_gva,
	};
	struct linux_boot_layout lb;
	uint8_t *ram;

	if (in->nr_modules > 1)
		return fail(out, "a Linux kernel takes one --initrd, not %u",
			    in->nr_modules);
	if (in->nr_modules) {
		cfg.initrd = in->modules[0].data;
		cfg.initrd_size = in->modules[0].len;
	}
	ram = calloc(1, in->mem);
	if (!ram)
		return fail(out, "out of memory for a %lluM guest image",
			    (unsigned long long)(in->mem >> 20));
	out->owned[2] = ram;
	if (linux_boot_load(&cfg, ram, in->mem, &lb))
		return fail(out, "%s", lb.why);
	if (add_piece(out, LINUX_BOOT_GDT_GPA, ram + LINUX_BOOT_GDT_GPA,
		      lb.cmdline_gpa + lb.cmdline_len + 1 - LINUX_BOOT_GDT_GPA) ||
	    add_piece(out, lb.kernel_start, ram + lb.kernel_start,
		      lb.kernel_end - lb.kernel_start) ||
	    add_piece(out, lb.initrd_gpa, ram + lb.initrd_gpa, lb.initrd_size))
		return -1;
	bi->proto = IPVMM_PROTO_LINUX32;
	bi->entry = lb.regs.eip;
	bi->image_gpa = lb.kernel_start;
	bi->image_bytes = lb.kernel_end - lb.kernel_start;
	bi->boot_data_gpa = lb.boot_params_gpa;
	bi->cmdline_gpa = lb.cmdline_gpa;
	bi->cmdline_bytes = lb.cmdline_len;
	if (lb.initrd_size) {
		bi->modules_gpa = lb.initrd_gpa;
		bi->nr_modules = 1;
		bi->modules_bytes = lb.initrd_size;
	}
	out->boot_data_gpa = lb.boot_params_gpa;
	return 0;
}

int ipvmm_layout_plan(const struct ipvmm_layout_in *in,
		      struct ipvmm_layout *out)
{
	struct guest_image img, ip;
	struct ipvmm_boot_info bi;
	uint8_t *sites = NULL, *region;
	uint32_t sites_len = 0;
	uint64_t extent, at, end, lo = UINT64_MAX;
	char why[160];
	unsigned int i;

	memset(out, 0, sizeof(*out));
	memset(&bi, 0, sizeof(bi));
	if (in->mem % IPVMM_REGION_BYTES || in->mem < 2 * IPVMM_REGION_BYTES ||
	    in->mem > (1ULL << 32) - IPVMM_WINDOW_BYTES_MAX)
		return fail(out, "--mem must be a multiple of 4M between 8M and 4032M with the in-place VMM");
	if (in->window_gva % IPVMM_REGION_BYTES || !in->window_gva ||
	    (1ULL << 32) - in->window_gva > IPVMM_WINDOW_BYTES_MAX ||
	    (1ULL << 32) - in->window_gva < IPVMM_REGION_BYTES)
		return fail(out, "IPVMM window 0x%x is not a 4M-aligned top of 4G",
			    in->window_gva);
	out->ipvmm_gpa = in->mem - IPVMM_REGION_BYTES;
	if (in->nr_modules > IPVMM_LAYOUT_MAX_MODULES)
		return fail(out, "more than %d modules", IPVMM_LAYOUT_MAX_MODULES);
	if (elf_parse(in->guest, in->guest_len, out->ipvmm_gpa, &img, why,
		      sizeof(why)))
		return fail(out, "guest: %s (RAM below the IPVMM: %llu bytes)",
			    why, (unsigned long long)out->ipvmm_gpa);
	if (!img.multiboot && !img.linux_kernel)
		return fail(out, "guest has no Multiboot v1 header and is no Linux vmlinux (a raw ring-1 guest needs --no-ipvmm)");
	if (elf_parse(in->ipvmm, in->ipvmm_len, 1ULL << 32, &ip, why,
		      sizeof(why)))
		return fail(out, "ipvmm.elf: %s", why);

	bi.magic = IPVMM_BOOT_MAGIC;
	bi.version = IPVMM_BOOT_VERSION;
	bi.size = sizeof(bi);
	bi.ram_bytes = in->mem;
	bi.ipvmm_gpa = out->ipvmm_gpa;
	bi.ipvmm_bytes = IPVMM_REGION_BYTES;
	bi.window_gva = in->window_gva;
	bi.window_bytes = (uint32_t)((1ULL << 32) - in->window_gva);
	bi.proto = IPVMM_PROTO_MULTIBOOT1;
	bi.entry = img.entry;
	bi.disk_sectors = in->disk_sectors;
	if (guest_sections(in, &bi, &sites, &sites_len, out))
		goto err;
	out->owned[1] = sites;	/* freed with the layout */
	if (!img.multiboot) {
		if (linux_alias_check(in, &bi, out) || linux_data(in, &bi, out))
			return -1;
		goto ipvmm;
	}
	for (i = 0; i < img.nr_segments; i++) {
		if (img.segments[i].paddr < lo)
			lo = img.segments[i].paddr;
		if (add_piece(out, img.segments[i].paddr,
			      in->guest + img.segments[i].offset,
			      img.segments[i].filesz))
			return -1;
	}
	bi.image_gpa = lo;
	bi.image_bytes = img.load_end - lo;

	at = align_up(img.load_end, PAGE);
	if (boot_data(in, at, at + 2 * PAGE, &bi, out, &end))
		return -1;
	(void)end;
	out->boot_data_gpa = bi.boot_data_gpa;

ipvmm:
	out->proto = bi.proto;
	if (ipvmm_image(in, &ip, out, &extent))
		return -1;
	at = align_up(extent, PAGE);
	if (at + PAGE + sites_len > IPVMM_REGION_BYTES)
		return fail(out, "ipvmm.elf and %u site records do not fit in the 4M region",
			    sites_len / (uint32_t)sizeof(struct ab_site));
	region = calloc(1, PAGE + sites_len);
	if (!region)
		return fail(out, "out of memory");
	bi.sites_gpa = out->ipvmm_gpa + at + PAGE;
	bi.nr_sites = sites_len / (uint32_t)sizeof(struct ab_site);
	memcpy(region, &bi, sizeof(bi));
	memcpy(region + PAGE, sites, sites_len);
	free(sites);
	out->owned[1] = region;
	out->ebx = (uint32_t)(out->ipvmm_gpa + at);
	out->nr_sites = bi.nr_sites;
	return add_piece(out, out->ipvmm_gpa + at, region, PAGE + sites_len);
err:
	free(sites);
	return -1;
}

void ipvmm_layout_free(struct ipvmm_layout *out)
{
	unsigned int i;

	for (i = 0; i < sizeof(out->owned) / sizeof(out->owned[0]); i++) {
		free(out->owned[i]);
		out->owned[i] = NULL;
	}
}
