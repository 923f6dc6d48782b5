/* SPDX-License-Identifier: GPL-2.0 */
/*
 * afterburn/ab.h - private index of the Afterburner's host tools.
 *
 * The tools are one small library plus four front ends:
 *   afterburn        assembly in, afterburnt assembly out (main.c)
 *   afterburn-as     stands in for `as` under gcc -B (as.c)
 *   afterburn-cc     drop-in CC= that runs gcc with afterburn-as (cc.c)
 *   afterburn-sites  lists and verifies the records of an ELF (sites.c)
 *
 * Prototypes are grouped by the file that defines them, as in lguest's
 * lg.h.  The pipeline inside ab_process() runs these passes per line, in
 * this order (each depends on the one before):
 *   1. lex.c      split a physical line into statements, strip labels,
 *                 find comments, strings and the mnemonic
 *   2. insn.c     classify a statement: directive, prefix, instruction
 *                 (with its enum ab_class), macro invocation
 *   3. rewrite.c  track state (sections, .code16, macro bodies,
 *                 .afterburn_noannotate) and emit sites
 */
#ifndef AFTERBURN_AB_H
#define AFTERBURN_AB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <burnvmm/afterburn.h>

#define AB_TOOL "afterburn"

/* Longest physical input line accepted; gas has no limit, we refuse. */
#define AB_MAX_LINE (256 * 1024)
/* Most statements on one physical line (`a; b; c`). */
#define AB_MAX_STMTS 256

/* ---------------------------------------------------------------- buf.c */
struct ab_buf {
	char *data;
	size_t len;
	size_t cap;
};

void ab_buf_add(struct ab_buf *b, const char *s, size_t n);
void ab_buf_puts(struct ab_buf *b, const char *s);
void ab_buf_printf(struct ab_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ab_buf_insert(struct ab_buf *b, size_t at, const char *s, size_t n);
void ab_buf_free(struct ab_buf *b);
int ab_read_file(const char *path, struct ab_buf *b);
int ab_write_file(const char *path, const struct ab_buf *b);

/* ---------------------------------------------------------------- lex.c */
/* One statement of a line: byte offsets into the line. */
struct ab_stmt {
	size_t start;		/* first byte after leading labels/space */
	size_t end;		/* one past the last non-space byte */
	size_t mnem;		/* start of the first word (== start) */
	size_t mnem_len;	/* length of the first word */
};

/* Carries a C comment across lines. */
struct ab_lex {
	bool in_comment;
};

int ab_lex_line(struct ab_lex *lx, const char *line, size_t len,
		struct ab_stmt *stmts, int max, const char **why);
bool ab_is_sym_char(char c);
size_t ab_skip_space(const char *s, size_t i, size_t end);

/* --------------------------------------------------------------- insn.c */
enum ab_kind {
	AB_K_EMPTY,		/* nothing but labels */
	AB_K_DIRECTIVE,		/* .foo */
	AB_K_ASSIGN,		/* sym = expr */
	AB_K_PREFIX,		/* only prefixes: `rep`, `lock`, ... */
	AB_K_INSN,		/* an instruction (maybe unknown to us) */
	AB_K_MNEM_PARAM,	/* first word contains a macro parameter */
};

/* What one statement is, after insn.c looked at it. */
struct ab_insn {
	enum ab_kind kind;
	enum ab_class class;	/* AB_INVALID: not sensitive */
	size_t prefix_len;	/* bytes of leading prefix words */
	size_t mnem;		/* offset of the mnemonic after prefixes */
	size_t mnem_len;
	size_t ops;		/* offset of the operand text */
	/*
	 * mov/push/pop/jmp/call whose operands name a macro parameter:
	 * whether it is sensitive depends on the argument (see rewrite.c).
	 * amb_ops says which operand (0-based) decides.
	 */
	bool ambiguous;
	int amb_op;
	/* Non-NULL: an instruction we refuse to pass, and why. */
	const char *refused;
};

void ab_insn_decode(const char *s, size_t start, size_t end,
		    struct ab_insn *in);
enum ab_class ab_classify_text(const char *text, size_t len);
int ab_split_operands(const char *s, size_t start, size_t end,
		      size_t *beg, size_t *fin, int max);
bool ab_is_directive_known(const char *name, size_t len);

/* ------------------------------------------------------------ decode.c */
/* One decoded 32-bit x86 instruction (only what the tools need). */
struct ab_x86 {
	unsigned int len;	/* total length including prefixes */
	enum ab_class class;	/* AB_INVALID if not sensitive */
	bool nop;		/* a NOP form (90, 66 90, 0f 1f /0, ...) */
};

int ab_x86_decode(const unsigned char *p, size_t avail, struct ab_x86 *out);

/* ------------------------------------------------------------ rewrite.c */
struct ab_opts {
	bool werror;		/* warnings count as errors */
	bool quiet;		/* no warnings on stderr */
	bool silent;		/* no messages at all (fuzzing) */
};

struct ab_stats {
	unsigned long lines;
	unsigned long bytes;
	unsigned long sites[AB_NR_CLASSES];	/* sites emitted per class */
	unsigned long macro_sites;	/* of which inside macro/rept bodies */
	unsigned long arg_sites;	/* rewritten macro arguments */
	unsigned long ambiguous;	/* .ifc-resolved statements */
	unsigned long raw16;		/* sensitive insns left in .code16 */
	unsigned long raw_requested;	/* in .afterburn_noannotate */
	unsigned long warnings;
};

int ab_process(const char *name, const char *in, size_t len,
	       struct ab_buf *out, const struct ab_opts *opts,
	       struct ab_stats *stats);
void ab_stats_print(FILE *f, const char *name, const struct ab_stats *st);

/* ---------------------------------------------------------------- elf.c */
/* An ELF32 section as the tools see it. */
struct ab_elf_sec {
	const char *name;
	unsigned int type;
	unsigned int flags;
	unsigned int addr;
	unsigned int size;
	const unsigned char *data;	/* NULL for SHT_NOBITS */
};

struct ab_elf {
	const char *path;
	unsigned char *image;
	size_t size;
	struct ab_elf_sec *secs;
	unsigned int nsecs;
};

int ab_elf_open(const char *path, struct ab_elf *elf);
void ab_elf_close(struct ab_elf *elf);
const struct ab_elf_sec *ab_elf_find(const struct ab_elf *elf,
				     const char *name);
const struct ab_elf_sec *ab_elf_sec_at(const struct ab_elf *elf,
				       unsigned int addr);

#endif /* AFTERBURN_AB_H */
