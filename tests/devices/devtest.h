/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/devices/devtest.h - what every device test file includes:
 * cmocka (which needs these four headers first), the fake back end, and
 * the entry point of each test group.
 */
#ifndef BURNVMM_TESTS_DEVICES_DEVTEST_H
#define BURNVMM_TESTS_DEVICES_DEVTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dev.h"
#include "fake-backend.h"

/* A small deterministic generator, so failures replay exactly. */
static inline u32 test_rand(u64 *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (u32)(*state >> 33);
}

int run_dev_tests(void);
int run_pic_tests(void);
int run_pit_tests(void);
int run_uart_tests(void);
int run_rtc_tests(void);
int run_i8042_tests(void);
int run_pci_tests(void);
int run_ata_tests(void);
int run_platform_tests(void);
int run_regfuzz_tests(void);

#endif /* BURNVMM_TESTS_DEVICES_DEVTEST_H */
