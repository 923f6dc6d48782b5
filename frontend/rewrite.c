// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/rewrite.c - the load-time site rewriter: validate every
 * .afterburn record against the guest image, then overwrite each site
 * with an inline sequence or a call into the IPVMM window, padded with
 * NOPs, keeping the original instruction in a per-site table.
 *
 * Why all-or-nothing: the records come from a file the user handed to
 * burnctl.  A bad record (outside the text, overlapping another, not
 * the instruction it claims) means the Afterburner and the image
 * disagree, and rewriting half of it would leave a guest that fails at
 * random later.  So every record is checked first, and the image is
 * written only when all are good; the first bad one is reported with
 * its address and class.
 *
 * Contents
 *   1. Record checks (range, class, size).
 *   2. Sorting and the overlap check.
 *   3. Reading and decoding a site.
 *   4. The replacement of each class.
 *   5. rw_rewrite_sites(), rw_find_site().
 *
 * The replacements (docs/ipvmm.md has the reasons; the sizes are the pad
 * table of include/burnvmm/afterburn.h):
 *
 *   cli                   c6 05 <vif> 00        movb $0, vif       (7)
 *   mov %crN/%dbN, %r32   8b <r:101> <addr>     mov addr, %r32     (6)
 *   mov %sreg, %r32       0f b7 <r:101> <addr>  movzwl addr, %r32  (7)
 *   mov %sreg, %r16       66 8b <r:101> <addr>  mov addr, %r16     (7)
 *   push %sreg (32-bit)   ff 35 <addr>          pushl addr         (6)
 *   int, int3, into, ud2  unchanged: they trap through the host's IDT
 *   rdtsc, rdtscp         unchanged: native unless CR4.TSD, then #GP
 *   everything else       e8 <rel32>            call entry[class]  (5)
 *                         (or fast32[class] for a 32-bit form, if set)
 * and 0x90 up to the end of the site.
 */
#include "rewrite.h"

/* 1. Record checks (range, class, size). */

/* Is [start, end) inside one executable range?  end > start is known. */
static bool in_text(const struct rw_text *text, u32 nr_text,
		    u32 start, u32 end)
{
	u32 i;

	for (i = 0; i < nr_text; i++)
		if (start >= text[i].start && end <= text[i].end &&
		    text[i].start < text[i].end)
			return true;
	return false;
}

static int refuse(struct rw_error *e, u32 start, u32 class, int err,
		  const char *why)
{
	e->start = start;
	e->class = class;
	e->err = err;
	e->why = why;
	return err;
}

/*
 * A record is the user's input: check it where it is used, overflow-
 * safe (start < end, so end - start cannot wrap).
 */
static int check_record(const struct ab_site *r, const struct rw_text *text,
			u32 nr_text, struct rw_error *e)
{
	if (r->class == AB_INVALID || r->class >= AB_NR_CLASSES)
		return refuse(e, r->start, r->class, -FE_EINVAL,
			      "unknown class");
	if (r->start >= r->end)
		return refuse(e, r->start, r->class, -FE_EINVAL,
			      "start is not below end");
	if (r->end - r->start < ab_site_size(r->class))
		return refuse(e, r->start, r->class, -FE_EINVAL,
			      "site smaller than the class's pad size");
	if (r->end - r->start > RW_MAX_SITE_BYTES)
		return refuse(e, r->start, r->class, -FE_EINVAL,
			      "site larger than any the Afterburner makes");
	if (!in_text(text, nr_text, r->start, r->end))
		return refuse(e, r->start, r->class, -FE_EINVAL,
			      "site outside the image's text");
	return 0;
}

/* 2. Sorting and the overlap check. */

/* Shell sort by start: no allocation, no recursion, n log^2 n. */
static void sort_sites(struct rw_site *s, u32 n)
{
	u32 gap, i, j;

	for (gap = n / 2; gap > 0; gap /= 2) {
		for (i = gap; i < n; i++) {
			struct rw_site tmp = s[i];

			for (j = i; j >= gap && s[j - gap].start > tmp.start;
			     j -= gap)
				s[j] = s[j - gap];
			s[j] = tmp;
		}
	}
}

static int check_overlaps(const struct rw_table *t, struct rw_error *e)
{
	u32 i;

	for (i = 1; i < t->nr; i++) {
		const struct rw_site *p = &t->site[i - 1], *s = &t->site[i];

		if (p->start + p->size > s->start)
			return refuse(e, s->start, s->class, -FE_EINVAL,
				      "site overlaps the previous one");
	}
	return 0;
}

/* 3. Reading and decoding a site. */

/*
 * The bytes at start must decode to one instruction of the record's
 * class, followed only by one-byte NOPs: anything else means the record
 * does not describe this image.
 */
static int check_site_bytes(struct rw_site *s, const struct gmem *m,
			    struct insn *insn, struct rw_error *e)
{
	u8 b[RW_MAX_SITE_BYTES];
	u32 i;
	int err;

	err = gmem_read(m, gva(s->start), b, s->size);
	if (err)
		return refuse(e, s->start, s->class, err,
			      "site not readable in guest memory");
	err = insn_decode(insn, b, s->size);
	if (err)
		return refuse(e, s->start, s->class, err,
			      "bytes at the site do not decode");
	if (insn->class != s->class)
		return refuse(e, s->start, s->class, -FE_EINVAL,
			      "instruction at the site is of another class");
	for (i = insn->len; i < s->size; i++)
		if (b[i] != 0x90)
			return refuse(e, s->start, s->class, -FE_EINVAL,
				      "site padding is not NOPs");
	s->len = insn->len;
	fe_memcpy(s->orig, b, insn->len);
	return 0;
}

