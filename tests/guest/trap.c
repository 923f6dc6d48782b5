// SPDX-License-Identifier: GPL-2.0
/*
 * trap.c - where every interrupt, exception and system call arrives.
 *
 * boot.S builds a struct trap_frame and calls trap_dispatch().  Besides
 * routing IRQs, system calls and the page faults that mem.c resolves
 * (demand paging, copy on write), it implements the test guest's way of
 * provoking exceptions on purpose: a test arms the recorder with
 * trap_expect(resume) and then executes a faulting instruction.  The
 * next exception is copied into trap_got and the interrupted context
 * resumes at `resume` (a label after the faulting instruction), at the
 * same privilege level it came from.  Any exception that nobody expected
 * is a bug: the guest bails out.
 */
#include "guest.h"

#define MAX_DEPTH	16

struct trap_record trap_got;
volatile u32 trap_resume;
volatile u32 trap_depth;
static u32 vec_stack[MAX_DEPTH];
static void (*irq_handlers[16])(struct trap_frame *f);
static void (*soft_handlers[2])(struct trap_frame *f);

void trap_expect(u32 resume)
{
	memset(&trap_got, 0, sizeof(trap_got));
	trap_resume = resume;
}

void irq_set_handler(unsigned int irq, void (*fn)(struct trap_frame *f))
{
	irq_handlers[irq & 15] = fn;
}

void soft_set_handler(unsigned int vec, void (*fn)(struct trap_frame *f))
{
	if (vec != VEC_SOFT_IGATE && vec != VEC_SOFT_TGATE)
		panic("soft_set_handler: vector %u", vec);
	soft_handlers[vec - VEC_SOFT_IGATE] = fn;
}

/* The vector of the handler this one interrupted, or ~0 if none. */
u32 trap_outer_vector(void)
{
	return trap_depth >= 2 ? vec_stack[trap_depth - 2] : ~0u;
}

static bool frame_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) == 3;
}

/*
 * Copy the frame of an expected exception and resume at the armed label.
 * frame_end is the address just above what the CPU pushed: for a trap
 * from ring 0 it must equal the interrupted ESP (no stack switch), which
 * the probes pass in ESI.  TF is cleared so a single-step trap cannot
 * repeat at the resume label.
 */
static void trap_record_expected(struct trap_frame *f, u32 cr2)
{
	trap_got.vector = f->vector;
	trap_got.error = f->error;
	trap_got.eip = f->eip;
	trap_got.cs = f->cs;
	trap_got.eflags = f->eflags;
	trap_got.cr2 = cr2;
	trap_got.esi = f->esi;
	trap_got.edi = f->edi;
	if (frame_from_user(f)) {
		trap_got.user_esp = f->user_esp;
		trap_got.user_ss = f->user_ss;
		trap_got.frame_end = (u32)&f->user_ss + 4;
	} else {
		trap_got.frame_end = (u32)&f->user_esp;
	}
	trap_got.depth = trap_depth;
	trap_got.count++;
	f->eip = trap_resume;
	f->eflags &= ~X86_EFLAGS_TF;
	trap_resume = 0;
}

static void irq_dispatch(struct trap_frame *f)
{
	unsigned int irq = f->vector - VEC_IRQ0;

	if (irq_handlers[irq])
		irq_handlers[irq](f);
	else
		pic_eoi(irq);
}

void trap_dispatch(struct trap_frame *f)
{
	u32 vector = f->vector;
	u32 cr2 = vector == VEC_PF ? read_cr2() : 0;

	if (trap_depth >= MAX_DEPTH)
		panic("trap nesting too deep (vector %u)", vector);
	vec_stack[trap_depth++] = vector;

	if (vector >= VEC_IRQ0 && vector < VEC_IRQ0 + 16)
		irq_dispatch(f);
	else if (vector == VEC_SYSCALL)
		syscall_handler(f);
	else if ((vector == VEC_SOFT_IGATE || vector == VEC_SOFT_TGATE) &&
		 soft_handlers[vector - VEC_SOFT_IGATE])
		soft_handlers[vector - VEC_SOFT_IGATE](f);
	else if (vector == VEC_PF && mem_handle_fault(f, cr2))
		;
	else if (trap_resume)
		trap_record_expected(f, cr2);
	else
		panic("unexpected trap %u error %x at %x:%x eflags %x cr2 %x",
		      vector, f->error, f->cs, f->eip, f->eflags, cr2);

	trap_depth--;
}
