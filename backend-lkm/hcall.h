/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backend-lkm/hcall.h - one thin C wrapper per burnvmm.ko hypercall
 * (include/burnvmm/hypercall.h, docs/hypercalls.md): `int $0x82` with the
 * number in EAX and the arguments in EBX, ECX, EDX; the result in EAX.
 *
 * Why inline asm and nothing more: the call preserves every register but
 * EAX, so each wrapper names exactly the registers it loads (EBX, ECX,
 * EDX; ESI and EDI for the two longer calls) and nothing else is
 * clobbered; "memory" is clobbered because the host reads our
 * buffers (console) or writes our shared page (idle, upcall set-up).
 */
#ifndef BURNVMM_BACKEND_HCALL_H
#define BURNVMM_BACKEND_HCALL_H

#include <burnvmm/types.h>
#include <burnvmm/hypercall.h>

static inline int hc3(u32 nr, u32 a, u32 b, u32 c)
{
	u32 ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory", "cc");
	return (int)ret;
}

/* The two calls with more arguments take ESI and EDI as well. */
static inline int hc5(u32 nr, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	u32 ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
		     : "memory", "cc");
	return (int)ret;
}

static inline int hc_console_write(const void *buf, u32 len)
{
	return hc3(BURN_HC_CONSOLE_WRITE, (u32)(unsigned long)buf, len, 0);
}

static inline __attribute__((noreturn)) void hc_shutdown(u32 status)
{
	for (;;)
		hc3(BURN_HC_SHUTDOWN, status, 0, 0);
}

static inline int hc_set_pgtable(u32 cr3, u32 flags)
{
	return hc3(BURN_HC_SET_PGTABLE, cr3, flags, 0);
}

static inline int hc_flush_tlb(u32 kind, u32 addr)
{
	return hc3(BURN_HC_FLUSH_TLB, kind, addr, 0);
}

static inline int hc_set_upcall(u32 entry, u32 stack_top, u32 page_gpa)
{
	return hc3(BURN_HC_SET_UPCALL, entry, stack_top, page_gpa);
}

static inline int hc_set_window(u32 gva, u32 size, u32 gpa)
{
	return hc3(BURN_HC_SET_WINDOW, gva, size, gpa);
}

static inline int hc_set_desc(u32 index, u32 lo, u32 hi)
{
	return hc3(BURN_HC_SET_DESC, index, lo, hi);
}

static inline int hc_set_timer(u64 ns)
{
	return hc3(BURN_HC_SET_TIMER, (u32)ns, (u32)(ns >> 32), 0);
}

static inline int hc_idle(void)
{
	return hc3(BURN_HC_IDLE, 0, 0, 0);
}

static inline int hc_set_cr(u32 cr0, u32 cr4)
{
	return hc3(BURN_HC_SET_CR, cr0, cr4, 0);
}

static inline int hc_console_read(void *buf, u32 size)
{
	return hc3(BURN_HC_CONSOLE_READ, (u32)(unsigned long)buf, size, 0);
}

/*
 * BURN_HC_BLOCK_IO: queue one request; @buf_gpa is guest-physical.  0,
 * then BURN_EVENT_BLOCK when it is done; or -BURN_HC_E*.
 */
static inline int hc_block_io(u32 op, u64 sector, u32 count, u32 buf_gpa)
{
	return hc5(BURN_HC_BLOCK_IO, op, (u32)sector, (u32)(sector >> 32),
		   count, buf_gpa);
}

/*
 * BURN_HC_END: end the VM as @how says, with @msg (guest-virtual: the
 * window is fine) for a crash.  Returns only if the host refused it.
 */
static inline int hc_end(u32 how, u32 status, const char *msg, u32 len)
{
	return hc5(BURN_HC_END, how, status, (u32)(unsigned long)msg, len, 0);
}

#endif /* BURNVMM_BACKEND_HCALL_H */
