// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/insn.c - what is this statement?  Classifies one statement
 * of AT&T i386 assembly: directive, symbol assignment, bare prefix, or
 * instruction, and for an instruction its sensitive class.
 *
 * The tables are the spellings GNU as 2.40 accepts in 32-bit mode
 * (checked with `as --32`; e.g. it rejects pushfd, iretd, insd and a
 * suffixed sysexit).  Mnemonics and registers are case-insensitive in
 * gas, so everything is compared in lower case.
 *
 * Contents:
 *   (i)   the mnemonic table
 *   (ii)  special-register operands (mov/push/pop with %sreg/%crN/%dbN)
 *   (iii) far jmp/call written as `jmp $sel,$off`
 *   (iv)  the directive table (unknown directives are errors)
 */
#include <stdlib.h>
#include <string.h>
#include "ab.h"

/* How the class of a mnemonic is decided. */
enum mkind {
	M_FIXED,	/* the mnemonic alone decides */
	M_MOV,		/* sensitive if an operand is %sreg/%crN/%dbN */
	M_PUSH,		/* sensitive if the operand is %sreg */
	M_POP,
	M_JMP,		/* far if it has two operands */
	M_CALL,
};

struct mnem {
	const char *name;
	enum mkind kind;
	enum ab_class class;
};

/*
 * (i) Every spelling, sorted by name for bsearch().  Opcodes are drawn
 * from the Intel SDM; decode.c has the same list by encoding.
 */
