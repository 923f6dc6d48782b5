// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/decode.c - decode the instructions the IPVMM emulates: the
 * sensitive classes found at .afterburn sites and the mov-class
 * instructions that touch MMIO pages.
 *
 * Why table-driven: every accepted encoding is one row of op_table[],
 * commented with the AT&T spelling it matches, so what the IPVMM accepts
 * can be read (and reviewed against the SDM) in one place.  Anything not
 * in the table is refused with -FE_EINVAL; refusing is always safe, a
 * wrong guess never is.
 *
 * Contents
 *   1. The operand forms and the opcode table.
 *   2. Prefixes.
 *   3. ModRM/SIB (32-bit addressing only).
 *   4. Immediates.
 *   5. Building the operands from a row.
 *   6. insn_decode().
 *
 * Encodings, for the reader:
 *
 *   [prefixes] [0f] opcode [ModRM [SIB] [disp8/32]] [imm]
 *   ModRM = mod(7:6) reg(5:3) rm(2:0); SIB = scale(7:6) index(5:3) base(2:0)
 *   mod 3: rm is a register; rm 4 (mod != 3): a SIB follows;
 *   mod 0 rm 5: disp32, no base; SIB base 5 with mod 0: disp32, no base;
 *   SIB index 4: no index.
 */
#include "decode.h"
#include "frontend.h"

/* 1. The operand forms and the opcode table. */

enum op_form {
	FORM_NONE,		/* no explicit operands */
	FORM_IMM8,		/* int $n */
	FORM_IMM16,		/* lret $n */
	FORM_FAR,		/* ljmp/lcall $sel,$off */
	FORM_M,			/* one memory operand (ModRM, mod != 3) */
	FORM_RM16_SRC,		/* one r/m16 read: lldt, ltr, lmsw, verr */
	FORM_RM16_DST,		/* one r/m16 written: sldt, str, smsw */
	FORM_IN_IMM,		/* in $port, %al/%ax/%eax */
	FORM_IN_DX,		/* in (%dx), %al/... */
	FORM_OUT_IMM,		/* out %al/..., $port */
	FORM_OUT_DX,		/* out %al/..., (%dx) */
	FORM_STRING,		/* ins/outs: width only */
	FORM_RM_REG,		/* dst r/m, src reg */
	FORM_REG_RM,		/* dst reg, src r/m */
	FORM_RM_IMM,		/* dst r/m, src imm */
	FORM_ACC_MOFFS,		/* dst %al/%eax, src moffs32 */
	FORM_MOFFS_ACC,		/* dst moffs32, src %al/%eax */
	FORM_SREG_IMPLIED,	/* push/pop %sreg; sreg in row.arg */
	FORM_SREG_TO_RM,	/* mov %sreg, r/m */
	FORM_RM_TO_SREG,	/* mov r/m, %sreg */
	FORM_CR_TO_REG,		/* mov %crN, %r32 */
	FORM_REG_TO_CR,		/* mov %r32, %crN */
	FORM_DR_TO_REG,		/* mov %dbN, %r32 */
	FORM_REG_TO_DR,		/* mov %r32, %dbN */
};

#define FL_BYTE		0x01	/* operand width 1 (else opsize) */
#define FL_MEM_ONLY	0x02	/* ModRM mod 3 is not this instruction */
#define FL_SRC8		0x04	/* movzx/movsx from r/m8 */
#define FL_SRC16	0x08	/* movzx/movsx/lar/lsl/arpl from r/m16 */
#define FL_DESC		0x10	/* memory operand is a 6-byte pseudo-desc */
#define FL_FARMEM	0x20	/* memory operand is m16:16 / m16:32 */

#define ANY		(-1)
#define OP_TABLE_SIZE	(sizeof(op_table) / sizeof(op_table[0]))

