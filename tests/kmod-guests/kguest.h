/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kguest.h - the tiny runtime of the raw ring-1 test guests: hypercalls,
 * console output, numbered checks, and upcalls.  These guests run under
 * `burnctl start --no-ipvmm` at ring 1 with paging off and flat segments
 * (docs/hypercalls.md); each one is a main() that returns its shutdown
 * status.
 *
 * Upcalls (upcall.S, lib.c): upcall_init() registers kg_upcall_entry, a
 * stack of its own and the shared page `vcpu`.  The entry copies the
 * frame away, clears frame_busy, masks events (vcpu.irq_enabled = 0)
 * and calls upcall_default(), which logs the frame, handles events and
 * applies `fixup_eip`; then the entry returns to the (possibly edited)
 * frame with iret, to ring 1 or ring 3.  The entry lies in the nocall
 * range, so no event is upcalled while it works.
 */
#ifndef KGUEST_H
#define KGUEST_H

#include "burnvmm/hypercall.h"
#include "burnvmm/vcpu.h"

/* Set by start.S: the boot registers the host gave us. */
extern u32 boot_eax, boot_ebx, boot_esp;

static inline int hcall3(u32 nr, u32 a1, u32 a2, u32 a3)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(nr), "b"(a1), "c"(a2), "d"(a3)
		     : "memory");
	return ret;
}

static inline int hcall2(u32 nr, u32 a1, u32 a2)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(nr), "b"(a1), "c"(a2)
		     : "memory");
	return ret;
}

static inline int hcall1(u32 nr, u32 a1)
{
	return hcall2(nr, a1, 0);
}

static inline int hcall0(u32 nr)
{
	return hcall2(nr, 0, 0);
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/*
 * Are we inside QEMU's TCG (the test VM)?  CPUID is not intercepted, so
 * the guest sees the test VM's hypervisor leaf.  TCG does not check
 * segment limits or alignment, so those checks are skipped there.
 */
static inline int under_tcg(void)
{
	u32 a = 0x40000000, b, c, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	return b == 0x54474354 && c == 0x43544743 && d == 0x47435447;
}

int main(void);
void con_puts(const char *s);
void con_u32(u32 v);
void con_hex(u32 v);
u32 k_strlen(const char *s);
u32 k_rand(u64 *state);
u32 k_parse_num(const volatile char *s, u32 base, u32 digits);
void *memcpy(void *dst, const void *src, u32 n);
void *memset(void *dst, int c, u32 n);

/*
 * Numbered checks, printed as "ok N - what" or "not ok N - what: got X,
 * want Y"; the guest returns t_failed() as its status.  Lines starting
 * with "# " are numbers for the test log (tests/selftests/kmod_guests.sh).
 */
void t_ok(int cond, const char *what);
void t_eq(const char *what, u32 got, u32 want);
void t_skip(const char *what, const char *why);
u32 t_failed(void);
void t_num(const char *what, u32 value, const char *unit);

/* Milliseconds as TSC ticks: vcpu.tsc_khz, or 1 GHz if it is 0. */
u32 tsc_per_ms(void);
/* Spin for @ms milliseconds of TSC time. */
void spin_ms(u32 ms);

/* The shared VCPU page; its linear address is its guest-physical one. */
extern volatile struct burn_vcpu_page vcpu;

/* upcall.S: the entry, its end (the nocall range), what it was given. */
extern char kg_upcall_entry[], kg_upcall_entry_end[];
struct upcall_entry_regs {
	u32 eax, esp, cs, ss, ds, es, fs, gs, busy;
};
extern struct upcall_entry_regs upcall_seen;
extern u32 upcall_stack_top;

typedef void (*upcall_fn)(struct burn_upcall_frame *f);

/*
 * lib.c: what upcall_default() keeps.  frame_log holds the first
 * FRAME_LOG frames since frame_log_n was last zeroed; events are taken
 * off vcpu.pending and counted, and a timer event re-arms the timer
 * when timer_rearm_ns is set; for an exception, a nonzero fixup_eip
 * becomes the EIP the upcall returns to (and is cleared).  upcall_hook,
 * when set, runs last and may edit the frame.
 */
#define FRAME_LOG 16
extern struct burn_upcall_frame last_frame;
extern struct burn_upcall_frame frame_log[FRAME_LOG];
extern volatile u32 frame_log_n;
extern volatile u32 upcall_count, event_count, timer_count, last_pending;
extern volatile u32 events_seen;	/* every event bit handled so far */
extern volatile u32 fixup_eip, timer_rearm_ns;
extern volatile u32 probe_at, probe_after, probe_esp;
extern upcall_fn upcall_hook;

/* Register kg_upcall_entry with its stack and `vcpu`; returns the result. */
int upcall_init(void);
/* Make the entry the nocall range again (after a test moved it). */
void upcall_default_nocall(void);
/* Clear pending bits with one instruction (an exit cannot split it). */
static inline void pending_clear(u32 bits)
{
	asm volatile("andl %1, %0" : "+m"(vcpu.pending) : "ri"(~bits));
}

/*
 * PROBE_PRE and PROBE_POST go around one instruction in an asm
 * statement: they note its address (probe_at), the address after it
 * (probe_after, also fixup_eip: a fault there resumes after it) and the
 * ESP it runs with.  Extended asm only (they use %%).
 */
#define PROBE_PRE "movl $1f, probe_at\n\t"				\
	"movl $2f, probe_after\n\t"					\
	"movl $2f, fixup_eip\n\t"					\
	"movl %%esp, probe_esp\n"					\
	"1:\t"
#define PROBE_POST "\n2:\n\t"

/* The selector of GDT index @i at privilege @rpl. */
#define SEL(i, rpl) (((i) << 3) | (rpl))

#endif /* KGUEST_H */
