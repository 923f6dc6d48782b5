// SPDX-License-Identifier: GPL-2.0
/*
 * uptimer.c - the one-shot timer, events and BURN_HC_IDLE.  IDLE sleeps
 * until the timer's event is pending and returns the pending bits (at
 * once when there are some already); a cancelled timer never fires; with
 * irq_enabled = 0 a fired timer stays pending and is upcalled at the
 * first exit after irq_enabled = 1; a 1 ms timer re-armed from the
 * handler fires at a plausible rate for ~200 ms of TSC time; an event
 * interrupts ring 3 and returns there.  Also
 * BURN_HC_CONSOLE_READ with nothing to read.  Numbers are "# " lines.
 */
#include "ring3.h"

#define TIMER (1u << BURN_EVENT_TIMER)
#define MS 1000000u	/* nanoseconds */

static u32 set_timer(u32 ns)
{
	return hcall2(BURN_HC_SET_TIMER, ns, 0);
}

/* TSC ticks as microseconds (32-bit arithmetic: up to ~1 s at 4 GHz). */
static u32 ticks_us(u32 ticks)
{
	u32 per_us = tsc_per_ms() / 1000;

	return ticks / (per_us ? per_us : 1);
}

/* Wait (at most ~0.5 s) until @bits are pending; returns whether they are. */
static int wait_pending(u32 bits)
{
	u32 t0 = (u32)rdtsc(), limit = 500 * tsc_per_ms();

	while (!(vcpu.pending & bits))
		if ((u32)rdtsc() - t0 > limit)
			return 0;
	return 1;
}

static void idle_checks(void)
{
	u32 t0, t1, r;
	static char buf[16];

	vcpu.irq_enabled = 0;
	t_eq("CONSOLE_READ with no input", hcall2(BURN_HC_CONSOLE_READ,
						  (u32)buf, sizeof(buf)), 0);
	t_eq("CONSOLE_READ into a buffer beyond RAM",
	     hcall2(BURN_HC_CONSOLE_READ, boot_esp - 4, 16), -BURN_HC_EFAULT);
	/* t0 first: the VM thread may lose its CPU right after the call. */
	t0 = (u32)rdtsc();
	t_eq("SET_TIMER 5 ms", set_timer(5 * MS), 0);
	r = hcall0(BURN_HC_IDLE);
	t1 = (u32)rdtsc();
	t_eq("IDLE returns the timer's bit", r & TIMER, TIMER);
	t_eq("  and it is pending", vcpu.pending & TIMER, TIMER);
	if (vcpu.tsc_khz) {
		t_num("SET_TIMER 5 ms and IDLE took", ticks_us(t1 - t0), "us");
		t_ok(ticks_us(t1 - t0) >= 4500, "  at least 4.5 ms of TSC time");
	} else {
		t_num("SET_TIMER 5 ms and IDLE took", t1 - t0, "TSC ticks");
		t_skip("  at least 4.5 ms of TSC time", "tsc_khz unknown");
	}
	t0 = (u32)rdtsc();
	r = hcall0(BURN_HC_IDLE);
	t1 = (u32)rdtsc();
	t_eq("IDLE with an event pending returns at once", r & TIMER, TIMER);
	t_num("IDLE with an event pending took", t1 - t0, "TSC ticks");
	pending_clear(TIMER);

	set_timer(1 * MS);
	t_eq("SET_TIMER 0 cancels", set_timer(0), 0);
	/* It may have fired before the cancel if we lost the CPU. */
	pending_clear(TIMER);
	spin_ms(5);
	t_eq("  nothing fires", vcpu.pending & TIMER, 0);
	set_timer(10000 * MS);
	set_timer(1 * MS);
	t0 = (u32)rdtsc();
	r = hcall0(BURN_HC_IDLE);
	t1 = (u32)rdtsc();
	t_eq("a later SET_TIMER replaces a 10 s one", r & TIMER, TIMER);
	t_ok(ticks_us(t1 - t0) < 1000000, "  it fired in less than 1 s");
	pending_clear(TIMER);
	t_eq("the longest delay (2^64 - 1 ns) is accepted",
	     hcall2(BURN_HC_SET_TIMER, 0xffffffff, 0xffffffff), 0);
	spin_ms(2);
	t_eq("  and does not fire", vcpu.pending & TIMER, 0);
	t_eq("  and cancels", set_timer(0), 0);
}

