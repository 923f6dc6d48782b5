/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm/hypercall.h - the hypercall ABI between a guest (the in-place
 * VMM, or a raw ring-1 test guest) and burnvmm.ko.  docs/hypercalls.md
 * describes each call.
 *
 * Shared by the module and by freestanding 32-bit guest code, so it uses
 * only burnvmm/types.h.
 *
 * Calling convention: `int $0x82` from ring 1.  The gate is DPL 1, so the
 * same instruction at ring 3 is a #GP, never a hypercall.  The number goes
 * in EAX and up to five arguments in EBX, ECX, EDX, ESI, EDI; the result
 * comes back in EAX (0 or a positive count on success, a negated
 * BURN_HC_E* code on failure) and every other register is preserved.
 * Numbers are only ever appended.
 */
#ifndef BURNVMM_HYPERCALL_H
#define BURNVMM_HYPERCALL_H

#include "burnvmm/types.h"

/* The software interrupt vector of a hypercall. */
#define BURN_HC_VECTOR		0x82
/*
 * The one other vector whose gate a guest may use directly, from ring 1
 * or 3: Linux's system call.  It arrives as an upcall with
 * BURN_FRAME_SOFTINT (burnvmm/vcpu.h), as does `int $n` on any vector but
 * 3, 4, this one and BURN_HC_VECTOR (those are #GP, decoded by the host).
 */
#define BURN_SYSCALL_VECTOR	0x80

/*
 * BURN_HC_NULL: do nothing and return 0.  Measures the round trip and lets
 * a guest check that hypercalls work at all.
 */
#define BURN_HC_NULL		0
/*
 * BURN_HC_CONSOLE_WRITE: EBX = guest address of the bytes, ECX = count
 * (at most BURN_HC_CONSOLE_MAX).  The bytes go to the VM's owner as a
 * console event.  Returns the count written.
 */
#define BURN_HC_CONSOLE_WRITE	1
/*
 * BURN_HC_SHUTDOWN: EBX = exit status (0..255 are passed on as is).
 * Ends the VM; does not return.
 */
#define BURN_HC_SHUTDOWN	2
/*
 * BURN_HC_SET_PGTABLE: EBX = the guest's CR3 (the page directory's
 * guest-physical address; PWT/PCD are ignored, other low bits must be
 * clear), ECX = BURN_PG_* flags: the guest's CR0.PG, CR4.PSE and
 * CR4.PGE.  Like a `mov %cr3` (non-global translations are flushed);
 * changing a flag flushes everything.  Without BURN_PG_ENABLE, EBX must
 * be 0 and the guest runs with paging off.  Returns 0.
 */
#define BURN_HC_SET_PGTABLE	3
/*
 * BURN_HC_FLUSH_TLB: EBX = BURN_FLUSH_* kind, ECX = the address for
 * BURN_FLUSH_ONE.  Returns 0.
 */
#define BURN_HC_FLUSH_TLB	4

/*
 * BURN_HC_SET_UPCALL: EBX = upcall entry EIP (0: none, and exceptions
 * end the VM again), ECX = the upcall stack's top (the ESP an upcall
 * starts with unless it nests inside the IPVMM), EDX = guest-physical
 * address of the shared VCPU page (burnvmm/vcpu.h; page-aligned, in
 * RAM).  The host writes the page's magic, version and tsc_khz.
 * Returns 0.
 */
#define BURN_HC_SET_UPCALL	5
/*
 * BURN_HC_SET_WINDOW: EBX = the window's guest-virtual base, ECX = its
 * size, EDX = the guest-physical address of the RAM behind it; all three
 * multiples of BURN_WINDOW_ALIGN, the window below 4 GiB, the RAM inside
 * the VM's.  From now on every shadow root maps the window from that
 * RAM (supervisor, writable), whatever the guest's page tables say, with
 * paging on or off.  ECX = 0 removes the window.  Returns 0.
 */
#define BURN_HC_SET_WINDOW	6
/*
 * BURN_HC_SET_DESC: EBX = GDT index, ECX = the descriptor's low word,
 * EDX = its high word.  Installs a guest segment descriptor in the real
 * GDT after checking it: code or data only (no system descriptors or
 * gates), no 64-bit or conforming code, DPL 0 becomes 1; not-present
 * entries are fine.  Indices below BURN_GDT_GUEST_LIMIT that the host
 * keeps (BURN_GDT_RESERVED_MASK) are refused.  Returns 0.
 */
#define BURN_HC_SET_DESC	7
/*
 * BURN_HC_SET_TIMER: EBX = low, ECX = high word of a delay in
 * nanoseconds.  One shot: when it has passed, BURN_EVENT_TIMER becomes
 * pending.  Replaces any earlier deadline; 0 cancels.  Returns 0.
 */
#define BURN_HC_SET_TIMER	8
/*
 * BURN_HC_IDLE: sleep until an event is pending (or the VM is stopped),
 * like `hlt` with interrupts enabled.  Returns the pending BURN_EVENT_*
 * bits at once if there are any; the guest still has to take them.
 */
#define BURN_HC_IDLE		9
/*
 * BURN_HC_CONSOLE_READ: EBX = guest buffer, ECX = its size.  Copies
 * console input that arrived over netlink; returns the bytes copied (0:
 * none waiting).  BURN_EVENT_CONSOLE stays pending while more wait.
 */
