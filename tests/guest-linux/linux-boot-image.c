// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest-linux/linux-boot-image.c - prove burnctl's Linux loader
 * (userland/linux-boot.c) natively: run linux_boot_load() on a RAM
 * buffer, then write the result as a Multiboot v1 ELF that
 * qemu-system-i386 -kernel loads as is.  Why: QEMU's own Linux loader
 * would build its own zero page; this way the kernel boots from exactly
 * the bytes, e820 map, command line and entry state burnctl will give
 * it under burnvmm, before burnvmm can run it.
 *
 *   linux-boot-image OUT VMLINUX INITRD RAM_MIB IPVMM_MIB CMDLINE
 *
 * OUT is one flat Multiboot image loaded at 1 MiB (the header's address
 * fields, "a.out kludge", say where; QEMU then copies it as is; below
 * 1 MiB are SeaBIOS and the option ROM doing the copy): a trampoline
 * that Multiboot enters in flat protected mode with paging off, a staged
 * copy of the loader's low data (GDT, zero page, command line at
 * 0x10000-0x12800), then guest RAM as linux_boot_load() left it up to
 * the end of the initrd (the kernel at 16 MiB, the initrd).  The
 * trampoline moves the low data into place, loads the loader's GDT and
 * registers and jumps to the kernel.  It prints the layout.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "linux-boot.h"

#define TRAMP_GPA	0x100000u	/* 1 MiB: below it are firmware and ROMs */
#define STAGE_GPA	(TRAMP_GPA + 0x1000u)	/* low data, until copied */
#define LOW_START	LINUX_BOOT_GDT_GPA
#define LOW_END		(LINUX_BOOT_CMDLINE_GPA + LINUX_BOOT_CMDLINE_MAX)
#define MB_MAGIC	0x1badb002u
/* header flag: load by the address fields below, not the ELF */
#define MB_AOUT_KLUDGE	0x00010000u
#define MB_HDR_SIZE	32u
#define GDTR_OFF	0x80u
#define MIB		(1024u * 1024u)

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

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

/*
 * The trampoline, at TRAMP_GPA, in physical-address mode: a Multiboot
 * header whose address fields load the whole image at TRAMP_GPA, then
 * code that copies the staged low data into place and does what
 * boot.rst asks of a 32-bit loader, then the GDTR image at GDTR_OFF.
 */
static void trampoline(uint8_t *p, uint32_t load_end,
		       const struct linux_boot_regs *r)
{
	uint32_t flags = MB_AOUT_KLUDGE;
	size_t n = MB_HDR_SIZE;

	put32(p, MB_MAGIC);
	put32(p + 4, flags);
	put32(p + 8, (uint32_t)-(MB_MAGIC + flags));	/* checksum */
	put32(p + 12, TRAMP_GPA);		/* header_addr */
	put32(p + 16, TRAMP_GPA);		/* load_addr */
	put32(p + 20, load_end);		/* load_end_addr */
	put32(p + 24, 0);			/* bss_end_addr: none */
	put32(p + 28, TRAMP_GPA + MB_HDR_SIZE);	/* entry_addr */
	p[n++] = 0xfa;				/* cli */
	p[n++] = 0xfc;				/* cld */
	p[n++] = 0xbe;				/* mov esi, stage */
	put32(p + n, STAGE_GPA); n += 4;
	p[n++] = 0xbf;				/* mov edi, low data */
	put32(p + n, LOW_START); n += 4;
	p[n++] = 0xb9;				/* mov ecx, its size */
	put32(p + n, LOW_END - LOW_START); n += 4;
	p[n++] = 0xf3; p[n++] = 0xa4;		/* rep movsb */
	p[n++] = 0x0f; p[n++] = 0x01; p[n++] = 0x15;	/* lgdt [gdtr] */
	put32(p + n, TRAMP_GPA + GDTR_OFF); n += 4;
	p[n++] = 0xea;				/* ljmp cs:next */
	put32(p + n, TRAMP_GPA + (uint32_t)n + 6); n += 4;
	put16(p + n, r->cs); n += 2;
	p[n++] = 0x66; p[n++] = 0xb8;		/* mov ax, ds */
	put16(p + n, r->ds); n += 2;
	p[n++] = 0x8e; p[n++] = 0xd8;		/* mov ds, ax */
	p[n++] = 0x8e; p[n++] = 0xc0;		/* mov es, ax */
	p[n++] = 0x8e; p[n++] = 0xd0;		/* mov ss, ax */
	p[n++] = 0x8e; p[n++] = 0xe0;		/* mov fs, ax */
	p[n++] = 0x8e; p[n++] = 0xe8;		/* mov gs, ax */
	p[n++] = 0xbe;				/* mov esi, boot_params */
	put32(p + n, r->esi); n += 4;
	p[n++] = 0x31; p[n++] = 0xed;		/* xor ebp, ebp */
	p[n++] = 0x31; p[n++] = 0xff;		/* xor edi, edi */
	p[n++] = 0x31; p[n++] = 0xdb;		/* xor ebx, ebx */
	p[n++] = 0xb8;				/* mov eax, entry */
	put32(p + n, r->eip); n += 4;
	p[n++] = 0xff; p[n++] = 0xe0;		/* jmp eax */
	put16(p + GDTR_OFF, r->gdt_limit);
	put32(p + GDTR_OFF + 2, r->gdt_gpa);
}

