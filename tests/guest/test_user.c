// SPDX-License-Identifier: GPL-2.0
/*
 * test_user.c - ring-3 tasks: system calls through `int $0x80` (and
 * SYSENTER when the CPU has it), what ring 3 sees of its own state,
 * the TSS I/O bitmap, demand paging driven by page faults, and copy on
 * write between two address spaces switched by CR3.
 */
#include "guest.h"
#include "ring3.h"

#define CPUID_SEP	(1u << 11)
#define MSR_SYSENTER_CS	0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
#define DEMAND_PAGES	16

static void test_syscalls(void)
{
	u32 v, t0, t1;

	v = user_run(r3_sum, 10);
	tap_result(v == 11 + 2 * 12 + 3 * 13 + 4 * 14 + 5 * 15,
		   "int $0x80: a system call gets five arguments and returns a value");
	v = user_run(r3_regs_kept, 0);
	tap_result(v == 0, "int $0x80: every register but EAX survives a system call");
	v = user_run(r3_cf_kept, 0);
	tap_result(v == (X86_EFLAGS_CF | X86_EFLAGS_DF),
		   "iret back to ring 3 restores the user's CF and DF");

	v = user_run(r3_segments, 0);
	tap_result(v == (USER_CS | (USER_DS << 16)),
		   "ring 3: %%cs and %%ss read the user selectors");
	v = user_run(r3_flags, 0);
	tap_result((v & X86_EFLAGS_IF) && !(v & X86_EFLAGS_IOPL),
		   "ring 3: pushf shows IF=1 and IOPL=0");
	v = user_run(r3_popf_cli, 0);
	tap_result(v & X86_EFLAGS_IF,
		   "ring 3: popf cannot clear IF at IOPL 0, and does not fault");
	v = user_run(r3_scratch, 0x5c) | user_run(r3_scratch, 0xa3) << 8;
	tap_result(v == 0xa35c,
		   "TSS I/O bitmap: ring 3 may use the one port it grants");

	t0 = (u32)rdtsc();
	v = user_run(r3_rdtsc, 0);
	t1 = (u32)rdtsc();
	tap_result(v - t0 <= t1 - t0 && t1 != t0,
		   "ring 3: rdtsc works with CR4.TSD clear");

	if (cpu_features & CPUID_SEP) {
		u32 before = sysenter_count;

		wrmsr(MSR_SYSENTER_CS, KERNEL_CS);
		wrmsr(MSR_SYSENTER_ESP, (u32)sysenter_stack_top);
		wrmsr(MSR_SYSENTER_EIP, (u32)sysenter_entry);
		v = user_run(r3_sysenter, 0x42);
		wrmsr(MSR_SYSENTER_CS, 0);
		tap_result(v == (0x42 | SYSENTER_MAGIC) &&
			   sysenter_count == before + 1,
			   "sysenter/sysexit: ring 3 to the kernel and back");
	} else {
		tap_skip("CPUID reports no SEP",
			 "sysenter/sysexit: ring 3 to the kernel and back");
	}
}

static u32 frame_of(struct aspace *as, u32 page)
{
	return as->user_pt[page] & PTE_FRAME;
}

static void test_demand_and_cow(void)
{
	struct aspace a, b;
	u32 v, faults, i;
	bool ok;

	aspace_create(&a);
	aspace_switch(&a);
	mem_demand_faults = 0;
	v = user_run(r3_demand, DEMAND_PAGES);
	faults = mem_demand_faults;
	if (v)
		tap_diag("first bad word at %x", user_report[0]);
	tap_result(v == 0 && faults == DEMAND_PAGES,
		   "demand paging: fresh user pages read as zero, one page fault each");

	for (i = 0; i < 4; i++)
		user_run(r3_fill, i << 24 | (0x100 + i));
	aspace_clone_cow(&b, &a);
	mem_cow_faults = 0;
	mem_demand_faults = 0;
	aspace_switch(&b);
	memset(user_report, 0, sizeof(user_report));
	v = user_run(r3_checksum, 4);
	tap_result(v == 0x100 + 0x101 + 0x102 + 0x103 && !mem_cow_faults &&
		   !mem_demand_faults && frame_of(&a, 1) == frame_of(&b, 1),
		   "copy on write: the clone reads the parent's pages, sharing frames");

	aspace_switch(&a);
	v = user_run(r3_fill, 1u << 24 | 0x777);
	faults = mem_cow_faults;
	aspace_switch(&b);
	user_run(r3_checksum, 4);
	ok = v == 0x777 && faults == 1 && user_report[1] == 0x101 &&
	     frame_of(&a, 1) != frame_of(&b, 1) &&
	     frame_of(&a, 0) == frame_of(&b, 0);
	tap_result(ok, "copy on write: a write in the parent copies the page, the clone keeps the old data");

	mem_cow_faults = 0;
	v = user_run(r3_fill, 2u << 24 | 0x888);
	faults = mem_cow_faults;
	aspace_switch(&a);
	user_run(r3_checksum, 4);
	ok = v == 0x888 && faults == 1 && user_report[2] == 0x102 &&
	     user_report[1] == 0x777 && user_report[0] == 0x100;
	tap_result(ok, "copy on write: a write in the clone copies the page, the parent keeps its data");
	aspace_switch(&kernel_as);
}

void test_user(void)
{
	test_syscalls();
	test_demand_and_cow();
}