#define BURN_HC_CONSOLE_READ	10
/*
 * BURN_HC_SET_CR: EBX = the guest's CR0, ECX = its CR4, as the guest
 * kernel set them.  The host makes two bits real while the guest runs:
 * CR0.TS (FPU, SSE and AVX instructions then raise #NM, which arrives as
 * an upcall: lazy FPU switching) and CR4.TSD (rdtsc and rdtscp then
 * raise #GP outside ring 0, which under burnvmm includes ring 1: the
 * IPVMM must not rely on rdtsc while the guest has TSD set).  Every
 * other bit is ignored: paging bits go through BURN_HC_SET_PGTABLE, and
 * CR0.WP stays set (the IPVMM emulates the stores a clear WP would
 * allow).  Returns 0.
 */
#define BURN_HC_SET_CR		11
/*
 * BURN_HC_BLOCK_IO: EBX = BURN_BLOCK_* op, ECX = low, EDX = high word of
 * the first 512-byte sector, ESI = sectors (1..BURN_BLOCK_MAX_SECTORS;
 * 0 for a flush), EDI = guest-physical buffer.  Queues the request for
 * the VM's owner (burnctl's --disk) and returns 0 at once; when it is
 * done, the VCPU page's block_status and block_done are updated and
 * BURN_EVENT_BLOCK becomes pending.  One request at a time: -EBUSY
 * while one is in flight.  Needs a VCPU page (-EINVAL without one).
 */
#define BURN_HC_BLOCK_IO	12
/*
 * BURN_HC_END: EBX = how the guest ends (BURN_END_*), ECX = status,
 * EDX = guest address of a message (BURN_END_CRASH only; 0: none), ESI
 * = its length (at most BURN_END_MESSAGE_MAX; longer is cut).  Ends the
 * VM with END_KIND SHUTDOWN, REBOOT, HALTED or CRASHED; does not return.
 * An unknown kind or a bad message buffer is -EINVAL/-EFAULT, and the
 * guest goes on.
 */
#define BURN_HC_END		13
#define BURN_END_POWEROFF	0
#define BURN_END_REBOOT		1
#define BURN_END_HALT		2
#define BURN_END_CRASH		3
#define BURN_END_MESSAGE_MAX	96
#define BURN_BLOCK_READ		0
#define BURN_BLOCK_WRITE	1
#define BURN_BLOCK_FLUSH	2
#define BURN_BLOCK_MAX_SECTORS	64
#define BURN_CR0_TS		0x8u
#define BURN_CR4_TSD		0x4u

/* The IPVMM window's granularity: one 2-level page directory entry. */
#define BURN_WINDOW_ALIGN	0x400000u

/*
 * GDT indices a guest may set are 1 .. BURN_GDT_GUEST_LIMIT - 1, except
 * those the host keeps for itself: 2 and 3 (the host's kernel code and
 * data, which its interrupt frames name), 4 and 5 (the flat ring-1
 * segments upcalls run on, BURN_SEL_RING1_*), 10 and 11 (the host's TSS).
 * Linux i386 leaves all of these unused.
 */
#define BURN_GDT_GUEST_LIMIT	32
#define BURN_GDT_RESERVED_MASK	0xc3du

/* BURN_HC_SET_PGTABLE flags. */
#define BURN_PG_ENABLE		0x1	/* CR0.PG: walk the guest's tables */
#define BURN_PG_PSE		0x2	/* CR4.PSE: PDE bit 7 means 4 MiB page */
#define BURN_PG_PGE		0x4	/* CR4.PGE: G entries survive CR3 loads */
#define BURN_PG_ALL		0x7

/* BURN_HC_FLUSH_TLB kinds. */
#define BURN_FLUSH_ALL		0	/* non-global, as a CR3 reload */
#define BURN_FLUSH_GLOBAL	1	/* everything, as toggling CR4.PGE */
#define BURN_FLUSH_ONE		2	/* one address, global or not: invlpg */

/* Largest BURN_HC_CONSOLE_WRITE in one call, in bytes. */
#define BURN_HC_CONSOLE_MAX	4096

/*
 * Error codes, returned negated in EAX.  The values are Linux's errno
 * numbers, so tools can print them with strerror().
 */
#define BURN_HC_EFAULT		14	/* a buffer lies outside guest RAM */
#define BURN_HC_EINVAL		22	/* an argument is out of range */
#define BURN_HC_ENOSYS		38	/* no such hypercall */
#define BURN_HC_EBUSY		16	/* not now: see the call */

/* Guest-world selectors of a VM without a guest GDT (docs/hypercalls.md). */
#define BURN_SEL_RING1_CS	0x21	/* flat 4 GiB 32-bit code, DPL 1 */
#define BURN_SEL_RING1_DS	0x29	/* flat 4 GiB data, DPL 1 */
#define BURN_SEL_RING3_CS	0x33	/* flat 4 GiB 32-bit code, DPL 3 */
#define BURN_SEL_RING3_DS	0x3b	/* flat 4 GiB data, DPL 3 */

#endif /* BURNVMM_HYPERCALL_H */
