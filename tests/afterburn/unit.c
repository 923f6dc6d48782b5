// SPDX-License-Identifier: GPL-2.0
/*
 * tests/afterburn/unit.c - cmocka tests of the Afterburner's passes:
 * lexer, statement classifier, x86 decoder, the rewriter API and the
 * pad table.  Table-driven: every row is an input and its expected
 * answer, written from the Intel SDM and gas, not from the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ab.h"

struct text_case {
	const char *text;
	enum ab_class class;
};

static const struct text_case text_cases[] = {
	{ "cli", AB_CLI }, { "CLI", AB_CLI }, { "sti", AB_STI },
	{ "pushfl", AB_PUSHF }, { "popfw", AB_POPF }, { "iretw", AB_IRET },
	{ "lret $4", AB_LRET }, { "retf", AB_LRET },
	{ "ljmp $0x10, $1f", AB_LJMP }, { "jmp $0x10, $foo", AB_LJMP },
	{ "jmp foo", AB_INVALID }, { "jmp *%eax", AB_INVALID },
	{ "lcall *(%eax)", AB_LCALL }, { "call $8, $x", AB_LCALL },
	{ "call foo", AB_INVALID }, { "hlt", AB_HLT },
	{ "inb $0x60, %al", AB_IN }, { "outl %eax, (%dx)", AB_OUT },
	{ "rep insw", AB_INS }, { "rep outsb", AB_OUTS },
	{ "rep movsb", AB_INVALID }, { "int $0x80", AB_INT },
	{ "int3", AB_INT3 }, { "into", AB_INTO }, { "lgdtl (%eax)", AB_LGDT },
	{ "lidt (%eax)", AB_LIDT }, { "lldt %ax", AB_LLDT },
	{ "ltr %ax", AB_LTR }, { "sgdt (%eax)", AB_SGDT },
	{ "sidtl (%eax)", AB_SIDT }, { "sldt %eax", AB_SLDT },
	{ "str %eax", AB_STR }, { "smsw %eax", AB_SMSW },
	{ "lmsw %ax", AB_LMSW }, { "clts", AB_CLTS },
	{ "invlpg (%eax)", AB_INVLPG }, { "invd", AB_INVD },
	{ "wbinvd", AB_WBINVD }, { "rdmsr", AB_RDMSR }, { "wrmsr", AB_WRMSR },
	{ "cpuid", AB_CPUID }, { "rdtsc", AB_RDTSC }, { "rdtscp", AB_RDTSCP },
	{ "rdpmc", AB_RDPMC }, { "lds (%eax), %ebx", AB_LDS },
	{ "les (%eax), %ebx", AB_LES }, { "lfs (%eax), %ebx", AB_LFS },
	{ "lgs (%eax), %ebx", AB_LGS }, { "lss (%eax), %esp", AB_LSS },
	{ "lar %eax, %ebx", AB_LAR }, { "lsl %eax, %ebx", AB_LSL },
	{ "verr %ax", AB_VERR }, { "verw %ax", AB_VERW },
	{ "arpl %ax, %bx", AB_ARPL }, { "sysenter", AB_SYSENTER },
	{ "sysexit", AB_SYSEXIT }, { "ud2", AB_UD2 }, { "ud2a", AB_UD2 },
	{ "mov %ds, %eax", AB_MOV_FROM_SEG }, { "movw %ss, (%eax)",
					       AB_MOV_FROM_SEG },
	{ "mov %eax, %DS", AB_MOV_TO_SEG }, { "push %fs", AB_PUSH_SEG },
	{ "pushl %eax", AB_INVALID }, { "pop %gs", AB_POP_SEG },
	{ "mov %cr3, %eax", AB_MOV_FROM_CR }, { "mov %eax, %cr0",
					       AB_MOV_TO_CR },
	{ "mov %db7, %eax", AB_MOV_FROM_DR }, { "mov %eax, %dr7",
					       AB_MOV_TO_DR },
	{ "movl %fs:(%eax), %eax", AB_INVALID },
	{ "lock; cli", AB_CLI }, { "1: hlt", AB_HLT },
	{ "nop # cli", AB_INVALID }, { ".ascii \"cli\"", AB_INVALID },
	{ "insertps $0, %xmm1, %xmm0", AB_INVALID },
	{ "movb $';', %al; cli", AB_CLI },
	{ "movb $'a', %al", AB_INVALID },
	{ "nop /* cli */", AB_INVALID },
};

