// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/boot.c - validate struct ipvmm_boot_info, the first thing the
 * IPVMM reads, in physical-address mode, before it trusts any address in
 * it.
 *
 * Why so strict: burnctl is trusted not to be malicious, but a version
 * skew or a loader bug that puts the records or the command line inside
 * the IPVMM's own region would corrupt the VMM silently.  Each range is
 * checked with 64-bit arithmetic (no wrap-around) against the one layout
 * docs/ipvmm.md describes: the guest's things below ipvmm_gpa, the
 * IPVMM region at the very top of RAM, the window at the top of the
 * 4 GiB virtual space.  The first failed check is reported by name.
 */
#include "boot.h"

#define BOOT_ALIGN	0x400000ull	/* region and window: 4 MiB */

/* [start, start + len) lies inside [lo, hi)?  All 64-bit: no wrap. */
static bool range_in(u64 start, u64 len, u64 lo, u64 hi)
{
	return start >= lo && start <= hi && len <= hi - start;
}

static int bad(const char **why, const char *what)
{
	*why = what;
	return -FE_EINVAL;
}

static int check_header(const struct ipvmm_boot_info *bi, const char **why)
{
	if (bi->magic != IPVMM_BOOT_MAGIC)
		return bad(why, "bad magic");
	if (bi->version >> 16 != IPVMM_BOOT_VERSION_MAJOR)
		return bad(why, "unsupported major version");
	if (bi->size < IPVMM_BOOT_SIZE_1_0)
		return bad(why, "block shorter than version 1.0's");
	if (bi->flags & ~IPVMM_BOOT_F_KNOWN)
		return bad(why, "unknown flags");
	if (bi->proto != IPVMM_PROTO_MULTIBOOT1 &&
	    bi->proto != IPVMM_PROTO_LINUX32)
		return bad(why, "unknown boot protocol");
	return 0;
}

/* The IPVMM region is the top of RAM; the window the top of 4 GiB. */
static int check_regions(const struct ipvmm_boot_info *bi, const char **why)
{
	u64 win = bi->window_gva, top = 1ull << 32;

	if (!bi->ram_bytes || bi->ram_bytes > top)
		return bad(why, "RAM size out of range");
	if (bi->ipvmm_gpa % BOOT_ALIGN || !bi->ipvmm_bytes ||
	    bi->ipvmm_gpa + bi->ipvmm_bytes != bi->ram_bytes ||
	    bi->ipvmm_gpa >= bi->ram_bytes)
		return bad(why, "IPVMM region not at the top of RAM");
	if (win % BOOT_ALIGN || !win || win + bi->window_bytes != top)
		return bad(why, "window not at the top of 4 GiB");
	if (bi->ipvmm_bytes > bi->window_bytes)
		return bad(why, "IPVMM region larger than the window");
	return 0;
}

/*
 * The guest's image, text, boot data, command line and modules all lie
 * in guest RAM below the IPVMM region; the records inside it.
 */
static int check_guest(const struct ipvmm_boot_info *bi, const char **why)
{
	u64 lo = bi->ipvmm_gpa;

	if (!range_in(bi->image_gpa, bi->image_bytes, 0, lo) ||
	    !bi->image_bytes)
		return bad(why, "image outside guest RAM");
	if (!range_in(bi->entry, 1, bi->image_gpa,
		      bi->image_gpa + bi->image_bytes))
		return bad(why, "entry point outside the image");
	if (!bi->boot_data_gpa || !range_in(bi->boot_data_gpa, 1, 0, lo))
		return bad(why, "boot data outside guest RAM");
	if (bi->cmdline_gpa &&
	    !range_in(bi->cmdline_gpa, (u64)bi->cmdline_bytes + 1, 0, lo))
		return bad(why, "command line outside guest RAM");
	if (bi->modules_gpa &&
	    !range_in(bi->modules_gpa, bi->modules_bytes, 0, lo))
		return bad(why, "modules outside guest RAM");
	if (bi->sites_gpa % 4 || bi->nr_sites > RW_MAX_SITES ||
	    !range_in(bi->sites_gpa,
		      (u64)bi->nr_sites * sizeof(struct ab_site), lo,
		      bi->ram_bytes))
		return bad(why, "site records outside the IPVMM region");
	return 0;
}

static int check_text(const struct ipvmm_boot_info *bi, struct rw_text *text,
		      const char **why)
{
	u32 i;

	if (!bi->nr_text || bi->nr_text > IPVMM_MAX_TEXT)
		return bad(why, "number of text ranges out of range");
	for (i = 0; i < bi->nr_text; i++) {
		const struct ipvmm_text *t = &bi->text[i];

		if (!t->size || !range_in(t->vaddr, t->size, 0,
					  bi->window_gva))
			return bad(why, "text range overlaps the window");
		if (!range_in(t->gpa, t->size, bi->image_gpa,
			      bi->image_gpa + bi->image_bytes))
			return bad(why, "text range outside the image");
		text[i].start = t->vaddr;
		text[i].end = t->vaddr + t->size;
	}
	return 0;
}

/*
 * A block from an older burnctl (an older minor version, shorter) lacks
 * the fields appended since: they read as 0, which each field defines
 * as "none".  Called on the copy the IPVMM keeps, before anything reads
 * those fields; the bytes past bi->size are whatever followed the block.
 */
void ipvmm_boot_upgrade(struct ipvmm_boot_info *bi)
{
	if (bi->size < __builtin_offsetof(struct ipvmm_boot_info,
					  disk_sectors) + sizeof(u64))
		bi->disk_sectors = 0;
}

/*
 * Check bi; on success fill text[0..bi->nr_text) for the rewriter and
 * return 0, else -FE_EINVAL with *why naming the first failed check.
 */
int ipvmm_boot_check(const struct ipvmm_boot_info *bi, struct rw_text *text,
		     const char **why)
{
	int err = check_header(bi, why);

	if (!err)
		err = check_regions(bi, why);
	if (!err)
		err = check_guest(bi, why);
	if (!err)
		err = check_text(bi, text, why);
	return err;
}
