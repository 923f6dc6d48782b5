/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm/afterburn.h - the .afterburn site record and the sensitive
 * instruction classes, shared by the Afterburner (build host), burnctl
 * (reads the records from the guest ELF) and the IPVMM (rewrites the
 * sites in guest memory).
 *
 * Why one header: the three parts must agree bit for bit on the record
 * layout, on the class numbers and on how much room a site has.  It is
 * plain C with no library dependencies, so it compiles as freestanding
 * 32-bit code, inside the kernel and in host tools alike.
 *
 * The record.  For every sensitive instruction it finds, `afterburn`
 * emits the instruction unchanged, then NOP padding (0x90 bytes), and
 * appends one struct ab_site to the ELF section ".afterburn":
 *
 *	start ─▶ [prefixes] opcode operands   0x90 0x90 ...  ◀─ end
 *	         └── the original instruction ┘└─ padding ─┘
 *
 * The section is NOT allocated (flags ""): it is not part of the guest's
 * memory image, so the kernel's layout and the bare-metal bzImage are
 * unchanged; burnctl reads it from the ELF file and hands it to the
 * IPVMM.  Records are written by the assembler as `.long start, end,
 * class`, so the linker resolves them to final (link-time virtual)
 * addresses.  Records of different objects are concatenated in link
 * order; nothing is sorted.
 */
#ifndef BURNVMM_AFTERBURN_H
#define BURNVMM_AFTERBURN_H

#include <burnvmm/types.h>

/* Name of the ELF section that holds the struct ab_site array. */
#define AB_SECTION ".afterburn"

/*
 * One site.  All fields little-endian 32-bit, the section is 4-aligned
 * and its size a multiple of sizeof(struct ab_site) (12 bytes).
 *   start  link-time virtual address of the first byte of the original
 *          instruction (its first prefix, if any)
 *   end    address one past the last padding byte; end - start is the
 *          room the IPVMM may overwrite, always >= ab_site_size(class)
 *   class  enum ab_class; 0 is never valid (catches zeroed memory)
 */
struct ab_site {
	u32 start;
	u32 end;
	u32 class;
};

/*
 * Instruction classes.  The numbers are ABI: append only.  The AT&T
 * spellings each class covers are listed in docs/afterburn.md.
 */
enum ab_class {
	AB_INVALID = 0,
	AB_CLI,			/* cli */
	AB_STI,			/* sti */
	AB_PUSHF,		/* pushf pushfl pushfw */
	AB_POPF,		/* popf popfl popfw */
	AB_IRET,		/* iret iretl iretw */
	AB_LRET,		/* lret lretl lretw, with or without $imm16 */
	AB_LJMP,		/* ljmp $sel,$off / ljmp *mem / jmp $sel,$off */
	AB_LCALL,		/* lcall $sel,$off / lcall *mem / call $s,$o */
	AB_HLT,			/* hlt */
	AB_IN,			/* in inb inw inl, port $imm8 or (%dx) */
	AB_OUT,			/* out outb outw outl */
	AB_INS,			/* ins insb insw insl (with any rep) */
	AB_OUTS,		/* outs outsb outsw outsl (with any rep) */
	AB_INT,			/* int $n */
	AB_INT3,		/* int3 */
	AB_INTO,		/* into */
	AB_LGDT,		/* lgdt lgdtl lgdtw */
	AB_LIDT,		/* lidt lidtl lidtw */
	AB_LLDT,		/* lldt */
	AB_LTR,			/* ltr */
	AB_SGDT,		/* sgdt sgdtl sgdtw */
	AB_SIDT,		/* sidt sidtl sidtw */
	AB_SLDT,		/* sldt */
	AB_STR,			/* str */
	AB_SMSW,		/* smsw */
	AB_LMSW,		/* lmsw */
	AB_CLTS,		/* clts */
	AB_INVLPG,		/* invlpg */
	AB_INVD,		/* invd */
	AB_WBINVD,		/* wbinvd */
	AB_RDMSR,		/* rdmsr */
	AB_WRMSR,		/* wrmsr */
	AB_CPUID,		/* cpuid */
	AB_RDTSC,		/* rdtsc */
	AB_RDTSCP,		/* rdtscp */
	AB_RDPMC,		/* rdpmc */
	AB_LDS,			/* lds: load far pointer into %ds:reg */
	AB_LES,			/* les */
	AB_LFS,			/* lfs */
	AB_LGS,			/* lgs */
	AB_LSS,			/* lss */
	AB_LAR,			/* lar */
	AB_LSL,			/* lsl */
	AB_VERR,		/* verr */
	AB_VERW,		/* verw */
	AB_ARPL,		/* arpl */
	AB_SYSENTER,		/* sysenter */
	AB_SYSEXIT,		/* sysexit */
	AB_UD2,			/* ud2 ud2a, also `.byte 0x0f,0x0b` */
	AB_MOV_FROM_SEG,	/* mov %sreg, reg/mem */
	AB_MOV_TO_SEG,		/* mov reg/mem, %sreg */
	AB_PUSH_SEG,		/* push %cs/%ss/%ds/%es/%fs/%gs */
	AB_POP_SEG,		/* pop %ss/%ds/%es/%fs/%gs */
	AB_MOV_FROM_CR,		/* mov %crN, reg */
	AB_MOV_TO_CR,		/* mov reg, %crN */
	AB_MOV_FROM_DR,		/* mov %dbN, reg (also spelt %drN) */
	AB_MOV_TO_DR,		/* mov reg, %dbN */
	AB_NR_CLASSES
};