struct op_row {
	u8 twobyte;		/* 1: opcode follows 0f */
	u8 opcode;
	s8 reg;			/* required ModRM.reg, or ANY */
	s8 rm;			/* required ModRM.rm with mod 3, or ANY */
	u8 class;		/* enum ab_class */
	u8 mmio;		/* enum insn_mmio */
	u8 form;		/* enum op_form */
	u8 flags;		/* FL_* */
	u8 arg;			/* FORM_SREG_IMPLIED: the segment */
};

/* Does the row need a ModRM byte? */
static bool form_has_modrm(u8 form)
{
	switch (form) {
	case FORM_M: case FORM_RM16_SRC: case FORM_RM16_DST:
	case FORM_RM_REG: case FORM_REG_RM: case FORM_RM_IMM:
	case FORM_SREG_TO_RM: case FORM_RM_TO_SREG:
	case FORM_CR_TO_REG: case FORM_REG_TO_CR:
	case FORM_DR_TO_REG: case FORM_REG_TO_DR:
		return true;
	default:
		return false;
	}
}

#define ROW1(op, cls, form, fl) { 0, op, ANY, ANY, cls, MMIO_NONE, form, fl, 0 }
#define ROW2(op, cls, form, fl) { 1, op, ANY, ANY, cls, MMIO_NONE, form, fl, 0 }

