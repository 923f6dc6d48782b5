// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-decode.c - the decoder against GNU as: every
 * fixture of decode-fixtures.def is assembled by `as --32` at build time
 * (fix-bytes.h); each must decode to exactly its assembled length and to
 * the expected class, operands and widths.  Then the encodings the
 * decoder must refuse, and truncation at every length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetest.h"
#include "decode.h"
#include "fix-bytes.h"

struct fixture {
	const char *text;
	const char *want;
};

#define FIX(text, want) { text, want },
static const struct fixture fixtures[] = {
#include "decode-fixtures.def"
};
#undef FIX

static const char *const seg_names[] = {
	"es", "cs", "ss", "ds", "fs", "gs", "?", "none"
};

static const char *const mmio_names[] = {
	"none", "load", "load-sx", "store", "store-imm"
};

static void put_reg(char *o, size_t n, u8 r)
{
	if (r == INSN_NO_REG)
		snprintf(o, n, "-");
	else
		snprintf(o, n, "%u", r);
}

/* One operand in the fixtures' notation. */
static void describe_opnd(char *o, size_t n, const struct insn *insn,
			  const struct insn_opnd *op)
{
	char b[8], x[8];

	switch (op->kind) {
	case OPND_NONE:
		if (op->width && op == &insn->dst &&
		    (insn->class == AB_INS || insn->class == AB_OUTS))
			snprintf(o, n, "-/%u", op->width);
		else
			snprintf(o, n, "-");
		break;
	case OPND_REG:
		snprintf(o, n, "r%u/%u", op->reg, op->width);
		break;
	case OPND_MEM:
		put_reg(b, sizeof(b), insn->mem.base);
		put_reg(x, sizeof(x), insn->mem.index);
		snprintf(o, n, "m%u:%s[%s,%s*%u,0x%x]", op->width,
			 seg_names[insn->mem.seg & 7], b, x, insn->mem.scale,
			 insn->mem.disp);
		break;
	case OPND_IMM:
		snprintf(o, n, "i%u:0x%x", op->width, insn->imm);
		break;
	case OPND_DX:
		snprintf(o, n, "dx");
		break;
	case OPND_SREG:
		snprintf(o, n, "sr%u", op->reg);
		break;
	case OPND_CR:
		snprintf(o, n, "cr%u", op->reg);
		break;
	case OPND_DR:
		snprintf(o, n, "dr%u", op->reg);
		break;
	case OPND_FAR:
		snprintf(o, n, "far:0x%x:0x%x", insn->sel, insn->imm);
		break;
	default:
		snprintf(o, n, "?");
	}
}

static void describe(char *o, size_t n, const struct insn *insn)
{
	char d[64], s[64];

	describe_opnd(d, sizeof(d), insn, &insn->dst);
	describe_opnd(s, sizeof(s), insn, &insn->src);
	snprintf(o, n, "%s o%u d=%s s=%s%s%s",
		 insn->class ? ab_class_name(insn->class) :
		 mmio_names[insn->mmio], insn->opsize, d, s,
		 insn->rep ? " rep" : "", insn->lock ? " lock" : "");
}

/* Every fixture decodes to its `as` length and its expected form. */
static void test_decode_fixtures(void **state)
{
	size_t i, off = 0, bad = 0;
	char got[160];

	(void)state;
	assert_int_equal(sizeof(fix_lens), ARRAY_SIZE(fixtures));
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		struct insn insn;
		int err = insn_decode(&insn, fix_bytes + off,
				      sizeof(fix_bytes) - off);

		if (err) {
			print_message("# %s: error %d\n", fixtures[i].text,
				      err);
			bad++;
		} else {
			describe(got, sizeof(got), &insn);
			if (insn.len != fix_lens[i] ||
			    strcmp(got, fixtures[i].want)) {
				print_message("# %s: len %u (as: %u), got '%s' want '%s'\n",
					      fixtures[i].text, insn.len,
					      fix_lens[i], got,
					      fixtures[i].want);
				bad++;
			}
		}
		off += fix_lens[i];
	}
	assert_int_equal(off, sizeof(fix_bytes));
	assert_int_equal(bad, 0);
}

