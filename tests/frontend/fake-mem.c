// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/fake-mem.c - guest memory for the host tests: a calloc'd
 * buffer behind struct gmem, with a hole that faults, so tests can check
 * that the frontend reports unbacked guest addresses instead of reading
 * past them.
 */
#include <stdlib.h>
#include <string.h>

#include "fetest.h"

static bool fake_range_ok(const struct fake_mem *fm, u32 a, u32 len)
{
	u64 lo = a, hi = (u64)a + len;

	if (lo < fm->base || hi > (u64)fm->base + fm->size)
		return false;
	return hi <= fm->fault_lo || lo >= fm->fault_hi;
}

static int fake_read(void *ctx, gva_t a, void *buf, u32 len)
{
	struct fake_mem *fm = ctx;

	if (!fake_range_ok(fm, gva_val(a), len))
		return -FE_EFAULT;
	memcpy(buf, fm->buf + (gva_val(a) - fm->base), len);
	return 0;
}

static int fake_write(void *ctx, gva_t a, const void *buf, u32 len)
{
	struct fake_mem *fm = ctx;

	if (!fake_range_ok(fm, gva_val(a), len))
		return -FE_EFAULT;
	memcpy(fm->buf + (gva_val(a) - fm->base), buf, len);
	fm->writes++;
	return 0;
}

void fake_mem_init(struct fake_mem *fm, struct gmem *m, u32 base, u32 size)
{
	memset(fm, 0, sizeof(*fm));
	fm->buf = calloc(1, size);
	assert_non_null(fm->buf);
	fm->base = base;
	fm->size = size;
	m->read = fake_read;
	m->write = fake_write;
	m->ctx = fm;
}

void fake_mem_free(struct fake_mem *fm)
{
	free(fm->buf);
	fm->buf = NULL;
}