static const struct op_row op_table[] = {
	/* ---- one-byte map, sensitive ---- */
	ROW1(0xfa, AB_CLI, FORM_NONE, 0),		/* cli */
	ROW1(0xfb, AB_STI, FORM_NONE, 0),		/* sti */
	ROW1(0x9c, AB_PUSHF, FORM_NONE, 0),		/* pushf / pushfw */
	ROW1(0x9d, AB_POPF, FORM_NONE, 0),		/* popf / popfw */
	ROW1(0xcf, AB_IRET, FORM_NONE, 0),		/* iret / iretw */
	ROW1(0xcb, AB_LRET, FORM_NONE, 0),		/* lret */
	ROW1(0xca, AB_LRET, FORM_IMM16, 0),		/* lret $imm16 */
	ROW1(0xea, AB_LJMP, FORM_FAR, 0),		/* ljmp $sel,$off */
	ROW1(0x9a, AB_LCALL, FORM_FAR, 0),		/* lcall $sel,$off */
	{ 0, 0xff, 5, ANY, AB_LJMP, 0, FORM_M, FL_MEM_ONLY | FL_FARMEM, 0 },
							/* ljmp *mem */
	{ 0, 0xff, 3, ANY, AB_LCALL, 0, FORM_M, FL_MEM_ONLY | FL_FARMEM, 0 },
							/* lcall *mem */
	ROW1(0xf4, AB_HLT, FORM_NONE, 0),		/* hlt */
	ROW1(0xe4, AB_IN, FORM_IN_IMM, FL_BYTE),	/* in $p, %al */
	ROW1(0xe5, AB_IN, FORM_IN_IMM, 0),		/* in $p, %eax/%ax */
	ROW1(0xec, AB_IN, FORM_IN_DX, FL_BYTE),		/* in (%dx), %al */
	ROW1(0xed, AB_IN, FORM_IN_DX, 0),		/* in (%dx), %eax */
	ROW1(0xe6, AB_OUT, FORM_OUT_IMM, FL_BYTE),	/* out %al, $p */
	ROW1(0xe7, AB_OUT, FORM_OUT_IMM, 0),		/* out %eax, $p */
	ROW1(0xee, AB_OUT, FORM_OUT_DX, FL_BYTE),	/* out %al, (%dx) */
	ROW1(0xef, AB_OUT, FORM_OUT_DX, 0),		/* out %eax, (%dx) */
	ROW1(0x6c, AB_INS, FORM_STRING, FL_BYTE),	/* insb */
	ROW1(0x6d, AB_INS, FORM_STRING, 0),		/* insl / insw */
	ROW1(0x6e, AB_OUTS, FORM_STRING, FL_BYTE),	/* outsb */
	ROW1(0x6f, AB_OUTS, FORM_STRING, 0),		/* outsl / outsw */
	ROW1(0xcd, AB_INT, FORM_IMM8, 0),		/* int $n */
	ROW1(0xcc, AB_INT3, FORM_NONE, 0),		/* int3 */
	ROW1(0xce, AB_INTO, FORM_NONE, 0),		/* into */
	ROW1(0xc5, AB_LDS, FORM_REG_RM,
	     FL_MEM_ONLY | FL_FARMEM),			/* lds m, %r */
	ROW1(0xc4, AB_LES, FORM_REG_RM,
	     FL_MEM_ONLY | FL_FARMEM),			/* les m, %r */
	ROW1(0x63, AB_ARPL, FORM_RM_REG, FL_SRC16),	/* arpl %r16, r/m16 */
	ROW1(0x8c, AB_MOV_FROM_SEG, FORM_SREG_TO_RM, 0), /* mov %sreg, r/m */
	ROW1(0x8e, AB_MOV_TO_SEG, FORM_RM_TO_SREG, 0),	/* mov r/m, %sreg */
	{ 0, 0x06, ANY, ANY, AB_PUSH_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_ES },
							/* push %es */
	{ 0, 0x0e, ANY, ANY, AB_PUSH_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_CS },
							/* push %cs */
	{ 0, 0x16, ANY, ANY, AB_PUSH_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_SS },
							/* push %ss */
	{ 0, 0x1e, ANY, ANY, AB_PUSH_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_DS },
							/* push %ds */
	{ 0, 0x07, ANY, ANY, AB_POP_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_ES },
							/* pop %es */
	{ 0, 0x17, ANY, ANY, AB_POP_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_SS },
							/* pop %ss */
	{ 0, 0x1f, ANY, ANY, AB_POP_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_DS },
							/* pop %ds */
	/* ---- 0f map, sensitive ---- */
	{ 1, 0xa0, ANY, ANY, AB_PUSH_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_FS },
							/* push %fs */
	{ 1, 0xa8, ANY, ANY, AB_PUSH_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_GS },
							/* push %gs */
	{ 1, 0xa1, ANY, ANY, AB_POP_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_FS },
							/* pop %fs */
	{ 1, 0xa9, ANY, ANY, AB_POP_SEG, 0, FORM_SREG_IMPLIED, 0, SREG_GS },
							/* pop %gs */
	{ 1, 0x01, 0, ANY, AB_SGDT, 0, FORM_M, FL_MEM_ONLY | FL_DESC, 0 },
							/* sgdt m */
	{ 1, 0x01, 1, ANY, AB_SIDT, 0, FORM_M, FL_MEM_ONLY | FL_DESC, 0 },
							/* sidt m */
	{ 1, 0x01, 2, ANY, AB_LGDT, 0, FORM_M, FL_MEM_ONLY | FL_DESC, 0 },
							/* lgdt m */
	{ 1, 0x01, 3, ANY, AB_LIDT, 0, FORM_M, FL_MEM_ONLY | FL_DESC, 0 },
							/* lidt m */
	{ 1, 0x01, 4, ANY, AB_SMSW, 0, FORM_RM16_DST, 0, 0 },
							/* smsw r/m */
	{ 1, 0x01, 6, ANY, AB_LMSW, 0, FORM_RM16_SRC, 0, 0 },
							/* lmsw r/m16 */
	{ 1, 0x01, 7, ANY, AB_INVLPG, 0, FORM_M, FL_MEM_ONLY, 0 },
							/* invlpg m */
	{ 1, 0x01, 7, 1, AB_RDTSCP, 0, FORM_NONE, 0, 0 },
							/* rdtscp (0f 01 f9) */
	{ 1, 0x00, 0, ANY, AB_SLDT, 0, FORM_RM16_DST, 0, 0 },
							/* sldt r/m */
	{ 1, 0x00, 1, ANY, AB_STR, 0, FORM_RM16_DST, 0, 0 },
							/* str r/m */
	{ 1, 0x00, 2, ANY, AB_LLDT, 0, FORM_RM16_SRC, 0, 0 },
							/* lldt r/m16 */
	{ 1, 0x00, 3, ANY, AB_LTR, 0, FORM_RM16_SRC, 0, 0 },
							/* ltr r/m16 */
	{ 1, 0x00, 4, ANY, AB_VERR, 0, FORM_RM16_SRC, 0, 0 },
							/* verr r/m16 */
	{ 1, 0x00, 5, ANY, AB_VERW, 0, FORM_RM16_SRC, 0, 0 },
							/* verw r/m16 */
	ROW2(0x06, AB_CLTS, FORM_NONE, 0),		/* clts */
	ROW2(0x08, AB_INVD, FORM_NONE, 0),		/* invd */
	ROW2(0x09, AB_WBINVD, FORM_NONE, 0),		/* wbinvd */
	ROW2(0x0b, AB_UD2, FORM_NONE, 0),		/* ud2 */
	ROW2(0x30, AB_WRMSR, FORM_NONE, 0),		/* wrmsr */
	ROW2(0x31, AB_RDTSC, FORM_NONE, 0),		/* rdtsc */
	ROW2(0x32, AB_RDMSR, FORM_NONE, 0),		/* rdmsr */
	ROW2(0x33, AB_RDPMC, FORM_NONE, 0),		/* rdpmc */
	ROW2(0xa2, AB_CPUID, FORM_NONE, 0),		/* cpuid */
	ROW2(0x34, AB_SYSENTER, FORM_NONE, 0),		/* sysenter */
	ROW2(0x35, AB_SYSEXIT, FORM_NONE, 0),		/* sysexit */
	ROW2(0x02, AB_LAR, FORM_REG_RM, FL_SRC16),	/* lar r/m16, %r */
	ROW2(0x03, AB_LSL, FORM_REG_RM, FL_SRC16),	/* lsl r/m16, %r */
	ROW2(0xb2, AB_LSS, FORM_REG_RM,
	     FL_MEM_ONLY | FL_FARMEM),	/* lss m, %r */
	ROW2(0xb4, AB_LFS, FORM_REG_RM,
	     FL_MEM_ONLY | FL_FARMEM),	/* lfs m, %r */
	ROW2(0xb5, AB_LGS, FORM_REG_RM,
	     FL_MEM_ONLY | FL_FARMEM),	/* lgs m, %r */
	ROW2(0x20, AB_MOV_FROM_CR, FORM_CR_TO_REG, 0),	/* mov %crN, %r32 */
	ROW2(0x22, AB_MOV_TO_CR, FORM_REG_TO_CR, 0),	/* mov %r32, %crN */
	ROW2(0x21, AB_MOV_FROM_DR, FORM_DR_TO_REG, 0),	/* mov %dbN, %r32 */
	ROW2(0x23, AB_MOV_TO_DR, FORM_REG_TO_DR, 0),	/* mov %r32, %dbN */
	/* ---- mov class, for MMIO ---- */
	{ 0, 0x88, ANY, ANY, 0, MMIO_STORE, FORM_RM_REG, FL_BYTE, 0 },
							/* mov %r8, r/m8 */
	{ 0, 0x89, ANY, ANY, 0, MMIO_STORE, FORM_RM_REG, 0, 0 },
							/* mov %r32, r/m32 */
	{ 0, 0x8a, ANY, ANY, 0, MMIO_LOAD, FORM_REG_RM, FL_BYTE, 0 },
							/* mov r/m8, %r8 */
	{ 0, 0x8b, ANY, ANY, 0, MMIO_LOAD, FORM_REG_RM, 0, 0 },
							/* mov r/m32, %r32 */
	{ 0, 0xc6, 0, ANY, 0, MMIO_STORE_IMM, FORM_RM_IMM, FL_BYTE, 0 },
							/* movb $imm8, r/m8 */
	{ 0, 0xc7, 0, ANY, 0, MMIO_STORE_IMM, FORM_RM_IMM, 0, 0 },
							/* movl $imm32, r/m32 */
	{ 0, 0xa0, ANY, ANY, 0, MMIO_LOAD, FORM_ACC_MOFFS, FL_BYTE, 0 },
							/* mov moffs, %al */
	{ 0, 0xa1, ANY, ANY, 0, MMIO_LOAD, FORM_ACC_MOFFS, 0, 0 },
							/* mov moffs, %eax */
	{ 0, 0xa2, ANY, ANY, 0, MMIO_STORE, FORM_MOFFS_ACC, FL_BYTE, 0 },
							/* mov %al, moffs */
	{ 0, 0xa3, ANY, ANY, 0, MMIO_STORE, FORM_MOFFS_ACC, 0, 0 },
							/* mov %eax, moffs */
	{ 1, 0xb6, ANY, ANY, 0, MMIO_LOAD, FORM_REG_RM, FL_SRC8, 0 },
							/* movzb r/m8, %r */
	{ 1, 0xb7, ANY, ANY, 0, MMIO_LOAD, FORM_REG_RM, FL_SRC16, 0 },
							/* movzw r/m16, %r32 */
	{ 1, 0xbe, ANY, ANY, 0, MMIO_LOAD_SX, FORM_REG_RM, FL_SRC8, 0 },
							/* movsb r/m8, %r */
	{ 1, 0xbf, ANY, ANY, 0, MMIO_LOAD_SX, FORM_REG_RM, FL_SRC16, 0 },
							/* movsw r/m16, %r32 */
};

