/* SPDX-License-Identifier: GPL-2.0 */
/*
 * abi.h - constants shared by the test guest's kernel, its ring-3 code
 * and its assembly: segment selectors, the system-call numbers of
 * `int $0x80`, and the Multiboot v1 values.  Only #defines, so that .S
 * files can include it too.
 */
#ifndef TESTGUEST_ABI_H
#define TESTGUEST_ABI_H

/*
 * GDT layout.  Kernel code/data and user code/data are consecutive
 * because SYSENTER/SYSEXIT derive all four selectors from
 * IA32_SYSENTER_CS (CS, CS+8, CS+16, CS+24).  They sit at Linux i386's
 * indices (12-17), which is what the guest contract asks of a guest:
 * indices 2-5, 10 and 11 belong to the host under burnvmm
 * (BURN_GDT_RESERVED_MASK, docs/hypercalls.md), and Linux leaves them
 * unused; entries 1-11 here are null.
 */
#define KERNEL_CS	0x60
#define KERNEL_DS	0x68
#define USER_CS		0x73
#define USER_DS		0x7b
#define TSS_SEL		0x80
#define LDT_SEL		0x88
#define TEST_DS_SEL	0x90	/* small data segment: lsl/lar tests */
#define NP_DS_SEL	0x98	/* not-present data segment: #NP test */
#define GDT_ENTRIES	20
#define LDT_DS_SEL	0x04	/* LDT entry 0, TI=1, RPL 0 */
#define BAD_SEL		0x1f8	/* beyond the GDT limit: #GP probe */

/* int $0x80: number in EAX, arguments in EBX ECX EDX ESI EDI. */
#define SYS_EXIT	0	/* EBX = exit code; ends user_run() */
#define SYS_NULL	1	/* returns 0: benchmark */
#define SYS_SUM		2	/* returns EBX + 2ECX + 3EDX + 4ESI + 5EDI */
#define SYS_REPORT	3	/* user_report[EBX & 15] = ECX */
#define SYS_ECHO_REGS	4	/* returns EBX ^ ECX ^ EDX ^ ESI ^ EDI ^ EBP */

#define SYSENTER_MAGIC	0x5e5e0000	/* sysenter entry returns EAX | this */

#define MULTIBOOT_HEADER_MAGIC	0x1badb002
#define MULTIBOOT_BOOT_MAGIC	0x2badb002
#define MULTIBOOT_PAGE_ALIGN	0x00000001
#define MULTIBOOT_MEMORY_INFO	0x00000002
#define MULTIBOOT_INFO_CMDLINE	0x00000004
#define MULTIBOOT_INFO_MEM_MAP	0x00000040

/* Status written to the debug-exit port (QEMU exits with 2*status+1). */
#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_PANIC	2
#define DEBUG_EXIT_PORT	0xf4

#endif /* TESTGUEST_ABI_H */
