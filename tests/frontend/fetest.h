/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/frontend/fetest.h - shared by the frontend's host unit tests:
 * cmocka, the test groups, and the buffer-backed guest memory (fake-mem.c)
 * that stands in for the IPVMM's flat view of guest RAM.
 */
#ifndef BURNVMM_TESTS_FRONTEND_FETEST_H
#define BURNVMM_TESTS_FRONTEND_FETEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "frontend.h"

/*
 * A flat buffer at guest-virtual base..base+size.  Accesses outside it,
 * or inside [fault_lo, fault_hi), fail with -FE_EFAULT.
 */
struct fake_mem {
	u8 *buf;
	u32 base;
	u32 size;
	u32 fault_lo;
	u32 fault_hi;
	u32 writes;		/* number of write calls */
};

void fake_mem_init(struct fake_mem *fm, struct gmem *m, u32 base, u32 size);
void fake_mem_free(struct fake_mem *fm);

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

int run_decode_tests(void);
int run_rewrite_tests(void);
int run_vcpu_tests(void);
int run_emulate_tests(void);
int run_boot_tests(void);
int run_mmio_tests(void);

#endif /* BURNVMM_TESTS_FRONTEND_FETEST_H */
