/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm/vcpu.h - the shared VCPU page and the upcall frame: how
 * burnvmm.ko hands exceptions and asynchronous events to the guest's
 * in-place VMM (or to a raw ring-1 test guest).  docs/hypercalls.md
 * ("Upcalls") tells the story; this header is the layout.
 *
 * Why upcalls: in long mode every IDT gate leads to 64-bit code, so a
 * trap from the 32-bit guest always lands in the host first.  The host
 * cannot deliver it into the guest's own IDT (that is the IPVMM's job:
 * it knows the guest's descriptors and stacks), so it saves the
 * interrupted context into this page and resumes the guest at one
 * registered entry point, at ring 1.  That is an upcall.
 *
 * Who writes what: the page lies in guest RAM.  The host only reads or
 * writes it while the VCPU is out of the guest (the VM has one VCPU and
 * the VM thread is the only host writer), so neither side needs atomic
 * operations.  Fields marked "host" are the host's to write; the guest
 * may scribble on them, and the host never trusts what it reads back.
 *
 * Versioning: the host writes BURN_VCPU_MAGIC and BURN_VCPU_VERSION when
 * the page is registered (BURN_HC_SET_UPCALL); fields are only appended.
 */
#ifndef BURNVMM_VCPU_H
#define BURNVMM_VCPU_H

#include "burnvmm/types.h"

#define BURN_VCPU_MAGIC		0x55504342	/* "BCPU" little-endian */
#define BURN_VCPU_VERSION	2	/* 2: restart2_start/end */

/*
 * Events, as bits of burn_vcpu_page.pending.  Bits 0..7 are the host's;
 * bits 8..31 are free for device interrupts raised over netlink
 * (BURNVMM_CMD_VM_EVENT with a bit number), so the IPVMM may map them to
 * guest IRQ lines as it likes.
 */
#define BURN_EVENT_TIMER	0	/* the BURN_HC_SET_TIMER deadline passed */
#define BURN_EVENT_CONSOLE	1	/* console input waits: BURN_HC_CONSOLE_READ */
#define BURN_EVENT_BLOCK	2	/* a BURN_HC_BLOCK_IO request finished */
#define BURN_EVENT_FIRST_IRQ	8	/* first bit netlink may raise */
#define BURN_EVENT_LAST		31

/* burn_upcall_frame.vector of an event upcall (above any CPU vector). */
#define BURN_UPCALL_EVENTS	256

/* burn_upcall_frame.flags */
#define BURN_FRAME_ERROR_CODE	0x1	/* error_code is the CPU's */
#define BURN_FRAME_SOFTINT	0x2	/* `int $vector`; EIP is past it */
#define BURN_FRAME_MMIO		0x4	/* #PF on a page whose guest PTE
					 * maps outside RAM: mmio_gpa */
#define BURN_FRAME_RING3	0x8	/* interrupted at ring 3 (CS RPL 3) */

/*
 * The interrupted context.  The general registers come in the order
 * `pushal` stores them (so `popal` restores them; its ESP slot is
 * skipped), then the data segments, then the frame `iret` pops.  Every
 * field is the guest's 32-bit value; selectors are zero-extended.
 *
 * @vector:	0..31 a CPU exception; 32..255 a software `int $n` on a
 *		vector whose gate the host keeps for itself (BURN_FRAME_SOFTINT);
 *		BURN_UPCALL_EVENTS for pending events
 * @error_code:	the CPU's error code (BURN_FRAME_ERROR_CODE), else 0
 * @cr2:	#PF: the faulting linear address
 * @flags:	BURN_FRAME_*
 * @mmio_gpa:	BURN_FRAME_MMIO: the guest-physical address the access
 *		would reach (page frame from the guest PTE, offset from CR2)
 */
struct burn_upcall_frame {
	u32 vector;
	u32 error_code;
	u32 cr2;
	u32 flags;
	u32 mmio_gpa;
	u32 reserved0[3];
	u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	u32 ds, es, fs, gs;
	u32 eip, cs, eflags, esp, ss;
	u32 reserved1[3];
};

/*
 * The shared VCPU page: one 4 KiB page of guest RAM, page-aligned.
 *
 * @magic, @version: (host) BURN_VCPU_MAGIC, BURN_VCPU_VERSION
 * @tsc_khz:	(host) rdtsc ticks per millisecond as the guest sees them;
 *		0 if the host does not know
 * @irq_enabled: (guest) the virtual IF: nonzero lets the host upcall
 *		pending events.  The IPVMM's cli and sti are plain stores
 *		here, with no world switch.
 * @pending:	(host sets bits, guest clears them) BURN_EVENT_* bits.  The
 *		host only ORs bits in; the guest clears what it has handled.
 * @frame_busy:	(host sets, guest clears) nonzero from an upcall until the
 *		guest has copied @frame away.  An exception while it is set
 *		is a fault in the upcall entry itself and ends the VM.
 * @nocall_start, @nocall_end: (guest) EIPs in [start, end) are the IPVMM:
 *		no event is upcalled there (they stay pending for the IPVMM
 *		to pick up at its next safe point), and an exception there
 *		nests on the current stack instead of the upcall stack.
 *		0, 0: none.
 * @restart_start, @restart_end: (guest) a restartable sequence inside the
 *		IPVMM, its return-to-guest path: if the VCPU leaves the guest
 *		with EIP in [start, end) while events are pending, the host
 *		moves EIP back to @restart_start, so the sequence re-reads
 *		@pending and an event that raced with it is never missed.
 *		The instructions in the range must be safe to restart.
 * @restart2_start, @restart2_end: (guest, version 2) a second restartable
 *		sequence, the same rule with its own start: the IPVMM's
 *		in-place `sti`, which checks @pending after setting
 *		@irq_enabled.  0, 0: none (what a version-1 host ignores).
 * @upcalls:	(host) upcalls made so far, a convenience for the guest
 * @block_done:	(host) BURN_HC_BLOCK_IO requests finished so far
 * @block_status: (host) how the latest one ended: 0, or a positive errno
 *		value (5 EIO, 19 ENODEV: the VM has no disk)
 * @frame:	(host) the interrupted context of the latest upcall
 */
struct burn_vcpu_page {
	u32 magic;
	u32 version;
	u32 tsc_khz;
	u32 irq_enabled;
	u32 pending;
	u32 frame_busy;
	u32 nocall_start;
	u32 nocall_end;
	u32 restart_start;
	u32 restart_end;
	u32 upcalls;
	u32 block_done;
	u32 block_status;
	u32 restart2_start;
	u32 restart2_end;
	u32 reserved;
	struct burn_upcall_frame frame;
};

_Static_assert(sizeof(struct burn_upcall_frame) == 112,
	       "burn_upcall_frame layout changed: bump BURN_VCPU_VERSION");
_Static_assert(sizeof(struct burn_vcpu_page) == 176,
	       "burn_vcpu_page layout changed: bump BURN_VCPU_VERSION");

#endif /* BURNVMM_VCPU_H */
