// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/rewrite.c - the Afterburner proper: copy assembly through,
 * turning every sensitive instruction into a site.
 *
 * A site is the instruction unchanged, NOP padding up to the class's
 * ab_site_size(), and one record in .afterburn.  All of it is written on
 * the instruction's own line, separated by ';', so line numbers (and
 * with them gas's messages and the DWARF line table of a .S file) stay
 * exactly as they were:
 *
 *	cli	# irqs off
 * becomes
 *	7701:cli;.nops -(((7)-(.-7701b))>0)*((7)-(.-7701b)),1;7702:
 *	.pushsection .afterburn;.long 7701b,7702b,1;.popsection	# irqs off
 *
 * (one line in reality).  The .nops count is max(0, size - length), in
 * one-byte NOPs (0x90): the assembler knows the encoded length, we do
 * not need to, and a zero count is silently nothing.
 *
 * Contents:
 *   (i)    diagnostics and edits
 *   (ii)   site text
 *   (iii)  sections and .code16 regions
 *   (iv)   instructions: plain, after a bare prefix, `.byte` encoded,
 *          and ambiguous ones inside macro bodies
 *   (v)    directives
 *   (vi)   lines and the whole file
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rw.h"

/* ------------------------------------------ (i) diagnostics and edits */

/*
 * One format for every message: `file:line: error|warning: afterburn:
 * text`.  file:line is the original source when cpp or gcc left line
 * markers (`# 12 "foo.S"`), else the input itself.
 */
void rw_diag(struct rw *rw, bool error, const char *fmt, ...)
{
	bool logical = rw->lfile && rw->lfile[0];
	va_list ap;

	if (!error) {
		rw->st->warnings++;
		if (rw->opts->werror)
			error = true;
		else if (rw->opts->quiet)
			return;
	}
	if (error && ++rw->errors > RW_MAX_ERRORS)
		return;
	if (rw->opts->silent)
		return;
	fprintf(stderr, "%s:%lu: %s: %s: ", logical ? rw->lfile : rw->name,
		logical ? rw->lline : rw->line, error ? "error" : "warning",
		AB_TOOL);
	if (!logical && rw->srcfile)
		fprintf(stderr, "(compiled from %s) ", rw->srcfile);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (error && rw->errors == RW_MAX_ERRORS && !rw->opts->silent)
		fprintf(stderr, "%s: %s: too many errors, giving up\n",
			rw->name, AB_TOOL);
}

char *rw_strndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	return p;
}

/* Queue "replace [at, at+del) by text" (text is taken over). */
void rw_add_edit(struct rw_edits *ed, size_t at, size_t del, char *text)
{
	int i;

	if (ed->n == ed->cap) {
		int cap = ed->cap ? ed->cap * 2 : 16;
		struct rw_edit *e = realloc(ed->e, cap * sizeof(*e));

		if (!e) {
			fprintf(stderr, "%s: out of memory\n", AB_TOOL);
			exit(1);
		}
		ed->e = e;
		ed->cap = cap;
	}
	/* keep sorted by offset, stable for equal offsets */
	for (i = ed->n; i > 0 && ed->e[i - 1].at > at; i--)
		ed->e[i] = ed->e[i - 1];
	ed->e[i].at = at;
	ed->e[i].del = del;
	ed->e[i].text = text;
	ed->n++;
}

/*
 * Copy src[0..len) to out applying the edits.  If anchor is not NULL,
 * *anchor receives the output offset of source offset anchor_at (after
 * insertions at that offset).
 */
static void apply_edits(struct rw_edits *ed, const char *src, size_t len,
			struct ab_buf *out, size_t anchor_at, size_t *anchor)
{
	size_t pos = 0;
	int i;

	for (i = 0; i < ed->n; i++) {
		struct rw_edit *e = &ed->e[i];

		if (e->at < pos)
			continue;	/* overlaps an earlier deletion */
		if (anchor && anchor_at >= pos && anchor_at < e->at) {
			ab_buf_add(out, src + pos, anchor_at - pos);
			pos = anchor_at;
			*anchor = out->len;
			anchor = NULL;
		}
		ab_buf_add(out, src + pos, e->at - pos);
		ab_buf_puts(out, e->text);
		pos = e->at + e->del;
	}
	if (anchor && anchor_at >= pos) {
		ab_buf_add(out, src + pos, anchor_at - pos);
		pos = anchor_at;
		*anchor = out->len;
	}
	ab_buf_add(out, src + pos, len - pos);
	for (i = 0; i < ed->n; i++)
		free(ed->e[i].text);
	ed->n = 0;
}

