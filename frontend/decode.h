/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/decode.h - the decoded form of the instructions that reach the
 * IPVMM: the sensitive classes recorded at .afterburn sites, and the
 * mov-class instructions a guest uses on MMIO pages.
 *
 * Why a private decoder rather than a general one: the IPVMM decodes
 * only what it emulates, and refusing everything else is the safe
 * default.  32-bit code segments only (the guest contract, ARCHITECTURE
 * §4): operand size 32 unless 0x66, address size 32; a 0x67 prefix is
 * accepted only where no ModRM memory operand is formed (string I/O).
 */
#ifndef BURNVMM_FRONTEND_DECODE_H
#define BURNVMM_FRONTEND_DECODE_H

#include <burnvmm/types.h>
#include <burnvmm/afterburn.h>

#define INSN_MAX_LEN	15	/* the CPU's limit, prefixes included */

/* Segment register numbers, as encoded in ModRM.reg of 8C/8E. */
enum insn_sreg {
	SREG_ES, SREG_CS, SREG_SS, SREG_DS, SREG_FS, SREG_GS, SREG_NONE = 7
};

/* The mov-class operations MMIO emulation handles. */
enum insn_mmio {
	MMIO_NONE,
	MMIO_LOAD,		/* mov mem, reg (zero ext. for movzx) */
	MMIO_LOAD_SX,		/* movsx mem, reg */
	MMIO_STORE,		/* mov reg, mem */
	MMIO_STORE_IMM,		/* mov $imm, mem */
};

/* What an operand is. */
enum opnd_kind {
	OPND_NONE,
	OPND_REG,		/* general register; reg = 0..7 (eax..edi) */
	OPND_MEM,		/* ModRM/moffs memory; see insn.mem */
	OPND_IMM,		/* immediate; see insn.imm */
	OPND_DX,		/* the port in %dx */
	OPND_SREG,		/* segment register; reg = enum insn_sreg */
	OPND_CR,		/* control register; reg = 0..7 */
	OPND_DR,		/* debug register; reg = 0..7 */
	OPND_FAR,		/* ptr16:32 immediate; insn.sel:insn.imm */
};

struct insn_opnd {
	u8 kind;		/* enum opnd_kind */
	u8 reg;			/* register number, kind-dependent */
	u8 width;		/* bytes: 1, 2, 4 (6 for a far pointer) */
};

#define INSN_NO_REG	0xff	/* no base / no index */

/* A memory operand: seg:[base + index * scale + disp]. */
struct insn_mem {
	u8 base;		/* 0..7 or INSN_NO_REG */
	u8 index;		/* 0..7 or INSN_NO_REG */
	u8 scale;		/* 1, 2, 4, 8 */
	u8 seg;			/* enum insn_sreg, default or override */
	u32 disp;
};

struct insn {
	u8 len;			/* total bytes, prefixes included */
	u8 class;		/* enum ab_class, AB_INVALID if not one */
	u8 mmio;		/* enum insn_mmio */
	u8 opsize;		/* 2 or 4 */
	u8 addr16;		/* 0x67 seen (string I/O only) */
	u8 rep;			/* 0, 0xf2 or 0xf3 */
	u8 lock;		/* 0xf0 seen */
	u8 seg_override;	/* enum insn_sreg or SREG_NONE */
	u8 modrm;		/* raw ModRM byte, if any */
	u8 has_modrm;
	u8 opcode;		/* last opcode byte */
	u8 twobyte;		/* opcode was 0f xx */
	struct insn_opnd dst;	/* written operand (or the only one) */
	struct insn_opnd src;	/* read operand */
	struct insn_mem mem;	/* valid if dst or src is OPND_MEM */
	u32 imm;		/* immediate, port number, far offset */
	u16 sel;		/* far pointer selector (OPND_FAR) */
};

/* decode.c: */
int insn_decode(struct insn *insn, const u8 *bytes, u32 avail);

#endif /* BURNVMM_FRONTEND_DECODE_H */
