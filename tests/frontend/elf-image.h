/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/frontend/elf-image.h - a linked 32-bit guest ELF laid out in fake
 * guest memory at its link addresses, as burnctl will place it, with its
 * executable ranges and its .afterburn records: what the rewriter and
 * emulation tests run the real guests through.
 */
#ifndef BURNVMM_TESTS_FRONTEND_ELF_IMAGE_H
#define BURNVMM_TESTS_FRONTEND_ELF_IMAGE_H

#include "fetest.h"
#include "rewrite.h"

struct elf_image {
	u8 *file;
	size_t file_size;
	struct fake_mem fm;
	struct gmem m;
	u8 *orig;		/* the loaded image before rewriting */
	struct rw_text text[16];
	u32 nr_text;
	const struct ab_site *recs;
	u32 nr_recs;
};

/* false if the file does not exist (the test then skips) */
bool elf_load(struct elf_image *im, const char *path);
void elf_free(struct elf_image *im);

#endif /* BURNVMM_TESTS_FRONTEND_ELF_IMAGE_H */
