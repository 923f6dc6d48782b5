// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/decode.c - a small table-driven decoder for 32-bit x86, just
 * enough to recognise the sensitive instructions of include/burnvmm/
 * afterburn.h and the NOP forms, with their exact length.
 *
 * Used by afterburn-sites (is this record really a site of its class,
 * followed by NOPs?) and by the rewriter for `.byte` sequences that
 * spell a sensitive instruction (Linux writes BUG()'s ud2 that way).
 * Other opcodes are reported as unknown (len 0): the tools never need
 * to walk arbitrary code.
 *
 * Encoding reminders (Intel SDM vol. 2, 32-bit operand/address size):
 *
 *   [prefixes] opcode [ModRM [SIB] [disp]] [imm]
 *   prefixes: 66 67 f0 f2 f3 2e 36 3e 26 64 65   (at most 14 bytes total)
 *   ModRM:    mod(7:6) reg(5:3) rm(2:0)
 *     32-bit addressing: mod 11 register; rm 100 adds a SIB byte;
 *     mod 00 rm 101 (or SIB base 101) disp32; mod 01 disp8; mod 10 disp32
 *     16-bit addressing (67): mod 00 rm 110 disp16; mod 01 disp8;
 *     mod 10 disp16
 */
#include <string.h>
#include "ab.h"

#define X86_MAX_LEN 15

static bool is_prefix(unsigned char b)
{
	switch (b) {
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
	case 0x2e: case 0x36: case 0x3e: case 0x26: case 0x64: case 0x65:
		return true;
	default:
		return false;
	}
}

static unsigned int modrm_mod(unsigned char m)
{
	return m >> 6;
}

static unsigned int modrm_reg(unsigned char m)
{
	return (m >> 3) & 7;
}

static unsigned int modrm_rm(unsigned char m)
{
	return m & 7;
}

/*
 * Bytes taken by ModRM and what follows it (SIB, displacement), or 0 if
 * the buffer ends first.
 */
static unsigned int modrm_len(const unsigned char *p, size_t avail,
			      bool addr16)
{
	unsigned int mod, rm, n = 1;

	if (avail < 1)
		return 0;
	mod = modrm_mod(p[0]);
	rm = modrm_rm(p[0]);
	if (mod == 3)
		return 1;
	if (addr16) {
		if (mod == 0 && rm == 6)
			n += 2;
		else
			n += mod == 1 ? 1 : mod == 2 ? 2 : 0;
		return n <= avail ? n : 0;
	}
	if (rm == 4) {
		if (avail < 2)
			return 0;
		n++;
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4;
	}
	if (mod == 0 && rm == 5)
		n += 4;
	else if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n <= avail ? n : 0;
}

/* Shapes of the sensitive opcodes. */
enum shape {
	S_NONE,		/* opcode only */
	S_IB,		/* imm8 */
	S_IW,		/* imm16 */
	S_PTR,		/* ptr16:32 (ptr16:16 with 66) */
	S_MODRM,	/* ModRM, any mod */
	S_MODRM_MEM,	/* ModRM, memory form only */
};

struct op1 {
	unsigned char op;
	enum shape shape;
	enum ab_class class;
};

/* One-byte opcodes that are sensitive whatever their ModRM. */
static const struct op1 one_byte[] = {
	{ 0x06, S_NONE, AB_PUSH_SEG },		/* push %es */
	{ 0x07, S_NONE, AB_POP_SEG },		/* pop %es */
	{ 0x0e, S_NONE, AB_PUSH_SEG },		/* push %cs */
	{ 0x16, S_NONE, AB_PUSH_SEG },		/* push %ss */
	{ 0x17, S_NONE, AB_POP_SEG },		/* pop %ss */
	{ 0x1e, S_NONE, AB_PUSH_SEG },		/* push %ds */
	{ 0x1f, S_NONE, AB_POP_SEG },		/* pop %ds */
	{ 0x63, S_MODRM, AB_ARPL },		/* arpl %r16, r/m16 */
	{ 0x6c, S_NONE, AB_INS },		/* insb */
	{ 0x6d, S_NONE, AB_INS },		/* insl / insw */
	{ 0x6e, S_NONE, AB_OUTS },		/* outsb */
	{ 0x6f, S_NONE, AB_OUTS },		/* outsl / outsw */
	{ 0x8c, S_MODRM, AB_MOV_FROM_SEG },	/* mov %sreg, r/m */
	{ 0x8e, S_MODRM, AB_MOV_TO_SEG },	/* mov r/m, %sreg */
	{ 0x9a, S_PTR, AB_LCALL },		/* lcall $sel, $off */
	{ 0x9c, S_NONE, AB_PUSHF },		/* pushf */
	{ 0x9d, S_NONE, AB_POPF },		/* popf */
	{ 0xc4, S_MODRM_MEM, AB_LES },		/* les m16:32, %r */
	{ 0xc5, S_MODRM_MEM, AB_LDS },		/* lds m16:32, %r */
	{ 0xca, S_IW, AB_LRET },		/* lret $imm16 */
	{ 0xcb, S_NONE, AB_LRET },		/* lret */
	{ 0xcc, S_NONE, AB_INT3 },		/* int3 */
	{ 0xcd, S_IB, AB_INT },			/* int $imm8 */
	{ 0xce, S_NONE, AB_INTO },		/* into */
	{ 0xcf, S_NONE, AB_IRET },		/* iret */
	{ 0xe4, S_IB, AB_IN },			/* in $imm8, %al */
	{ 0xe5, S_IB, AB_IN },			/* in $imm8, %eax */
	{ 0xe6, S_IB, AB_OUT },			/* out %al, $imm8 */
	{ 0xe7, S_IB, AB_OUT },			/* out %eax, $imm8 */
	{ 0xea, S_PTR, AB_LJMP },		/* ljmp $sel, $off */
	{ 0xec, S_NONE, AB_IN },		/* in (%dx), %al */
	{ 0xed, S_NONE, AB_IN },		/* in (%dx), %eax */
	{ 0xee, S_NONE, AB_OUT },		/* out %al, (%dx) */
	{ 0xef, S_NONE, AB_OUT },		/* out %eax, (%dx) */
	{ 0xf4, S_NONE, AB_HLT },		/* hlt */
	{ 0xfa, S_NONE, AB_CLI },		/* cli */
	{ 0xfb, S_NONE, AB_STI },		/* sti */
};

/* Two-byte opcodes 0f xx that are sensitive whatever their ModRM. */
static const struct op1 two_byte[] = {
	{ 0x02, S_MODRM, AB_LAR },		/* lar r/m, %r */
	{ 0x03, S_MODRM, AB_LSL },		/* lsl r/m, %r */
	{ 0x06, S_NONE, AB_CLTS },		/* clts */
	{ 0x08, S_NONE, AB_INVD },		/* invd */
	{ 0x09, S_NONE, AB_WBINVD },		/* wbinvd */
	{ 0x0b, S_NONE, AB_UD2 },		/* ud2 */
	{ 0x20, S_MODRM, AB_MOV_FROM_CR },	/* mov %crN, %r32 */
	{ 0x21, S_MODRM, AB_MOV_FROM_DR },	/* mov %dbN, %r32 */
	{ 0x22, S_MODRM, AB_MOV_TO_CR },	/* mov %r32, %crN */
	{ 0x23, S_MODRM, AB_MOV_TO_DR },	/* mov %r32, %dbN */
	{ 0x30, S_NONE, AB_WRMSR },		/* wrmsr */
	{ 0x31, S_NONE, AB_RDTSC },		/* rdtsc */
	{ 0x32, S_NONE, AB_RDMSR },		/* rdmsr */
	{ 0x33, S_NONE, AB_RDPMC },		/* rdpmc */
	{ 0x34, S_NONE, AB_SYSENTER },		/* sysenter */
	{ 0x35, S_NONE, AB_SYSEXIT },		/* sysexit */
	{ 0xa0, S_NONE, AB_PUSH_SEG },		/* push %fs */
	{ 0xa1, S_NONE, AB_POP_SEG },		/* pop %fs */
	{ 0xa2, S_NONE, AB_CPUID },		/* cpuid */
	{ 0xa8, S_NONE, AB_PUSH_SEG },		/* push %gs */
	{ 0xa9, S_NONE, AB_POP_SEG },		/* pop %gs */
	{ 0xb2, S_MODRM_MEM, AB_LSS },		/* lss m16:32, %r */
	{ 0xb4, S_MODRM_MEM, AB_LFS },		/* lfs m16:32, %r */
	{ 0xb5, S_MODRM_MEM, AB_LGS },		/* lgs m16:32, %r */
};

/* 0f 00 /reg: sldt str lldt ltr verr verw */
static const enum ab_class grp6[8] = {
	AB_SLDT, AB_STR, AB_LLDT, AB_LTR, AB_VERR, AB_VERW,
	AB_INVALID, AB_INVALID,
};

/* 0f 01 /reg, memory forms: sgdt sidt lgdt lidt smsw - lmsw invlpg */
static const enum ab_class grp7_mem[8] = {
	AB_SGDT, AB_SIDT, AB_LGDT, AB_LIDT, AB_SMSW, AB_INVALID, AB_LMSW,
	AB_INVLPG,
};

static const struct op1 *find_op(const struct op1 *t, size_t n,
				 unsigned char op)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].op == op)
			return &t[i];
	return NULL;
}

