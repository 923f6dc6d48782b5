// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/macro.c - sensitive instructions that reach gas through
 * .macro parameters.
 *
 * Macro bodies are copied through with their literal sensitive
 * instructions turned into sites (numeric labels make that work for
 * every expansion).  What a body cannot show is an instruction passed as
 * an argument, as Linux's ALTERNATIVE does:
 *
 *	.macro ALTERNATIVE oldinstr, newinstr, feature
 *	140:	\oldinstr
 *	...
 *	ALTERNATIVE "rdtsc", "rdtscp", X86_FEATURE_RDTSCP
 *
 * So, per macro, we remember which parameters are used as whole
 * statements (`\oldinstr` alone: "instruction position"), and at each
 * invocation afterburn the argument text itself: the invocation above
 * becomes
 *
 *	ALTERNATIVE "7701:rdtsc;.skip ...;.popsection", "7701:rdtscp;...", ...
 *
 * A parameter passed on to another macro's instruction-position
 * parameter is itself in instruction position (marked while reading the
 * outer body).  A statement whose mnemonic is built from parameters
 * (`\op\()l %eax, %cr0`) cannot be given a site; each invocation is
 * checked and a sensitive result is a hard error.
 *
 * Argument splitting follows gas: arguments are separated by commas or
 * blanks, "..." quotes (removed by gas on substitution), name=value
 * keyword arguments, <...> quotes under .altmacro, a :vararg parameter
 * takes the rest of the line.
 */
#include <stdlib.h>
#include <string.h>
#include "rw.h"

static bool name_eq(const char *a, const char *b, size_t bn)
{
	return strlen(a) == bn && !strncasecmp(a, b, bn);
}

struct rw_macro *rw_macro_find(struct rw *rw, const char *s, size_t n)
{
	struct rw_macro *m;

	for (m = rw->macros; m; m = m->next)
		if (name_eq(m->name, s, n))
			return m;
	return NULL;
}

static void macro_free(struct rw_macro *m)
{
	struct rw_mnem_stmt *t, *next;
	int i;

	for (i = 0; i < m->nparams; i++) {
		struct rw_case *c, *cn;

		for (c = m->params[i].cases; c; c = cn) {
			cn = c->next;
			free(c->text);
			free(c);
		}
		free(m->params[i].name);
		free(m->params[i].def);
	}
	for (t = m->mnem_stmts; t; t = next) {
		next = t->next;
		free(t->text);
		free(t);
	}
	free(m->name);
	free(m);
}

void rw_macros_free(struct rw *rw)
{
	struct rw_macro *m, *next;
	int i;

	for (m = rw->macros; m; m = next) {
		next = m->next;
		macro_free(m);
	}
	for (m = rw->retired; m; m = next) {
		next = m->next;
		macro_free(m);
	}
	rw->macros = NULL;
	rw->retired = NULL;
	for (i = 0; i < rw->nanchors; i++)
		free(rw->anchors[i].text);
	free(rw->anchors);
	rw->anchors = NULL;
	rw->nanchors = 0;
}

/* End of a value: a quoted string, <...> under .altmacro, or a word. */
static size_t value_end(const struct rw *rw, const char *s, size_t i,
			size_t e)
{
	int depth = 0;

	if (i < e && s[i] == '"') {
		for (i++; i < e && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		return i < e ? i + 1 : e;
	}
	if (rw->altmacro && i < e && s[i] == '<') {
		for (i++; i < e && s[i] != '>'; i++)
			if (s[i] == '!')
				i++;
		return i < e ? i + 1 : e;
	}
	for (; i < e; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth)
			depth--;
		else if (s[i] == ',' || ((s[i] == ' ' || s[i] == '\t') &&
					 !depth))
			break;
	}
	return i;
}