/* ---------------------------------------------------- (ii) site text */

char *rw_label_text(void)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d:", RW_LABEL_START);
	return rw_strndup(buf, strlen(buf));
}

/*
 * What follows the instruction: padding, end label, record.  size and
 * class are strings so that the ambiguous case can pass symbols.
 */
char *rw_tail_text(const char *size, const char *class)
{
	char *t;

	if (asprintf(&t, ";.nops -(((%s)-(.-%db))>0)*((%s)-(.-%db)),1;"
		     "%d:.pushsection %s;.long %db,%db,%s;.popsection",
		     size, RW_LABEL_START, size, RW_LABEL_START, RW_LABEL_END,
		     AB_SECTION, RW_LABEL_START, RW_LABEL_END, class) < 0) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	return t;
}

static char *site_tail(enum ab_class class)
{
	char size[16], cls[16];

	snprintf(size, sizeof(size), "%u", ab_site_size(class));
	snprintf(cls, sizeof(cls), "%u", (unsigned int)class);
	return rw_tail_text(size, cls);
}

bool rw_in_macro_body(const struct rw *rw)
{
	return rw->nbodies > 0;
}

static void count_site(struct rw *rw, enum ab_class class)
{
	rw->st->sites[class]++;
	if (rw_in_macro_body(rw))
		rw->st->macro_sites++;
	rw->emitted_site = true;
}

/* ------------------------------- (iii) sections and .code16 regions */

static bool default_exec(const char *name)
{
	size_t n = strlen(name);

	return !strncmp(name, ".text", 5) ||
	       (n >= 5 && !strcmp(name + n - 5, ".text")) ||
	       !strcmp(name, ".fixup") ||
	       !strcmp(name, ".altinstr_replacement");
}

static void parse_section(struct rw *rw, const char *s, size_t b, size_t e,
			  struct rw_section *sec)
{
	size_t i = ab_skip_space(s, b, e), n0, f;

	if (i < e && s[i] == '"') {
		n0 = ++i;
		while (i < e && s[i] != '"')
			i++;
	} else {
		n0 = i;
		while (i < e && s[i] != ',' && s[i] != ' ' && s[i] != '\t')
			i++;
	}
	snprintf(sec->name, sizeof(sec->name), "%.*s", (int)(i - n0), s + n0);
	if (!strcmp(sec->name, AB_SECTION))
		rw_diag(rw, true, "input already has a %s section (afterburnt "
			"twice?)", AB_SECTION);
	sec->exec = default_exec(sec->name);
	f = i;
	while (f < e && s[f] != ',')
		f++;
	f = ab_skip_space(s, f + 1, e);
	if (f < e && s[f] == '"') {
		sec->exec = false;
		for (f++; f < e && s[f] != '"'; f++)
			if (s[f] == 'x')
				sec->exec = true;
	}
}

static void section_directive(struct rw *rw, const char *d, const char *s,
			      size_t b, size_t e)
{
	struct rw_section *top = &rw->sects[rw->nsects - 1];
	struct rw_section sec = { ".text", true };

	if (!strcmp(d, ".popsection")) {
		if (rw->nsects > 1)
			rw->nsects--;
		return;
	}
	if (!strcmp(d, ".previous")) {
		sec = *top;
		*top = rw->prev_sect;
		rw->prev_sect = sec;
		return;
	}
	if (!strcmp(d, ".data") || !strcmp(d, ".bss")) {
		snprintf(sec.name, sizeof(sec.name), "%s", d);
		sec.exec = false;
	} else if (strcmp(d, ".text")) {
		parse_section(rw, s, b, e, &sec);
	}
	if (!strcmp(d, ".pushsection")) {
		if (rw->nsects == RW_MAX_NEST) {
			rw_diag(rw, true, ".pushsection nested too deeply");
			return;
		}
		rw->prev_sect = *top;
		rw->sects[rw->nsects++] = sec;
		return;
	}
	rw->prev_sect = *top;
	*top = sec;
}

static void code16_end(struct rw *rw)
{
	if (rw->mode == 16 && rw->code16_raw)
		rw_diag(rw, false, ".code16 region from line %lu left raw: "
			"%lu sensitive instruction(s) not annotated",
			rw->code16_line, rw->code16_raw);
	rw->mode = 32;
}

