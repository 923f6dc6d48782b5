/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/rewrite.h - the load-time site rewriter: its inputs (the
 * .afterburn records, the image's executable ranges, where things live
 * in the IPVMM window) and its output, the per-site table the class
 * entries search at run time.
 */
#ifndef BURNVMM_FRONTEND_REWRITE_H
#define BURNVMM_FRONTEND_REWRITE_H

#include <burnvmm/afterburn.h>
#include "decode.h"
#include "frontend.h"

/* Sites the static table holds (the i386 Linux test kernel has 3690). */
#define RW_MAX_SITES		8192
/* Largest site accepted; the Afterburner's biggest is 7 + prefixes. */
#define RW_MAX_SITE_BYTES	32

/*
 * Where a rewritten site points, all guest-virtual addresses inside the
 * IPVMM window, fixed when the IPVMM is linked.
 *   vif        the virtual IF byte (1 = enabled)
 *   sel[s]     the guest-visible selector of segment s, as a u32
 *   cr[n]      virtual %crN (n = 0, 2, 3, 4), u32
 *   dr[n]      virtual %dbN, u32
 *   entry[c]   the class-c entry a `call rel32` reaches; 0 = the class
 *              is not emulated, and a site of it is refused
 */
struct rw_layout {
	u32 vif;
	u32 sel[6];
	u32 cr[5];
	u32 dr[8];
	u32 entry[AB_NR_CLASSES];
	/*
	 * A faster entry for the 32-bit form of a class, or 0: it handles
	 * that form only (e.g. `pushfl`, not `pushfw`).
	 */
	u32 fast32[AB_NR_CLASSES];
};

/* How a site was rewritten. */
enum rw_how {
	RW_KEEP,		/* left as is: int, int3, into, ud2 */
	RW_INLINE,		/* an inline sequence, no call */
	RW_CALL,		/* call rel32 to layout.entry[class] */
	RW_NR_HOW
};

/*
 * One site, as the class entries need it: found by the return address
 * of its call (start + 5), with the ORIGINAL bytes to decode operands
 * from (the guest's copy is overwritten).
 */
struct rw_site {
	u32 start;		/* link-virtual address of the site */
	u8 size;		/* end - start */
	u8 len;			/* original instruction length */
	u8 class;		/* enum ab_class */
	u8 how;			/* enum rw_how */
	u8 orig[INSN_MAX_LEN];	/* original instruction bytes */
};

/* The rewriter's output; static in the IPVMM, sorted by start. */
struct rw_table {
	u32 nr;
	u32 count[RW_NR_HOW];
	struct rw_site site[RW_MAX_SITES];
};

/* An executable range of the image, link-virtual [start, end). */
struct rw_text {
	u32 start;
	u32 end;
};

/* Why a record was refused: its address, class, error and a reason. */
struct rw_error {
	u32 start;
	u32 class;
	int err;
	const char *why;
};

/* rewrite.c: */
int rw_rewrite_sites(struct rw_table *t, const struct gmem *m,
		     const struct rw_text *text, u32 nr_text,
		     const struct ab_site *recs, u32 nr_recs,
		     const struct rw_layout *lay, struct rw_error *e);
const struct rw_site *rw_find_site(const struct rw_table *t, u32 ret_addr);

#endif /* BURNVMM_FRONTEND_REWRITE_H */