/*
 * Find the row for (map, opcode, modrm); modrm is -1 for opcodes without
 * one.  First match wins: invlpg (0f 01 /7, memory only) and rdtscp
 * (0f 01 f9, mod 3) exclude each other by their mod tests.
 */
static const struct op_row *find_row(u8 twobyte, u8 opcode, int modrm)
{
	unsigned int i;

	for (i = 0; i < OP_TABLE_SIZE; i++) {
		const struct op_row *r = &op_table[i];
		u8 mod, reg, rm;

		if (r->twobyte != twobyte || r->opcode != opcode)
			continue;
		if (modrm < 0) {
			if (r->reg != ANY || r->rm != ANY)
				continue;
			return r;
		}
		mod = modrm >> 6;
		reg = (modrm >> 3) & 7;
		rm = modrm & 7;
		if (r->reg != ANY && r->reg != reg)
			continue;
		if (r->rm != ANY && (mod != 3 || r->rm != rm))
			continue;
		if (r->rm == ANY && (r->flags & FL_MEM_ONLY) && mod == 3)
			continue;
		return r;
	}
	return NULL;
}

/* Rows in the 0f 00 / 0f 01 groups and ff need ModRM to be chosen. */
static bool opcode_needs_modrm(u8 twobyte, u8 opcode)
{
	unsigned int i;

	for (i = 0; i < OP_TABLE_SIZE; i++) {
		const struct op_row *r = &op_table[i];

		if (r->twobyte == twobyte && r->opcode == opcode &&
		    (form_has_modrm(r->form) || r->reg != ANY))
			return true;
	}
	return false;
}

