// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - the guest ELF loader's checks: everything burnctl writes into
 * guest RAM comes from a file the user named, so every header field is
 * validated against the file size and the VM's RAM before use, with sums
 * done in 64 bits so 32-bit fields cannot wrap.
 */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "elf.h"

#define MULTIBOOT_MAGIC		0x1BADB002u
#define MULTIBOOT_SEARCH	8192	/* the header must be this early */

static int elf_fail(char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int elf_fail(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A Multiboot v1 header: magic, flags, checksum summing to 0, 4-aligned. */
static bool elf_has_multiboot(const uint8_t *buf, size_t len)
{
	size_t end = len < MULTIBOOT_SEARCH ? len : MULTIBOOT_SEARCH;
	uint32_t h[3];
	size_t off;

	for (off = 0; off + sizeof(h) <= end; off += 4) {
		memcpy(h, buf + off, sizeof(h));
		if (h[0] == MULTIBOOT_MAGIC && h[0] + h[1] + h[2] == 0)
			return true;
	}
	return false;
}

/*
 * A Linux vmlinux: one of its PT_NOTE segments holds a note whose owner
 * is "Linux" (every kernel's ELFNOTE()s: the build salt, the LTO info),
 * which no Multiboot kernel has by accident.  Notes are name size,
 * description size, type, then both padded to 4; each size is checked
 * against what is left of the segment.
 */
static bool elf_has_linux_note(const uint8_t *buf, size_t len,
			       const Elf32_Phdr *ph)
{
	uint64_t off = ph->p_offset, end = off + ph->p_filesz;
	uint32_t n[3];

	if (ph->p_type != PT_NOTE || end > len)
		return false;
	while (end - off >= sizeof(n)) {
		memcpy(n, buf + off, sizeof(n));
		off += sizeof(n);
		if (n[0] > end - off ||
		    ((uint64_t)n[0] + 3) / 4 * 4 + ((uint64_t)n[1] + 3) / 4 * 4 >
		    end - off)
			return false;
		if (n[0] == sizeof("Linux") &&
		    !memcmp(buf + off, "Linux", sizeof("Linux")))
			return true;
		off += ((uint64_t)n[0] + 3) / 4 * 4 +
		       ((uint64_t)n[1] + 3) / 4 * 4;
	}
	return false;
}

static int elf_check_header(const Elf32_Ehdr *eh, size_t len, char *why,
			    size_t why_len)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return elf_fail(why, why_len, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS32)
		return elf_fail(why, why_len, "not a 32-bit ELF file");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_386)
		return elf_fail(why, why_len, "not an i386 ELF file");
	if (eh->e_type != ET_EXEC)
		return elf_fail(why, why_len, "not an executable (ELF type %u)",
				eh->e_type);
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0)
		return elf_fail(why, why_len, "no usable program headers");
	if ((uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) >
	    len)
		return elf_fail(why, why_len, "program headers beyond the end of the file");
	return 0;
}

static int elf_add_segment(const Elf32_Phdr *ph, size_t len, uint64_t mem_size,
			   struct guest_image *img, char *why, size_t why_len)
{
	struct guest_segment *seg;

	if (ph->p_filesz > ph->p_memsz)
		return elf_fail(why, why_len, "segment at 0x%x has more file bytes than memory",
				ph->p_paddr);
	if ((uint64_t)ph->p_offset + ph->p_filesz > len)
		return elf_fail(why, why_len, "segment at 0x%x extends beyond the end of the file",
				ph->p_paddr);
	if ((uint64_t)ph->p_paddr + ph->p_memsz > mem_size)
		return elf_fail(why, why_len, "segment 0x%x-0x%llx lies outside guest RAM (%llu bytes; try a larger --mem)",
				ph->p_paddr,
				(unsigned long long)ph->p_paddr + ph->p_memsz,
				(unsigned long long)mem_size);
	if (img->nr_segments == GUEST_MAX_SEGMENTS)
		return elf_fail(why, why_len, "more than %d loadable segments",
				GUEST_MAX_SEGMENTS);
	seg = &img->segments[img->nr_segments++];
	seg->paddr = ph->p_paddr;
	seg->offset = ph->p_offset;
	seg->filesz = ph->p_filesz;
	seg->memsz = ph->p_memsz;
	if (seg->paddr + seg->memsz > img->load_end)
		img->load_end = seg->paddr + seg->memsz;
	return 0;
}

static bool elf_entry_loaded(const struct guest_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nr_segments; i++)
		if (img->entry >= img->segments[i].paddr &&
		    img->entry < img->segments[i].paddr + img->segments[i].memsz)
			return true;
	return false;
}

int elf_parse(const uint8_t *buf, size_t len, uint64_t mem_size,
	      struct guest_image *img, char *why, size_t why_len)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	unsigned int i;

	memset(img, 0, sizeof(*img));
	if (len < sizeof(eh))
		return elf_fail(why, why_len, "too short to be an ELF file (%zu bytes)",
				len);
	memcpy(&eh, buf, sizeof(eh));
	if (elf_check_header(&eh, len, why, why_len))
		return -1;
	for (i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, buf + eh.e_phoff + (size_t)i * sizeof(ph),
		       sizeof(ph));
		if (elf_has_linux_note(buf, len, &ph))
			img->linux_kernel = true;
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (elf_add_segment(&ph, len, mem_size, img, why, why_len))
			return -1;
	}
	if (!img->nr_segments)
		return elf_fail(why, why_len, "no loadable segments");
	img->entry = eh.e_entry;
	if (!elf_entry_loaded(img))
		return elf_fail(why, why_len, "entry point 0x%x is not in a loaded segment",
				img->entry);
	img->multiboot = elf_has_multiboot(buf, len);
	return 0;
}