/* `.macro name p1, p2:req, p3=default, rest:vararg` */
void rw_macro_define(struct rw *rw, const char *s, size_t b, size_t e)
{
	struct rw_macro *m = calloc(1, sizeof(*m));
	size_t i = ab_skip_space(s, b, e), j;

	if (!m) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	for (j = i; j < e && ab_is_sym_char(s[j]); j++)
		;
	m->name = rw_strndup(s + i, j - i);
	for (i = j; i < e;) {
		struct rw_param *p = &m->params[m->nparams];

		while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		for (j = i; j < e && ab_is_sym_char(s[j]); j++)
			;
		if (j == i)
			break;
		if (m->nparams == RW_MAX_PARAMS) {
			rw_diag(rw, true, "macro `%s' has more than %d "
				"parameters", m->name, RW_MAX_PARAMS);
			break;
		}
		p->name = rw_strndup(s + i, j - i);
		m->nparams++;
		i = j;
		if (i < e && s[i] == ':') {
			for (j = ++i; j < e && ab_is_sym_char(s[j]); j++)
				;
			p->vararg = j - i == 6 && !strncmp(s + i, "vararg", 6);
			i = j;
		}
		i = ab_skip_space(s, i, e);
		if (i < e && s[i] == '=') {
			i = ab_skip_space(s, i + 1, e);
			j = value_end(rw, s, i, e);
			p->def = rw_strndup(s + i, j - i);
			i = j;
		}
	}
	m->next = rw->macros;
	rw->macros = m;
	rw_body_open(rw, m);
}

/* Text of a value without its quotes. */
static void unquote(const char *v, size_t n, size_t *b, size_t *len)
{
	*b = 0;
	*len = n;
	if (n >= 2 && ((v[0] == '"' && v[n - 1] == '"') ||
		       (v[0] == '<' && v[n - 1] == '>'))) {
		*b = 1;
		*len = n - 2;
	}
}

void rw_macro_end(struct rw *rw)
{
	struct rw_macro *m;
	int i;

	if (!rw->nbodies || !rw->bodies[rw->nbodies - 1].is_macro) {
		rw_diag(rw, true, ".endm without .macro");
		return;
	}
	m = rw->bodies[--rw->nbodies].macro;
	for (i = 0; i < m->nparams; i++) {
		struct rw_param *p = &m->params[i];
		size_t b, n;

		if (!p->insn_pos || !p->def)
			continue;
		unquote(p->def, strlen(p->def), &b, &n);
		if (ab_classify_text(p->def + b, n) != AB_INVALID)
			rw_diag(rw, true, "macro `%s': the default of "
				"parameter `%s' is a sensitive instruction; "
				"pass it as an argument instead", m->name,
				p->name);
	}
}

void rw_macro_purge(struct rw *rw, const char *s, size_t b, size_t e)
{
	struct rw_macro **pp;
	size_t i = ab_skip_space(s, b, e), j;

	for (j = i; j < e && ab_is_sym_char(s[j]); j++)
		;
	for (pp = &rw->macros; *pp; pp = &(*pp)->next) {
		if (name_eq((*pp)->name, s + i, j - i)) {
			struct rw_macro *m = *pp;
			int k;

			/* still open (purged inside its own body)? keep it */
			for (k = 0; k < rw->nbodies; k++)
				if (rw->bodies[k].macro == m)
					return;
			/* anchors may point at it: retire, free at the end */
			*pp = m->next;
			m->next = rw->retired;
			rw->retired = m;
			return;
		}
	}
}

/*
 * Parameter named s[0..n) of the innermost open macro body that has
 * one; its macro and index go to *mp and *ip when those are not NULL.
 */
static struct rw_param *find_param_in(struct rw *rw, const char *s,
				      size_t n, struct rw_macro **mp, int *ip)
{
	int k, i;

	for (k = rw->nbodies - 1; k >= 0; k--) {
		struct rw_macro *m = rw->bodies[k].macro;

		if (!m)
			continue;
		for (i = 0; i < m->nparams; i++) {
			if (strlen(m->params[i].name) != n ||
			    strncmp(m->params[i].name, s, n))
				continue;
			if (mp)
				*mp = m;
			if (ip)
				*ip = i;
			return &m->params[i];
		}
	}
	return NULL;
}

static struct rw_param *find_param(struct rw *rw, const char *s, size_t n)
{
	return find_param_in(rw, s, n, NULL, NULL);
}

/* Count every `\name` of a body line (see struct rw_param). */
void rw_macro_count_refs(struct rw *rw, const char *s, size_t b, size_t e)
{
	size_t i, j;

	for (i = b; i < e; i++) {
		struct rw_param *p;

		if (s[i] != '\\')
			continue;
		for (j = i + 1; j < e && ab_is_sym_char(s[j]); j++)
			;
		p = j > i + 1 ? find_param(rw, s + i + 1, j - i - 1) : NULL;
		if (p)
			p->refs++;
		i = j - 1;
	}
}