/* 2. Prefixes. */

static bool take_prefix(struct insn *insn, u8 b)
{
	switch (b) {
	case 0x66:
		insn->opsize = 2;
		return true;
	case 0x67:
		insn->addr16 = 1;
		return true;
	case 0xf0:
		insn->lock = 1;
		return true;
	case 0xf2:
	case 0xf3:
		insn->rep = b;
		return true;
	case 0x26:
		insn->seg_override = SREG_ES;
		return true;
	case 0x2e:
		insn->seg_override = SREG_CS;
		return true;
	case 0x36:
		insn->seg_override = SREG_SS;
		return true;
	case 0x3e:
		insn->seg_override = SREG_DS;
		return true;
	case 0x64:
		insn->seg_override = SREG_FS;
		return true;
	case 0x65:
		insn->seg_override = SREG_GS;
		return true;
	default:
		return false;
	}
}

/* A cursor over the instruction's bytes, bounded by avail and 15. */
struct cursor {
	const u8 *p;
	u32 pos;
	u32 end;
};

static int take_bytes(struct cursor *c, u32 n, u32 *val)
{
	u32 v = 0, i;

	if (c->pos + n > c->end)
		return -FE_E2BIG;
	for (i = 0; i < n; i++)
		v |= (u32)c->p[c->pos + i] << (8 * i);
	c->pos += n;
	*val = v;
	return 0;
}

