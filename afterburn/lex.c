// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/lex.c - split one physical line of GNU as (AT&T, i386)
 * source into statements.
 *
 * gas separates statements with newlines and ';', starts a comment with
 * '#' anywhere, with '/' in the first column, and knows C comments
 * '/' '*' ... '*' '/' (possibly spanning lines).  Strings ("..." with
 * backslash escapes) and character constants ('c, '\n, optionally
 * closed 'c') may contain any of those characters.
 *
 * The line is sanitised in place in a private copy: comments become
 * spaces, so every later pass sees plain statement text at the same
 * byte offsets as the original line and the output can be produced by
 * inserting text into the original at those offsets.
 */
#include <string.h>
#include "ab.h"

bool ab_is_sym_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
}

size_t ab_skip_space(const char *s, size_t i, size_t end)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' ||
			   s[i] == '\v' || s[i] == '\r'))
		i++;
	return i;
}

/*
 * Skip the labels that start a statement: `name:`, `1:`, `"quoted":`.
 * Returns the offset of the statement body.
 */
static size_t skip_labels(const char *s, size_t i, size_t end)
{
	for (;;) {
		size_t j;

		i = ab_skip_space(s, i, end);
		j = i;
		if (j < end && s[j] == '"') {
			j++;
			while (j < end && s[j] != '"')
				j += (s[j] == '\\' && j + 1 < end) ? 2 : 1;
			if (j < end)
				j++;
		} else {
			/* in macro bodies: `.Lend_\@:`, `\name\():` */
			while (j < end && (ab_is_sym_char(s[j]) ||
					   s[j] == '\\' || s[j] == '@' ||
					   (j > i && s[j - 1] == '\\' &&
					    s[j] == '(') ||
					   (j > i + 1 && s[j - 2] == '\\' &&
					    s[j - 1] == '(' && s[j] == ')')))
				j++;
		}
		if (j == i || j >= end || s[j] != ':')
			return i;
		/* `sym::` is not a label on i386; leave it to gas. */
		if (j + 1 < end && s[j + 1] == ':')
			return i;
		i = j + 1;
	}
}

static void finish_stmt(const char *s, size_t from, size_t to,
			struct ab_stmt *st)
{
	size_t b = skip_labels(s, from, to);
	size_t e = to;
	size_t w = b;

	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
			 s[e - 1] == '\r'))
		e--;
	while (w < e && s[w] != ' ' && s[w] != '\t')
		w++;
	st->start = b;
	st->end = e;
	st->mnem = b;
	st->mnem_len = w - b;
}

/* Blank out a C comment starting at i; returns the offset after it. */
static size_t blank_comment(struct ab_lex *lx, char *s, size_t i,
			    size_t len)
{
	while (i < len) {
		if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') {
			s[i] = s[i + 1] = ' ';
			lx->in_comment = false;
			return i + 2;
		}
		if (s[i] != '\n')
			s[i] = ' ';
		i++;
	}
	lx->in_comment = true;
	return i;
}

/*
 * Lex line[0..len) (no newline) in place.  Fills up to max statements
 * and returns their number, or -1 with *why set on malformed input.
 */
int ab_lex_line(struct ab_lex *lx, const char *cline, size_t len,
		struct ab_stmt *stmts, int max, const char **why)
{
	char *s = (char *)cline;
	size_t i = 0, from = 0;
	int n = 0;

	if (lx->in_comment)
		i = blank_comment(lx, s, 0, len);
	else if (len && s[0] == '/' && !(len > 1 && s[1] == '*'))
		i = len;	/* '/' in column 1: line comment */
	while (i < len) {
		char c = s[i];

		if (c == '"') {
			i++;
			while (i < len && s[i] != '"')
				i += (s[i] == '\\' && i + 1 < len) ? 2 : 1;
			if (i >= len) {
				*why = "unterminated string";
				return -1;
			}
			i++;
		} else if (c == '\'') {
			i += (i + 1 < len && s[i + 1] == '\\') ? 3 : 2;
			if (i < len && s[i] == '\'')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			i = blank_comment(lx, s, i, len);
		} else if (c == '#') {
			memset(s + i, ' ', len - i);
			break;
		} else if (c == ';') {
			if (n == max) {
				*why = "too many statements on one line";
				return -1;
			}
			finish_stmt(s, from, i, &stmts[n++]);
			from = ++i;
		} else {
			i++;
		}
	}
	if (i > len)
		i = len;
	if (n == max) {
		*why = "too many statements on one line";
		return -1;
	}
	finish_stmt(s, from, len, &stmts[n++]);
	return n;
}
