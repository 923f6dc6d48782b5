// SPDX-License-Identifier: GPL-2.0
/*
 * mb.c - a Multiboot image is started as a boot loader would: EAX holds
 * the magic, EBX the information, whose memory fields match the RAM.
 */
#include "kguest.h"

int main(void)
{
	const u32 *info = (const u32 *)boot_ebx;

	if (boot_eax != 0x2BADB002) {
		con_puts("mb: bad magic\n");
		return 1;
	}
	if (!(info[0] & 1) || info[2] != (boot_esp >> 10) - 1024) {
		con_puts("mb: bad memory information\n");
		return 2;
	}
	con_puts("mb: mem_upper ");
	con_u32(info[2]);
	con_puts(" KiB\n");
	return 0;
}
