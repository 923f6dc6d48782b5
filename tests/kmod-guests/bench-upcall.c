// SPDX-License-Identifier: GPL-2.0
/*
 * bench-upcall.c - benchmark: an exception round trip through an upcall.
 * The guest registers an upcall entry and a shared VCPU page
 * (BURN_HC_SET_UPCALL, docs/hypercalls.md "Upcalls"), then runs `int3`
 * in a loop: each one exits to burnvmm.ko, which writes the frame into
 * the page and resumes the guest at the entry, which returns to the
 * instruction after the int3 with a native ring-1 `iret`.  One operation
 * is that whole round trip: one exit, one upcall.  Native analog: the
 * test guest's null_syscall (ring 3 `int $0x80` to the kernel and back).
 * Report and counters: bench-guest.h.
 *
 * The entry is the least an IPVMM must do: the host resumes it with
 * every register the interrupted context's except EAX (the vector) and
 * ESP (the upcall stack), so it takes ESP and EAX back from the frame,
 * lays EIP/CS/EFLAGS under that ESP, releases the frame and irets.
 * Its symbols are local to this file.
 */
#include "bench-guest.h"
#include "burnvmm/vcpu.h"

static struct burn_vcpu_page bench_vcpu __attribute__((aligned(4096), used));
static u8 bench_upcall_stack[4096] __attribute__((aligned(16)));

/* The offsets the entry below uses, as numbers. */
#define VCPU_FRAME_BUSY 20
#define VCPU_EAX 124
#define VCPU_EIP 144
#define VCPU_CS 148
#define VCPU_EFLAGS 152
#define VCPU_ESP 156
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, frame_busy) ==
		       VCPU_FRAME_BUSY,
	       "frame_busy");
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, frame.eax) == VCPU_EAX,
	       "frame.eax");
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, frame.eip) == VCPU_EIP,
	       "frame.eip");
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, frame.cs) == VCPU_CS,
	       "frame.cs");
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, frame.eflags) ==
		       VCPU_EFLAGS,
	       "frame.eflags");
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, frame.esp) == VCPU_ESP,
	       "frame.esp");

/* Offsets as numbers, checked above: frame.esp, .eflags, .cs, .eip, .eax. */
asm(".text\n"
    "bench_upcall_entry:\n\t"
    "movl bench_vcpu + 156, %esp\n\t"
    "pushl bench_vcpu + 152\n\t"
    "pushl bench_vcpu + 148\n\t"
    "pushl bench_vcpu + 144\n\t"
    "movl bench_vcpu + 124, %eax\n\t"
    "movl $0, bench_vcpu + 20\n\t"
    "iret\n");
void bench_upcall_entry(void);

static int set_upcall(u32 entry, u32 stack, u32 page)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(BURN_HC_SET_UPCALL), "b"(entry), "c"(stack),
		       "d"(page)
		     : "memory");
	return ret;
}

int main(void)
{
	const u32 ops = bench_ops(8192u);
	u64 t0, t1;
	u32 i;

	if (set_upcall((u32)bench_upcall_entry,
		       (u32)(bench_upcall_stack + sizeof(bench_upcall_stack)),
		       (u32)&bench_vcpu))
		return 1;
	if (bench_vcpu.magic != BURN_VCPU_MAGIC)
		return 2;
	t0 = rdtsc();
	for (i = 0; i < ops; i++)
		asm volatile("int3" : : : "memory");
	t1 = rdtsc();
	bench_report_and_park("upcall_int3", t1 - t0, ops);
}