static int write_image(const char *path, const uint8_t *ram, uint32_t end)
{
	FILE *f = fopen(path, "wb");
	size_t len = end - TRAMP_GPA;
	int ok;

	if (!f)
		return -errno;
	ok = fwrite(ram + TRAMP_GPA, 1, len, f) == len;
	return fclose(f) || !ok ? -EIO : 0;
}

int main(int argc, char **argv)
{
	struct linux_boot_config cfg = { 0 };
	struct linux_boot_layout l;
	size_t ram_size;
	uint32_t end;
	uint8_t *ram;
	unsigned int i;
	int err;

	if (argc != 7) {
		fprintf(stderr, "usage: linux-boot-image OUT VMLINUX INITRD RAM_MIB IPVMM_MIB CMDLINE\n");
		return 129;
	}
	cfg.vmlinux = read_file(argv[2], &cfg.vmlinux_size);
	cfg.initrd = read_file(argv[3], &cfg.initrd_size);
	ram_size = strtoul(argv[4], NULL, 0) * MIB;
	cfg.ipvmm_bytes = (uint32_t)(strtoul(argv[5], NULL, 0) * MIB);
	cfg.cmdline = argv[6];
	ram = calloc(1, ram_size);
	if (!cfg.vmlinux || !cfg.initrd || !ram) {
		fprintf(stderr, "linux-boot-image: cannot read inputs\n");
		return 1;
	}
	err = linux_boot_load(&cfg, ram, ram_size, &l);
	if (err) {
		fprintf(stderr, "linux-boot-image: %s (%d)\n", l.why, err);
		return 1;
	}
	end = l.initrd_gpa + l.initrd_size;
	/* the kernel lies at 16 MiB: 1 MiB up is free until it runs */
	if (l.kernel_start < STAGE_GPA + LOW_END - LOW_START) {
		fprintf(stderr, "linux-boot-image: kernel at 0x%x leaves no room\n",
			l.kernel_start);
		return 1;
	}
	memcpy(ram + STAGE_GPA, ram + LOW_START, LOW_END - LOW_START);
	trampoline(ram + TRAMP_GPA, end, &l.regs);
	err = write_image(argv[1], ram, end);
	if (err) {
		fprintf(stderr, "linux-boot-image: %s: %s\n", argv[1],
			strerror(-err));
		return 1;
	}
	printf("entry 0x%x esi 0x%x initrd 0x%x+0x%x cmdline \"%s\"\n",
	       l.regs.eip, l.regs.esi, l.initrd_gpa, l.initrd_size,
	       (char *)ram + l.cmdline_gpa);
	for (i = 0; i < l.nr_e820; i++)
		printf("e820 0x%llx-0x%llx %u\n",
		       (unsigned long long)l.e820[i].addr,
		       (unsigned long long)(l.e820[i].addr + l.e820[i].size - 1),
		       l.e820[i].type);
	return 0;
}