/*
 * Mark every `\name` in s[b..e) that names a parameter of an open macro
 * body as being in instruction position.  Returns false if one names
 * none (an .irp/.irpc variable, or a typo gas will report).
 */
bool rw_mark_param_refs(struct rw *rw, const char *s, size_t b, size_t e)
{
	bool all = true;
	size_t i, j;

	for (i = b; i < e; i++) {
		struct rw_param *p;

		if (s[i] != '\\')
			continue;
		for (j = i + 1; j < e && ab_is_sym_char(s[j]); j++)
			;
		if (j == i + 1)
			continue;	/* \( \@ \" */
		p = find_param(rw, s + i + 1, j - i - 1);
		if (p) {
			p->insn_pos = true;
			p->insn_refs++;
		} else {
			all = false;
		}
		i = j - 1;
	}
	return all;
}

/* Is s[b..e) exactly one parameter reference, `\name` or `\name\()`? */
static bool whole_param(const char *s, size_t b, size_t e)
{
	size_t j;

	if (e - b < 2 || s[b] != '\\')
		return false;
	for (j = b + 1; j < e && ab_is_sym_char(s[j]); j++)
		;
	return j > b + 1 && (j == e || (e - j == 3 && !strncmp(s + j, "\\()",
								 3)));
}

/* `\p` alone in a body: mark it and leave a marker in the output. */
static void anchor_param_stmt(struct rw *rw, const char *s, size_t b,
			      size_t e)
{
	struct rw_macro *m = NULL;
	struct rw_anchor *a;
	struct rw_param *p;
	size_t j;
	char mark[32];
	int idx = -1;

	for (j = b + 1; j < e && ab_is_sym_char(s[j]); j++)
		;
	p = find_param_in(rw, s + b + 1, j - b - 1, &m, &idx);
	if (!p) {
		rw_diag(rw, true, "an instruction taken from an .irp/.irpc "
			"variable cannot be annotated; use a .macro parameter");
		return;
	}
	p->insn_pos = true;
	p->insn_refs++;
	p->anchored++;
	a = realloc(rw->anchors, (rw->nanchors + 1) * sizeof(*a));
	if (!a) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	rw->anchors = a;
	a = &rw->anchors[rw->nanchors];
	a->macro = m;
	a->param = idx;
	a->text = rw_strndup(s + b, e - b);
	snprintf(mark, sizeof(mark), "\001%d\002", rw->nanchors++);
	rw_add_edit(&rw->edits, b, e - b, rw_strndup(mark, strlen(mark)));
}

