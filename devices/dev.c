// SPDX-License-Identifier: GPL-2.0
/*
 * devices/dev.c - freestanding helpers shared by the device models.
 *
 * Why they exist: on i386, gcc turns a 64-bit division into a call to
 * libgcc's __udivdi3, and the in-place VMM links no libgcc.  The timer
 * models convert between nanoseconds and oscillator ticks all the time,
 * so they get a division built from the CPU's own 64-by-32 divide, and a
 * multiply-then-divide that keeps a 96-bit intermediate so that hours of
 * guest uptime never overflow.
 */
#include "dev.h"

/*
 * (n_hi:n_lo) / d where n_hi < d, so the quotient fits 32 bits: exactly
 * what one divl does.  The C version is for 64-bit hosts.
 */
static u32 div_96_step(u32 n_hi, u32 n_lo, u32 d, u32 *rem)
{
#if defined(__i386__)
	u32 q, r;

	/* divl: edx:eax / operand -> eax quotient, edx remainder. */
	asm("divl %4"
	    : "=a"(q),		/* quotient */
	      "=d"(r)		/* remainder */
	    : "a"(n_lo),	/* low half of the dividend */
	      "d"(n_hi),	/* high half; < d so no #DE */
	      "rm"(d));		/* divisor */
	*rem = r;
	return q;
#else
	u64 n = ((u64)n_hi << 32) | n_lo;

	*rem = (u32)(n % d);
	return (u32)(n / d);
#endif
}

/* n / d with the remainder in *rem (may be NULL); d must not be 0. */
u64 dev_div64_32(u64 n, u32 d, u32 *rem)
{
	u32 hi = (u32)(n >> 32), r;
	u32 q_hi, q_lo;

	DEV_ASSERT(d != 0);
	q_hi = hi / d;
	q_lo = div_96_step(hi % d, (u32)n, d, &r);
	if (rem)
		*rem = r;
	return ((u64)q_hi << 32) | q_lo;
}

/*
 * a * mul / div, rounded down, computed through a 96-bit product.  The
 * result must fit 64 bits (true whenever mul <= div, which is how the
 * clock conversions use it; otherwise the caller bounds a).
 */
static u64 muldiv(u64 a, u32 mul, u32 div, bool round_up)
{
	u64 lo = (u64)(u32)a * mul;
	u64 hi = (a >> 32) * mul + (lo >> 32);
	u32 r_hi, r_lo;
	u64 q_hi;
	u32 q_lo;

	DEV_ASSERT(div != 0);
	/* 96-bit number hi:lo32, divided in two steps of 64/32. */
	q_hi = dev_div64_32(hi, div, &r_hi);
	q_lo = div_96_step(r_hi, (u32)lo, div, &r_lo);
	if (round_up && r_lo) {
		if (++q_lo == 0)
			q_hi++;
	}
	return (q_hi << 32) + q_lo;
}

u64 dev_muldiv64(u64 a, u32 mul, u32 div)
{
	return muldiv(a, mul, div, false);
}

u64 dev_muldiv64_ceil(u64 a, u32 mul, u32 div)
{
	return muldiv(a, mul, div, true);
}

/* BCD digits to binary; invalid digits are taken as they come (0xA=10). */
u8 dev_bcd_to_bin(u8 v)
{
	return (u8)((v >> 4) * 10 + (v & 0x0f));
}

/* Binary 0..99 to two BCD digits; larger values wrap modulo 100. */
u8 dev_bin_to_bcd(u8 v)
{
	v %= 100;
	return (u8)(((v / 10) << 4) | (v % 10));
}

void dev_log(const struct dev_backend *be, enum dev_log_kind kind,
	     const char *dev, const char *msg, u32 val)
{
	if (be && be->ops && be->ops->log)
		be->ops->log(be->ctx, kind, dev, msg, val);
}

/*
 * Log a message once per model instance: @seen is the model's bitmap of
 * messages already reported, @bit this message's.  A guest that hammers
 * a register must not flood the host log.
 */
void dev_log_once(const struct dev_backend *be, u32 *seen, unsigned int bit,
		  enum dev_log_kind kind, const char *dev, const char *msg,
		  u32 val)
{
	DEV_ASSERT(bit < 32);
	if (*seen & (1u << bit))
		return;
	*seen |= 1u << bit;
	dev_log(be, kind, dev, msg, val);
}

/* An unimplemented feature, logged once (STYLE.md 14). */
void dev_unimp_once(const struct dev_backend *be, u32 *seen,
		    unsigned int bit, const char *dev, const char *msg,
		    u32 val)
{
	dev_log_once(be, seen, bit, DEV_LOG_UNIMP, dev, msg, val);
}

/* The models may not call libc; these are all they need of it. */
void dev_memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = (u8)c;
}

void dev_memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
}