/* Cutting any fixture short is -FE_E2BIG, never a shorter decode. */
static void test_decode_truncated(void **state)
{
	size_t i, off = 0;
	u32 n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fixtures); i++) {
		for (n = 0; n < fix_lens[i]; n++) {
			struct insn insn;

			assert_int_equal(insn_decode(&insn, fix_bytes + off,
						     n), -FE_E2BIG);
		}
		off += fix_lens[i];
	}
}

struct refused {
	const char *what;
	u8 bytes[16];
	u8 len;
	int err;
};

static const struct refused refusals[] = {
	{ "nop", { 0x90 }, 1, -FE_EINVAL },
	{ "add %eax,%eax", { 0x01, 0xc0 }, 2, -FE_EINVAL },
	{ "monitor (0f 01 c8)", { 0x0f, 0x01, 0xc8 }, 3, -FE_EINVAL },
	{ "sgdt with mod 3", { 0x0f, 0x01, 0xc0 }, 3, -FE_EINVAL },
	{ "lds with mod 3 (VEX)", { 0xc5, 0xc0 }, 2, -FE_EINVAL },
	{ "mov %eax,%cs", { 0x8e, 0xc8 }, 2, -FE_EINVAL },
	{ "mov %sreg7,%eax", { 0x8c, 0xf8 }, 2, -FE_EINVAL },
	{ "mov %cr1,%eax", { 0x0f, 0x20, 0xc8 }, 3, -FE_EINVAL },
	{ "mov %cr5,%eax", { 0x0f, 0x20, 0xe8 }, 3, -FE_EINVAL },
	{ "ljmp *%eax (mod 3)", { 0xff, 0xe8 }, 2, -FE_EINVAL },
	{ "movl with ModRM reg 1", { 0xc7, 0x08, 0, 0, 0, 0 }, 6,
	  -FE_EINVAL },
	{ "addr16 mov (%bx),%al", { 0x67, 0x8a, 0x07 }, 3, -FE_ENOSYS },
	{ "addr16 moffs", { 0x67, 0xa0, 0, 0 }, 4, -FE_ENOSYS },
	{ "15 prefixes then cli", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xfa }, 16,
	  -FE_E2BIG },
};

static void test_decode_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		struct insn insn;
		int err = insn_decode(&insn, refusals[i].bytes,
				      refusals[i].len);

		if (err != refusals[i].err)
			print_message("# %s: got %d want %d\n",
				      refusals[i].what, err, refusals[i].err);
		assert_int_equal(err, refusals[i].err);
	}
}

/* 14 prefixes + a 1-byte opcode is exactly the 15-byte limit. */
static void test_decode_prefix_limit(void **state)
{
	u8 b[15];
	struct insn insn;

	(void)state;
	memset(b, 0x3e, 14);
	b[14] = 0xf4;
	assert_int_equal(insn_decode(&insn, b, sizeof(b)), 0);
	assert_int_equal(insn.len, 15);
	assert_int_equal(insn.class, AB_HLT);
	assert_int_equal(insn.seg_override, SREG_DS);
}

/*
 * Random bytes, 200k times: the decoder never reads past what it was
 * given (ASan would stop it), never claims more than 15 bytes or more
 * than available, and accepts only bytes it decodes the same way twice.
 */
static void test_decode_random(void **state)
{
	u32 seed = 12345, i, j, ok = 0;

	(void)state;
	for (i = 0; i < 200000; i++) {
		u32 avail = 1 + (seed >> 7) % 16;
		u8 *b = malloc(avail);
		struct insn a, c;

		assert_non_null(b);
		for (j = 0; j < avail; j++) {
			seed = seed * 1103515245 + 12345;
			b[j] = seed >> 16;
		}
		/* bias towards the interesting maps */
		if (avail > 1 && (seed & 3) == 0)
			b[0] = 0x0f;
		if (!insn_decode(&a, b, avail)) {
			ok++;
			assert_true(a.len >= 1 && a.len <= avail &&
				    a.len <= INSN_MAX_LEN);
			assert_int_equal(insn_decode(&c, b, a.len), 0);
			assert_memory_equal(&a, &c, sizeof(a));
		}
		free(b);
	}
	assert_true(ok > 1000);
}

int run_decode_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_fixtures),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_refused),
		cmocka_unit_test(test_decode_prefix_limit),
		cmocka_unit_test(test_decode_random),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
