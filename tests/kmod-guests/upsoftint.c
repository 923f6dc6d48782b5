// SPDX-License-Identifier: GPL-2.0
/*
 * upsoftint.c - software interrupts become upcalls, from ring 1 and from
 * ring 3.  `int $0x80` has a DPL-3 gate and arrives as itself; `int $n`
 * on a DPL-0 gate is a #GP the host decodes back into vector n; both
 * with BURN_FRAME_SOFTINT and EIP past the instruction.  int3 is #BP
 * (also BURN_FRAME_SOFTINT), and `int $0x82` at ring 3 is a real #GP
 * (the hypercall gate is DPL 1).
 *
 * The ring-3 part is a round trip: ring 1 drops to ring 3 with lret, the
 * ring-3 code makes its calls (each upcall returns to ring 3 with iret,
 * one with a changed EAX, as a system call would), and a final
 * `int $0x80` with R3_DONE in EAX makes the handler rewrite the frame so
 * that the upcall "returns" to ring 1, where the lret left off.
 */
#include "ring3.h"

#define SI BURN_FRAME_SOFTINT
#define R3 BURN_FRAME_RING3
#define EC BURN_FRAME_ERROR_CODE
#define R3_CALL 0x1234	/* EAX of the first ring-3 int $0x80 */
#define R3_RESULT 0x4321	/* what the handler returns in its EAX */

/* Written by the ring-3 code: addresses of its instructions, a result. */
static volatile u32 r3_gp_at, r3_ud_at, r3_int80_after, r3_result;
static volatile u32 r3_ac_at;

static void expect(const char *what, u32 vector, u32 eip, u32 flags)
{
	static u32 seen;

	con_puts("# ");
	con_puts(what);
	con_puts("\n");
	t_eq("  one upcall", upcall_count - seen, 1);
	seen = upcall_count;
	t_eq("  vector", last_frame.vector, vector);
	t_eq("  EIP", last_frame.eip, eip);
	t_eq("  flags", last_frame.flags, flags);
	t_eq("  ESP", last_frame.esp, probe_esp);
	t_eq("  entry EAX is the vector", upcall_seen.eax, vector);
}

static void ring1_checks(void)
{
	u32 eax = 0x77;

	asm volatile(PROBE_PRE "int $0x80" PROBE_POST
		     : "+a"(eax) : : "memory");
	expect("int $0x80 at ring 1", 0x80, probe_after, SI);
	t_eq("  frame EAX", last_frame.eax, 0x77);
	t_eq("  EAX back", eax, 0x77);
	asm volatile(PROBE_PRE "int $0x30" PROBE_POST ::: "memory");
	expect("int $0x30 at ring 1 (DPL-0 gate)", 0x30, probe_after, SI);
	t_eq("  no error code", last_frame.error_code, 0);
	asm volatile(PROBE_PRE "int $2" PROBE_POST ::: "memory");
	expect("int $2 at ring 1 (not an NMI)", 2, probe_after, SI);
	asm volatile(PROBE_PRE "int $0x20" PROBE_POST ::: "memory");
	expect("int $0x20 at ring 1 (not a device interrupt)", 0x20,
	       probe_after, SI);
	asm volatile(PROBE_PRE "int $0xff" PROBE_POST ::: "memory");
	expect("int $0xff at ring 1", 0xff, probe_after, SI);
	asm volatile(PROBE_PRE "int $14" PROBE_POST ::: "memory");
	expect("int $14 at ring 1 (not a #PF)", 14, probe_after, SI);
	t_eq("  no CR2", last_frame.cr2, 0);
	t_eq("int $0x82 at ring 1 is still a hypercall",
	     hcall0(BURN_HC_NULL), 0);
	t_eq("  and no upcall", vcpu.upcalls, upcall_count);
}

/*
 * The handler's part of the round trip: return R3_RESULT to the first
 * call, and turn the R3_DONE call into a return to ring 1.
 */
static void ring3_hook(struct burn_upcall_frame *f)
{
	if (f->vector != 0x80 || !(f->flags & R3))
		return;
	if (f->eax == R3_CALL)
		f->eax = R3_RESULT;
	ring3_back_to_ring1(f);
}