/* IDLE with irq_enabled: the event is upcalled as the call returns. */
static void idle_upcall_checks(void)
{
	u32 before = upcall_count, eax = BURN_HC_IDLE;

	set_timer(1 * MS);
	vcpu.irq_enabled = 1;
	asm volatile(PROBE_PRE "int $0x82" PROBE_POST
		     : "+a"(eax) : : "memory");
	vcpu.irq_enabled = 0;
	t_eq("IDLE with irq_enabled: one event upcall", upcall_count - before,
	     1);
	t_eq("  vector", last_frame.vector, BURN_UPCALL_EVENTS);
	t_eq("  flags", last_frame.flags, 0);
	t_eq("  EIP after the int $0x82", last_frame.eip, probe_after);
	t_eq("  frame EAX: IDLE's result", last_frame.eax & TIMER, TIMER);
	t_eq("  the timer bit was pending", last_pending & TIMER, TIMER);
	t_eq("  EAX after the return", eax & TIMER, TIMER);
}

/* irq_enabled = 0 holds a fired timer back; the next exit delivers it. */
static void deferral_checks(void)
{
	u32 before = upcall_count, eax = BURN_HC_NULL;

	vcpu.irq_enabled = 0;
	set_timer(1 * MS);
	t_ok(wait_pending(TIMER), "with irq_enabled 0 the timer fires");
	spin_ms(3);
	t_eq("  no upcall", upcall_count - before, 0);
	t_eq("  still pending", vcpu.pending & TIMER, TIMER);
	asm volatile("movl $1, vcpu + 12\n\t"	/* irq_enabled */
		     PROBE_PRE "int $0x82" PROBE_POST
		     : "+a"(eax) : : "memory");
	t_eq("irq_enabled 1 and a NULL hypercall: one upcall",
	     upcall_count - before, 1);
	t_eq("  vector", last_frame.vector, BURN_UPCALL_EVENTS);
	t_eq("  no error code", last_frame.error_code, 0);
	t_eq("  flags", last_frame.flags, 0);
	t_ok(last_frame.eip == probe_after || last_frame.eip == probe_at,
	     "  EIP at or after the int $0x82");
	t_eq("  the timer bit", last_pending & TIMER, TIMER);
	t_eq("  the handler cleared it", vcpu.pending & TIMER, 0);
	t_eq("  NULL's result", eax, 0);
	vcpu.irq_enabled = 0;
}

/*
 * A 1 ms timer re-armed by the handler for 200 ms.  The loop also
 * counts gaps in its own TSC readings longer than 20 us: each is time
 * the guest did not run (an exit: the timer's interrupt, the upcall,
 * the re-arming hypercall, a host tick).
 */
static void rate_checks(void)
{
	u32 per_ms = tsc_per_ms(), gap = per_ms / 50;
	u32 t0, prev, now, n0 = timer_count, n, ms;
	u32 gaps = 0, stolen = 0, rounds = 0;

	timer_rearm_ns = 1 * MS;
	set_timer(1 * MS);
	vcpu.irq_enabled = 1;
	t0 = prev = (u32)rdtsc();
	for (;;) {
		now = (u32)rdtsc();
		if (now - prev > gap) {
			gaps++;
			stolen += now - prev;
		}
		prev = now;
		if (vcpu.tsc_khz ? now - t0 >= 200 * per_ms :
				   timer_count - n0 >= 200 || ++rounds > 1u << 30)
			break;
	}
	vcpu.irq_enabled = 0;
	timer_rearm_ns = 0;
	set_timer(0);
	pending_clear(TIMER);
	n = timer_count - n0;
	t_num("1 ms timer: events", n, "");
	if (!vcpu.tsc_khz) {
		/* No clock to turn ticks into time (and 32-bit tick
		 * differences may have wrapped): counts only. */
		t_num("1 ms timer: guest-visible exits in those events", gaps,
		      "");
		t_skip("1 ms timer rate in 20..1100 per s", "tsc_khz unknown");
		return;
	}
	ms = (now - t0) / per_ms;
	t_num("1 ms timer: over", ms, "ms of TSC time");
	t_num("1 ms timer: event rate", ms ? n * 1000 / ms : 0, "per s");
	t_num("1 ms timer: guest-visible exits", ms ? gaps * 1000 / ms : 0,
	      "per s");
	t_num("1 ms timer: time outside the guest",
	      (now - t0) / 1000 ? stolen / ((now - t0) / 1000) : 0,
	      "per mille");
	t_ok(ms && n * 1000 / ms >= 20 && n * 1000 / ms <= 1100,
	     "1 ms timer rate in 20..1100 per s");
}

