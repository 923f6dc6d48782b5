// SPDX-License-Identifier: GPL-2.0
/*
 * tests/afterburn/scan.c - afterburn-scan FILE.elf: the whole-kernel
 * scan.  Disassembles every executable section of a linked afterburnt
 * i386 ELF with objdump (a decoder independent of ours), classifies each
 * instruction with the Afterburner's mnemonic table and checks, both
 * ways, that
 *   - every sensitive instruction starts a recorded site of its class;
 *   - every record starts at an instruction objdump decodes as its class.
 * The one exemption: unrecorded int3 bytes that cannot be reached by
 * falling through: outside every sized function symbol, or right after
 * an unconditional jmp/ret or such padding.  Linux fills gaps in .text
 * with 0xcc (the linker script's `=0xcccc`, and `.fill ..., 1, 0xcc`
 * between the stubs of an IDT entry array), and objdump shows that fill
 * as int3; nothing executes it.  Padding is counted and reported.
 *
 * Prints one line per problem (at most 50) and a summary; exit 0 only
 * when both lists agree.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ab.h"

struct rec {
	unsigned int start;
	unsigned int class;
	bool seen;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static struct rec *load(const struct ab_elf *elf, unsigned int *n)
{
	const struct ab_elf_sec *s = ab_elf_find(elf, AB_SECTION);
	struct rec *r;
	unsigned int i;

	*n = s && s->data ? s->size / 12 : 0;
	r = calloc(*n ? *n : 1, sizeof(*r));
	if (!r)
		exit(2);
	for (i = 0; i < *n; i++) {
		const unsigned char *p = s->data + i * 12;

		r[i].start = p[0] | p[1] << 8 | p[2] << 16 |
			     (unsigned int)p[3] << 24;
		r[i].class = p[8] | p[9] << 8;
	}
	qsort(r, *n, sizeof(*r), cmp_rec);
	return r;
}

static struct rec *find(struct rec *r, unsigned int n, unsigned int addr)
{
	struct rec key = { .start = addr };

	return bsearch(&key, r, n, sizeof(*r), cmp_rec);
}

/* Sized function symbols [start, end), sorted, for the padding rule. */
struct range {
	unsigned int start;
	unsigned int end;
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static struct range *load_funcs(const struct ab_elf *elf, unsigned int *n)
{
	const struct ab_elf_sec *st = ab_elf_find(elf, ".symtab");
	unsigned int i, cnt = st && st->data ? st->size / sizeof(Elf32_Sym) : 0;
	struct range *r = calloc(cnt ? cnt : 1, sizeof(*r));

	*n = 0;
	if (!r)
		exit(2);
	for (i = 0; i < cnt; i++) {
		Elf32_Sym sym;

		memcpy(&sym, st->data + i * sizeof(sym), sizeof(sym));
		if (ELF32_ST_TYPE(sym.st_info) != STT_FUNC || !sym.st_size)
			continue;
		r[*n].start = sym.st_value;
		r[*n].end = sym.st_value + sym.st_size;
		(*n)++;
	}
	qsort(r, *n, sizeof(*r), cmp_range);
	return r;
}

/* Is addr inside some function?  (ranges sorted by start) */
static bool in_func(const struct range *r, unsigned int n, unsigned int addr)
{
	unsigned int lo = 0, hi = n;

	/* last range with start <= addr; functions do not nest */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (r[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && addr < r[lo - 1].end;
}

/* Does objdump's instruction text end the fall-through path? */
static bool no_fallthrough(const char *insn)
{
	static const char *const ends[] = {
		"jmp", "ret", "lret", "iret", "ljmp", "ud2",
	};
	size_t i, n = strcspn(insn, " \t\n");

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (n == strlen(ends[i]) && !strncmp(insn, ends[i], n))
			return true;
	return false;
}

static unsigned int problems;

static void problem(const char *fmt, unsigned int addr, const char *what)
{
	if (++problems <= 50) {
		printf(fmt, addr, what);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	struct ab_elf elf;
	struct rec *r;
	unsigned int n, nf, i, insns = 0, sensitive = 0, padding = 0;
	struct range *funcs;
	bool dead = false;	/* previous instruction ends fall-through */
	char cmd[4096], *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: afterburn-scan FILE.elf\n");
		return 129;
	}
	if (ab_elf_open(argv[1], &elf))
		return 2;
	r = load(&elf, &n);
	funcs = load_funcs(&elf, &nf);
	snprintf(cmd, sizeof(cmd), "objdump -d -w --no-show-raw-insn '%s'",
		 argv[1]);
	f = popen(cmd, "r");
	if (!f)
		return 2;
	while (getline(&line, &cap, f) > 0) {
		char *colon, *end;
		unsigned long addr = strtoul(line, &end, 16);
		enum ab_class c;
		struct rec *hit;

		colon = end;
		if (end == line || *colon != ':' || colon[1] != '\t')
			continue;
		insns++;
		c = ab_classify_text(colon + 2, strcspn(colon + 2, "\n"));
		hit = find(r, n, (unsigned int)addr);
		if (hit)
			hit->seen = true;
		if (c == AB_INT3 && !hit &&
		    (dead || !in_func(funcs, nf, addr))) {
			padding++;
			dead = true;
			continue;
		}
		dead = no_fallthrough(colon + 2);
		if (c == AB_INVALID) {
			if (hit)
				problem("0x%08x: record (%s) but objdump sees no "
					"sensitive instruction", hit->start,
					ab_class_name(hit->class));
			continue;
		}
		sensitive++;
		if (!hit)
			problem("0x%08x: unrecorded sensitive instruction: %s",
				(unsigned int)addr, strtok(colon + 2, "\n"));
		else if (hit->class != (unsigned int)c)
			problem("0x%08x: record class differs from %s",
				(unsigned int)addr, ab_class_name(c));
	}
	if (pclose(f)) {
		fprintf(stderr, "afterburn-scan: objdump failed\n");
		return 2;
	}
	for (i = 0; i < n; i++)
		if (!r[i].seen)
			problem("0x%08x: record (%s) does not start an "
				"instruction in objdump's disassembly",
				r[i].start, ab_class_name(r[i].class));
	printf("%s: %u instructions, %u sensitive, %u records, %u int3 "
	       "fill bytes (unreachable), %u problems\n", argv[1],
	       insns, sensitive, n, padding, problems);
	free(line);
	free(r);
	free(funcs);
	ab_elf_close(&elf);
	return problems ? 1 : 0;
}