static void ring3_trip(void)
{
	r3_top = (u32)(r3_stack + 1024);
	frame_log_n = 0;
	upcall_hook = ring3_hook;
	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %[r1esp]\n\t"
		     "movl $9f, %[r1eip]\n\t"
		     "pushl %[ds3]\n\t"
		     "pushl %[top]\n\t"
		     "pushl %[cs3]\n\t"
		     "pushl $1f\n\t"
		     "lret\n"
		     /* Ring 3: the data segments were nulled by lret. */
		     "1:\tmovl %[ds3], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %[call], %%eax\n\t"
		     "int $0x80\n"
		     "2:\tmovl %%eax, r3_result\n\t"
		     "movl $2b, r3_int80_after\n\t"
		     "int $0x30\n\t"
		     "int3\n\t"
		     "movl $4f, fixup_eip\n\t"
		     "movl $3f, r3_gp_at\n"
		     "3:\tint $0x82\n"
		     "4:\tmovl $6f, fixup_eip\n\t"
		     "movl $5f, r3_ud_at\n"
		     "5:\tud2\n"
		     /* #AC: only where the CPU checks alignment (not TCG). */
		     "6:\tmovl $8f, fixup_eip\n\t"
		     "movl $7f, r3_ac_at\n\t"
		     "pushfl\n\t"
		     "orl $0x40000, (%%esp)\n\t"
		     "popfl\n"
		     "7:\tmovl r3_stack + 1, %%eax\n"
		     "8:\tpushfl\n\t"
		     "andl $~0x40000, (%%esp)\n\t"
		     "popfl\n\t"
		     /* The host never touches ring 3's stack: ESP 0 is fine. */
		     "xorl %%esp, %%esp\n\t"
		     "movl %[done], %%eax\n\t"
		     "int $0x80\n\t"
		     "ud2\n"
		     /* Ring 1 again, by the handler's edit of the frame. */
		     "9:\tpopl %%ebp"
		     : [r1esp] "=m"(ring1_esp), [r1eip] "=m"(ring1_eip)
		     : [ds3] "i"(BURN_SEL_RING3_DS), [cs3] "i"(BURN_SEL_RING3_CS),
		       [top] "m"(r3_top), [call] "i"(R3_CALL), [done] "i"(R3_DONE)
		     : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
	upcall_hook = 0;
}

/* One logged ring-3 upcall. */
static void r3_expect(u32 i, const char *what, u32 vector, u32 eip,
		      u32 flags)
{
	const struct burn_upcall_frame *f = &frame_log[i];

	con_puts("# ");
	con_puts(what);
	con_puts("\n");
	t_eq("  vector", f->vector, vector);
	t_eq("  EIP", f->eip, eip);
	t_eq("  flags", f->flags, flags);
	t_eq("  CS", f->cs, BURN_SEL_RING3_CS);
	t_eq("  SS", f->ss, BURN_SEL_RING3_DS);
	t_eq("  DS", f->ds, BURN_SEL_RING3_DS);
}

static void ring3_checks(void)
{
	u32 n, top = (u32)(r3_stack + 1024);

	ring3_trip();
	t_ok(1, "back at ring 1 after the ring-3 round trip");
	n = frame_log_n;
	t_ok(n == 6 || n == 7, "six ring-3 upcalls (seven with #AC)");
	if (n < 6)
		return;
	r3_expect(0, "int $0x80 at ring 3", 0x80, r3_int80_after, SI | R3);
	t_eq("  ESP is ring 3's", frame_log[0].esp, top);
	t_eq("  EAX", frame_log[0].eax, R3_CALL);
	t_eq("  ring 3 got the handler's EAX", r3_result, R3_RESULT);
	r3_expect(1, "int $0x30 at ring 3", 0x30, frame_log[1].eip, SI | R3);
	t_eq("  EIP past it", frame_log[1].eip, r3_int80_after + 5 + 10 + 2);
	r3_expect(2, "int3 at ring 3", 3, frame_log[1].eip + 1, SI | R3);
	r3_expect(3, "int $0x82 at ring 3 is a #GP", 13, r3_gp_at, EC | R3);
	t_ok(frame_log[3].error_code == 0x412 ||
	     frame_log[3].error_code == 0x822, "  error code 0x412 (TCG 0x822)");
	r3_expect(4, "ud2 at ring 3", 6, r3_ud_at, R3);
	if (n == 7) {
		r3_expect(5, "#AC at ring 3 with EFLAGS.AC", 17, r3_ac_at,
			  EC | R3);
		t_eq("  error code", frame_log[5].error_code, 0);
	} else {
		t_skip("#AC at ring 3", "this CPU does not check alignment");
	}
	r3_expect(n - 1, "int $0x80 R3_DONE", 0x80, frame_log[n - 1].eip,
		  SI | R3);
	t_eq("  EAX", frame_log[n - 1].eax, R3_DONE);
	t_eq("  ring 3's ESP 0 in the frame", frame_log[n - 1].esp, 0);
}

int main(void)
{
	t_eq("SET_UPCALL", upcall_init(), 0);
	ring1_checks();
	ring3_checks();
	t_eq("vcpu.upcalls", vcpu.upcalls, upcall_count);
	con_puts("upsoftint: done\n");
	return t_failed();
}
