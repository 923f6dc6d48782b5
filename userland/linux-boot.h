/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linux-boot.h - the Linux/x86 32-bit boot protocol for burnctl
 * (linux-boot.c): load a vmlinux ELF, an initrd and a command line into
 * a guest-RAM buffer, build the zero page (struct boot_params) with an
 * e820 map that reserves the IPVMM, and say how to enter the kernel.
 *
 * Why a library: `burnctl start vmlinux --initrd rootfs.cpio` boots
 * Linux beside Multiboot; the caller owns the VM, this file only fills
 * its RAM, so the host unit tests can check every byte it writes.
 * Layouts follow Documentation/x86/boot.rst and zero-page.rst of Linux
 * 6.1; the structures in linux-boot.c are written from those documents.
 */
#ifndef BURNCTL_LINUX_BOOT_H
#define BURNCTL_LINUX_BOOT_H

#include <stddef.h>
#include <stdint.h>

/* Default IPVMM window: the top 64 MiB of the guest's virtual space. */
#define LINUX_BOOT_WINDOW_DEFAULT	0xfc000000u
/* x86 COMMAND_LINE_SIZE of Linux 6.1, terminating NUL included */
#define LINUX_BOOT_CMDLINE_MAX		2048u
/* Fixed placement of the loader's own data, below 640 KiB and clear of
 * what PC firmware and boot loaders use (stacks near 0x7000, 0x7c00)
 */
#define LINUX_BOOT_GDT_GPA		0x00010000u
#define LINUX_BOOT_PARAMS_GPA		0x00011000u
#define LINUX_BOOT_CMDLINE_GPA		0x00012000u
/* boot.rst "32-bit boot protocol": the selectors the kernel expects */
#define LINUX_BOOT_CS			0x10u
#define LINUX_BOOT_DS			0x18u
#define LINUX_BOOT_E820_MAX		8u
#define LINUX_BOOT_WHY_LEN		160u

/* What to boot and where. */
struct linux_boot_config {
	const void *vmlinux;		/* the ELF file's bytes */
	size_t vmlinux_size;
	const void *initrd;		/* NULL when there is none */
	size_t initrd_size;
	/* NULL means empty; reservetop= is appended, so not allowed here */
	const char *cmdline;
	/* top of guest RAM kept for the IPVMM, a multiple of 4 KiB */
	uint32_t ipvmm_bytes;
	uint32_t window_base;		/* IPVMM virtual window; 0: default */
};

/* One e820 entry as burnctl reports it (type: 1 RAM, 2 reserved). */
struct linux_boot_e820 {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

/*
 * The CPU state at the kernel's 32-bit entry (boot.rst): protected mode,
 * paging off, interrupts off, CS a flat 4 GiB code segment with selector
 * 0x10 and DS/ES/SS/FS/GS flat data with 0x18 (a GDT holding both is at
 * gdt_gpa), ESI the zero page, EBP/EDI/EBX zero.
 */
struct linux_boot_regs {
	uint32_t eip;
	uint32_t esi;
	uint32_t ebp, edi, ebx;
	uint32_t eflags;		/* only the reserved bit 1: IF clear */
	uint32_t cr0;			/* PE only: paging off */
	uint16_t cs, ds;
	uint32_t gdt_gpa;
	uint16_t gdt_limit;
};

/* Where everything went, all guest-physical. */
struct linux_boot_layout {
	uint32_t kernel_start, kernel_end;	/* [start, end) of PT_LOADs */
	uint32_t boot_params_gpa;
	uint32_t cmdline_gpa;
	uint32_t cmdline_len;			/* without the NUL */
	uint32_t initrd_gpa, initrd_size;	/* 0, 0 without an initrd */
	uint32_t ipvmm_gpa;			/* first byte kept for IPVMM */
	uint32_t reservetop;			/* bytes, = 4 GiB - window */
	unsigned int nr_e820;
	struct linux_boot_e820 e820[LINUX_BOOT_E820_MAX];
	struct linux_boot_regs regs;
	char why[LINUX_BOOT_WHY_LEN];		/* one line when it failed */
};

/*
 * linux_boot_load - place @cfg's kernel, initrd, command line, zero page
 * and GDT in the @ram_size bytes at @ram (guest-physical 0 onwards) and
 * describe the result in @out.  Returns 0, or -EINVAL (bad ELF or
 * configuration), -E2BIG (command line too long), -ENOSPC (something
 * does not fit in guest RAM) with @out->why naming the field at fault.
 * @ram is only written through a range-checked accessor; on failure it
 * may be partly written.
 */
int linux_boot_load(const struct linux_boot_config *cfg, void *ram,
		    size_t ram_size, struct linux_boot_layout *out);

#endif /* BURNCTL_LINUX_BOOT_H */