/* --------------------------------------------------- (iv) instructions */

/* Turn [at, end) into a site; at may be a bare prefix on this line. */
static void emit_site(struct rw *rw, struct rw_edits *ed, size_t at,
		      size_t end, enum ab_class class)
{
	if (rw->pend_prefix && !rw->pend_same_line && ed == &rw->edits) {
		/* the prefix is on an earlier line, already in the output */
		char *l = rw_label_text();

		ab_buf_insert(rw->out, rw->pend_off, l, strlen(l));
		free(l);
	} else {
		rw_add_edit(ed, rw->pend_prefix ? rw->pend_off : at, 0,
			    rw_label_text());
	}
	rw_add_edit(ed, end, 0, site_tail(class));
	rw->pend_prefix = false;
	count_site(rw, class);
}

/* Registers an ambiguous operand may turn out to be, and their class. */
struct cand {
	const char *reg;
	bool seg, cr, dr;
};

#define SEG(r) { r, true, false, false }
#define CR(r) { r, false, true, false }
#define DR(r) { r, false, false, true }
static const struct cand cands[] = {
	SEG("cs"), SEG("ds"), SEG("es"), SEG("fs"), SEG("gs"), SEG("ss"),
	CR("cr0"), CR("cr2"), CR("cr3"), CR("cr4"), CR("cr8"),
	DR("db0"), DR("db1"), DR("db2"), DR("db3"), DR("db6"), DR("db7"),
	DR("dr0"), DR("dr1"), DR("dr2"), DR("dr3"), DR("dr6"), DR("dr7"),
};
#undef SEG
#undef CR
#undef DR

static enum ab_class cand_class(const struct cand *c, char kind, int op)
{
	if (kind == 'u')
		return c->seg ? AB_PUSH_SEG : AB_INVALID;
	if (kind == 'o')
		return c->seg ? AB_POP_SEG : AB_INVALID;
	if (c->seg)
		return op ? AB_MOV_TO_SEG : AB_MOV_FROM_SEG;
	if (c->cr)
		return op ? AB_MOV_TO_CR : AB_MOV_FROM_CR;
	return op ? AB_MOV_TO_DR : AB_MOV_FROM_DR;
}

/* `.ifc X,%reg;` tests setting .L__ab_c/.L__ab_z for one operand. */
static void ifc_chain(struct ab_buf *b, const char *x, size_t xl,
		      char kind, int op)
{
	size_t i, k;
	int up;

	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		enum ab_class c = cand_class(&cands[i], kind, op);
		char reg[8];

		if (c == AB_INVALID)
			continue;
		/* gas register names ignore case; .ifc does not */
		for (up = 0; up < 2; up++) {
			for (k = 0; cands[i].reg[k] && k + 1 < sizeof(reg); k++) {
				char ch = cands[i].reg[k];

				reg[k] = (char)(up && ch >= 'a' && ch <= 'z' ?
						ch - 'a' + 'A' : ch);
			}
			reg[k] = '\0';
			ab_buf_printf(b, ".ifc %.*s,%%%s;.L__ab_c=%u;"
				      ".L__ab_z=%u;.endif;", (int)xl, x, reg,
				      (unsigned int)c, ab_site_size(c));
		}
	}
}

/*
 * A mov/push/pop in a macro or .irp body whose operand is a parameter:
 * `pushl \reg`.  Whether it is sensitive is only known when gas expands
 * the body, so let gas decide: compare the operand with every special
 * register (.ifc, both cases) and assemble either a site or the plain
 * instruction.
 */
static void ambiguous_site(struct rw *rw, struct rw_edits *ed, const char *s,
			   const struct ab_insn *in, size_t start, size_t end)
{
	struct ab_buf b = { 0 };
	size_t ob[3], oe[3];
	char kind = 'm', *tail;
	int n = ab_split_operands(s, in->ops, end, ob, oe, 3), i;

	if (!strncasecmp(s + in->mnem, "push", 4))
		kind = 'u';
	else if (!strncasecmp(s + in->mnem, "pop", 3))
		kind = 'o';
	ab_buf_puts(&b, ".L__ab_c=0;.L__ab_z=0;");
	for (i = in->amb_op; i < n; i++)
		if (memchr(s + ob[i], '\\', oe[i] - ob[i]) && s[ob[i]] != '$')
			ifc_chain(&b, s + ob[i], oe[i] - ob[i], kind, i);
	ab_buf_printf(&b, ".if .L__ab_c;%d:%.*s", RW_LABEL_START,
		      (int)(end - start), s + start);
	tail = rw_tail_text(".L__ab_z", ".L__ab_c");
	ab_buf_puts(&b, tail);
	free(tail);
	ab_buf_printf(&b, ";.else;%.*s;.endif", (int)(end - start), s + start);
	rw_add_edit(ed, start, end - start, b.data);
	rw->st->ambiguous++;
	rw->emitted_site = true;
}

