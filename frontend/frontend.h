/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/frontend.h - what every file of the IPVMM frontend shares:
 * error codes, the one guest-memory accessor interface, and the few
 * freestanding helpers.  Each .c file has its header (decode.h,
 * rewrite.h, vcpu.h, emulate.h, boot.h) with its prototypes under a
 * "file.c:" heading; frontend/README.md is the index.
 *
 * Why one narrow accessor: the frontend runs inside the guest (32-bit,
 * ring 1) where guest memory is plain memory, and in host unit tests
 * (64-bit) where it is a buffer.  Every guest access goes through
 * gmem_read()/gmem_write() with a gva_t, so no frontend code ever turns
 * a guest address into a pointer by itself, and the tests can fault any
 * access they like.
 */
#ifndef BURNVMM_FRONTEND_H
#define BURNVMM_FRONTEND_H

#include <burnvmm/types.h>

/* Errors, returned negated.  Linux errno values, so logs read alike. */
#define FE_EFAULT	14	/* a guest address is not backed */
#define FE_EINVAL	22	/* malformed input (record, frame, insn) */
#define FE_ENOSPC	28	/* a static table is full */
#define FE_ENOSYS	38	/* valid but not emulated */
#define FE_E2BIG	7	/* an instruction runs past its bytes */
#define FE_ESHUTDOWN	108	/* triple fault: the guest CPU shuts down */

/*
 * Guest memory seen through guest-virtual addresses.  read/write copy
 * len bytes and return 0 or -FE_EFAULT; they never copy partially
 * without saying so.  ctx is the implementation's (the IPVMM's flat
 * view, or a test buffer).
 */
struct gmem {
	int (*read)(void *ctx, gva_t addr, void *buf, u32 len);
	int (*write)(void *ctx, gva_t addr, const void *buf, u32 len);
	void *ctx;
};

static inline int gmem_read(const struct gmem *m, gva_t a, void *buf, u32 len)
{
	return m->read(m->ctx, a, buf, len);
}

static inline int gmem_write(const struct gmem *m, gva_t a, const void *buf,
			     u32 len)
{
	return m->write(m->ctx, a, buf, len);
}

static inline int gmem_read32(const struct gmem *m, gva_t a, u32 *v)
{
	u8 b[4];
	int err = gmem_read(m, a, b, 4);

	if (err)
		return err;
	*v = b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
	return 0;
}

static inline int gmem_write32(const struct gmem *m, gva_t a, u32 v)
{
	u8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	return gmem_write(m, a, b, 4);
}

/* Little-endian loads from a byte array (no unaligned pointer casts). */
static inline u16 fe_le16(const u8 *p)
{
	return p[0] | (u16)(p[1] << 8);
}

static inline u32 fe_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* Freestanding: no libc, so the two helpers the frontend needs. */
static inline void fe_memcpy(void *dst, const void *src, u32 n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
}

static inline void fe_memset(void *dst, u8 c, u32 n)
{
	u8 *d = dst;

	while (n--)
		*d++ = c;
}

#endif /* BURNVMM_FRONTEND_H */