/* 4. The replacement of each class. */

static void put32(u8 *p, u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* ModRM for "register r, absolute disp32" (mod 00, rm 101). */
static u8 modrm_abs(u8 r)
{
	return (r & 7) << 3 | 5;
}

/*
 * Build the replacement of one site in out[] (size bytes).  Returns the
 * enum rw_how, or -FE_ENOSYS when the class has no entry in the window
 * (the IPVMM cannot emulate it, so it must not run).
 */
static int build_replacement(const struct rw_site *s, const struct insn *insn,
			     const struct rw_layout *lay, u8 *out)
{
	u32 target;

	fe_memset(out, 0x90, s->size);
	switch (s->class) {
	case AB_INT: case AB_INT3: case AB_INTO: case AB_UD2:
	case AB_RDTSC: case AB_RDTSCP:
		fe_memcpy(out, s->orig, s->size < s->len ? s->size : s->len);
		return RW_KEEP;
	case AB_CLI:
		out[0] = 0xc6;
		out[1] = modrm_abs(0);
		put32(out + 2, lay->vif);
		out[6] = 0;
		return RW_INLINE;
	case AB_MOV_FROM_CR:
	case AB_MOV_FROM_DR:
		out[0] = 0x8b;
		out[1] = modrm_abs(insn->dst.reg);
		put32(out + 2, s->class == AB_MOV_FROM_CR ?
		      lay->cr[insn->src.reg] : lay->dr[insn->src.reg]);
		return RW_INLINE;
	case AB_MOV_FROM_SEG:
		if (insn->dst.kind != OPND_REG)
			break;
		out[0] = insn->opsize == 2 ? 0x66 : 0x0f;
		out[1] = insn->opsize == 2 ? 0x8b : 0xb7;
		out[2] = modrm_abs(insn->dst.reg);
		put32(out + 3, lay->sel[insn->src.reg]);
		return RW_INLINE;
	case AB_PUSH_SEG:
		if (insn->opsize != 4)
			break;
		out[0] = 0xff;
		out[1] = modrm_abs(6);
		put32(out + 2, lay->sel[insn->src.reg]);
		return RW_INLINE;
	}
	if (!lay->entry[s->class])
		return -FE_ENOSYS;
	target = lay->entry[s->class];
	if (lay->fast32[s->class] && insn->opsize == 4)
		target = lay->fast32[s->class];
	out[0] = 0xe8;
	put32(out + 1, target - (s->start + 5));
	return RW_CALL;
}

/* 5. rw_rewrite_sites(), rw_find_site(). */

static int collect(struct rw_table *t, const struct rw_text *text,
		   u32 nr_text, const struct ab_site *recs, u32 nr_recs,
		   struct rw_error *e)
{
	u32 i;

	if (nr_recs > RW_MAX_SITES)
		return refuse(e, 0, 0, -FE_ENOSPC, "more sites than the table");
	for (i = 0; i < nr_recs; i++) {
		struct rw_site *s = &t->site[i];
		int err = check_record(&recs[i], text, nr_text, e);

		if (err)
			return err;
		fe_memset(s, 0, sizeof(*s));
		s->start = recs[i].start;
		s->size = recs[i].end - recs[i].start;
		s->class = recs[i].class;
	}
	t->nr = nr_recs;
	sort_sites(t->site, t->nr);
	return check_overlaps(t, e);
}

/*
 * Rewrite every site of recs[] in guest memory m.  On success the table
 * t lists them sorted, each with its original bytes and how it was
 * rewritten.  On error nothing in m has been written, *e names the
 * first bad record, and a negative FE_E* is returned.
 */
int rw_rewrite_sites(struct rw_table *t, const struct gmem *m,
		     const struct rw_text *text, u32 nr_text,
		     const struct ab_site *recs, u32 nr_recs,
		     const struct rw_layout *lay, struct rw_error *e)
{
	struct insn insn;
	u8 out[RW_MAX_SITE_BYTES];
	u32 i;
	int err;

	fe_memset(t->count, 0, sizeof(t->count));
	t->nr = 0;
	err = collect(t, text, nr_text, recs, nr_recs, e);
	/* Pass 1: every site decodes and can be replaced. */
	for (i = 0; !err && i < t->nr; i++) {
		struct rw_site *s = &t->site[i];
		int how;

		err = check_site_bytes(s, m, &insn, e);
		if (err)
			break;
		how = build_replacement(s, &insn, lay, out);
		if (how < 0)
			err = refuse(e, s->start, s->class, how,
				     "class not emulated by this IPVMM");
		else
			s->how = how;
	}
	if (err) {
		t->nr = 0;
		return err;
	}
	/* Pass 2: write.  Decoding again is cheaper than a second table. */
	for (i = 0; i < t->nr; i++) {
		struct rw_site *s = &t->site[i];

		insn_decode(&insn, s->orig, s->len);
		build_replacement(s, &insn, lay, out);
		t->count[s->how]++;
		if (s->how == RW_KEEP)
			continue;
		err = gmem_write(m, gva(s->start), out, s->size);
		if (err)
			return refuse(e, s->start, s->class, err,
				      "site not writable in guest memory");
	}
	return 0;
}

/*
 * The site whose `call rel32` pushed ret_addr, or NULL.  Binary search:
 * a class entry runs this on every emulated instruction.
 */
const struct rw_site *rw_find_site(const struct rw_table *t, u32 ret_addr)
{
	u32 lo = 0, hi = t->nr, want = ret_addr - 5;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct rw_site *s = &t->site[mid];

		if (s->start == want)
			return s->how == RW_CALL ? s : NULL;
		if (s->start < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
