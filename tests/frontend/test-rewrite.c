// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-rewrite.c - the site rewriter: exact replacement
 * bytes per class on a small hand-made image, every kind of bad record
 * refused with nothing written, the run-time site lookup, and the real
 * afterburnt guests (build/guests/testguest.elf, the i386 Linux
 * vmlinux when it has been built): every site rewritten as intended and
 * not one byte outside the sites changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetest.h"
#include "rewrite.h"
#include "elf-image.h"

#define WIN		0xfc000000u
#define VIF		(WIN + 0x1000)
#define SEL(s)		(WIN + 0x1010 + 4 * (s))
#define CR(n)		(WIN + 0x1040 + 4 * (n))
#define DR(n)		(WIN + 0x1060 + 4 * (n))
#define ENTRY(c)	(WIN + 0x100000 + 16 * (c))

static void full_layout(struct rw_layout *lay)
{
	unsigned int i;

	memset(lay, 0, sizeof(*lay));
	lay->vif = VIF;
	for (i = 0; i < 6; i++)
		lay->sel[i] = SEL(i);
	for (i = 0; i < 5; i++)
		lay->cr[i] = CR(i);
	for (i = 0; i < 8; i++)
		lay->dr[i] = DR(i);
	for (i = 1; i < AB_NR_CLASSES; i++)
		lay->entry[i] = ENTRY(i);
}

/* ------------------------------------------------ a hand-made image */

#define TEXT		0x00100000u

struct mini_site {
	u8 bytes[8];		/* instruction then NOPs, size bytes */
	u8 size;
	u8 class;
	u8 want[8];		/* expected site after rewriting */
	u8 how;
};

#define LE(v) (v) & 0xff, ((v) >> 8) & 0xff, ((v) >> 16) & 0xff, (v) >> 24

/* rel32 of a call at site offset off (in the image) to ENTRY(c) */
#define REL(off, c) LE(ENTRY(c) - (TEXT + (off) + 5))

static const struct mini_site mini[] = {
	/* 0: cli */
	{ { 0xfa, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90 }, 7, AB_CLI,
	  { 0xc6, 0x05, LE(VIF), 0x00 }, RW_INLINE },
	/* 7: mov %cr3,%eax */
	{ { 0x0f, 0x20, 0xd8, 0x90, 0x90, 0x90 }, 6, AB_MOV_FROM_CR,
	  { 0x8b, 0x05, LE(CR(3)) }, RW_INLINE },
	/* 13: mov %db7,%esi */
	{ { 0x0f, 0x21, 0xfe, 0x90, 0x90, 0x90 }, 6, AB_MOV_FROM_DR,
	  { 0x8b, 0x35, LE(DR(7)) }, RW_INLINE },
	/* 19: mov %ds,%ecx */
	{ { 0x8c, 0xd9, 0x90, 0x90, 0x90, 0x90, 0x90 }, 7, AB_MOV_FROM_SEG,
	  { 0x0f, 0xb7, 0x0d, LE(SEL(SREG_DS)) }, RW_INLINE },
	/* 26: mov %cs,%ax */
	{ { 0x66, 0x8c, 0xc8, 0x90, 0x90, 0x90, 0x90 }, 7, AB_MOV_FROM_SEG,
	  { 0x66, 0x8b, 0x05, LE(SEL(SREG_CS)) }, RW_INLINE },
	/* 33: push %fs */
	{ { 0x0f, 0xa0, 0x90, 0x90, 0x90, 0x90 }, 6, AB_PUSH_SEG,
	  { 0xff, 0x35, LE(SEL(SREG_FS)) }, RW_INLINE },
	/* 39: outb %al,$0x21 */
	{ { 0xe6, 0x21, 0x90, 0x90, 0x90 }, 5, AB_OUT,
	  { 0xe8, REL(39, AB_OUT) }, RW_CALL },
	/* 44: int $0x80 */
	{ { 0xcd, 0x80 }, 2, AB_INT, { 0xcd, 0x80 }, RW_KEEP },
	/* 46: mov %gs,(%ebx): to memory, so through the entry */
	{ { 0x8c, 0x2b, 0x90, 0x90, 0x90, 0x90, 0x90 }, 7, AB_MOV_FROM_SEG,
	  { 0xe8, REL(46, AB_MOV_FROM_SEG), 0x90, 0x90 }, RW_CALL },
	/* 53: pushw %ds: 16-bit push, through the entry */
	{ { 0x66, 0x1e, 0x90, 0x90, 0x90, 0x90 }, 6, AB_PUSH_SEG,
	  { 0xe8, REL(53, AB_PUSH_SEG), 0x90 }, RW_CALL },
	/* 59: iret */
	{ { 0xcf, 0x90, 0x90, 0x90, 0x90 }, 5, AB_IRET,
	  { 0xe8, REL(59, AB_IRET) }, RW_CALL },
	/* 64: rdtsc: native unless CR4.TSD (then #GP, emulated) */
	{ { 0x0f, 0x31, 0x90, 0x90, 0x90 }, 5, AB_RDTSC,
	  { 0x0f, 0x31, 0x90, 0x90, 0x90 }, RW_KEEP },
};

