/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring3.h - the round trip through ring 3 that several raw guests take.
 * Ring 1 notes where it leaves off (ring1_esp, ring1_eip) and drops to
 * ring 3 with `lret` onto r3_stack (r3_top); the ring-3 code comes back
 * with `int $0x80` and R3_DONE in EAX, an upcall whose frame the guest's
 * upcall hook rewrites with ring3_back_to_ring1() so that the upcall's
 * iret "returns" to ring 1 where the trip began.  The `lret` and the
 * ring-3 code are each guest's own inline assembly: what they do at
 * ring 3 is what each one tests.
 */
#ifndef RING3_H
#define RING3_H

#include "kguest.h"

#define R3_DONE 0xd0e	/* EAX of the ring-3 code's last int $0x80 */

static u32 r3_stack[1024] __attribute__((aligned(16)));
static u32 r3_top, ring1_esp, ring1_eip;

/*
 * If @f is the ring-3 code's R3_DONE call, make the upcall return to
 * ring 1 at ring1_eip, on ring1_esp, with the ring-1 selectors.  Returns
 * whether it was.
 */
static inline int ring3_back_to_ring1(struct burn_upcall_frame *f)
{
	if (f->vector != 0x80 || f->eax != R3_DONE)
		return 0;
	f->cs = BURN_SEL_RING1_CS;
	f->ss = BURN_SEL_RING1_DS;
	f->ds = BURN_SEL_RING1_DS;
	f->es = BURN_SEL_RING1_DS;
	f->fs = BURN_SEL_RING1_DS;
	f->gs = BURN_SEL_RING1_DS;
	f->esp = ring1_esp;
	f->eip = ring1_eip;
	return 1;
}

#endif /* RING3_H */
