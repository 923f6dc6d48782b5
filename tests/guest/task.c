// SPDX-License-Identifier: GPL-2.0
/*
 * task.c - running ring-3 code and serving its system calls.
 *
 * user_run() starts `u32 fn(u32 arg)` at ring 3 on the user stack with a
 * return address that makes SYS_EXIT, and comes back with fn's return
 * value.  It is a synchronous call into user mode: there is no scheduler,
 * the kernel simply waits in user_enter() (boot.S) until SYS_EXIT.
 */
#include "guest.h"
#include "ring3.h"

u32 user_report[16];
static u32 user_entry_depth;

u32 user_run_eflags(u32 (*fn)(u32), u32 arg, u32 eflags)
{
	u32 *sp = &user_stack[USER_STACK_WORDS - 2];

	sp[1] = arg;
	sp[0] = (u32)r3_exit_trampoline;
	user_entry_depth = trap_depth;
	return user_enter((u32)fn, (u32)sp, eflags);
}

u32 user_run(u32 (*fn)(u32), u32 arg)
{
	return user_run_eflags(fn, arg, X86_EFLAGS_IF | X86_EFLAGS_FIXED);
}

/* int $0x80: number in EAX, arguments in EBX ECX EDX ESI EDI. */
void syscall_handler(struct trap_frame *f)
{
	switch (f->eax) {
	case SYS_EXIT:
		/* user_leave() unwinds this trap: drop its nesting level. */
		trap_depth = user_entry_depth;
		user_leave(f->ebx);
	case SYS_NULL:
		f->eax = 0;
		break;
	case SYS_SUM:
		f->eax = f->ebx + 2 * f->ecx + 3 * f->edx + 4 * f->esi +
			 5 * f->edi;
		break;
	case SYS_REPORT:
		user_report[f->ebx & 15] = f->ecx;
		f->eax = 0;
		break;
	case SYS_ECHO_REGS:
		f->eax = f->ebx ^ f->ecx ^ f->edx ^ f->esi ^ f->edi ^ f->ebp;
		break;
	default:
		f->eax = ~0u;
		break;
	}
}