#define MINI_TEXT_BYTES	128

struct mini {
	struct fake_mem fm;
	struct gmem m;
	struct ab_site recs[ARRAY_SIZE(mini)];
	u32 off[ARRAY_SIZE(mini)];
	struct rw_text text;
	struct rw_layout lay;
	struct rw_table *t;
	u8 before[MINI_TEXT_BYTES];
};

static int mini_setup(void **state)
{
	struct mini *x = calloc(1, sizeof(*x));
	u32 i, off = 0;

	assert_non_null(x);
	fake_mem_init(&x->fm, &x->m, TEXT, MINI_TEXT_BYTES);
	memset(x->fm.buf, 0xcc, MINI_TEXT_BYTES);
	for (i = 0; i < ARRAY_SIZE(mini); i++) {
		memcpy(x->fm.buf + off, mini[i].bytes, mini[i].size);
		x->off[i] = off;
		/* records deliberately not in address order */
		x->recs[ARRAY_SIZE(mini) - 1 - i] = (struct ab_site){
			TEXT + off, TEXT + off + mini[i].size, mini[i].class };
		off += mini[i].size;
	}
	memcpy(x->before, x->fm.buf, MINI_TEXT_BYTES);
	x->text = (struct rw_text){ TEXT, TEXT + off };
	full_layout(&x->lay);
	x->t = calloc(1, sizeof(*x->t));
	assert_non_null(x->t);
	*state = x;
	return 0;
}

static int mini_teardown(void **state)
{
	struct mini *x = *state;

	fake_mem_free(&x->fm);
	free(x->t);
	free(x);
	return 0;
}

static int mini_run(struct mini *x, struct rw_error *e)
{
	memset(e, 0, sizeof(*e));
	return rw_rewrite_sites(x->t, &x->m, &x->text, 1, x->recs,
				ARRAY_SIZE(mini), &x->lay, e);
}

/* Each class becomes exactly the sequence docs/ipvmm.md promises. */
static void test_rewrite_mini(void **state)
{
	struct mini *x = *state;
	struct rw_error e;
	u32 i;

	assert_int_equal(mini_run(x, &e), 0);
	assert_int_equal(x->t->nr, ARRAY_SIZE(mini));
	for (i = 0; i < ARRAY_SIZE(mini); i++) {
		u8 want[8];
		const struct rw_site *s = &x->t->site[i];

		memset(want, 0x90, sizeof(want));
		memcpy(want, mini[i].want, sizeof(want));
		/* unused tail of .want is 0: pad with NOPs */
		if (mini[i].how != RW_KEEP) {
			u32 used = mini[i].how == RW_CALL ? 5 :
				   mini[i].size;
			memset(want + used, 0x90, sizeof(want) - used);
		}
		assert_memory_equal(x->fm.buf + x->off[i], want,
				    mini[i].size);
		assert_int_equal(s->start, TEXT + x->off[i]);
		assert_int_equal(s->how, mini[i].how);
		assert_int_equal(s->class, mini[i].class);
		assert_memory_equal(s->orig, mini[i].bytes, s->len);
	}
	/* The filler after the last site is untouched. */
	i = x->text.end - TEXT;
	assert_memory_equal(x->fm.buf + i, x->before + i,
			    MINI_TEXT_BYTES - i);
	assert_int_equal(x->t->count[RW_KEEP], 2);
	assert_int_equal(x->t->count[RW_CALL], 4);
	assert_int_equal(x->t->count[RW_INLINE], 6);
}

/* A fast32 entry takes the 32-bit form of its class, not the 16-bit one. */
static void test_rewrite_fast32(void **state)
{
	struct mini *x = *state;
	struct rw_error e;
	u32 iret_fast = ENTRY(AB_NR_CLASSES), push_fast = iret_fast + 16;
	u8 *at;

	x->lay.fast32[AB_IRET] = iret_fast;		/* iret at 59 */
	x->lay.fast32[AB_PUSH_SEG] = push_fast;		/* pushw %ds at 53 */
	assert_int_equal(mini_run(x, &e), 0);
	at = x->fm.buf + x->off[10];
	assert_int_equal(at[0], 0xe8);
	assert_int_equal(at[1] | at[2] << 8 | at[3] << 16 | (u32)at[4] << 24,
			 iret_fast - (TEXT + 59 + 5));
	at = x->fm.buf + x->off[9];
	assert_int_equal(at[1] | at[2] << 8 | at[3] << 16 | (u32)at[4] << 24,
			 ENTRY(AB_PUSH_SEG) - (TEXT + 53 + 5));
	x->lay.fast32[AB_IRET] = 0;
	x->lay.fast32[AB_PUSH_SEG] = 0;
}

