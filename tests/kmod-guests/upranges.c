// SPDX-License-Identifier: GPL-2.0
/*
 * upranges.c - the nocall and restart ranges of the shared page.  While
 * EIP is in [nocall_start, nocall_end) no event is upcalled, even with
 * irq_enabled set: it stays pending until an exit outside the range;
 * an exception there nests on the current stack.  An exit with EIP in
 * [restart_start, restart_end) while an event is pending moves EIP back
 * to restart_start, so a sequence that re-reads vcpu.pending there
 * cannot miss an event; without a pending event nothing moves.  A set
 * frame_busy holds events back as well.  The
 * status is the number of failed checks.
 */
#include "kguest.h"

#define TIMER (1u << BURN_EVENT_TIMER)
#define MS 1000000u

u32 rs_entries, rs_t0, rs_ticks;
u64 nc_spin(u32 ticks, u32 limit);
void nc_trap(void);
u32 rs_loop(void);
void rs_hc(void);
extern char nc_spin_end[], nc_trap_end[], rs_start[], rs_end[], rs_hc_end[];

/*
 * nc_spin(ticks, limit): with irq_enabled set only while it runs (in the
 * range), spin for @ticks TSC ticks, and on until an
 * event is pending or @limit ticks have passed (the VM thread may lose
 * its CPU for a while); return vcpu.pending (EAX) and vcpu.upcalls (EDX)
 * as read at its end, still in the range.
 * nc_trap: int3 on the current stack (a trap: the frame's EIP, the
 * one the host tests against the range, is the nop after it).  rs_loop:
 * count an entry, then loop until an event is pending or rs_ticks have
 * passed since rs_t0; return vcpu.upcalls as read in the range (EDX is
 * clobbered).  rs_hc: count an entry, make a NULL
 * hypercall.  Offsets: pending 16, upcalls 40.
 */
asm(".text\n"
    ".globl nc_spin, nc_spin_end, nc_trap, nc_trap_end\n"
    ".globl rs_loop, rs_start, rs_end, rs_hc, rs_hc_end\n"
    "nc_spin:\n\t"
    "movl $1, vcpu + 12\n\t"	/* irq_enabled, inside the range only */
    "pushl %ebx\n\t"
    "pushl %esi\n\t"
    "pushl %edi\n\t"
    "movl 16(%esp), %esi\n\t"
    "movl 20(%esp), %edi\n\t"
    "rdtsc\n\t"
    "movl %eax, %ebx\n"
    "1:\trdtsc\n\t"
    "subl %ebx, %eax\n\t"
    "cmpl %esi, %eax\n\t"
    "jb 1b\n\t"
    "cmpl $0, vcpu + 16\n\t"
    "jne 2f\n\t"
    "cmpl %edi, %eax\n\t"
    "jb 1b\n"
    "2:\tmovl $0, vcpu + 12\n\t"
    "movl vcpu + 16, %eax\n\t"
    "movl vcpu + 40, %edx\n\t"
    "popl %edi\n\t"
    "popl %esi\n\t"
    "popl %ebx\n"
    "nc_spin_end:\n\t"
    "ret\n"
    "nc_trap:\n\t"
    "movl %esp, probe_esp\n\t"
    "int3\n\t"
    "nop\n"	/* EIP after the int3 is still in the range */
    "nc_trap_end:\n\t"
    "ret\n"
    "rs_loop:\n"
    "rs_start:\n\t"
    "incl rs_entries\n"
    "1:\tcmpl $0, vcpu + 16\n\t"
    "jne 2f\n\t"
    "rdtsc\n\t"
    "subl rs_t0, %eax\n\t"
    "cmpl rs_ticks, %eax\n\t"
    "jb 1b\n"
    "2:\tmovl vcpu + 40, %eax\n"
    "rs_end:\n\t"
    "ret\n"
    "rs_hc:\n\t"
    "incl rs_entries\n\t"
    "movl $0, %eax\n\t"
    "int $0x82\n\t"
    "nop\n"
    "rs_hc_end:\n\t"
    "ret\n");

static void set_nocall(void *start, void *end)
{
	vcpu.nocall_start = (u32)start;
	vcpu.nocall_end = (u32)end;
}