static const struct mnem mnems[] = {
	{ "arpl", M_FIXED, AB_ARPL },		/* 63 /r */
	{ "arplw", M_FIXED, AB_ARPL },
	{ "call", M_CALL, AB_LCALL },		/* 9a ptr16:32 if far */
	{ "calll", M_CALL, AB_LCALL },
	{ "callw", M_CALL, AB_LCALL },
	{ "cli", M_FIXED, AB_CLI },		/* fa */
	{ "clts", M_FIXED, AB_CLTS },		/* 0f 06 */
	{ "cpuid", M_FIXED, AB_CPUID },		/* 0f a2 */
	{ "hlt", M_FIXED, AB_HLT },		/* f4 */
	{ "in", M_FIXED, AB_IN },		/* e4 e5 ec ed */
	{ "inb", M_FIXED, AB_IN },
	{ "inl", M_FIXED, AB_IN },
	{ "ins", M_FIXED, AB_INS },		/* 6c 6d */
	{ "insb", M_FIXED, AB_INS },
	{ "insl", M_FIXED, AB_INS },
	{ "insw", M_FIXED, AB_INS },
	{ "int", M_FIXED, AB_INT },		/* cd ib */
	{ "int3", M_FIXED, AB_INT3 },		/* cc */
	{ "into", M_FIXED, AB_INTO },		/* ce */
	{ "invd", M_FIXED, AB_INVD },		/* 0f 08 */
	{ "invlpg", M_FIXED, AB_INVLPG },	/* 0f 01 /7 mem */
	{ "inw", M_FIXED, AB_IN },
	{ "iret", M_FIXED, AB_IRET },		/* cf */
	{ "iretl", M_FIXED, AB_IRET },
	{ "iretw", M_FIXED, AB_IRET },		/* 66 cf */
	{ "jmp", M_JMP, AB_LJMP },		/* ea ptr16:32 if far */
	{ "jmpl", M_JMP, AB_LJMP },
	{ "jmpw", M_JMP, AB_LJMP },
	{ "lar", M_FIXED, AB_LAR },		/* 0f 02 /r */
	{ "larl", M_FIXED, AB_LAR },
	{ "larw", M_FIXED, AB_LAR },
	{ "lcall", M_FIXED, AB_LCALL },		/* 9a, ff /3 */
	{ "lcalll", M_FIXED, AB_LCALL },
	{ "lcallw", M_FIXED, AB_LCALL },
	{ "lds", M_FIXED, AB_LDS },		/* c5 /r */
	{ "ldsl", M_FIXED, AB_LDS },
	{ "ldsw", M_FIXED, AB_LDS },
	{ "les", M_FIXED, AB_LES },		/* c4 /r */
	{ "lesl", M_FIXED, AB_LES },
	{ "lesw", M_FIXED, AB_LES },
	{ "lfs", M_FIXED, AB_LFS },		/* 0f b4 /r */
	{ "lfsl", M_FIXED, AB_LFS },
	{ "lfsw", M_FIXED, AB_LFS },
	{ "lgdt", M_FIXED, AB_LGDT },		/* 0f 01 /2 */
	{ "lgdtl", M_FIXED, AB_LGDT },
	{ "lgdtw", M_FIXED, AB_LGDT },
	{ "lgs", M_FIXED, AB_LGS },		/* 0f b5 /r */
	{ "lgsl", M_FIXED, AB_LGS },
	{ "lgsw", M_FIXED, AB_LGS },
	{ "lidt", M_FIXED, AB_LIDT },		/* 0f 01 /3 */
	{ "lidtl", M_FIXED, AB_LIDT },
	{ "lidtw", M_FIXED, AB_LIDT },
	{ "ljmp", M_FIXED, AB_LJMP },		/* ea, ff /5 */
	{ "ljmpl", M_FIXED, AB_LJMP },
	{ "ljmpw", M_FIXED, AB_LJMP },
	{ "lldt", M_FIXED, AB_LLDT },		/* 0f 00 /2 */
	{ "lldtw", M_FIXED, AB_LLDT },
	{ "lmsw", M_FIXED, AB_LMSW },		/* 0f 01 /6 */
	{ "lmsww", M_FIXED, AB_LMSW },
	{ "lret", M_FIXED, AB_LRET },		/* cb, ca iw */
	{ "lretl", M_FIXED, AB_LRET },
	{ "lretw", M_FIXED, AB_LRET },
	{ "lsl", M_FIXED, AB_LSL },		/* 0f 03 /r */
	{ "lsll", M_FIXED, AB_LSL },
	{ "lslw", M_FIXED, AB_LSL },
	{ "lss", M_FIXED, AB_LSS },		/* 0f b2 /r */
	{ "lssl", M_FIXED, AB_LSS },
	{ "lssw", M_FIXED, AB_LSS },
	{ "ltr", M_FIXED, AB_LTR },		/* 0f 00 /3 */
	{ "ltrw", M_FIXED, AB_LTR },
	{ "mov", M_MOV, AB_INVALID },		/* 8c 8e 0f 20-23 */
	{ "movl", M_MOV, AB_INVALID },
	{ "movw", M_MOV, AB_INVALID },
	{ "out", M_FIXED, AB_OUT },		/* e6 e7 ee ef */
	{ "outb", M_FIXED, AB_OUT },
	{ "outl", M_FIXED, AB_OUT },
	{ "outs", M_FIXED, AB_OUTS },		/* 6e 6f */
	{ "outsb", M_FIXED, AB_OUTS },
	{ "outsl", M_FIXED, AB_OUTS },
	{ "outsw", M_FIXED, AB_OUTS },
	{ "outw", M_FIXED, AB_OUT },
	{ "pop", M_POP, AB_POP_SEG },		/* 1f 07 17 0f a1 0f a9 */
	{ "popf", M_FIXED, AB_POPF },		/* 9d */
	{ "popfl", M_FIXED, AB_POPF },
	{ "popfw", M_FIXED, AB_POPF },
	{ "popl", M_POP, AB_POP_SEG },
	{ "popw", M_POP, AB_POP_SEG },
	{ "push", M_PUSH, AB_PUSH_SEG },	/* 0e 16 1e 06 0f a0 0f a8 */
	{ "pushf", M_FIXED, AB_PUSHF },		/* 9c */
	{ "pushfl", M_FIXED, AB_PUSHF },
	{ "pushfw", M_FIXED, AB_PUSHF },
	{ "pushl", M_PUSH, AB_PUSH_SEG },
	{ "pushw", M_PUSH, AB_PUSH_SEG },
	{ "rdmsr", M_FIXED, AB_RDMSR },		/* 0f 32 */
	{ "rdpmc", M_FIXED, AB_RDPMC },		/* 0f 33 */
	{ "rdtsc", M_FIXED, AB_RDTSC },		/* 0f 31 */
	{ "rdtscp", M_FIXED, AB_RDTSCP },	/* 0f 01 f9 */
	{ "retf", M_FIXED, AB_LRET },
	{ "sgdt", M_FIXED, AB_SGDT },		/* 0f 01 /0 */
	{ "sgdtl", M_FIXED, AB_SGDT },
	{ "sgdtw", M_FIXED, AB_SGDT },
	{ "sidt", M_FIXED, AB_SIDT },		/* 0f 01 /1 */
	{ "sidtl", M_FIXED, AB_SIDT },
	{ "sidtw", M_FIXED, AB_SIDT },
	{ "sldt", M_FIXED, AB_SLDT },		/* 0f 00 /0 */
	{ "sldtl", M_FIXED, AB_SLDT },
	{ "sldtw", M_FIXED, AB_SLDT },
	{ "smsw", M_FIXED, AB_SMSW },		/* 0f 01 /4 */
	{ "smswl", M_FIXED, AB_SMSW },
	{ "smsww", M_FIXED, AB_SMSW },
	{ "sti", M_FIXED, AB_STI },		/* fb */
	{ "str", M_FIXED, AB_STR },		/* 0f 00 /1 */
	{ "strl", M_FIXED, AB_STR },
	{ "strw", M_FIXED, AB_STR },
	{ "sysenter", M_FIXED, AB_SYSENTER },	/* 0f 34 */
	{ "sysexit", M_FIXED, AB_SYSEXIT },	/* 0f 35 */
	{ "ud2", M_FIXED, AB_UD2 },		/* 0f 0b */
	{ "ud2a", M_FIXED, AB_UD2 },
	{ "verr", M_FIXED, AB_VERR },		/* 0f 00 /4 */
	{ "verrw", M_FIXED, AB_VERR },
	{ "verw", M_FIXED, AB_VERW },		/* 0f 00 /5 */
	{ "verww", M_FIXED, AB_VERW },
	{ "wbinvd", M_FIXED, AB_WBINVD },	/* 0f 09 */
	{ "wrmsr", M_FIXED, AB_WRMSR },		/* 0f 30 */
};