/* Length of the operand part of a table entry; 0 if truncated/invalid. */
static unsigned int shape_len(const struct op1 *e, const unsigned char *p,
			      size_t avail, bool opsize16, bool addr16)
{
	switch (e->shape) {
	case S_NONE:
		return 1;
	case S_IB:
		return avail >= 1 ? 2 : 0;
	case S_IW:
		return avail >= 2 ? 3 : 0;
	case S_PTR:
		return avail >= (opsize16 ? 4u : 6u) ? (opsize16 ? 5 : 7) : 0;
	case S_MODRM_MEM:
		if (avail && modrm_mod(p[0]) == 3)
			return 0;
		/* fall through */
	case S_MODRM: {
		unsigned int m = modrm_len(p, avail, addr16);

		return m ? 1 + m : 0;
	}
	}
	return 0;
}

/* 0f xx after the escape byte; p points at xx. */
static void decode_0f(const unsigned char *p, size_t avail, bool addr16,
		      bool opsize16, struct ab_x86 *out, unsigned int pre)
{
	const struct op1 *e;
	unsigned int m;

	if (!avail)
		return;
	if (p[0] == 0x00 || p[0] == 0x01 || p[0] == 0x1f) {
		m = modrm_len(p + 1, avail - 1, addr16);
		if (!m)
			return;
		out->len = pre + 2 + m;
		if (p[0] == 0x1f) {
			out->nop = modrm_reg(p[1]) == 0;
		} else if (p[0] == 0x00) {
			out->class = grp6[modrm_reg(p[1])];
		} else if (modrm_mod(p[1]) != 3) {
			out->class = grp7_mem[modrm_reg(p[1])];
		} else if (p[1] == 0xf9) {
			out->class = AB_RDTSCP;		/* 0f 01 f9 */
		} else if (modrm_reg(p[1]) == 4 || modrm_reg(p[1]) == 6) {
			out->class = modrm_reg(p[1]) == 4 ? AB_SMSW : AB_LMSW;
		}
		return;
	}
	e = find_op(two_byte, sizeof(two_byte) / sizeof(two_byte[0]), p[0]);
	if (!e)
		return;
	m = shape_len(e, p + 1, avail - 1, opsize16, addr16);
	if (!m)
		return;
	out->len = pre + 1 + m;
	out->class = e->class;
}