/*
 * An event while ring 3 runs: ring 3 spins until the handler has seen a
 * timer event that interrupted it (bounded, so a missing event cannot
 * hang the test), then leaves by int $0x80 with R3_DONE, which the hook
 * turns into a return to ring 1.
 */

static volatile u32 r3_seen;
static struct burn_upcall_frame r3_event;

static void ring3_hook(struct burn_upcall_frame *f)
{
	if (f->vector == BURN_UPCALL_EVENTS && (f->flags & BURN_FRAME_RING3) &&
	    !r3_seen) {
		r3_event = *f;
		r3_seen = 1;
	}
	ring3_back_to_ring1(f);
}

static void ring3_event_checks(void)
{
	r3_top = (u32)(r3_stack + 1024);
	r3_seen = 0;
	upcall_hook = ring3_hook;
	timer_rearm_ns = 1 * MS;
	set_timer(1 * MS);
	vcpu.irq_enabled = 1;
	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %[r1esp]\n\t"
		     "movl $9f, %[r1eip]\n\t"
		     "pushl %[ds3]\n\t"
		     "pushl %[top]\n\t"
		     "pushl %[cs3]\n\t"
		     "pushl $1f\n\t"
		     "lret\n"
		     "1:\tmovl %[ds3], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl $0x10000000, %%ecx\n"
		     "2:\tcmpl $0, r3_seen\n\t"
		     "jne 3f\n\t"
		     "decl %%ecx\n\t"
		     "jnz 2b\n"
		     "3:\tmovl %[done], %%eax\n\t"
		     "int $0x80\n\t"
		     "ud2\n"
		     "9:\tpopl %%ebp"
		     : [r1esp] "=m"(ring1_esp), [r1eip] "=m"(ring1_eip)
		     : [ds3] "i"(BURN_SEL_RING3_DS), [cs3] "i"(BURN_SEL_RING3_CS),
		       [top] "m"(r3_top), [done] "i"(R3_DONE)
		     : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
	vcpu.irq_enabled = 0;
	timer_rearm_ns = 0;
	set_timer(0);
	pending_clear(TIMER);
	upcall_hook = 0;
	t_ok(r3_seen, "a timer event interrupts ring 3");
	if (!r3_seen)
		return;
	t_eq("  flags", r3_event.flags, BURN_FRAME_RING3);
	t_eq("  frame CS", r3_event.cs, BURN_SEL_RING3_CS);
	t_eq("  frame SS", r3_event.ss, BURN_SEL_RING3_DS);
	t_eq("  frame DS", r3_event.ds, BURN_SEL_RING3_DS);
	t_ok(r3_event.esp == r3_top, "  frame ESP is ring 3's");
	t_ok(upcall_seen.esp == upcall_stack_top,
	     "  the entry ran on the upcall stack");
}

int main(void)
{
	t_eq("SET_UPCALL", upcall_init(), 0);
	t_num("tsc_khz", vcpu.tsc_khz, "kHz");
	idle_checks();
	idle_upcall_checks();
	deferral_checks();
	rate_checks();
	ring3_event_checks();
	t_eq("frame_busy clear at the end", vcpu.frame_busy, 0);
	con_puts("uptimer: done\n");
	return t_failed();
}