/*
 * The one pad table.  ab_site_size() is the smallest site (original
 * instruction + padding) the Afterburner produces for a class; the
 * assembler computes the padding as max(0, size - instruction length),
 * so a long encoding gets fewer NOPs and never fewer bytes than this.
 * Each size is the longest replacement the IPVMM is planned to write
 * over the site:
 *
 *   5  `call rel32` (E8 + 4) to a per-site stub in the IPVMM window.
 *      The stub is generated at rewrite time from the decoded original
 *      instruction, so operand set-up (port number, register, memory
 *      operand address, far pointer) lives in the stub, not in the
 *      site.  iret/lret/ljmp/sysexit use `jmp rel32` (E9 + 4), same size.
 *   6  mov %crN/%dbN, %r32 -> `mov abs32, %r32` (8B /r disp32): a read of
 *      the virtual register done inline, no call.
 *      push %sreg -> `pushl abs32` (FF /6 disp32): pushes the virtual
 *      selector inline.
 *   7  cli -> `movb $0, abs32` (C6 05 disp32 imm8): clear the virtual
 *      IF inline, the hottest sensitive operation of a kernel.
 *      mov %sreg, %r16/%r32 -> `movzwl abs32, %r32` (0F B7 /r disp32):
 *      inline read of the virtual selector.
 *   1  int $n, int3, into, ud2: no replacement.  They always trap into
 *      the monitor through the host's IDT (whose gates the guest cannot
 *      use directly), so the site is recorded for the IPVMM's bookkeeping
 *      and the scan, with no padding.  Padding would also break Linux:
 *      its return-stack-buffer stuffing sequence is 32 `call; int3`
 *      pairs inside an ALTERNATIVE, whose length field is one byte.
 */
static inline unsigned int ab_site_size(enum ab_class class)
{
	switch (class) {
	case AB_CLI:
	case AB_MOV_FROM_SEG:
		return 7;
	case AB_MOV_FROM_CR:
	case AB_MOV_FROM_DR:
	case AB_PUSH_SEG:
		return 6;
	case AB_INT:
	case AB_INT3:
	case AB_INTO:
	case AB_UD2:
		return 1;
	case AB_INVALID:
	case AB_NR_CLASSES:
		return 0;
	default:
		return 5;
	}
}

/* Printable class name (the canonical AT&T mnemonic), "?" if invalid. */
static inline const char *ab_class_name(enum ab_class class)
{
	switch (class) {
	case AB_CLI: return "cli";
	case AB_STI: return "sti";
	case AB_PUSHF: return "pushf";
	case AB_POPF: return "popf";
	case AB_IRET: return "iret";
	case AB_LRET: return "lret";
	case AB_LJMP: return "ljmp";
	case AB_LCALL: return "lcall";
	case AB_HLT: return "hlt";
	case AB_IN: return "in";
	case AB_OUT: return "out";
	case AB_INS: return "ins";
	case AB_OUTS: return "outs";
	case AB_INT: return "int";
	case AB_INT3: return "int3";
	case AB_INTO: return "into";
	case AB_LGDT: return "lgdt";
	case AB_LIDT: return "lidt";
	case AB_LLDT: return "lldt";
	case AB_LTR: return "ltr";
	case AB_SGDT: return "sgdt";
	case AB_SIDT: return "sidt";
	case AB_SLDT: return "sldt";
	case AB_STR: return "str";
	case AB_SMSW: return "smsw";
	case AB_LMSW: return "lmsw";
	case AB_CLTS: return "clts";
	case AB_INVLPG: return "invlpg";
	case AB_INVD: return "invd";
	case AB_WBINVD: return "wbinvd";
	case AB_RDMSR: return "rdmsr";
	case AB_WRMSR: return "wrmsr";
	case AB_CPUID: return "cpuid";
	case AB_RDTSC: return "rdtsc";
	case AB_RDTSCP: return "rdtscp";
	case AB_RDPMC: return "rdpmc";
	case AB_LDS: return "lds";
	case AB_LES: return "les";
	case AB_LFS: return "lfs";
	case AB_LGS: return "lgs";
	case AB_LSS: return "lss";
	case AB_LAR: return "lar";
	case AB_LSL: return "lsl";
	case AB_VERR: return "verr";
	case AB_VERW: return "verw";
	case AB_ARPL: return "arpl";
	case AB_SYSENTER: return "sysenter";
	case AB_SYSEXIT: return "sysexit";
	case AB_UD2: return "ud2";
	case AB_MOV_FROM_SEG: return "mov-from-seg";
	case AB_MOV_TO_SEG: return "mov-to-seg";
	case AB_PUSH_SEG: return "push-seg";
	case AB_POP_SEG: return "pop-seg";
	case AB_MOV_FROM_CR: return "mov-from-cr";
	case AB_MOV_TO_CR: return "mov-to-cr";
	case AB_MOV_FROM_DR: return "mov-from-dr";
	case AB_MOV_TO_DR: return "mov-to-dr";
	default: return "?";
	}
}

#endif /* BURNVMM_AFTERBURN_H */