/*
 * Decode one instruction at p.  Returns 0 and fills *out when the
 * instruction is sensitive or a NOP; returns -1 (out->len 0) for
 * anything else, including a truncated buffer.
 */
int ab_x86_decode(const unsigned char *p, size_t avail, struct ab_x86 *out)
{
	bool opsize16 = false, addr16 = false, rep = false;
	const struct op1 *e;
	unsigned int pre = 0, m;

	memset(out, 0, sizeof(*out));
	while (pre < avail && pre < X86_MAX_LEN - 1 && is_prefix(p[pre])) {
		opsize16 |= p[pre] == 0x66;
		addr16 |= p[pre] == 0x67;
		rep |= p[pre] == 0xf3;
		pre++;
	}
	if (pre >= avail)
		return -1;
	if (p[pre] == 0x0f) {
		decode_0f(p + pre + 1, avail - pre - 1, addr16, opsize16, out,
			  pre);
	} else if (p[pre] == 0x90) {
		/* f3 90 is pause, not a nop */
		out->len = pre + 1;
		out->nop = !rep;
	} else if (p[pre] == 0xff) {
		/* ff /3 lcall *m16:32, ff /5 ljmp *m16:32 */
		m = modrm_len(p + pre + 1, avail - pre - 1, addr16);
		if (m && modrm_mod(p[pre + 1]) != 3 &&
		    (modrm_reg(p[pre + 1]) == 3 || modrm_reg(p[pre + 1]) == 5)) {
			out->len = pre + 1 + m;
			out->class = modrm_reg(p[pre + 1]) == 3 ? AB_LCALL :
								   AB_LJMP;
		}
	} else {
		e = find_op(one_byte, sizeof(one_byte) / sizeof(one_byte[0]),
			    p[pre]);
		m = e ? shape_len(e, p + pre + 1, avail - pre - 1, opsize16,
				  addr16) : 0;
		if (m) {
			out->len = pre + m;
			out->class = e->class;
		}
	}
	if (out->len > X86_MAX_LEN || (out->class == AB_INVALID && !out->nop)) {
		out->len = out->len > X86_MAX_LEN ? 0 : out->len;
		out->class = AB_INVALID;
		return -1;
	}
	return 0;
}
