// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/sites.c - `afterburn-sites [--verify|--summary] FILE.elf`:
 * list the .afterburn records of a linked i386 ELF (a guest kernel), and
 * verify that each one is what the IPVMM will rely on:
 *
 *   (i)   the section holds whole struct ab_site records
 *   (ii)  the class is known, start < end, and the range lies inside one
 *         allocated section of the file
 *   (iii) the bytes at start decode to an instruction of that class
 *   (iv)  everything after it up to end is NOPs
 *   (v)   end - start >= ab_site_size(class) (the pad table)
 *   (vi)  no two records overlap
 *
 * Exit status: 0 (all good / listed), 1 a check failed or the file is
 * unusable, 129 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ab.h"

struct site_ref {
	struct ab_site s;
	unsigned int index;
};

static unsigned int get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

static int cmp_start(const void *a, const void *b)
{
	const struct site_ref *x = a, *y = b;

	if (x->s.start != y->s.start)
		return x->s.start < y->s.start ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void complain(const char *path, const struct ab_site *s,
		     const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: site 0x%08x-0x%08x %s: error: afterburn-sites: ",
		path, s->start, s->end, ab_class_name(s->class));
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

/* Checks (ii)-(v) for one record; returns the number of problems. */
static int verify_one(const struct ab_elf *elf, const struct ab_site *s)
{
	const struct ab_elf_sec *sec;
	const unsigned char *p;
	struct ab_x86 x;
	unsigned int off, room;

	if (s->class == AB_INVALID || s->class >= AB_NR_CLASSES) {
		complain(elf->path, s, "unknown class%s", "");
		return 1;
	}
	sec = ab_elf_sec_at(elf, s->start);
	if (s->end <= s->start || !sec || s->end - sec->addr > sec->size) {
		complain(elf->path, s, "range is empty or not inside one "
			 "allocated section%s", "");
		return 1;
	}
	p = sec->data + (s->start - sec->addr);
	room = s->end - s->start;
	if (ab_x86_decode(p, room, &x) || x.class != (enum ab_class)s->class) {
		complain(elf->path, s, "the instruction at start is not of "
			 "class %s", ab_class_name(s->class));
		return 1;
	}
	for (off = x.len; off < room; off += x.len) {
		if (ab_x86_decode(p + off, room - off, &x) || !x.nop) {
			complain(elf->path, s, "padding is not all NOPs%s", "");
			return 1;
		}
	}
	if (room < ab_site_size(s->class)) {
		complain(elf->path, s, "site is shorter than the pad table "
			 "requires%s", "");
		return 1;
	}
	return 0;
}

static int load_sites(const struct ab_elf *elf, struct site_ref **out,
		      unsigned int *n)
{
	const struct ab_elf_sec *sec = ab_elf_find(elf, AB_SECTION);
	unsigned int i;

	*out = NULL;
	*n = 0;
	if (!sec)
		return 0;
	if (!sec->data || sec->size % sizeof(struct ab_site)) {
		fprintf(stderr, "afterburn-sites: %s: %s is not a whole number "
			"of %zu-byte records\n", elf->path, AB_SECTION,
			sizeof(struct ab_site));
		return -1;
	}
	*n = sec->size / sizeof(struct ab_site);
	*out = calloc(*n ? *n : 1, sizeof(**out));
	if (!*out)
		return -1;
	for (i = 0; i < *n; i++) {
		const unsigned char *r = sec->data + i * sizeof(struct ab_site);

		(*out)[i].s.start = get32(r);
		(*out)[i].s.end = get32(r + 4);
		(*out)[i].s.class = get32(r + 8);
		(*out)[i].index = i;
	}
	return 0;
}

static void print_summary(FILE *f, const struct site_ref *v, unsigned int n)
{
	unsigned long count[AB_NR_CLASSES] = { 0 };
	unsigned int i;
	int c;

	for (i = 0; i < n; i++)
		if (v[i].s.class < AB_NR_CLASSES)
			count[v[i].s.class]++;
	fprintf(f, "%u sites\n", n);
	for (c = 1; c < AB_NR_CLASSES; c++)
		if (count[c])
			fprintf(f, "%-14s %lu\n", ab_class_name(c), count[c]);
}

static const char usage_text[] =
	"usage: afterburn-sites [--verify | --summary] FILE.elf\n"
	"  (default)   list every site: start end length class section\n"
	"  --verify    check every record; errors on stderr, exit 1\n"
	"  --summary   only the number of sites per class\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verify", no_argument, NULL, 'v' },
		{ "summary", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool verify = false, summary = false;
	struct site_ref *v = NULL;
	struct ab_elf elf;
	unsigned int n, i, bad = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'v')
			verify = true;
		else if (c == 's')
			summary = true;
		else {
			fputs(usage_text, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 129;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage_text, stderr);
		return 129;
	}
	if (ab_elf_open(argv[optind], &elf))
		return 1;
	if (load_sites(&elf, &v, &n)) {
		ab_elf_close(&elf);
		return 1;
	}
	/* the listing is in record (= link and source) order */
	for (i = 0; i < n && !verify && !summary; i++) {
		const struct ab_elf_sec *sec = ab_elf_sec_at(&elf, v[i].s.start);

		printf("0x%08x 0x%08x %2u %-14s %s\n", v[i].s.start,
		       v[i].s.end, v[i].s.end - v[i].s.start,
		       ab_class_name(v[i].s.class), sec ? sec->name : "?");
	}
	qsort(v, n, sizeof(*v), cmp_start);
	for (i = 0; i < n && verify; i++) {
		bad += verify_one(&elf, &v[i].s);
		if (i && v[i].s.start < v[i - 1].s.end) {
			complain(elf.path, &v[i].s, "overlaps the previous "
				 "site%s", "");
			bad++;
		}
	}
	if (verify)
		printf("%s: %u sites, %u bad\n", elf.path, n, bad);
	else
		print_summary(stdout, v, n);
	free(v);
	ab_elf_close(&elf);
	return bad ? 1 : 0;
}
