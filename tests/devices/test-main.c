// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-main.c - runs every device test group.  Each group
 * prints its own cmocka TAP block; devices-unit.sh flattens them into
 * one stream with one plan.  Exit status is non-zero if any test failed.
 */
#include "devtest.h"

int main(void)
{
	int failed = 0;

	failed += run_dev_tests();
	failed += run_pic_tests();
	failed += run_pit_tests();
	failed += run_uart_tests();
	failed += run_rtc_tests();
	failed += run_i8042_tests();
	failed += run_pci_tests();
	failed += run_ata_tests();
	failed += run_platform_tests();
	failed += run_regfuzz_tests();
	return failed ? 1 : 0;
}
