/* SPDX-License-Identifier: GPL-2.0 */
/*
 * afterburn/rw.h - state shared by rewrite.c and macro.c while one input
 * is being afterburnt.  Not part of the tools' interface (see ab.h).
 */
#ifndef AFTERBURN_RW_H
#define AFTERBURN_RW_H

#include "ab.h"

#define RW_MAX_PARAMS 64
#define RW_MAX_NEST 64
#define RW_MAX_ERRORS 20

/*
 * Numeric local labels that delimit a site.  Numeric labels (not .L
 * names) because a site inside a .macro or .rept body is assembled once
 * per expansion; unusual numbers so that they never capture a `1b`/`2f`
 * of the surrounding code.
 */
#define RW_LABEL_START 7701
#define RW_LABEL_END 7702

/* A sensitive argument seen for a mixed-use parameter (see macro.c). */
struct rw_case {
	char *text;
	enum ab_class class;
	struct rw_case *next;
};

struct rw_param {
	char *name;
	char *def;		/* default value, NULL if none */
	bool vararg;
	bool insn_pos;		/* used as a whole statement: `\p` */
	unsigned int refs;	/* `\p` anywhere in the body */
	unsigned int insn_refs;	/* ... as a whole statement, here or in
				 * an inner macro's instruction argument */
	unsigned int anchored;	/* ... as a whole statement of this body */
	struct rw_case *cases;
};

/*
 * A whole-statement `\p` in a body, replaced in the output by a marker
 * ("\001<index>\002") until the end of the file, when all invocations
 * are known and the statement can be written out.
 */
struct rw_anchor {
	struct rw_macro *macro;
	int param;
	char *text;
};

/* A statement whose mnemonic comes from parameters: `\op\()l %eax`. */
struct rw_mnem_stmt {
	char *text;
	unsigned long line;
	struct rw_mnem_stmt *next;
};

struct rw_macro {
	char *name;		/* lower case: gas macro names ignore case */
	struct rw_param params[RW_MAX_PARAMS];
	int nparams;
	struct rw_mnem_stmt *mnem_stmts;
	struct rw_macro *next;
};

/* An open .macro or .rept/.irp/.irpc body. */
struct rw_body {
	bool is_macro;
	struct rw_macro *macro;	/* for .macro */
	unsigned long line;
};

struct rw_section {
	char name[128];
	bool exec;
};

/* An edit to the current line: replace [at, at+del) by text. */
struct rw_edit {
	size_t at;
	size_t del;
	char *text;
};

struct rw_edits {
	struct rw_edit *e;
	int n;
	int cap;
};

struct rw {
	const char *name;
	const struct ab_opts *opts;
	struct ab_stats *st;
	struct ab_buf *out;

	/* where we are: physical line, and cpp/gcc line markers */
	unsigned long line;
	char *lfile;
	unsigned long lline;
	char *srcfile;		/* from `.file "foo.c"`, for messages */
	unsigned long errors;

	/* mode: 32 (annotate) or 16 (.code16/.code16gcc: leave raw) */
	int mode;
	unsigned long code16_line;
	unsigned long code16_raw;
	bool noannotate;
	bool altmacro;

	struct rw_body bodies[RW_MAX_NEST];
	int nbodies;
	struct rw_macro *macros;
	struct rw_macro *retired;	/* purged, still referenced */
	struct rw_anchor *anchors;
	int nanchors;

	struct rw_section sects[RW_MAX_NEST];
	int nsects;
	struct rw_section prev_sect;

	/* a bare prefix (`rep`) waiting for its instruction */
	bool pend_prefix;
	bool pend_same_line;
	size_t pend_off;	/* in the line, or in out when !same_line */

	struct rw_edits edits;

	bool emitted_site;
};

/* rewrite.c: */
void rw_diag(struct rw *rw, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rw_add_edit(struct rw_edits *ed, size_t at, size_t del, char *text);
char *rw_tail_text(const char *size, const char *class);
char *rw_label_text(void);
int rw_annotate_text(struct rw *rw, const char *text, size_t len,
		     struct ab_buf *res);
bool rw_in_macro_body(const struct rw *rw);
void rw_body_open(struct rw *rw, struct rw_macro *m);
char *rw_strndup(const char *s, size_t n);

/* macro.c: */
void rw_macro_define(struct rw *rw, const char *s, size_t b, size_t e);
void rw_macro_end(struct rw *rw);
void rw_macro_purge(struct rw *rw, const char *s, size_t b, size_t e);
struct rw_macro *rw_macro_find(struct rw *rw, const char *s, size_t n);
void rw_macro_invoke(struct rw *rw, struct rw_macro *m, const char *s,
		     size_t b, size_t e);
void rw_macro_param_stmt(struct rw *rw, const char *s, size_t b, size_t e);
bool rw_mark_param_refs(struct rw *rw, const char *s, size_t b, size_t e);
void rw_macros_free(struct rw *rw);
void rw_macro_count_refs(struct rw *rw, const char *s, size_t b, size_t e);
void rw_macro_resolve_anchors(struct rw *rw);

#endif /* AFTERBURN_RW_H */
