/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm/ipvmm.h - the boot-information ABI between burnctl (which
 * places the guest, the IPVMM and their data in guest RAM) and the
 * in-place VMM (which reads it first thing, in physical-address mode).
 * docs/ipvmm.md describes the memory layout and start-up sequence.
 *
 * Why a block of its own and not Multiboot info: the IPVMM must find
 * things the guest never sees (the .afterburn records, its own region,
 * the window) before it builds the guest's boot data view; keeping the
 * two apart means the guest's Multiboot info / boot_params stay exactly
 * what a boot loader would give it.
 *
 * Hand-over: burnctl writes one struct ipvmm_boot_info into the IPVMM
 * region and the IPVMM's entry point is started, paging off, at ring 1,
 * with EBX = guest-physical address of the block.  All fields are
 * little-endian; u64 fields are 8-aligned with explicit padding, so the
 * layout is the same for the 64-bit burnctl and the 32-bit IPVMM.  All
 * addresses are guest-physical (gpa) unless named *_gva.
 *
 * Versioning: magic + version + size.  A reader refuses a different
 * magic or major version; a newer minor may append fields (size grows),
 * and a reader uses only the first sizeof(its struct) bytes.
 */
#ifndef BURNVMM_IPVMM_H
#define BURNVMM_IPVMM_H

#include <burnvmm/types.h>

#define IPVMM_BOOT_MAGIC	0x4d564249	/* "IBVM" little-endian */
#define IPVMM_BOOT_VERSION_MAJOR 1
#define IPVMM_BOOT_VERSION_MINOR 1
#define IPVMM_BOOT_VERSION \
	(IPVMM_BOOT_VERSION_MAJOR << 16 | IPVMM_BOOT_VERSION_MINOR)

/* How the IPVMM enters the guest (ARCHITECTURE.md §4). */
enum ipvmm_boot_proto {
	IPVMM_PROTO_NONE = 0,		/* invalid: catches a zeroed block */
	IPVMM_PROTO_MULTIBOOT1 = 1,	/* EAX = 0x2badb002, EBX = mbi */
	IPVMM_PROTO_LINUX32 = 2,	/* ESI = boot_params, 32-bit entry */
};

/*
 * Most executable ranges described; Linux needs 3 (.text, .init.text,
 * .altinstr_replacement), a Multiboot test kernel 1.
 */
#define IPVMM_MAX_TEXT		8

/*
 * One executable range of the guest image, as linked and as loaded.
 *   vaddr  link-time virtual address (what .afterburn records hold)
 *   size   bytes
 *   gpa    where burnctl put its first byte in guest RAM
 * The IPVMM rewrites only sites wholly inside one range.
 */
struct ipvmm_text {
	u32 vaddr;
	u32 size;
	u64 gpa;
};

/*
 * The block.  Field by field:
 *
 *   magic        IPVMM_BOOT_MAGIC.
 *   version      IPVMM_BOOT_VERSION (major << 16 | minor).
 *   size         sizeof(struct ipvmm_boot_info) as the writer knew it.
 *   flags        IPVMM_BOOT_F_*; unknown bits make the IPVMM refuse.
 *   ram_bytes    size of guest RAM, the IPVMM region included.
 *   ipvmm_gpa    start of the IPVMM region: the top of RAM, 4 MiB
 *                aligned, withheld from the memory map the guest gets.
 *   ipvmm_bytes  size of that region (image, static state, stacks).
 *   window_gva   guest-virtual base the IPVMM is linked and mapped at
 *                (default CONFIG_BURNVMM_WINDOW_BASE, 0xfc000000); the
 *                guest leaves [window_gva, 4 GiB) alone.
 *   window_bytes size of the window; ipvmm_bytes <= window_bytes.
 *   proto        enum ipvmm_boot_proto.
 *   entry        guest entry point (physical; paging is off at entry).
 *   image_gpa    lowest guest-physical byte of the loaded guest image.
 *   image_bytes  extent of the loaded image (its BSS included).
 *   nr_text      used entries of text[] (1..IPVMM_MAX_TEXT).
 *   text         the image's executable ranges (SHF_EXECINSTR sections).
 *   sites_gpa    the .afterburn records (struct ab_site[], read from the
 *                ELF file by burnctl since the section is not allocated),
 *                copied into the IPVMM region, 4-aligned.
 *   nr_sites     number of records.
 *   boot_data_gpa  Multiboot info (MULTIBOOT1) or boot_params (LINUX32),
 *                already filled as a boot loader would, memory map
 *                without the IPVMM region.
 *   cmdline_gpa  NUL-terminated kernel command line (also referenced
 *                from the boot data); 0 if none.
 *   cmdline_bytes  its length without the NUL.
 *   modules_gpa  Multiboot: the module list (struct multiboot_mod_list
 *                array); Linux: the initrd.  0 if none.
 *   nr_modules   Multiboot: number of modules; Linux: 1 if an initrd.
 *   modules_bytes  Linux: initrd size; Multiboot: extent of all modules.
 *
 * Appended in 1.1:
 *   disk_sectors the size of the guest's disk (burnctl's --disk FILE) in
 *                512-byte sectors, rounded down; 0: no disk, and the ATA
 *                channel reports no drive.  Requests go to the host with
 *                BURN_HC_BLOCK_IO, which checks them against the file.
 *
 * A 1.0 block (IPVMM_BOOT_SIZE_1_0 bytes) is still taken: the fields it
 * lacks read as 0 (ipvmm_boot_upgrade()).
 */
struct ipvmm_boot_info {
	u32 magic;
	u32 version;
	u32 size;
	u32 flags;
	u64 ram_bytes;
	u64 ipvmm_gpa;
	u32 ipvmm_bytes;
	u32 window_gva;
	u32 window_bytes;
	u32 proto;
	u32 entry;
	u32 nr_text;
	u64 image_gpa;
	u64 image_bytes;
	struct ipvmm_text text[IPVMM_MAX_TEXT];
	u64 sites_gpa;
	u32 nr_sites;
	u32 cmdline_bytes;
	u64 boot_data_gpa;
	u64 cmdline_gpa;
	u64 modules_gpa;
	u32 nr_modules;
	u32 modules_bytes;
	/* 1.1 */
	u64 disk_sectors;
};

/* The size of a 1.0 block: everything before disk_sectors. */
#define IPVMM_BOOT_SIZE_1_0	248u

/* Same layout for the 32-bit IPVMM and the 64-bit burnctl. */
_Static_assert(sizeof(struct ipvmm_boot_info) == 256 &&
	       __builtin_offsetof(struct ipvmm_boot_info, disk_sectors) ==
	       IPVMM_BOOT_SIZE_1_0,
	       "ipvmm_boot_info layout changed: bump the version");

/* flags: none defined yet. */
#define IPVMM_BOOT_F_KNOWN	0u

#endif /* BURNVMM_IPVMM_H */