/* Prefix words gas accepts in front of (or instead of) an instruction. */
static const char *const prefixes[] = {
	"addr16", "addr32", "bnd", "cs", "data16", "data32", "ds", "es",
	"fs", "gs", "lock", "notrack", "rep", "repe", "repne", "repnz",
	"repz", "ss", "xacquire", "xrelease",
};

static int cmp_mnem(const void *key, const void *elt)
{
	return strcmp(key, ((const struct mnem *)elt)->name);
}

/* Lower-case copy of s[0..n) into out (size cap); false if too long. */
static bool lower_word(const char *s, size_t n, char *out, size_t cap)
{
	size_t i;

	if (n + 1 > cap)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	return true;
}

static const struct mnem *find_mnem(const char *s, size_t n)
{
	char w[16];

	if (!lower_word(s, n, w, sizeof(w)))
		return NULL;
	return bsearch(w, mnems, sizeof(mnems) / sizeof(mnems[0]),
		       sizeof(mnems[0]), cmp_mnem);
}

static bool is_prefix_word(const char *s, size_t n)
{
	char w[16];
	size_t i;

	/* Pseudo prefixes: {disp8} {disp32} {load} {store} {vex} ... */
	if (n >= 2 && s[0] == '{' && s[n - 1] == '}')
		return true;
	if (!lower_word(s, n, w, sizeof(w)))
		return false;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strcmp(w, prefixes[i]))
			return true;
	return false;
}

/*
 * Split s[start..end) at top-level commas (not inside parentheses or
 * strings).  Stores trimmed operand bounds; returns the number of
 * operands (0 for empty text), at most max.
 */
