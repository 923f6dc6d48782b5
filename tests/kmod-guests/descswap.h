/* SPDX-License-Identifier: GPL-2.0 */
/*
 * descswap.h - for the guests that change a descriptor under a loaded
 * selector (descfs.c, desccs.c, descss.c): the hypercall's return must
 * load that selector again, from the new descriptor.  Whatever the host
 * does then (refuse the change, null the register, end the VM) it must
 * not fault itself; the guest reports what it saw.
 */
#ifndef DESCSWAP_H
#define DESCSWAP_H

#include "kguest.h"

/* Flat 4 GiB, 32-bit, page-granular, present: data or code of DPL 1. */
#define DS_DATA_HI 0x00cfb300u
#define DS_CODE_HI 0x00cfbb00u
#define DS_LO 0x0000ffffu
#define DS_NOT_PRESENT 0x8000u

static inline int set_desc(u32 index, u32 lo, u32 hi)
{
	return hcall3(BURN_HC_SET_DESC, index, lo, hi);
}

static inline void say(const char *what, u32 v)
{
	con_puts(what);
	con_hex(v);
	con_puts("\n");
}

#endif /* DESCSWAP_H */