/* 3. ModRM/SIB (32-bit addressing only). */

static int decode_modrm_mem(struct insn *insn, struct cursor *c)
{
	u8 mod = insn->modrm >> 6, rm = insn->modrm & 7;
	struct insn_mem *m = &insn->mem;
	u32 v, disp_len = 0;
	int err;

	if (insn->addr16)
		return -FE_ENOSYS;	/* 16-bit addressing: not emulated */
	m->base = rm;
	m->index = INSN_NO_REG;
	m->scale = 1;
	if (rm == 4) {			/* SIB follows */
		err = take_bytes(c, 1, &v);
		if (err)
			return err;
		m->scale = 1 << (v >> 6);
		m->index = ((v >> 3) & 7) == 4 ? INSN_NO_REG : (v >> 3) & 7;
		m->base = v & 7;
		if (m->base == 5 && mod == 0) {
			m->base = INSN_NO_REG;
			disp_len = 4;
		}
	} else if (rm == 5 && mod == 0) {
		m->base = INSN_NO_REG;
		disp_len = 4;
	}
	if (mod == 1)
		disp_len = 1;
	else if (mod == 2)
		disp_len = 4;
	m->disp = 0;
	if (disp_len) {
		err = take_bytes(c, disp_len, &v);
		if (err)
			return err;
		m->disp = disp_len == 1 ? (u32)(s32)(s8)v : v;
	}
	/* Default segment: %ss for %esp/%ebp-based, else %ds. */
	if (insn->seg_override != SREG_NONE)
		m->seg = insn->seg_override;
	else if (m->base == 4 || m->base == 5)
		m->seg = SREG_SS;
	else
		m->seg = SREG_DS;
	return 0;
}

/* The r/m operand: a register (mod 3) or memory. */
static struct insn_opnd rm_opnd(const struct insn *insn, u8 width)
{
	struct insn_opnd o = { OPND_MEM, 0, width };

	if ((insn->modrm >> 6) == 3) {
		o.kind = OPND_REG;
		o.reg = insn->modrm & 7;
	}
	return o;
}

static struct insn_opnd reg_opnd(u8 kind, u8 reg, u8 width)
{
	struct insn_opnd o = { kind, reg, width };

	return o;
}

/* 4. Immediates: width 1, 2 or 4 bytes into insn->imm. */
static int take_imm(struct insn *insn, struct cursor *c, u32 n)
{
	return take_bytes(c, n, &insn->imm);
}

/* 5. Building the operands from a row. */

static int build_far(struct insn *insn, struct cursor *c)
{
	u32 sel = 0;
	int err = take_imm(insn, c, insn->opsize);

	if (!err)
		err = take_bytes(c, 2, &sel);
	insn->sel = sel;
	insn->dst = reg_opnd(OPND_FAR, 0, insn->opsize + 2);
	return err;
}

static int build_moffs(struct insn *insn, struct cursor *c, u8 w, bool load)
{
	int err;

	if (insn->addr16)
		return -FE_ENOSYS;
	err = take_bytes(c, 4, &insn->mem.disp);
	insn->mem.base = INSN_NO_REG;
	insn->mem.index = INSN_NO_REG;
	insn->mem.scale = 1;
	insn->mem.seg = insn->seg_override != SREG_NONE ?
		insn->seg_override : SREG_DS;
	if (load) {
		insn->dst = reg_opnd(OPND_REG, 0, w);
		insn->src = reg_opnd(OPND_MEM, 0, w);
	} else {
		insn->dst = reg_opnd(OPND_MEM, 0, w);
		insn->src = reg_opnd(OPND_REG, 0, w);
	}
	return err;
}

