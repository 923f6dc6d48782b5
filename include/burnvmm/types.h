/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm/types.h - fixed-width integers and address types shared by every
 * part of burnvmm.
 *
 * Why our own: the in-place VMM and the device models are freestanding
 * 32-bit code with no libc, so <stdint.h> names would be the only thing
 * pulled from a C library's headers; the kernel module has <linux/types.h>
 * instead.  One header gives all of them the kernel's u8..u64 spelling.
 *
 * Why address types are structs: a VMM juggles three address spaces, and
 * mixing them up is the classic way a hostile guest reaches host memory.
 * Guest-physical (gpa_t), guest-virtual (gva_t) and host-virtual (hva_t)
 * addresses are distinct one-member structs, so the compiler rejects
 * passing one where another is expected; conversions are explicit calls
 * (gpa(), gpa_val(), ...) that are easy to grep for and to review.
 */
#ifndef BURNVMM_TYPES_H
#define BURNVMM_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
#endif

/* A guest-physical address: an offset into the VM's RAM or an MMIO hole. */
typedef struct {
	u64 val;
} gpa_t;

/* A guest-virtual (linear) address: 32 bits, the guest is i386. */
typedef struct {
	u32 val;
} gva_t;

/* A host-virtual address (kernel module or burnctl side). */
typedef struct {
	unsigned long val;
} hva_t;

static inline gpa_t gpa(u64 v)
{
	return (gpa_t){ .val = v };
}

static inline u64 gpa_val(gpa_t a)
{
	return a.val;
}

static inline gva_t gva(u32 v)
{
	return (gva_t){ .val = v };
}

static inline u32 gva_val(gva_t a)
{
	return a.val;
}

static inline hva_t hva(unsigned long v)
{
	return (hva_t){ .val = v };
}

static inline unsigned long hva_val(hva_t a)
{
	return a.val;
}

#endif /* BURNVMM_TYPES_H */
