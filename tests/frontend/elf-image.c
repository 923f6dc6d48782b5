// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/elf-image.c - load a guest ELF into fake guest memory
 * (see elf-image.h).  Host test code: it trusts the file, which the
 * build made.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf-image.h"

static u8 *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	*size = n;
	return buf;
}

/* Lay out the allocated sections at their link addresses, as burnctl
 * would in guest RAM, and find the executable ranges and the records. */
bool elf_load(struct elf_image *im, const char *path)
{
	const Elf32_Ehdr *eh;
	const Elf32_Shdr *sh;
	const char *names;
	u32 i, lo = 0xffffffff, hi = 0;

	memset(im, 0, sizeof(*im));
	im->file = slurp(path, &im->file_size);
	if (!im->file)
		return false;
	eh = (const Elf32_Ehdr *)im->file;
	assert_int_equal(eh->e_ident[EI_CLASS], ELFCLASS32);
	sh = (const Elf32_Shdr *)(im->file + eh->e_shoff);
	names = (const char *)im->file + sh[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++) {
		if (!(sh[i].sh_flags & SHF_ALLOC) || !sh[i].sh_size)
			continue;
		lo = sh[i].sh_addr < lo ? sh[i].sh_addr : lo;
		if (sh[i].sh_addr + sh[i].sh_size > hi)
			hi = sh[i].sh_addr + sh[i].sh_size;
	}
	fake_mem_init(&im->fm, &im->m, lo, hi - lo);
	for (i = 0; i < eh->e_shnum; i++) {
		const char *name = names + sh[i].sh_name;

		if (!strcmp(name, AB_SECTION)) {
			im->recs = (const struct ab_site *)(im->file +
							    sh[i].sh_offset);
			im->nr_recs = sh[i].sh_size / sizeof(struct ab_site);
		}
		if (!(sh[i].sh_flags & SHF_ALLOC) || !sh[i].sh_size ||
		    sh[i].sh_type == SHT_NOBITS)
			continue;
		memcpy(im->fm.buf + (sh[i].sh_addr - lo),
		       im->file + sh[i].sh_offset, sh[i].sh_size);
		if (sh[i].sh_flags & SHF_EXECINSTR) {
			assert_true(im->nr_text < ARRAY_SIZE(im->text));
			im->text[im->nr_text++] = (struct rw_text){
				sh[i].sh_addr, sh[i].sh_addr + sh[i].sh_size };
		}
	}
	im->orig = malloc(im->fm.size);
	assert_non_null(im->orig);
	memcpy(im->orig, im->fm.buf, im->fm.size);
	return true;
}

void elf_free(struct elf_image *im)
{
	fake_mem_free(&im->fm);
	free(im->orig);
	free(im->file);
}
