// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/buf.c - growable byte buffer and whole-file I/O for the
 * Afterburner tools.
 *
 * The rewriter works on whole files in memory: inputs are a few MB at
 * most, and keeping the output in memory lets it go back and insert a
 * site label before a prefix on an earlier line (see rewrite.c) and
 * write the result atomically (temp file + rename).  Allocation failure
 * ends the one-shot tool with a message; there is nothing to unwind.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ab.h"

static void ab_buf_reserve(struct ab_buf *b, size_t more)
{
	size_t want = b->len + more + 1;
	char *p;

	if (want <= b->cap)
		return;
	if (want < b->cap * 2)
		want = b->cap * 2;
	if (want < 256)
		want = 256;
	p = realloc(b->data, want);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", AB_TOOL);
		exit(1);
	}
	b->data = p;
	b->cap = want;
}

void ab_buf_add(struct ab_buf *b, const char *s, size_t n)
{
	ab_buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void ab_buf_puts(struct ab_buf *b, const char *s)
{
	ab_buf_add(b, s, strlen(s));
}

void ab_buf_printf(struct ab_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ab_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Insert n bytes at offset at (<= len), moving the tail up. */
void ab_buf_insert(struct ab_buf *b, size_t at, const char *s, size_t n)
{
	ab_buf_reserve(b, n);
	memmove(b->data + at + n, b->data + at, b->len - at);
	memcpy(b->data + at, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void ab_buf_free(struct ab_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* Read a whole file ("-" is stdin).  Returns 0 or -errno. */
int ab_read_file(const char *path, struct ab_buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	int err = 0;

	if (!f)
		return -errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ab_buf_add(b, chunk, n);
	if (ferror(f))
		err = -EIO;
	if (f != stdin)
		fclose(f);
	ab_buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return err;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Write a whole file ("-" is stdout).  A named file is written to a
 * temporary beside it and renamed, so a failed run never leaves a
 * half-written output that a later make would take as up to date.
 */
int ab_write_file(const char *path, const struct ab_buf *b)
{
	char *tmp;
	int fd, err;

	if (!strcmp(path, "-"))
		return write_all(STDOUT_FILENO, b->data, b->len);
	if (asprintf(&tmp, "%s.abtmp.XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		goto out_free;
	}
	err = write_all(fd, b->data, b->len);
	if (close(fd) && !err)
		err = -errno;
	if (!err && chmod(tmp, 0644))
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
out_free:
	free(tmp);
	return err;
}