/* Parse `.byte` operands that are all plain numbers; -1 if any is not. */
static int byte_values(const char *s, size_t b, size_t e,
		       unsigned char *v, int max)
{
	size_t ob[16], oe[16];
	int n = ab_split_operands(s, b, e, ob, oe, 16), i;

	if (n < 1 || n > max)
		return -1;
	for (i = 0; i < n; i++) {
		char buf[32], *endp;
		long x;

		if (oe[i] - ob[i] >= sizeof(buf))
			return -1;
		memcpy(buf, s + ob[i], oe[i] - ob[i]);
		buf[oe[i] - ob[i]] = '\0';
		if (!strncasecmp(buf, "0b", 2))
			x = strtol(buf + 2, &endp, 2);
		else
			x = strtol(buf, &endp, 0);
		if (*endp || endp == buf || x < -128 || x > 255)
			return -1;
		v[i] = (unsigned char)x;
	}
	return n;
}

/*
 * `.byte 0x0f, 0x0b` in code is ud2 written by hand (Linux's ASM_UD2
 * does that for old assemblers).  A `.byte` statement whose bytes are
 * exactly one sensitive instruction, in an executable section, is a
 * site like the mnemonic form.
 */
static void byte_site(struct rw *rw, const char *s, const struct ab_insn *in,
		      size_t start, size_t end)
{
	unsigned char v[15];
	struct ab_x86 x;
	int n;

	if (!rw->sects[rw->nsects - 1].exec)
		return;
	n = byte_values(s, in->ops, end, v, 15);
	if (n < 1 || ab_x86_decode(v, (size_t)n, &x) || x.class == AB_INVALID ||
	    x.len != (unsigned int)n)
		return;
	if (rw->mode == 16) {
		rw->code16_raw++;
		rw->st->raw16++;
	} else if (rw->noannotate) {
		rw->st->raw_requested++;
	} else {
		emit_site(rw, &rw->edits, start, end, x.class);
	}
}

static void insn_stmt(struct rw *rw, struct rw_edits *ed, const char *s,
		      const struct ab_insn *in, size_t start, size_t end)
{
	if (in->refused) {
		rw_diag(rw, true, "%s", in->refused);
		return;
	}
	if (in->class == AB_INVALID && !in->ambiguous) {
		rw->pend_prefix = false;
		return;
	}
	if (rw->mode == 16) {
		rw->code16_raw++;
		rw->st->raw16++;
	} else if (rw->noannotate) {
		rw->st->raw_requested++;
	} else if (in->ambiguous) {
		if (rw->pend_prefix && rw->pend_same_line && ed == &rw->edits)
			start = rw->pend_off;
		ambiguous_site(rw, ed, s, in, start, end);
	} else {
		emit_site(rw, ed, start, end, in->class);
		return;
	}
	rw->pend_prefix = false;
}

/*
 * Afterburn free text (a macro argument that the macro assembles as an
 * instruction) into res.  Returns the number of sites made.
 */
int rw_annotate_text(struct rw *rw, const char *text, size_t len,
		     struct ab_buf *res)
{
	struct ab_stmt st[AB_MAX_STMTS];
	struct rw_edits ed = { 0 };
	struct ab_lex lx = { 0 };
	unsigned long before = rw->errors;
	char *copy = rw_strndup(text, len);
	const char *why;
	int n, k, sites = 0;
	bool saved = rw->pend_prefix;