/* Operand widths of the r/m and reg sides of a row. */
static u8 rm_width(const struct op_row *r, const struct insn *insn)
{
	if (r->flags & FL_BYTE || r->flags & FL_SRC8)
		return 1;
	if (r->flags & FL_SRC16)
		return 2;
	if (r->flags & FL_DESC)
		return 6;
	if (r->flags & FL_FARMEM)
		return insn->opsize + 2;
	return insn->opsize;
}

static int build_sreg(struct insn *insn, const struct op_row *r, bool to)
{
	u8 sreg = (insn->modrm >> 3) & 7;
	bool is_reg = (insn->modrm >> 6) == 3;

	if (sreg > SREG_GS || (to && sreg == SREG_CS))
		return -FE_EINVAL;	/* #UD on hardware */
	(void)r;
	if (to) {
		insn->dst = reg_opnd(OPND_SREG, sreg, 2);
		insn->src = rm_opnd(insn, 2);
	} else {
		insn->src = reg_opnd(OPND_SREG, sreg, 2);
		insn->dst = rm_opnd(insn, is_reg ? insn->opsize : 2);
	}
	return 0;
}

static int build_crdr(struct insn *insn, u8 kind, bool to)
{
	u8 n = (insn->modrm >> 3) & 7, gpr = insn->modrm & 7;

	/* Only %cr0, %cr2, %cr3, %cr4 exist; %cr8 needs REX. */
	if (kind == OPND_CR && (n == 1 || n > 4))
		return -FE_EINVAL;
	if (to) {
		insn->dst = reg_opnd(kind, n, 4);
		insn->src = reg_opnd(OPND_REG, gpr, 4);
	} else {
		insn->dst = reg_opnd(OPND_REG, gpr, 4);
		insn->src = reg_opnd(kind, n, 4);
	}
	return 0;
}

static int build_port(struct insn *insn, struct cursor *c, u8 w, u8 form)
{
	int err = 0;
	struct insn_opnd acc = reg_opnd(OPND_REG, 0, w);
	struct insn_opnd port = reg_opnd(OPND_DX, 2, 2);

	if (form == FORM_IN_IMM || form == FORM_OUT_IMM) {
		err = take_imm(insn, c, 1);
		port = reg_opnd(OPND_IMM, 0, 1);
	}
	if (form == FORM_IN_IMM || form == FORM_IN_DX) {
		insn->dst = acc;
		insn->src = port;
	} else {
		insn->dst = port;
		insn->src = acc;
	}
	return err;
}

static int build_operands(struct insn *insn, const struct op_row *r,
			  struct cursor *c)
{
	u8 w = r->flags & FL_BYTE ? 1 : insn->opsize;
	u8 regno = (insn->modrm >> 3) & 7;

