// SPDX-License-Identifier: GPL-2.0
/*
 * test_boot.c - what the Multiboot loader handed over: the boot magic,
 * the memory map, and the protected-mode state the guest started in.
 */
#include "guest.h"

void test_boot(const struct multiboot_info *mbi, u32 magic)
{
	tap_result(magic == MULTIBOOT_BOOT_MAGIC &&
		   (mbi->flags & MULTIBOOT_INFO_MEM_MAP) &&
		   mbi->mmap_length >= sizeof(struct multiboot_mmap_entry),
		   "multiboot: boot magic 0x2badb002 and a memory map");
	tap_result(mem_map_ok && mem_usable_kib >= 8192,
		   "multiboot: the memory map covers the kernel with usable RAM, >= 8 MiB in all");
	tap_diag("usable RAM %u KiB", mem_usable_kib);
}