	rw->pend_prefix = false;
	n = ab_lex_line(&lx, copy, len, st, AB_MAX_STMTS, &why);
	if (n < 0)
		rw_diag(rw, true, "macro argument: %s", why);
	for (k = 0; k < n; k++) {
		struct ab_insn in;

		ab_insn_decode(copy, st[k].start, st[k].end, &in);
		if (in.kind == AB_K_PREFIX) {
			rw->pend_prefix = true;
			rw->pend_same_line = true;
			rw->pend_off = st[k].start;
		} else if (in.kind == AB_K_INSN) {
			if (in.class != AB_INVALID && !in.ambiguous &&
			    rw->mode == 32 && !rw->noannotate)
				sites++;
			insn_stmt(rw, &ed, copy, &in, st[k].start, st[k].end);
		} else {
			if (in.kind == AB_K_MNEM_PARAM)
				rw_mark_param_refs(rw, copy, st[k].start,
						   st[k].end);
			rw->pend_prefix = false;
		}
	}
	apply_edits(&ed, text, len, res, 0, NULL);
	free(ed.e);
	free(copy);
	rw->pend_prefix = saved;
	rw->st->arg_sites += (unsigned long)sites;
	return rw->errors == before ? sites : -1;
}

/* ---------------------------------------------------- (v) directives */

void rw_body_open(struct rw *rw, struct rw_macro *m)
{
	if (rw->nbodies == RW_MAX_NEST) {
		rw_diag(rw, true, ".macro/.rept nested too deeply");
		return;
	}
	rw->bodies[rw->nbodies].is_macro = m != NULL;
	rw->bodies[rw->nbodies].macro = m;
	rw->bodies[rw->nbodies].line = rw->line;
	rw->nbodies++;
}

static void body_close_rept(struct rw *rw)
{
	if (!rw->nbodies || rw->bodies[rw->nbodies - 1].is_macro) {
		rw_diag(rw, true, ".endr without .rept/.irp/.irpc");
		return;
	}
	rw->nbodies--;
}

static void mode_directive(struct rw *rw, const char *d)
{
	if (!strcmp(d, ".code16") || !strcmp(d, ".code16gcc")) {
		if (rw->mode != 16) {
			rw->mode = 16;
			rw->code16_line = rw->line;
			rw->code16_raw = 0;
		}
	} else if (!strcmp(d, ".code32")) {
		code16_end(rw);
	} else {
		rw_diag(rw, true, ".code64: 64-bit code cannot be afterburnt "
			"(the guest is i386)");
	}
}

/* `.file "foo.c"` (not `.file 1 "foo.c"`): name the source in messages */
static void file_directive(struct rw *rw, const char *s, size_t b, size_t e)
{
	size_t i = ab_skip_space(s, b, e), j;

	if (i >= e || s[i] != '"')
		return;
	for (j = i + 1; j < e && s[j] != '"'; j++)
		;
	free(rw->srcfile);
	rw->srcfile = rw_strndup(s + i + 1, j - i - 1);
}

/* Directives the Afterburner refuses, with the reason. */
static const char *refused_directive(const char *d)
{
	if (!strcmp(d, ".intel_syntax") || !strcmp(d, ".intel_mnemonic"))
		return "Intel syntax is not supported, use AT&T";
	if (!strcmp(d, ".include"))
		return ".include hides the included text from the "
		       "Afterburner; include it with cpp (#include) instead";
	if (!strcmp(d, ".insn"))
		return ".insn encodes an instruction the Afterburner cannot "
		       "classify; use its mnemonic";
	return NULL;
}

