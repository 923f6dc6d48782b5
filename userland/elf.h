/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf.h - checking a 32-bit x86 guest ELF image against a VM before
 * loading it (elf.c).  Pure: works on a buffer, touches no VM.
 */
#ifndef BURNCTL_ELF_H
#define BURNCTL_ELF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define GUEST_MAX_SEGMENTS 16

/* One PT_LOAD segment, at a guest-physical address (paging is off). */
struct guest_segment {
	uint64_t paddr;
	uint64_t offset;	/* in the file */
	uint64_t filesz;
	uint64_t memsz;		/* the rest up to memsz stays zero */
};

struct guest_image {
	uint32_t entry;
	unsigned int nr_segments;
	struct guest_segment segments[GUEST_MAX_SEGMENTS];
	uint64_t load_end;	/* first byte after the highest segment */
	bool multiboot;		/* has a valid Multiboot v1 header */
	bool linux_kernel;	/* a PT_NOTE holds a note named "Linux" */
};

/*
 * elf_parse - check the @len bytes at @buf as a guest for RAM of
 * @mem_size bytes: an ELF32 i386 executable whose every loadable segment
 * lies inside the file and inside guest RAM, with its entry point in a
 * segment.  Fills @img and returns 0, or returns -1 with a message for
 * the user in @why.
 */
int elf_parse(const uint8_t *buf, size_t len, uint64_t mem_size,
	      struct guest_image *img, char *why, size_t why_len);

#endif /* BURNCTL_ELF_H */
