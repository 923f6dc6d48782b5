// SPDX-License-Identifier: GPL-2.0
/*
 * tests/afterburn/fuzz.c - libFuzzer target: any bytes through the
 * rewriter (ab_process) and the x86 decoder.  Must never crash, hang,
 * leak or trip ASan/UBSan; bad input is allowed to be rejected.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "ab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ab_opts opts = { .quiet = true, .silent = true };
	struct ab_stats st = { 0 };
	struct ab_buf out = { 0 };
	struct ab_x86 x;
	size_t off;

	ab_process("fuzz.s", (const char *)data, size, &out, &opts, &st);
	ab_buf_free(&out);
	for (off = 0; off < size && off < 64; off++)
		ab_x86_decode(data + off, size - off, &x);
	return 0;
}