static void directive_stmt(struct rw *rw, const char *s,
			   const struct ab_insn *in, size_t start, size_t end)
{
	char d[32];
	const char *why;
	size_t i;

	rw->pend_prefix = false;
	if (in->mnem_len >= sizeof(d))
		goto unknown;
	for (i = 0; i < in->mnem_len; i++) {
		char c = s[in->mnem + i];

		d[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	d[i] = '\0';
	if (!strcmp(d, ".afterburn_noannotate") ||
	    !strcmp(d, ".afterburn_annotate")) {
		rw->noannotate = d[11] == 'n';
		rw_add_edit(&rw->edits, start, end - start, rw_strndup("", 0));
		return;
	}
	if (!ab_is_directive_known(s + in->mnem, in->mnem_len))
		goto unknown;
	why = refused_directive(d);
	if (why) {
		rw_diag(rw, true, "%s", why);
	} else if (!strcmp(d, ".macro")) {
		rw_macro_define(rw, s, in->ops, end);
	} else if (!strcmp(d, ".endm")) {
		rw_macro_end(rw);
	} else if (!strcmp(d, ".rept") || !strcmp(d, ".irp") ||
		   !strcmp(d, ".irpc")) {
		rw_body_open(rw, NULL);
	} else if (!strcmp(d, ".endr")) {
		body_close_rept(rw);
	} else if (!strcmp(d, ".purgem")) {
		rw_macro_purge(rw, s, in->ops, end);
	} else if (!strncmp(d, ".code", 5)) {
		mode_directive(rw, d);
	} else if (!strcmp(d, ".altmacro") || !strcmp(d, ".noaltmacro")) {
		rw->altmacro = d[1] == 'a';
	} else if (!strcmp(d, ".section") || !strcmp(d, ".pushsection") ||
		   !strcmp(d, ".popsection") || !strcmp(d, ".previous") ||
		   !strcmp(d, ".text") || !strcmp(d, ".data") ||
		   !strcmp(d, ".bss")) {
		section_directive(rw, d, s, in->ops, end);
	} else if (!strcmp(d, ".byte")) {
		byte_site(rw, s, in, start, end);
	} else if (!strcmp(d, ".file")) {
		file_directive(rw, s, in->ops, end);
	}
	return;
unknown:
	rw_diag(rw, true, "unknown directive `%.*s'", (int)in->mnem_len,
		s + in->mnem);
}

/* ----------------------------------------- (vi) lines and whole file */

static size_t word_len(const char *s, size_t b, size_t e)
{
	size_t i = b;

	while (i < e && ab_is_sym_char(s[i]))
		i++;
	return i - b;
}

static void process_stmt(struct rw *rw, const char *s,
			 const struct ab_stmt *st)
{
	struct ab_insn in;
	size_t w = word_len(s, st->start, st->end);
	struct rw_macro *m = NULL;

	if (st->start >= st->end)
		return;		/* only labels: a prefix stays pending */
	if (w && (s[st->start] != '.' ||
		  !ab_is_directive_known(s + st->start, w)))
		m = rw_macro_find(rw, s + st->start, w);
	if (m) {
		rw->pend_prefix = false;
		rw_macro_invoke(rw, m, s, st->start, st->end);
		return;
	}
	ab_insn_decode(s, st->start, st->end, &in);
	switch (in.kind) {
	case AB_K_EMPTY:
		return;
	case AB_K_ASSIGN:
		rw->pend_prefix = false;
		return;
	case AB_K_DIRECTIVE:
		directive_stmt(rw, s, &in, st->start, st->end);
		return;
	case AB_K_PREFIX:
		rw->pend_prefix = true;
		rw->pend_same_line = true;
		rw->pend_off = st->start;
		return;
	case AB_K_MNEM_PARAM:
		rw->pend_prefix = false;
		rw_macro_param_stmt(rw, s, st->start, st->end);
		return;
	case AB_K_INSN:
		insn_stmt(rw, &rw->edits, s, &in, st->start, st->end);
		return;
	}
}

/* `# 12 "foo.S" 1`: the next line is line 12 of foo.S. */
static void line_marker(struct rw *rw, const char *l, size_t len)
{
	size_t i = ab_skip_space(l, 1, len), q;
	unsigned long n = 0;

	if (i + 4 < len && !strncmp(l + i, "line", 4))
		i = ab_skip_space(l, i + 4, len);
	if (i >= len || l[i] < '0' || l[i] > '9')
		return;
	while (i < len && l[i] >= '0' && l[i] <= '9')
		n = n * 10 + (unsigned long)(l[i++] - '0');
	i = ab_skip_space(l, i, len);
	if (i >= len || l[i] != '"')
		return;
	q = ++i;
	while (i < len && l[i] != '"')
		i++;
	free(rw->lfile);
	rw->lfile = rw_strndup(l + q, i - q);
	rw->lline = n ? n - 1 : 0;
}

static bool check_bytes(struct rw *rw, const char *l, size_t len)
{
	size_t i;

	if (len > AB_MAX_LINE) {
		rw_diag(rw, true, "line longer than %d bytes", AB_MAX_LINE);
		return false;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)l[i];

		if (c < 0x20 && c != '\t' && c != '\r' && c != '\f' &&
		    c != '\v') {
			rw_diag(rw, true, "control character 0x%02x in column "
				"%zu (binary input?)", c, i + 1);
			return false;
		}
	}
	return true;
}

static void process_line(struct rw *rw, struct ab_lex *lx, const char *l,
			 size_t len, char *copy)
{
	struct ab_stmt st[AB_MAX_STMTS];
	size_t anchor = 0;
	const char *why;
	int n, k;

	if (!check_bytes(rw, l, len))
		return;
	if (len && l[0] == '#' && !lx->in_comment) {
		line_marker(rw, l, len);
		ab_buf_add(rw->out, l, len);
		return;
	}
	memcpy(copy, l, len);
	copy[len] = '\0';
	n = ab_lex_line(lx, copy, len, st, AB_MAX_STMTS, &why);
	if (n < 0) {
		rw_diag(rw, true, "%s", why);
		ab_buf_add(rw->out, l, len);
		return;
	}
	if (rw->nbodies)
		rw_macro_count_refs(rw, copy, 0, len);
	for (k = 0; k < n; k++)
		process_stmt(rw, copy, &st[k]);
	/* a bare prefix at the end of the line waits for the next line */
	apply_edits(&rw->edits, l, len, rw->out, rw->pend_off,
		    rw->pend_prefix && rw->pend_same_line ? &anchor : NULL);
	if (rw->pend_prefix && rw->pend_same_line) {
		rw->pend_same_line = false;
		rw->pend_off = anchor;
	}
}

static void finish(struct rw *rw, struct ab_lex *lx)
{
	int i;

	code16_end(rw);
	rw_macro_resolve_anchors(rw);
	if (lx->in_comment)
		rw_diag(rw, true, "unterminated /* comment at end of file");
	for (i = rw->nbodies - 1; i >= 0; i--)
		rw_diag(rw, true, "%s opened at line %lu is not closed",
			rw->bodies[i].is_macro ? ".macro" : ".rept/.irp",
			rw->bodies[i].line);
	/*
	 * Declare the section once, last: non-allocated, 4-aligned.  Last
	 * so that no line moves; sites before it already created the
	 * section with the same (empty) flags.
	 */
	if (rw->emitted_site) {
		if (rw->out->len && rw->out->data[rw->out->len - 1] != '\n')
			ab_buf_puts(rw->out, "\n");
		ab_buf_printf(rw->out, "\t.pushsection %s,\"\",@progbits;"
			      ".balign 4;.popsection\n", AB_SECTION);
	}
}

/*
 * Afterburn in[0..len) (named name in messages) into out.  Returns 0, or
 * -1 after printing at least one error; out is then not to be used.
 */
int ab_process(const char *name, const char *in, size_t len,
	       struct ab_buf *out, const struct ab_opts *opts,
	       struct ab_stats *stats)
{
	struct rw rw = {
		.name = name, .opts = opts, .st = stats, .out = out,
		.mode = 32, .nsects = 1,
	};
	struct ab_lex lx = { 0 };
	size_t pos = 0;
	/* lines longer than AB_MAX_LINE are rejected before being copied */
	char *copy = malloc((len < AB_MAX_LINE ? len : AB_MAX_LINE) + 1);

	if (!copy) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	snprintf(rw.sects[0].name, sizeof(rw.sects[0].name), ".text");
	rw.sects[0].exec = true;
	rw.prev_sect = rw.sects[0];
	while (pos < len && rw.errors < RW_MAX_ERRORS) {
		const char *nl = memchr(in + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (in + pos)) : len - pos;

		rw.line++;
		rw.lline++;
		process_line(&rw, &lx, in + pos, l, copy);
		if (nl)
			ab_buf_puts(out, "\n");
		pos += l + (nl ? 1 : 0);
	}
	if (rw.errors < RW_MAX_ERRORS)
		finish(&rw, &lx);
	stats->lines += rw.line;
	stats->bytes += len;
	free(copy);
	free(rw.lfile);
	free(rw.srcfile);
	free(rw.edits.e);
	rw_macros_free(&rw);
	return rw.errors ? -1 : 0;
}

void ab_stats_print(FILE *f, const char *name, const struct ab_stats *st)
{
	unsigned long total = 0;
	int c;

	for (c = 1; c < AB_NR_CLASSES; c++)
		total += st->sites[c];
	fprintf(f, "%s: %lu lines, %lu bytes, %lu sites", name, st->lines,
		st->bytes, total);
	for (c = 1; c < AB_NR_CLASSES; c++)
		if (st->sites[c])
			fprintf(f, " %s=%lu", ab_class_name(c), st->sites[c]);
	fprintf(f, "; in macro bodies %lu, macro arguments %lu, resolved by "
		"gas %lu; raw in .code16 %lu, raw by request %lu\n",
		st->macro_sites, st->arg_sites, st->ambiguous, st->raw16,
		st->raw_requested);
}