static void test_classify(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		const struct text_case *c = &text_cases[i];
		enum ab_class got = ab_classify_text(c->text, strlen(c->text));

		if (got != c->class)
			fail_msg("`%s': got %s, want %s", c->text,
				 ab_class_name(got), ab_class_name(c->class));
	}
}

/* Operands naming a macro parameter: sensitive depends on the argument. */
static void test_ambiguous(void **state)
{
	static const struct {
		const char *text;
		bool ambiguous;
		enum ab_class class;
	} cases[] = {
		{ "pushl \\reg", true, AB_INVALID },
		{ "push %\\seg", true, AB_INVALID },
		{ "pushl $\\imm", false, AB_INVALID },
		{ "movl \\off(%esp), %eax", false, AB_INVALID },
		{ "movl %cr3, \\r", false, AB_MOV_FROM_CR },
		{ "mov \\a, \\b", true, AB_INVALID },
		{ "out %al, $\\port", false, AB_OUT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ab_insn in;

		ab_insn_decode(cases[i].text, 0, strlen(cases[i].text), &in);
		assert_int_equal(in.kind, AB_K_INSN);
		if (in.ambiguous != cases[i].ambiguous ||
		    in.class != cases[i].class)
			fail_msg("`%s': ambiguous %d class %s", cases[i].text,
				 in.ambiguous, ab_class_name(in.class));
	}
}

static void test_statement_kinds(void **state)
{
	static const struct {
		const char *text;
		enum ab_kind kind;
	} cases[] = {
		{ "", AB_K_EMPTY }, { ".text", AB_K_DIRECTIVE },
		{ "x = 3", AB_K_ASSIGN }, { ".Lfoo=1", AB_K_ASSIGN },
		{ "rep", AB_K_PREFIX }, { "lock", AB_K_PREFIX },
		{ "cs", AB_K_PREFIX }, { "\\op", AB_K_MNEM_PARAM },
		{ "\\op\\()l %eax", AB_K_MNEM_PARAM }, { "frob x", AB_K_INSN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ab_insn in;

		ab_insn_decode(cases[i].text, 0, strlen(cases[i].text), &in);
		if (in.kind != cases[i].kind)
			fail_msg("`%s': kind %d, want %d", cases[i].text,
				 in.kind, cases[i].kind);
	}
}

static void test_lex(void **state)
{
	char line[] = "a: b: cli ; .ascii \"x;y#\" ; mov $';', %al # c; sti";
	struct ab_stmt st[8];
	struct ab_lex lx = { 0 };
	const char *why = NULL;
	int n;

	(void)state;
	n = ab_lex_line(&lx, line, strlen(line), st, 8, &why);
	assert_int_equal(n, 3);
	assert_memory_equal(line + st[0].start, "cli", 3);
	assert_int_equal(st[0].end - st[0].start, 3);
	assert_memory_equal(line + st[1].start, ".ascii", 6);
	assert_memory_equal(line + st[2].start, "mov $';', %al", 13);
	assert_int_equal(st[2].end - st[2].start, 13);

	/* a C comment spanning lines */
	{
		char l1[] = "cli /* x", l2[] = " y */ sti";

		n = ab_lex_line(&lx, l1, strlen(l1), st, 8, &why);
		assert_int_equal(n, 1);
		assert_true(lx.in_comment);
		n = ab_lex_line(&lx, l2, strlen(l2), st, 8, &why);
		assert_int_equal(n, 1);
		assert_false(lx.in_comment);
		assert_memory_equal(l2 + st[0].start, "sti", 3);
	}
	{
		char l3[] = "\t.ascii \"open";

		assert_int_equal(ab_lex_line(&lx, l3, strlen(l3), st, 8, &why),
				 -1);
		assert_non_null(why);
	}
}

struct byte_case {
	unsigned char b[8];
	size_t n;
	enum ab_class class;
	unsigned int len;
	bool nop;
};

static const struct byte_case byte_cases[] = {
	{ { 0xfa }, 1, AB_CLI, 1, false },
	{ { 0xfb }, 1, AB_STI, 1, false },
	{ { 0x66, 0x9c }, 2, AB_PUSHF, 2, false },
	{ { 0xca, 0x08, 0x00 }, 3, AB_LRET, 3, false },
	{ { 0xea, 1, 2, 3, 4, 0x10, 0 }, 7, AB_LJMP, 7, false },
	{ { 0x66, 0xea, 1, 2, 0x10, 0 }, 6, AB_LJMP, 6, false },
	{ { 0xff, 0x28 }, 2, AB_LJMP, 2, false },		/* ljmp *(%eax) */
	{ { 0xff, 0x20 }, 2, AB_INVALID, 0, false },	/* jmp *(%eax) */
	{ { 0xff, 0x1d, 0, 0, 0, 0 }, 6, AB_LCALL, 6, false },
	{ { 0xe4, 0x60 }, 2, AB_IN, 2, false },
	{ { 0xf3, 0x6e }, 2, AB_OUTS, 2, false },
	{ { 0xcd, 0x80 }, 2, AB_INT, 2, false },
	{ { 0x0f, 0x01, 0x10 }, 3, AB_LGDT, 3, false },
	{ { 0x0f, 0x01, 0x15, 0, 0, 0, 0 }, 7, AB_LGDT, 7, false },
	{ { 0x0f, 0x01, 0x3c, 0x24 }, 4, AB_INVLPG, 4, false },
	{ { 0x0f, 0x01, 0xf9 }, 3, AB_RDTSCP, 3, false },
	{ { 0x0f, 0x01, 0xe0 }, 3, AB_SMSW, 3, false },
	{ { 0x0f, 0x01, 0xd0 }, 3, AB_INVALID, 3, false },	/* xgetbv */
	{ { 0x0f, 0x00, 0xd8 }, 3, AB_LTR, 3, false },
	{ { 0x0f, 0x20, 0xd8 }, 3, AB_MOV_FROM_CR, 3, false },
	{ { 0x0f, 0x23, 0xf8 }, 3, AB_MOV_TO_DR, 3, false },
	{ { 0x8e, 0xd8 }, 2, AB_MOV_TO_SEG, 2, false },
	{ { 0x8c, 0x58, 0x08 }, 3, AB_MOV_FROM_SEG, 3, false },
	{ { 0x0f, 0xa8 }, 2, AB_PUSH_SEG, 2, false },
	{ { 0x1f }, 1, AB_POP_SEG, 1, false },
	{ { 0xc5, 0x18 }, 2, AB_LDS, 2, false },
	{ { 0xc5, 0xd8 }, 2, AB_INVALID, 0, false },	/* no reg form */
	{ { 0x0f, 0x0b }, 2, AB_UD2, 2, false },
	{ { 0x90 }, 1, AB_INVALID, 1, true },
	{ { 0x66, 0x90 }, 2, AB_INVALID, 2, true },
	{ { 0xf3, 0x90 }, 2, AB_INVALID, 0, false },	/* pause */
	{ { 0x0f, 0x1f, 0x44, 0x00, 0x00 }, 5, AB_INVALID, 5, true },
	{ { 0x0f, 0x01 }, 2, AB_INVALID, 0, false },	/* truncated */
	{ { 0xea, 1, 2 }, 3, AB_INVALID, 0, false },	/* truncated */
	{ { 0x89, 0xc3 }, 2, AB_INVALID, 0, false },	/* mov */
};

static void test_decode(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(byte_cases) / sizeof(byte_cases[0]); i++) {
		const struct byte_case *c = &byte_cases[i];
		struct ab_x86 x;

		ab_x86_decode(c->b, c->n, &x);
		if (x.class != c->class || x.nop != c->nop ||
		    (c->len && x.len != c->len))
			fail_msg("row %zu: class %s len %u nop %d", i,
				 ab_class_name(x.class), x.len, x.nop);
	}
}

/* The pad table: every class has a size, names are distinct. */
static void test_pad_table(void **state)
{
	int a, b;

	(void)state;
	assert_int_equal(ab_site_size(AB_INVALID), 0);
	for (a = 1; a < AB_NR_CLASSES; a++) {
		assert_true(ab_site_size(a) >= 1 && ab_site_size(a) <= 7);
		assert_string_not_equal(ab_class_name(a), "?");
		for (b = a + 1; b < AB_NR_CLASSES; b++)
			assert_string_not_equal(ab_class_name(a),
						ab_class_name(b));
	}
	/* replacements: a call (5), inline IF clear (7), CR read (6) */
	assert_int_equal(ab_site_size(AB_STI), 5);
	assert_int_equal(ab_site_size(AB_CLI), 7);
	assert_int_equal(ab_site_size(AB_MOV_FROM_CR), 6);
	assert_int_equal(sizeof(struct ab_site), 12);
}

static int run(const char *in, struct ab_buf *out, struct ab_stats *st)
{
	struct ab_opts o = { .quiet = true };

	memset(st, 0, sizeof(*st));
	memset(out, 0, sizeof(*out));
	return ab_process("t.s", in, strlen(in), out, &o, st);
}

static void test_process(void **state)
{
	struct ab_buf out;
	struct ab_stats st;

	(void)state;
	assert_int_equal(run("\tcli\n\tnop\n\tmov %cr0, %eax # x\n", &out,
			     &st), 0);
	assert_int_equal(st.sites[AB_CLI], 1);
	assert_int_equal(st.sites[AB_MOV_FROM_CR], 1);
	assert_int_equal(st.lines, 3);
	/* same number of lines plus the trailer; comment kept */
	assert_non_null(strstr(out.data, "\t7701:cli;.nops -(((7)-"));
	assert_non_null(strstr(out.data, ".long 7701b,7702b,1;"));
	assert_non_null(strstr(out.data, "\n\tnop\n"));
	assert_non_null(strstr(out.data, ";.popsection # x\n"));
	assert_non_null(strstr(out.data, ".pushsection .afterburn,\"\","));
	ab_buf_free(&out);

	/* nothing sensitive: output identical, no trailer */
	assert_int_equal(run("\tnop\n\tret\n", &out, &st), 0);
	assert_string_equal(out.data, "\tnop\n\tret\n");
	ab_buf_free(&out);

	/* .code16 is left alone and counted */
	assert_int_equal(run(".code16\n\tcli\n.code32\n\tsti\n", &out, &st),
			 0);
	assert_int_equal(st.raw16, 1);
	assert_int_equal(st.sites[AB_STI], 1);
	assert_int_equal(st.sites[AB_CLI], 0);
	ab_buf_free(&out);
}

static void test_process_errors(void **state)
{
	static const char *const bad[] = {
		"\t.frob\n", "\t.code64\n", "\t.include \"a\"\n",
		"\tmov %tr6, %eax\n", ".macro m\n\tcli\n", "\t.endr\n",
		"\t.ascii \"x\n", "\tnop\001\n", "\t.section .afterburn\n",
		"\t.insn 0x90\n", "\t.intel_syntax\n", "/* x\n",
	};
	struct ab_buf out;
	struct ab_stats st;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (run(bad[i], &out, &st) != -1)
			fail_msg("accepted bad input `%s'", bad[i]);
		ab_buf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_statement_kinds),
		cmocka_unit_test(test_lex),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_pad_table),
		cmocka_unit_test(test_process),
		cmocka_unit_test(test_process_errors),
	};

	return cmocka_run_group_tests_name("afterburn", tests, NULL, NULL);
}