/* A class entry finds its site from the return address of its call. */
static void test_rewrite_find_site(void **state)
{
	struct mini *x = *state;
	struct rw_error e;
	const struct rw_site *s;

	assert_int_equal(mini_run(x, &e), 0);
	s = rw_find_site(x->t, TEXT + 39 + 5);
	assert_non_null(s);
	assert_int_equal(s->class, AB_OUT);
	assert_int_equal(s->orig[1], 0x21);
	s = rw_find_site(x->t, TEXT + 59 + 5);
	assert_non_null(s);
	assert_int_equal(s->class, AB_IRET);
	/* inline and kept sites never call; a wrong address finds nothing */
	assert_null(rw_find_site(x->t, TEXT + 0 + 5));
	assert_null(rw_find_site(x->t, TEXT + 44 + 5));
	assert_null(rw_find_site(x->t, TEXT + 40 + 5));
	assert_null(rw_find_site(x->t, 0));
}

/* One way to spoil the mini image, and what must be reported. */
struct spoil {
	const char *why;	/* expected reason, a prefix */
	u32 rec;		/* index into mini[] (record to spoil) */
	int field;		/* 0 start, 1 end, 2 class, 3 byte, 4 entry */
	u32 val;
	int err;
};

static const struct spoil spoils[] = {
	{ "unknown class", 0, 2, 0, -FE_EINVAL },
	{ "unknown class", 0, 2, AB_NR_CLASSES, -FE_EINVAL },
	{ "start is not below end", 1, 1, TEXT + 7, -FE_EINVAL },
	{ "site smaller", 0, 1, TEXT + 6, -FE_EINVAL },
	{ "site larger", 0, 1, TEXT + 7 + RW_MAX_SITE_BYTES, -FE_EINVAL },
	{ "site outside", 11, 1, TEXT + 70, -FE_EINVAL },
	{ "site overlaps", 1, 0, TEXT + 6, -FE_EINVAL },
	{ "instruction at the site is of another class", 6, 2, AB_IN,
	  -FE_EINVAL },
	{ "bytes at the site do not decode", 6, 3, 0x00, -FE_EINVAL },
	{ "site padding is not NOPs", 10, 3, 0xc3, -FE_EINVAL },
	{ "class not emulated", 6, 4, 0, -FE_ENOSYS },
};

static void test_rewrite_refuses(void **state)
{
	struct mini *x = *state;
	struct rw_error e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(spoils); i++) {
		const struct spoil *sp = &spoils[i];
		u32 r = ARRAY_SIZE(mini) - 1 - sp->rec;
		struct ab_site saved = x->recs[r];

		if (sp->field == 0)
			x->recs[r].start = sp->val;
		else if (sp->field == 1)
			x->recs[r].end = sp->val;
		else if (sp->field == 2)
			x->recs[r].class = sp->val;
		else if (sp->field == 3)
			x->fm.buf[x->off[sp->rec] +
				  (sp->rec == 10 ? 3 : 0)] = sp->val;
		else
			x->lay.entry[mini[sp->rec].class] = 0;
		x->fm.writes = 0;
		assert_int_equal(mini_run(x, &e), sp->err);
		if (strncmp(e.why, sp->why, strlen(sp->why)))
			print_message("# spoil %zu: got '%s'\n", i, e.why);
		assert_int_equal(strncmp(e.why, sp->why, strlen(sp->why)), 0);
		/* the offending record is named by address and class */
		assert_int_equal(e.start, x->recs[r].start);
		assert_int_equal(e.class, x->recs[r].class);
		/* all-or-nothing: not one byte written */
		assert_int_equal(x->fm.writes, 0);
		assert_int_equal(x->t->nr, 0);
		x->recs[r] = saved;
		memcpy(x->fm.buf, x->before, MINI_TEXT_BYTES);
		full_layout(&x->lay);
	}
	/* and the unspoilt image still rewrites */
	assert_int_equal(mini_run(x, &e), 0);
}

/* A site the IPVMM cannot read is refused, not skipped. */
static void test_rewrite_unreadable(void **state)
{
	struct mini *x = *state;
	struct rw_error e;

	x->fm.fault_lo = TEXT + 40;
	x->fm.fault_hi = TEXT + 41;
	assert_int_equal(mini_run(x, &e), -FE_EFAULT);
	assert_int_equal(e.start, TEXT + 39);
	assert_int_equal(x->fm.writes, 0);
	x->fm.fault_lo = x->fm.fault_hi = 0;
}

