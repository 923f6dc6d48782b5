// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/elf.c - read the section table of a 32-bit little-endian
 * i386 ELF file (a linked guest kernel) for afterburn-sites.
 *
 * The file is untrusted input: every offset and size from the headers
 * is range-checked against the file size before use, with overflow-safe
 * comparisons, so a corrupt file gives an error and never a read out of
 * bounds.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ab.h"

/* Is [off, off+len) inside a file of size size?  (overflow-safe) */
static bool in_file(size_t size, unsigned long off, unsigned long len)
{
	return off <= size && len <= size - off;
}

static int bad(const struct ab_elf *elf, const char *why)
{
	fprintf(stderr, "afterburn-sites: %s: %s\n", elf->path, why);
	return -EINVAL;
}

static int check_header(const struct ab_elf *elf, const Elf32_Ehdr *eh)
{
	if (elf->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return bad(elf, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_386)
		return bad(elf, "not a 32-bit little-endian i386 ELF file");
	if (eh->e_type == ET_REL)
		return bad(elf, "relocatable object: site addresses are only "
			   "final after linking; link it first");
	if (eh->e_shentsize != sizeof(Elf32_Shdr) ||
	    !in_file(elf->size, eh->e_shoff,
		     (unsigned long)eh->e_shnum * sizeof(Elf32_Shdr)))
		return bad(elf, "section header table outside the file");
	if (eh->e_shstrndx >= eh->e_shnum)
		return bad(elf, "bad section name table index");
	return 0;
}

static int load_sections(struct ab_elf *elf)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)elf->image;
	const Elf32_Shdr *sh = (const Elf32_Shdr *)(elf->image + eh->e_shoff);
	const Elf32_Shdr *strs = &sh[eh->e_shstrndx];
	unsigned int i;

	if (strs->sh_type != SHT_STRTAB ||
	    !in_file(elf->size, strs->sh_offset, strs->sh_size) ||
	    !strs->sh_size || elf->image[strs->sh_offset + strs->sh_size - 1])
		return bad(elf, "bad section name table");
	elf->secs = calloc(eh->e_shnum ? eh->e_shnum : 1, sizeof(*elf->secs));
	if (!elf->secs)
		return -ENOMEM;
	elf->nsecs = eh->e_shnum;
	for (i = 0; i < eh->e_shnum; i++) {
		struct ab_elf_sec *s = &elf->secs[i];

		if (sh[i].sh_name >= strs->sh_size)
			return bad(elf, "section name outside the name table");
		s->name = (const char *)elf->image + strs->sh_offset +
			  sh[i].sh_name;
		s->type = sh[i].sh_type;
		s->flags = sh[i].sh_flags;
		s->addr = sh[i].sh_addr;
		s->size = sh[i].sh_size;
		if (s->type == SHT_NOBITS || s->type == SHT_NULL)
			continue;
		if (!in_file(elf->size, sh[i].sh_offset, sh[i].sh_size))
			return bad(elf, "section contents outside the file");
		s->data = elf->image + sh[i].sh_offset;
	}
	return 0;
}

int ab_elf_open(const char *path, struct ab_elf *elf)
{
	struct ab_buf b = { 0 };
	int err;

	memset(elf, 0, sizeof(*elf));
	elf->path = path;
	err = ab_read_file(path, &b);
	if (err) {
		fprintf(stderr, "afterburn-sites: %s: %s\n", path,
			strerror(-err));
		ab_buf_free(&b);
		return err;
	}
	elf->image = (unsigned char *)b.data;
	elf->size = b.len;
	err = check_header(elf, (const Elf32_Ehdr *)elf->image);
	if (!err)
		err = load_sections(elf);
	if (err)
		ab_elf_close(elf);
	return err;
}

void ab_elf_close(struct ab_elf *elf)
{
	free(elf->image);
	free(elf->secs);
	elf->image = NULL;
	elf->secs = NULL;
}

const struct ab_elf_sec *ab_elf_find(const struct ab_elf *elf,
				     const char *name)
{
	unsigned int i;

	for (i = 0; i < elf->nsecs; i++)
		if (!strcmp(elf->secs[i].name, name))
			return &elf->secs[i];
	return NULL;
}

/* The allocated section with file contents holding addr, or NULL. */
const struct ab_elf_sec *ab_elf_sec_at(const struct ab_elf *elf,
				       unsigned int addr)
{
	unsigned int i;

	for (i = 0; i < elf->nsecs; i++) {
		const struct ab_elf_sec *s = &elf->secs[i];

		if ((s->flags & SHF_ALLOC) && s->data && addr >= s->addr &&
		    addr - s->addr < s->size)
			return s;
	}
	return NULL;
}
