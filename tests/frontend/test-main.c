// SPDX-License-Identifier: GPL-2.0
/*
 * tests/frontend/test-main.c - runs every frontend test group; each
 * prints a cmocka TAP block that frontend-unit.sh flattens into one
 * stream.  Exit status is non-zero if any test failed.
 */
#include "fetest.h"

int main(void)
{
	int failed = 0;

	failed += run_decode_tests();
	failed += run_rewrite_tests();
	failed += run_vcpu_tests();
	failed += run_emulate_tests();
	failed += run_boot_tests();
	failed += run_mmio_tests();
	return failed ? 1 : 0;
}