/* A body statement whose first word contains a parameter reference. */
void rw_macro_param_stmt(struct rw *rw, const char *s, size_t b, size_t e)
{
	struct rw_mnem_stmt *t;
	struct rw_macro *m = NULL;
	int k;

	if (!rw->nbodies)
		return;		/* not in a body: gas will complain */
	if (whole_param(s, b, e)) {
		anchor_param_stmt(rw, s, b, e);
		return;
	}
	for (k = rw->nbodies - 1; k >= 0 && !m; k--)
		m = rw->bodies[k].macro;
	if (!m) {
		rw_diag(rw, true, "an instruction mnemonic built from an "
			".irp/.irpc variable cannot be annotated");
		return;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	t->text = rw_strndup(s + b, e - b);
	t->line = rw->line;
	t->next = m->mnem_stmts;
	m->mnem_stmts = t;
}

/* One parsed invocation: the value span given to each parameter. */
struct args {
	size_t b[RW_MAX_PARAMS];
	size_t e[RW_MAX_PARAMS];
	bool given[RW_MAX_PARAMS];
};

static int param_index(const struct rw_macro *m, const char *s, size_t n)
{
	int i;

	for (i = 0; i < m->nparams; i++)
		if (strlen(m->params[i].name) == n &&
		    !strncmp(m->params[i].name, s, n))
			return i;
	return -1;
}

static void parse_args(struct rw *rw, const struct rw_macro *m,
		       const char *s, size_t i, size_t e, struct args *a)
{
	int pos = 0;

	memset(a, 0, sizeof(*a));
	i = ab_skip_space(s, i, e);
	if (i < e && s[i] == ',')
		i++;
	while (i < e) {
		int idx = -1;
		size_t j, v;

		i = ab_skip_space(s, i, e);
		if (i >= e)
			break;
		for (j = i; j < e && ab_is_sym_char(s[j]); j++)
			;
		if (j > i && j + 1 < e && s[j] == '=' && s[j + 1] != '=')
			idx = param_index(m, s + i, j - i);
		v = i;
		if (idx >= 0) {
			v = j + 1;
		} else {
			while (pos < m->nparams && a->given[pos])
				pos++;
			idx = pos < m->nparams ? pos : -1;
		}
		j = (idx >= 0 && m->params[idx].vararg) ? e :
			value_end(rw, s, v, e);
		if (idx >= 0) {
			a->b[idx] = v;
			a->e[idx] = j;
			a->given[idx] = true;
		}
		i = ab_skip_space(s, j, e);
		if (i < e && s[i] == ',')
			i++;
	}
}

/* Afterburn the argument of one instruction-position parameter. */
static void rewrite_arg(struct rw *rw, const char *s, size_t vb, size_t ve)
{
	struct ab_buf res = { 0 };
	size_t ub, ul;
	int sites;

	unquote(s + vb, ve - vb, &ub, &ul);
	sites = rw_annotate_text(rw, s + vb + ub, ul, &res);
	if (sites > 0) {
		if (memchr(s + vb + ub, '"', ul)) {
			rw_diag(rw, true, "cannot annotate a macro argument "
				"that contains a double quote");
		} else {
			struct ab_buf q = { 0 };

			ab_buf_printf(&q, "\"%s\"", res.data);
			rw_add_edit(&rw->edits, vb, ve - vb, q.data);
		}
	}
	ab_buf_free(&res);
}

/*
 * Substitute the arguments into a statement recorded by
 * rw_macro_param_stmt() and refuse a sensitive result.
 */
static void check_mnem_stmt(struct rw *rw, const struct rw_macro *m,
			    const struct rw_mnem_stmt *t, const char *s,
			    const struct args *a)
{
	struct ab_buf x = { 0 };
	const char *p = t->text;
	enum ab_class c;

	while (*p) {
		size_t n = 0;
		int idx;

		if (*p != '\\') {
			ab_buf_add(&x, p++, 1);
			continue;
		}
		while (ab_is_sym_char(p[1 + n]))
			n++;
		idx = n ? param_index(m, p + 1, n) : -1;
		if (idx >= 0 && a->given[idx]) {
			size_t ub, ul;

			unquote(s + a->b[idx], a->e[idx] - a->b[idx], &ub, &ul);
			ab_buf_add(&x, s + a->b[idx] + ub, ul);
		} else if (idx >= 0 && m->params[idx].def) {
			ab_buf_puts(&x, m->params[idx].def);
		} else if (!strncmp(p, "\\()", 3)) {
			n = 2;
		} else if (idx < 0) {
			goto out;	/* not ours to resolve here */
		}
		p += 1 + n;
	}
	c = x.len ? ab_classify_text(x.data, x.len) : AB_INVALID;
	if (c != AB_INVALID)
		rw_diag(rw, true, "macro `%s' assembles `%s' (line %lu of the "
			"input) from its arguments: a sensitive instruction "
			"with a parameter as mnemonic cannot be annotated",
			m->name, x.data, t->line);
out:
	ab_buf_free(&x);
}

/*
 * How an instruction-position parameter is annotated: by rewriting the
 * argument (the default), or by a gas-time test in the body when the
 * argument cannot be rewritten: the parameter is also used in other
 * text (below), or it is :vararg (its argument runs to the end of the
 * line, so it cannot hold `;`).
 */
static bool use_dispatch(const struct rw_param *p)
{
	return p->vararg || p->refs > p->insn_refs;
}

/*
 * A parameter used as a statement and also elsewhere (Linux's
 * `op_safe_regs rdmsr` uses \op as the instruction and in the function
 * name `\op\()_safe_regs`): rewriting the argument would rename the
 * function.  Instead the body statement becomes a gas-time test against
 * each sensitive argument seen (written out by
 * rw_macro_resolve_anchors()).  Only single words can be compared.
 */
static void add_case(struct rw *rw, struct rw_macro *m, int i,
		     const char *v, size_t n)
{
	struct rw_param *p = &m->params[i];
	struct rw_case *c;
	enum ab_class class;
	size_t ub, ul, k;

	if (rw->mode != 32 || rw->noannotate)
		return;
	unquote(v, n, &ub, &ul);
	class = ab_classify_text(v + ub, ul);
	if (class == AB_INVALID)
		return;
	for (k = 0; k < ul; k++) {
		if (!ab_is_sym_char(v[ub + k])) {
			rw_diag(rw, true, "macro `%s': `%.*s' is passed as "
				"parameter `%s', which the body uses both as an "
				"instruction and in other text; only a single "
				"word can be annotated there", m->name,
				(int)ul, v + ub, p->name);
			return;
		}
	}
	if (p->anchored < p->insn_refs) {
		rw_diag(rw, true, "macro `%s': parameter `%s' reaches an "
			"instruction through another macro and is also used "
			"in other text; cannot annotate `%.*s'", m->name,
			p->name, (int)ul, v + ub);
		return;
	}
	for (c = p->cases; c; c = c->next)
		if (strlen(c->text) == ul && !strncmp(c->text, v + ub, ul))
			return;
	c = calloc(1, sizeof(*c));
	if (!c) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	c->text = rw_strndup(v + ub, ul);
	c->class = class;
	c->next = p->cases;
	p->cases = c;
	rw->st->arg_sites++;
}

/* The final text of one anchored `\p` statement. */
static void anchor_text(struct rw *rw, const struct rw_anchor *a,
			struct ab_buf *b)
{
	const struct rw_param *p = &a->macro->params[a->param];
	const struct rw_case *c;
	char *tail;

	if (!use_dispatch(p) || !p->cases) {
		ab_buf_puts(b, a->text);
		return;
	}
	ab_buf_puts(b, ".L__ab_c=0;.L__ab_z=0;");
	for (c = p->cases; c; c = c->next)
		ab_buf_printf(b, ".ifc %s,%s;.L__ab_c=%u;.L__ab_z=%u;.endif;",
			      a->text, c->text, (unsigned int)c->class,
			      ab_site_size(c->class));
	ab_buf_printf(b, ".if .L__ab_c;%d:%s", RW_LABEL_START, a->text);
	tail = rw_tail_text(".L__ab_z", ".L__ab_c");
	ab_buf_puts(b, tail);
	free(tail);
	ab_buf_printf(b, ";.else;%s;.endif", a->text);
	rw->emitted_site = true;
}

/* Replace every anchor marker in the output by its final text. */
void rw_macro_resolve_anchors(struct rw *rw)
{
	struct ab_buf nb = { 0 };
	const char *p = rw->out->data, *end;

	if (!rw->nanchors || !p)
		return;
	end = p + rw->out->len;
	while (p < end) {
		const char *m = memchr(p, '\001', (size_t)(end - p));
		long idx;
		char *q;

		if (!m) {
			ab_buf_add(&nb, p, (size_t)(end - p));
			break;
		}
		ab_buf_add(&nb, p, (size_t)(m - p));
		idx = strtol(m + 1, &q, 10);
		if (*q != '\002' || idx < 0 || idx >= rw->nanchors) {
			ab_buf_add(&nb, m, 1);	/* cannot happen: input */
			p = m + 1;		/* has no control chars */
			continue;
		}
		anchor_text(rw, &rw->anchors[idx], &nb);
		p = q + 1;
	}
	ab_buf_free(rw->out);
	*rw->out = nb;
}

void rw_macro_invoke(struct rw *rw, struct rw_macro *m, const char *s,
		     size_t b, size_t e)
{
	const struct rw_mnem_stmt *t;
	struct args a;
	size_t w = b;
	int i;

	while (w < e && ab_is_sym_char(s[w]))
		w++;
	parse_args(rw, m, s, w, e, &a);
	for (i = 0; i < m->nparams; i++) {
		const struct rw_param *p = &m->params[i];

		if (!p->insn_pos || !a.given[i])
			continue;
		if (use_dispatch(p))
			add_case(rw, m, i, s + a.b[i], a.e[i] - a.b[i]);
		else
			rewrite_arg(rw, s, a.b[i], a.e[i]);
	}
	if (rw->mode == 32 && !rw->noannotate)
		for (t = m->mnem_stmts; t; t = t->next)
			check_mnem_stmt(rw, m, t, s, &a);
}