/* ------------------------------------------------- real guest images */

/* What the test expects at a site, derived from the original bytes
 * independently of build_replacement(). */
static void expect_site(const struct rw_site *s, const u8 *orig, u8 *want)
{
	u32 rel = ENTRY(s->class) - (s->start + 5);

	memset(want, 0x90, s->size);
	switch (s->how) {
	case RW_KEEP:
		memcpy(want, orig, s->size);
		break;
	case RW_CALL:
		want[0] = 0xe8;
		memcpy(want + 1, &rel, 4);
		break;
	case RW_INLINE:
		assert_true(s->class == AB_CLI || s->class == AB_MOV_FROM_CR ||
			    s->class == AB_MOV_FROM_DR ||
			    s->class == AB_MOV_FROM_SEG ||
			    s->class == AB_PUSH_SEG);
		if (s->class == AB_CLI) {
			u8 cli[7] = { 0xc6, 0x05, LE(VIF), 0 };

			memcpy(want, cli, 7);
		} else {
			/* checked by opcode: an absolute operand in the
			 * window, the rest by the mini test */
			memcpy(want, orig, s->size);
		}
		break;
	}
}

static void check_image(const char *path, u32 min_sites)
{
	struct elf_image im;
	struct rw_layout lay;
	struct rw_table *t = calloc(1, sizeof(*t));
	struct rw_error e = { 0 };
	u8 *covered, want[RW_MAX_SITE_BYTES];
	u32 i, j, inline_checked = 0;
	int err;

	assert_non_null(t);
	if (!elf_load(&im, path)) {
		free(t);
		skip();
	}
	assert_true(im.nr_recs >= min_sites);
	full_layout(&lay);
	err = rw_rewrite_sites(t, &im.m, im.text, im.nr_text, im.recs,
			       im.nr_recs, &lay, &e);
	if (err)
		print_message("# %s: site %#x (%s): %s (%d)\n", path, e.start,
			      ab_class_name(e.class), e.why, e.err);
	assert_int_equal(err, 0);
	assert_int_equal(t->nr, im.nr_recs);
	print_message("# %s: %u sites: %u inline, %u call, %u kept\n", path,
		      t->nr, t->count[RW_INLINE], t->count[RW_CALL],
		      t->count[RW_KEEP]);
	covered = calloc(1, im.fm.size);
	assert_non_null(covered);
	for (i = 0; i < t->nr; i++) {
		const struct rw_site *s = &t->site[i];
		u32 off = s->start - im.fm.base;
		const u8 *now = im.fm.buf + off;

		expect_site(s, im.orig + off, want);
		if (s->how == RW_INLINE && s->class == AB_CLI)
			inline_checked++;
		if (s->how == RW_INLINE && s->class != AB_CLI) {
			/* the 4 bytes before the NOPs name a window slot */
			u32 at = s->class == AB_MOV_FROM_SEG ? 3 : 2, a;

			memcpy(&a, now + at, 4);
			assert_true(a >= WIN + 0x1000 && a < WIN + 0x1080);
			memcpy(want, now, at + 4);
			inline_checked++;
		}
		if (memcmp(now, want, s->size)) {
			print_message("# site %#x (%s) not as intended\n",
				      s->start, ab_class_name(s->class));
			fail();
		}
		for (j = 0; j < s->size; j++)
			covered[off + j] = 1;
	}
	for (i = 0; i < im.fm.size; i++) {
		if (!covered[i] && im.fm.buf[i] != im.orig[i]) {
			print_message("# byte %#x changed outside any site\n",
				      im.fm.base + i);
			fail();
		}
	}
	assert_int_equal(inline_checked, t->count[RW_INLINE]);
	free(covered);
	free(t);
	elf_free(&im);
}

static void test_rewrite_testguest(void **state)
{
	(void)state;
	check_image(FE_GUEST_DIR "/testguest.elf", 100);
}

static void test_rewrite_linux(void **state)
{
	(void)state;
	check_image(FE_GUEST_DIR "/linux/vmlinux", 1000);
}

int run_rewrite_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rewrite_mini,
						mini_setup, mini_teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_fast32,
						mini_setup, mini_teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_find_site,
						mini_setup, mini_teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_refuses,
						mini_setup, mini_teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_unreadable,
						mini_setup, mini_teardown),
		cmocka_unit_test(test_rewrite_testguest),
		cmocka_unit_test(test_rewrite_linux),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("rewrite", tests, NULL, NULL);
}
