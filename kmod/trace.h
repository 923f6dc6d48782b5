/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - burnvmm.ko's tracepoints (TRACE_SYSTEM burnvmm): every world
 * switch in and out, every hypercall and every upcall, for
 *
 *	echo 1 > /sys/kernel/tracing/events/burnvmm/enable
 *	cat /sys/kernel/tracing/trace_pipe
 *
 * or perf.  Disabled tracepoints cost a patched-out branch.  trace.c is the
 * one file that defines CREATE_TRACE_POINTS.
 *
 * Built out of tree: define_trace.h includes this file again by the name
 * TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE.h, searched on the include path,
 * so Kbuild puts the directory holding kmod/ (the per-kernel copy that
 * scripts/build-kmod makes) on that path and the name here is kmod/trace.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM burnvmm

#if !defined(BURNVMM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define BURNVMM_TRACE_H

#include <linux/tracepoint.h>
#include "burnvmm.h"

/* How a trip into the guest ended (enum burn_exit), by name. */
TRACE_DEFINE_ENUM(BURN_EXIT_HOST);
TRACE_DEFINE_ENUM(BURN_EXIT_HYPERCALL);
TRACE_DEFINE_ENUM(BURN_EXIT_EXCEPTION);
TRACE_DEFINE_ENUM(BURN_EXIT_BROKEN);

#define burn_show_exit(kind)					\
	__print_symbolic(kind,					\
			 { BURN_EXIT_HOST, "host" },		\
			 { BURN_EXIT_HYPERCALL, "hypercall" },	\
			 { BURN_EXIT_EXCEPTION, "exception" },	\
			 { BURN_EXIT_BROKEN, "broken" })

/* burnvmm_entry - about to switch into the guest of VM @vm_id. */
TRACE_EVENT(burnvmm_entry,
	    TP_PROTO(u32 vm_id, u32 eip, u32 cs),
	    TP_ARGS(vm_id, eip, cs),
	    TP_STRUCT__entry(__field(u32, vm_id)
			     __field(u32, eip)
			     __field(u32, cs)),
	    TP_fast_assign(__entry->vm_id = vm_id;
			   __entry->eip = eip;
			   __entry->cs = cs;),
	    TP_printk("vm %u eip 0x%08x cs 0x%x",
		      __entry->vm_id, __entry->eip, __entry->cs)
);

/*
 * burnvmm_exit - back from the guest: the vector that made it exit
 * (0x100 for a host interrupt), where, and how run.c sees it (@kind,
 * enum burn_exit).
 */
TRACE_EVENT(burnvmm_exit,
	    TP_PROTO(u32 vm_id, u32 vector, u32 eip, u32 kind),
	    TP_ARGS(vm_id, vector, eip, kind),
	    TP_STRUCT__entry(__field(u32, vm_id)
			     __field(u32, vector)
			     __field(u32, eip)
			     __field(u32, kind)),
	    TP_fast_assign(__entry->vm_id = vm_id;
			   __entry->vector = vector;
			   __entry->eip = eip;
			   __entry->kind = kind;),
	    TP_printk("vm %u vector 0x%x eip 0x%08x %s",
		      __entry->vm_id, __entry->vector, __entry->eip,
		      burn_show_exit(__entry->kind))
);

/* burnvmm_hypercall - hypercall @nr was handled and returns @ret. */
TRACE_EVENT(burnvmm_hypercall,
	    TP_PROTO(u32 vm_id, u32 nr, s32 ret),
	    TP_ARGS(vm_id, nr, ret),
	    TP_STRUCT__entry(__field(u32, vm_id)
			     __field(u32, nr)
			     __field(s32, ret)),
	    TP_fast_assign(__entry->vm_id = vm_id;
			   __entry->nr = nr;
			   __entry->ret = ret;),
	    TP_printk("vm %u nr %u ret %d",
		      __entry->vm_id, __entry->nr, __entry->ret)
);

/*
 * burnvmm_upcall - the guest is entered at its upcall entry for @vector
 * (an exception, a software interrupt, or BURN_UPCALL_EVENTS), having
 * been interrupted at @eip; @flags are the frame's BURN_FRAME_* bits.
 */
TRACE_EVENT(burnvmm_upcall,
	    TP_PROTO(u32 vm_id, u32 vector, u32 eip, u32 flags),
	    TP_ARGS(vm_id, vector, eip, flags),
	    TP_STRUCT__entry(__field(u32, vm_id)
			     __field(u32, vector)
			     __field(u32, eip)
			     __field(u32, flags)),
	    TP_fast_assign(__entry->vm_id = vm_id;
			   __entry->vector = vector;
			   __entry->eip = eip;
			   __entry->flags = flags;),
	    TP_printk("vm %u vector 0x%x eip 0x%08x flags 0x%x",
		      __entry->vm_id, __entry->vector, __entry->eip,
		      __entry->flags)
);

#endif /* BURNVMM_TRACE_H */

/* Outside the guard: define_trace.h reads this file again from here. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH kmod
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
