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

#define CMDLINE_MAX		256

/* The loader's command line, copied before paging is on. */
static char cmdline[CMDLINE_MAX];

static void save_cmdline(const struct multiboot_info *mbi)
{
	const char *src = (const char *)mbi->cmdline;
	u32 i;

	if (!(mbi->flags & MULTIBOOT_INFO_CMDLINE) || !mbi->cmdline)
		return;
	for (i = 0; i + 1 < CMDLINE_MAX && src[i]; i++)
		cmdline[i] = src[i];
	cmdline[i] = 0;
}

/* Is @word one of the space-separated words of the command line? */
bool boot_option(const char *word)
{
	const char *p = cmdline;
	u32 n;

	for (n = 0; word[n]; n++)
		;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!memcmp(p, word, n) && (p[n] == ' ' || !p[n]))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

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
	save_cmdline(mbi);
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
