// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - kmain(), called by boot.S with the Multiboot magic and info.
 *
 * Sets up the CPU (GDT, IDT, TSS, LDT), paging and the PIC, calibrates
 * the TSC, runs every test area in a fixed order, prints the TAP plan,
 * and reports the result on the debug-exit port: EXIT_PASS (0) when
 * every test passed, EXIT_FAIL (1) otherwise, EXIT_PANIC (2) from panic().
 */
#include "guest.h"

void kmain(u32 magic, const struct multiboot_info *mbi);

void kmain(u32 magic, const struct multiboot_info *mbi)
{
	static struct multiboot_info boot_info;

	uart_init();
	kprintf("# burnvmm test guest\n");
	if (magic != MULTIBOOT_BOOT_MAGIC)
		panic("not started by a Multiboot loader (magic %x)", magic);
	/*
	 * The loader's boot information may sit anywhere in RAM: keep a
	 * copy, and read the memory map only before paging is on.
	 */
	memcpy(&boot_info, mbi, sizeof(boot_info));
	cpu_setup();
	mem_setup(mbi);
	pic_setup();
	tsc_khz = pit_calibrate_tsc();

	test_boot(&boot_info, magic);
	test_cpu();
	test_traps();
	test_paging();
	test_user();
	test_timer();
	test_devices();
	bench_all();

	tap_finish();
	guest_exit(tap_failed() ? EXIT_FAIL : EXIT_PASS);
}
