/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipvmm-layout.h - where `burnctl start` puts a guest and the in-place
 * VMM in guest RAM (ipvmm-layout.c): the guest image at its physical
 * addresses, its Multiboot information, command line and modules after
 * it, and at the top of RAM the IPVMM region: ipvmm.elf, the boot block
 * (struct ipvmm_boot_info) and the .afterburn records.  docs/ipvmm.md
 * draws the picture.  A Linux vmlinux (no Multiboot header, a "Linux"
 * ELF note) is laid out by linux-boot.c instead: zero page, e820 map,
 * command line with reservetop=, initrd (docs/guests/linux.md).
 *
 * Why pure: the plan is a list of (guest-physical address, bytes)
 * pieces that the caller writes with VM_MEM_WRITE, so the host unit
 * tests can check every address and every byte without a VM.
 */
#ifndef BURNCTL_IPVMM_LAYOUT_H
#define BURNCTL_IPVMM_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* The IPVMM region: the top 4 MiB of RAM (one BURN_WINDOW_ALIGN). */
#define IPVMM_REGION_BYTES	0x400000u
#define IPVMM_WINDOW_BYTES_MAX	0x4000000u	/* [window, 4 GiB) */
#define IPVMM_LAYOUT_MAX_MODULES 8
#define IPVMM_LAYOUT_MAX_PIECES	64
#define IPVMM_LAYOUT_WHY	200
/* A Linux guest's command line when --append gives none. */
#define LINUX_CMDLINE_DEFAULT	"console=ttyS0"

struct ipvmm_module {
	const uint8_t *data;
	size_t len;
	const char *name;	/* its Multiboot string (a path) */
};

struct ipvmm_layout_in {
	const uint8_t *guest;	/* the guest ELF file */
	size_t guest_len;
	const uint8_t *ipvmm;	/* ipvmm.elf */
	size_t ipvmm_len;
	uint64_t mem;		/* guest RAM, a multiple of 4 MiB */
	uint32_t window_gva;	/* ipvmm.elf's link address */
	const char *cmdline;	/* NULL: none (Linux: LINUX_CMDLINE_DEFAULT) */
	uint64_t disk_sectors;	/* --disk's size in sectors; 0: none */
	unsigned int nr_modules;
	struct ipvmm_module modules[IPVMM_LAYOUT_MAX_MODULES];
};

struct ipvmm_piece {
	uint64_t gpa;
	const uint8_t *data;
	size_t len;
};

struct ipvmm_layout {
	unsigned int nr_pieces;
	struct ipvmm_piece piece[IPVMM_LAYOUT_MAX_PIECES];
	uint32_t eip;		/* ipvmm.elf's entry, guest-physical */
	uint32_t ebx;		/* the boot block, guest-physical */
	uint64_t ipvmm_gpa;	/* the region's start */
	uint64_t boot_data_gpa;	/* the Multiboot information */
	uint32_t nr_sites;
	uint32_t proto;		/* enum ipvmm_boot_proto of the guest */
	uint8_t *owned[3];	/* buffers the pieces point into */
	char why[IPVMM_LAYOUT_WHY];
};

/*
 * ipvmm_layout_plan - plan the guest RAM of @in.  Returns 0 and fills
 * @out, or -1 with one line for the user in @out->why.  The pieces
 * point into @in's buffers and into @out->owned: call
 * ipvmm_layout_free() when done, whatever the result.
 */
int ipvmm_layout_plan(const struct ipvmm_layout_in *in,
		      struct ipvmm_layout *out);
void ipvmm_layout_free(struct ipvmm_layout *out);

#endif /* BURNCTL_IPVMM_LAYOUT_H */