	switch (r->form) {
	case FORM_NONE:
	case FORM_STRING:
		insn->dst.width = w;
		return 0;
	case FORM_IMM8:
		insn->src = reg_opnd(OPND_IMM, 0, 1);
		return take_imm(insn, c, 1);
	case FORM_IMM16:
		insn->src = reg_opnd(OPND_IMM, 0, 2);
		return take_imm(insn, c, 2);
	case FORM_FAR:
		return build_far(insn, c);
	case FORM_M:
	case FORM_RM16_SRC:
		insn->src = rm_opnd(insn, r->form == FORM_M ?
				    rm_width(r, insn) : 2);
		return 0;
	case FORM_RM16_DST:
		insn->dst = rm_opnd(insn, (insn->modrm >> 6) == 3 ?
				    insn->opsize : 2);
		return 0;
	case FORM_IN_IMM: case FORM_IN_DX:
	case FORM_OUT_IMM: case FORM_OUT_DX:
		return build_port(insn, c, w, r->form);
	case FORM_RM_REG:
		insn->dst = rm_opnd(insn, rm_width(r, insn));
		insn->src = reg_opnd(OPND_REG, regno, rm_width(r, insn));
		return 0;
	case FORM_REG_RM:
		insn->dst = reg_opnd(OPND_REG, regno, w);
		insn->src = rm_opnd(insn, rm_width(r, insn));
		return 0;
	case FORM_RM_IMM:
		insn->dst = rm_opnd(insn, w);
		insn->src = reg_opnd(OPND_IMM, 0, w);
		return take_imm(insn, c, w);
	case FORM_ACC_MOFFS:
	case FORM_MOFFS_ACC:
		return build_moffs(insn, c, w, r->form == FORM_ACC_MOFFS);
	case FORM_SREG_IMPLIED:
		if (r->class == AB_PUSH_SEG)
			insn->src = reg_opnd(OPND_SREG, r->arg, 2);
		else
			insn->dst = reg_opnd(OPND_SREG, r->arg, 2);
		return 0;
	case FORM_SREG_TO_RM:
	case FORM_RM_TO_SREG:
		return build_sreg(insn, r, r->form == FORM_RM_TO_SREG);
	case FORM_CR_TO_REG:
	case FORM_REG_TO_CR:
		return build_crdr(insn, OPND_CR, r->form == FORM_REG_TO_CR);
	case FORM_DR_TO_REG:
	case FORM_REG_TO_DR:
		return build_crdr(insn, OPND_DR, r->form == FORM_REG_TO_DR);
	}
	return -FE_EINVAL;
}

/* 6. insn_decode() */

/*
 * Decode one instruction from bytes[0..avail).  Returns 0 and fills
 * *insn, -FE_E2BIG if the bytes end (or 15 are exceeded) first,
 * -FE_EINVAL for an encoding not in op_table[], -FE_ENOSYS for a known
 * one in a form the IPVMM does not emulate (16-bit addressing).
 */
int insn_decode(struct insn *insn, const u8 *bytes, u32 avail)
{
	struct cursor c = { bytes, 0, avail < INSN_MAX_LEN ?
			    avail : INSN_MAX_LEN };
	const struct op_row *r;
	u32 v;
	int err;

	fe_memset(insn, 0, sizeof(*insn));
	insn->opsize = 4;
	insn->seg_override = SREG_NONE;
	insn->mem.seg = SREG_NONE;
	do {
		err = take_bytes(&c, 1, &v);
		if (err)
			return err;
	} while (take_prefix(insn, v));
	if (v == 0x0f) {
		insn->twobyte = 1;
		err = take_bytes(&c, 1, &v);
		if (err)
			return err;
	}
	insn->opcode = v;
	if (opcode_needs_modrm(insn->twobyte, insn->opcode)) {
		err = take_bytes(&c, 1, &v);
		if (err)
			return err;
		insn->modrm = v;
		insn->has_modrm = 1;
	}
	r = find_row(insn->twobyte, insn->opcode,
		     insn->has_modrm ? insn->modrm : -1);
	if (!r)
		return -FE_EINVAL;
	insn->class = r->class;
	insn->mmio = r->mmio;
	/* 0f 20..23 ignore mod: the operand is always a register. */
	if (insn->has_modrm && (insn->modrm >> 6) != 3 &&
	    !(r->form >= FORM_CR_TO_REG && r->form <= FORM_REG_TO_DR)) {
		err = decode_modrm_mem(insn, &c);
		if (err)
			return err;
	}
	if (insn->addr16 && insn->has_modrm && (insn->modrm >> 6) != 3)
		return -FE_ENOSYS;
	err = build_operands(insn, r, &c);
	if (err)
		return err;
	insn->len = c.pos;
	return 0;
}