int ab_split_operands(const char *s, size_t start, size_t end,
		      size_t *beg, size_t *fin, int max)
{
	size_t i = ab_skip_space(s, start, end), from = i;
	int depth = 0, n = 0;

	if (i >= end)
		return 0;
	for (; i <= end; i++) {
		if (i < end && s[i] == '"') {
			for (i++; i < end && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			continue;
		}
		if (i < end && s[i] == '(')
			depth++;
		else if (i < end && s[i] == ')' && depth)
			depth--;
		if (i == end || (s[i] == ',' && !depth)) {
			size_t e = i;

			if (n == max)
				return n;
			from = ab_skip_space(s, from, e);
			while (e > from && (s[e - 1] == ' ' || s[e - 1] == '\t'))
				e--;
			beg[n] = from;
			fin[n] = e;
			n++;
			from = i + 1;
		}
	}
	return n;
}

/* (ii) What kind of register an operand names. */
enum reg_kind { R_NONE, R_SEG, R_CR, R_DR, R_TR };

static enum reg_kind reg_kind(const char *s, size_t b, size_t e)
{
	char w[8];

	if (e - b < 3 || s[b] != '%' || !lower_word(s + b + 1, e - b - 1, w,
						     sizeof(w)))
		return R_NONE;
	if (strlen(w) == 2 && w[1] == 's' && strchr("cdefgs", w[0]))
		return R_SEG;
	if (!strncmp(w, "cr", 2) && w[2] >= '0' && w[2] <= '9')
		return R_CR;
	if ((!strncmp(w, "db", 2) || !strncmp(w, "dr", 2)) &&
	    w[2] >= '0' && w[2] <= '9')
		return R_DR;
	if (!strncmp(w, "tr", 2) && w[2] >= '0' && w[2] <= '9')
		return R_TR;
	return R_NONE;
}

/*
 * An operand that names a macro parameter in register position (`\reg`,
 * `%\seg`): it may turn out to be a special register.  `$\imm` and
 * `\off(%esp)` cannot.
 */
static bool maybe_param_reg(const char *s, size_t b, size_t e)
{
	return e > b && s[b] != '$' && memchr(s + b, '\\', e - b) &&
	       !memchr(s + b, '(', e - b);
}

static enum ab_class mov_class(enum reg_kind src, enum reg_kind dst)
{
	if (src == R_SEG)
		return AB_MOV_FROM_SEG;
	if (dst == R_SEG)
		return AB_MOV_TO_SEG;
	if (src == R_CR)
		return AB_MOV_FROM_CR;
	if (dst == R_CR)
		return AB_MOV_TO_CR;
	if (src == R_DR)
		return AB_MOV_FROM_DR;
	if (dst == R_DR)
		return AB_MOV_TO_DR;
	return AB_INVALID;
}

/* Decide the class of mov/push/pop/jmp/call from the operands. */
static void operand_class(const char *s, const struct mnem *m,
			  size_t ops, size_t end, struct ab_insn *in)
{
	size_t b[3], e[3];
	int n = ab_split_operands(s, ops, end, b, e, 3);
	enum reg_kind k0 = n > 0 ? reg_kind(s, b[0], e[0]) : R_NONE;
	enum reg_kind k1 = n > 1 ? reg_kind(s, b[1], e[1]) : R_NONE;
	int i;

	switch (m->kind) {
	case M_MOV:
		if (n != 2)
			return;
		in->class = mov_class(k0, k1);
		if (k0 == R_TR || k1 == R_TR)
			in->refused = "mov to/from a test register (%trN) cannot be virtualized";
		break;
	case M_PUSH:
	case M_POP:
		if (n == 1 && k0 == R_SEG)
			in->class = m->class;
		break;
	case M_JMP:
	case M_CALL:
		/* (iii) `jmp $sel, $off` is gas's other spelling of ljmp. */
		if (n == 2)
			in->class = m->class;
		return;
	default:
		return;
	}
	if (in->class != AB_INVALID)
		return;
	for (i = 0; i < n; i++) {
		if (maybe_param_reg(s, b[i], e[i])) {
			in->ambiguous = true;
			in->amb_op = i;
			return;
		}
	}
}

static bool is_int3_operand(const char *s, size_t b, size_t e)
{
	size_t ob[2], oe[2];
	char *endp, buf[16];
	int n = ab_split_operands(s, b, e, ob, oe, 2);

	if (n != 1 || oe[0] - ob[0] >= sizeof(buf) || s[ob[0]] != '$')
		return false;
	memcpy(buf, s + ob[0] + 1, oe[0] - ob[0] - 1);
	buf[oe[0] - ob[0] - 1] = '\0';
	return strtol(buf, &endp, 0) == 3 && !*endp && endp != buf;
}

/* Classify statement s[start..end) (already lexed, labels skipped). */
void ab_insn_decode(const char *s, size_t start, size_t end,
		    struct ab_insn *in)
{
	size_t i = start, w;
	const struct mnem *m;

	memset(in, 0, sizeof(*in));
	if (start >= end) {
		in->kind = AB_K_EMPTY;
		return;
	}
	/* `sym = expr`, `sym == expr`, `.L1=3` */
	for (w = i; w < end && ab_is_sym_char(s[w]); w++)
		;
	if (w > i && ab_skip_space(s, w, end) < end &&
	    s[ab_skip_space(s, w, end)] == '=') {
		in->kind = AB_K_ASSIGN;
		return;
	}
	if (s[i] == '.') {
		in->kind = AB_K_DIRECTIVE;
		in->mnem = i;
		for (w = i; w < end && s[w] != ' ' && s[w] != '\t'; w++)
			;
		in->mnem_len = w - i;
		in->ops = w;
		return;
	}
	for (;;) {
		for (w = i; w < end && s[w] != ' ' && s[w] != '\t'; w++)
			;
		if (!is_prefix_word(s + i, w - i))
			break;
		i = ab_skip_space(s, w, end);
		if (i >= end) {
			in->kind = AB_K_PREFIX;
			return;
		}
	}
	in->prefix_len = i - start;
	in->mnem = i;
	in->mnem_len = w - i;
	in->ops = w;
	if (memchr(s + i, '\\', w - i)) {
		in->kind = AB_K_MNEM_PARAM;
		return;
	}
	in->kind = AB_K_INSN;
	m = find_mnem(s + i, w - i);
	if (!m)
		return;
	if (m->kind == M_FIXED)
		in->class = m->class;
	else
		operand_class(s, m, w, end, in);
	/* gas assembles `int $3` as the one-byte int3 (cc) */
	if (in->class == AB_INT && is_int3_operand(s, w, end))
		in->class = AB_INT3;
}

/*
 * Class of the first sensitive instruction in free text (a macro
 * argument or a substituted statement); AB_INVALID if none.
 */
enum ab_class ab_classify_text(const char *text, size_t len)
{
	struct ab_stmt st[AB_MAX_STMTS];
	struct ab_lex lx = { 0 };
	const char *why;
	char *copy = strndup(text, len);
	enum ab_class c = AB_INVALID;
	int n, k;

	if (!copy)
		return AB_INVALID;
	n = ab_lex_line(&lx, copy, len, st, AB_MAX_STMTS, &why);
	for (k = 0; k < n && c == AB_INVALID; k++) {
		struct ab_insn in;

		ab_insn_decode(copy, st[k].start, st[k].end, &in);
		if (in.kind == AB_K_INSN)
			c = in.class;
	}
	free(copy);
	return c;
}

/*
 * (iv) Directives of GNU as 2.40 for i386 ELF.  A directive outside this
 * list is an error: gas would reject it too, and a directive we do not
 * know might change something we track (mode, section, macro scope).
 * .cfi_* is matched as a family.
 */
static const char *const directives[] = {
	".2byte", ".4byte", ".8byte", ".abort", ".align", ".altmacro",
	".arch", ".ascii", ".asciz", ".att_mnemonic", ".att_syntax",
	".attach_to_group", ".balign", ".balignl", ".balignw", ".bfloat16",
	".bss", ".bundle_align_mode", ".bundle_lock", ".bundle_unlock",
	".byte", ".code16", ".code16gcc", ".code32", ".code64", ".comm",
	".data", ".dc", ".dc.a", ".dc.b", ".dc.d", ".dc.l", ".dc.s",
	".dc.w", ".dc.x", ".dcb", ".dcb.b", ".dcb.d", ".dcb.l", ".dcb.s",
	".dcb.w", ".dcb.x", ".debug_sfix", ".def", ".desc", ".dim",
	".double", ".ds", ".ds.b", ".ds.d", ".ds.l", ".ds.p", ".ds.s",
	".ds.w", ".ds.x", ".eject", ".else", ".elsec", ".elseif", ".end",
	".endef", ".endfunc", ".endif", ".endm", ".endr", ".equ", ".equiv",
	".eqv", ".err", ".error", ".exitm", ".extern", ".fail", ".file",
	".fill", ".float", ".func", ".global", ".globl", ".gnu_attribute",
	".hfloat", ".hidden", ".hword", ".ident", ".if", ".ifb", ".ifc",
	".ifdef", ".ifeq", ".ifeqs", ".ifge", ".ifgt", ".ifle", ".iflt",
	".ifnb", ".ifnc", ".ifndef", ".ifne", ".ifnes", ".ifnotdef",
	".incbin", ".include", ".insn", ".int", ".intel_mnemonic",
	".intel_syntax", ".internal", ".irp", ".irpc", ".largecomm",
	".lcomm", ".lflags", ".line", ".linefile", ".linkonce", ".list",
	".ln", ".loc", ".loc_mark_labels", ".local", ".long", ".macro",
	".mri", ".noaltmacro", ".nolist", ".nop", ".nops", ".octa",
	".offset", ".optim", ".org", ".p2align", ".p2alignl", ".p2alignw",
	".popsection", ".previous", ".print", ".protected", ".psize",
	".purgem", ".pushsection", ".quad", ".reloc", ".rept", ".rva",
	".sbttl", ".scl", ".section", ".set", ".short", ".single",
	".size", ".skip", ".sleb128", ".slong", ".space", ".sse_check",
	".operand_check", ".stabd", ".stabn", ".stabs", ".string",
	".string16", ".string32", ".string64", ".string8", ".struct",
	".subsection", ".symver", ".tag", ".tc", ".text", ".tfloat",
	".title", ".tls_common", ".type", ".uleb128", ".val", ".value",
	".version", ".vtable_entry", ".vtable_inherit", ".warning",
	".weak", ".weakref", ".word", ".zero",
};

bool ab_is_directive_known(const char *name, size_t len)
{
	char w[32];
	size_t i;

	if (!lower_word(name, len, w, sizeof(w)))
		return false;
	if (!strncmp(w, ".cfi_", 5) || !strncmp(w, ".cv_", 4))
		return true;
	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (!strcmp(w, directives[i]))
			return true;
	return false;
}