static void nocall_checks(void)
{
	u32 before = upcall_count;
	u64 r;

	set_nocall(nc_spin, nc_spin_end);
	/*
	 * nc_spin sets irq_enabled itself, inside the range, and clears it
	 * before leaving: a timer that fires before or after the spin (a
	 * slow debug kernel takes more than 1 ms for the call) must stay
	 * pending too, not be upcalled from this C code.
	 */
	hcall2(BURN_HC_SET_TIMER, 1 * MS, 0);
	r = nc_spin(20 * tsc_per_ms(), 500 * tsc_per_ms());
	t_eq("20 ms in the nocall range with a 1 ms timer: no upcall",
	     (u32)(r >> 32) - before, 0);
	t_eq("  the event is pending at its end", (u32)r & TIMER, TIMER);
	vcpu.irq_enabled = 1;
	hcall0(BURN_HC_NULL);
	vcpu.irq_enabled = 0;
	t_eq("  outside it, an exit delivers it", upcall_count - before, 1);
	t_eq("  as an event upcall", last_frame.vector, BURN_UPCALL_EVENTS);
	t_eq("  of the timer", last_pending & TIMER, TIMER);

	set_nocall(nc_trap, nc_trap_end);
	nc_trap();
	t_eq("int3 in the nocall range: one upcall", upcall_count - before,
	     2);
	t_eq("  vector", last_frame.vector, 3);
	t_eq("  EIP", last_frame.eip, (u32)nc_trap_end - 1);
	t_eq("  frame ESP", last_frame.esp, probe_esp);
	t_eq("  nested: the entry's ESP is the interrupted one",
	     upcall_seen.esp, probe_esp);
	upcall_default_nocall();
}

/*
 * One try at a restart: arm a 1 ms timer and loop in rs_loop until the
 * event is pending (at most 500 ms).  Under a loaded host the timer may
 * fire before the loop starts (then the loop sees it at once, or, with
 * irq_enabled, it is upcalled first and the loop times out): such a try
 * proves nothing, so restart_try() is repeated a few times.
 */
static u32 restart_try(int irq, u32 *upcalls_inside)
{
	rs_entries = 0;
	rs_ticks = 500 * tsc_per_ms();
	rs_t0 = (u32)rdtsc();
	hcall2(BURN_HC_SET_TIMER, 1 * MS, 0);
	vcpu.irq_enabled = irq;
	*upcalls_inside = rs_loop();
	hcall0(BURN_HC_NULL);	/* with irq_enabled: the event upcalled */
	vcpu.irq_enabled = 0;
	return rs_entries;
}

static void restart_checks(void)
{
	u32 before, upcalls = 0, i, n = 0;

	vcpu.restart_start = (u32)rs_start;
	vcpu.restart_end = (u32)rs_end;
	for (i = 0; i < 5 && n < 2; i++) {
		pending_clear(TIMER);
		n = restart_try(0, &upcalls);
	}
	t_num("restart sequence entries", n, "");
	t_num("restart tries", i, "");
	t_ok(n >= 2, "the timer's exit restarted the loop");
	t_eq("  the timer is pending", vcpu.pending & TIMER, TIMER);
	pending_clear(TIMER);

	/* As the IPVMM uses it: inside nocall, with irq_enabled. */
	set_nocall(rs_start, rs_end);
	for (i = 0, n = 0; i < 5 && n < 2; i++) {
		before = upcall_count;
		n = restart_try(1, &upcalls);
	}
	t_num("restart tries inside nocall", i, "");
	t_ok(n >= 2, "restarted inside a nocall range too");
	t_eq("  no upcall inside it", upcalls - before, 0);
	t_eq("  the event upcalled after it", upcall_count - before, 1);
	t_eq("  vector", last_frame.vector, BURN_UPCALL_EVENTS);
	upcall_default_nocall();

	vcpu.restart_start = (u32)rs_hc;
	vcpu.restart_end = (u32)rs_hc_end;
	rs_entries = 0;
	rs_hc();
	t_eq("a hypercall in the range with nothing pending: no restart",
	     rs_entries, 1);
	vcpu.restart_start = 0;
	vcpu.restart_end = 0;
}

/* frame_busy set (here by the guest itself) holds events back too. */
static void busy_checks(void)
{
	u32 before = upcall_count, i;

	vcpu.frame_busy = 1;
	vcpu.irq_enabled = 1;
	hcall2(BURN_HC_SET_TIMER, 1 * MS, 0);
	spin_ms(5);
	for (i = 0; i < 1000 && !(vcpu.pending & TIMER); i++)
		spin_ms(1);
	hcall0(BURN_HC_NULL);
	t_eq("frame_busy set: no event upcall", upcall_count - before, 0);
	t_eq("  the event is pending", vcpu.pending & TIMER, TIMER);
	asm volatile("movl $0, vcpu + 20\n\t"	/* frame_busy */
		     "movl $0, %%eax\n\t"
		     "int $0x82" : : : "eax", "memory");
	vcpu.irq_enabled = 0;
	t_eq("  cleared: the next exit delivers it", upcall_count - before, 1);
	t_eq("  vector", last_frame.vector, BURN_UPCALL_EVENTS);
}

int main(void)
{
	t_eq("SET_UPCALL", upcall_init(), 0);
	vcpu.irq_enabled = 0;
	nocall_checks();
	restart_checks();
	busy_checks();
	con_puts("upranges: done\n");
	return t_failed();
}
