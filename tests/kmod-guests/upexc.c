// SPDX-License-Identifier: GPL-2.0
/*
 * upexc.c - exceptions become upcalls.  With an upcall registered, each
 * exception the guest raises at ring 1 reaches kg_upcall_entry with the
 * right vector, error code, CR2, flags, registers and EIP; the handler
 * skips the faulting instruction (fixup_eip) and returns, and the guest
 * carries on with its registers intact.  #NM and the #GP of rdtsc come
 * from the guest's own CR0.TS and CR4.TSD (BURN_HC_SET_CR).  Also the
 * page's header, the entry's own registers, SET_UPCALL's argument
 * checks, and the round trip's cost.  One numbered line per check; the
 * status is the number of failures.
 */
#include "pgtab.h"

#define EC BURN_FRAME_ERROR_CODE

static volatile u32 ro_page[1024] __attribute__((aligned(4096)));

/* The latest upcall was @vector at @eip with @flags and @error. */
static void expect(const char *what, u32 vector, u32 eip, u32 flags,
		   u32 error)
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
	t_eq("  error code", last_frame.error_code, error);
	t_eq("  ESP", last_frame.esp, probe_esp);
	t_eq("  CS", last_frame.cs, BURN_SEL_RING1_CS);
	t_eq("  entry EAX is the vector", upcall_seen.eax, vector);
	t_eq("  entry ESP is the stack top", upcall_seen.esp,
	     upcall_stack_top);
	t_eq("  frame_busy was set", upcall_seen.busy, 1);
	t_eq("  vcpu.upcalls", vcpu.upcalls, upcall_count);
}

static void header_checks(void)
{
	u32 page = (u32)&vcpu;

	t_eq("SET_UPCALL: unaligned page",
	     hcall3(BURN_HC_SET_UPCALL, (u32)kg_upcall_entry, upcall_stack_top,
		    page + 8), -BURN_HC_EINVAL);
	t_eq("SET_UPCALL: page beyond RAM",
	     hcall3(BURN_HC_SET_UPCALL, (u32)kg_upcall_entry, upcall_stack_top,
		    boot_esp), -BURN_HC_EFAULT);
	t_eq("SET_UPCALL: page at 4 GiB - 4 KiB",
	     hcall3(BURN_HC_SET_UPCALL, (u32)kg_upcall_entry, upcall_stack_top,
		    0xfffff000), -BURN_HC_EFAULT);
	t_eq("SET_UPCALL", upcall_init(), 0);
	t_eq("magic", vcpu.magic, BURN_VCPU_MAGIC);
	t_eq("version", vcpu.version, BURN_VCPU_VERSION);
	t_num("tsc_khz", vcpu.tsc_khz, "kHz");
	t_eq("no upcall yet", vcpu.upcalls, 0);
}

/* ud2 with known registers: all of them in the frame, all restored. */
static void register_checks(void)
{
	u32 a = 0xa0a00001, b = 0xb0b00002, c = 0xc0c00003, d = 0xd0d00004;
	u32 s = 0x51510006, di = 0xd1d10007;
	static u32 cf, ebp_after, fs_after, gs_after;

	asm volatile("pushl %%ebp\n\t"
		     "movl $0xbebe0005, %%ebp\n\t"
		     "pushl %%eax\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %10, %%eax\n\t"
		     "movl %%eax, %%gs\n\t"
		     "popl %%eax\n\t"
		     "stc\n\t"
		     PROBE_PRE "ud2" PROBE_POST
		     "setc %6\n\t"
		     "movl %%ebp, %7\n\t"
		     "movw %%fs, %8\n\t"
		     "movw %%gs, %9\n\t"
		     "popl %%ebp"
		     : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s), "+D"(di),
		       "=m"(cf), "=m"(ebp_after), "=m"(fs_after),
		       "=m"(gs_after)
		     : "i"(BURN_SEL_RING3_DS)
		     : "memory", "cc");
	asm volatile("movl %0, %%fs\n\tmovl %0, %%gs"
		     : : "r"(BURN_SEL_RING1_DS));
	expect("#UD (ud2) with known registers", 6, probe_at, 0, 0);
	t_eq("  frame EAX", last_frame.eax, 0xa0a00001);
	t_eq("  frame EBX", last_frame.ebx, 0xb0b00002);
	t_eq("  frame ECX", last_frame.ecx, 0xc0c00003);
	t_eq("  frame EDX", last_frame.edx, 0xd0d00004);
	t_eq("  frame EBP", last_frame.ebp, 0xbebe0005);
	t_eq("  frame ESI", last_frame.esi, 0x51510006);
	t_eq("  frame EDI", last_frame.edi, 0xd1d10007);
	t_eq("  frame CF and IF", last_frame.eflags & 0x201, 0x201);
	t_eq("  frame DS", last_frame.ds, BURN_SEL_RING1_DS);
	t_eq("  frame ES", last_frame.es, BURN_SEL_RING1_DS);
	t_eq("  frame FS (null)", last_frame.fs, 0);
	t_eq("  frame GS (ring-3 data)", last_frame.gs, BURN_SEL_RING3_DS);
	t_eq("  frame SS", last_frame.ss, BURN_SEL_RING1_DS);
	t_eq("  entry CS", upcall_seen.cs, BURN_SEL_RING1_CS);
	t_eq("  entry SS", upcall_seen.ss, BURN_SEL_RING1_DS);
	t_eq("  entry DS", upcall_seen.ds, BURN_SEL_RING1_DS);
	t_eq("  entry ES", upcall_seen.es, BURN_SEL_RING1_DS);
	t_eq("  entry FS", upcall_seen.fs, BURN_SEL_RING1_DS);
	t_eq("  entry GS", upcall_seen.gs, BURN_SEL_RING1_DS);
	t_ok(a == 0xa0a00001 && b == 0xb0b00002 && c == 0xc0c00003 &&
	     d == 0xd0d00004 && s == 0x51510006 && di == 0xd1d10007 &&
	     ebp_after == 0xbebe0005, "  registers restored after the return");
	t_eq("  CF restored", cf & 0xff, 1);
	t_eq("  FS restored", fs_after, 0);
	t_eq("  GS restored", gs_after, BURN_SEL_RING3_DS);
}

/* Faults: EIP is the instruction's, the handler skips it. */
static void fault_checks(void)
{
	u32 eax = 1, edx = 0;

	asm volatile(PROBE_PRE "divl %2" PROBE_POST
		     : "+a"(eax), "+d"(edx) : "r"(0) : "memory", "cc");
	expect("#DE (divl by zero)", 0, probe_at, 0, 0);
	asm volatile(PROBE_PRE "cli" PROBE_POST ::: "memory");
	expect("#GP (cli at ring 1)", 13, probe_at, EC, 0);
	asm volatile(PROBE_PRE "movl %0, %%ds" PROBE_POST
		     : : "r"(0x18) : "memory");
	expect("#GP (the host's data selector 0x18)", 13, probe_at, EC, 0x18);
	asm volatile(PROBE_PRE "movl %0, %%es" PROBE_POST
		     : : "r"(SEL(40, 1)) : "memory");
	expect("#GP (a selector beyond the GDT)", 13, probe_at, EC,
	       SEL(40, 0));
	asm volatile("movl %0, %%es" : : "r"(BURN_SEL_RING1_DS));
}

static void clear_tf(struct burn_upcall_frame *f)
{
	f->eflags &= ~0x100u;
}

/*
 * Traps: EIP is past the instruction already.  int3 and into are
 * software interrupts too (BURN_FRAME_SOFTINT): the IPVMM must check its
 * guest's gate DPL for them as for `int $n`.
 */
static void trap_checks(void)
{
	asm volatile(PROBE_PRE "int3" PROBE_POST ::: "memory");
	expect("#BP (int3)", 3, probe_after, BURN_FRAME_SOFTINT, 0);
	asm volatile(PROBE_PRE ".byte 0xcd, 0x03" PROBE_POST ::: "memory");
	expect("#BP (int $3, two bytes)", 3, probe_after, BURN_FRAME_SOFTINT,
	       0);
	asm volatile("movb $0x7f, %%al\n\t"
		     "addb $1, %%al\n\t"
		     PROBE_PRE "into" PROBE_POST ::: "eax", "memory", "cc");
	expect("#OF (into with OF set)", 4, probe_after, BURN_FRAME_SOFTINT,
	       0);
	asm volatile("xorl %%eax, %%eax\n\t"
		     PROBE_PRE "into" PROBE_POST ::: "eax", "memory", "cc");
	t_eq("into with OF clear: no upcall", vcpu.upcalls, upcall_count);
	/*
	 * TF: a single-step trap after the instruction that follows the
	 * popf; the handler clears TF.  The entry must not run with TF.
	 */
	upcall_hook = clear_tf;
	asm volatile(PROBE_PRE
		     "pushfl\n\t"
		     "orl $0x100, (%%esp)\n\t"
		     "popfl\n\t"
		     "nop" PROBE_POST ::: "memory", "cc");
	upcall_hook = 0;
	expect("#DB (single step with EFLAGS.TF)", 1, probe_after, 0, 0);
}

/*
 * Beyond RAM with paging off, then with paging on: not present,
 * read-only, and a PTE outside RAM.
 */
static void page_fault_checks(void)
{
	u32 v = 0;

	asm volatile(PROBE_PRE "movl 0x10000040, %0" PROBE_POST
		     : "+r"(v) : : "memory");
	expect("#PF: paging off, a read beyond RAM (MMIO)", 14, probe_at,
	       EC | BURN_FRAME_MMIO, last_frame.error_code);
	t_eq("  CR2", last_frame.cr2, 0x10000040);
	t_eq("  mmio_gpa", last_frame.mmio_gpa, 0x10000040);
	pt_hi[1] = (u32)ro_page | PG_P;
	pt_hi[2] = 0x10000000 | PG_P | PG_RW;
	t_eq("paging on", pg_enable(), 0);
	asm volatile(PROBE_PRE "movl 0x50000000, %0" PROBE_POST
		     : "+r"(v) : : "memory");
	expect("#PF: read of an unmapped page", 14, probe_at, EC, 0);
	t_eq("  CR2", last_frame.cr2, 0x50000000);
	asm volatile(PROBE_PRE "movl %0, 0x40001008" PROBE_POST
		     : : "r"(v) : "memory");
	expect("#PF: write to a read-only page", 14, probe_at, EC, 3);
	t_eq("  CR2", last_frame.cr2, 0x40001008);
	asm volatile(PROBE_PRE "movl 0x40002010, %0" PROBE_POST
		     : "+r"(v) : : "memory");
	expect("#PF: read through a PTE outside RAM (MMIO)", 14, probe_at,
	       EC | BURN_FRAME_MMIO, last_frame.error_code);
	t_eq("  CR2", last_frame.cr2, 0x40002010);
	t_eq("  mmio_gpa", last_frame.mmio_gpa, 0x10000010);
	t_num("MMIO read error code", last_frame.error_code, "");
	asm volatile(PROBE_PRE "movl %0, 0x40002ffc" PROBE_POST
		     : : "r"(v) : "memory");
	expect("#PF: write through a PTE outside RAM (MMIO)", 14, probe_at,
	       EC | BURN_FRAME_MMIO, last_frame.error_code);
	t_eq("  CR2", last_frame.cr2, 0x40002ffc);
	t_eq("  mmio_gpa", last_frame.mmio_gpa, 0x10000ffc);
	t_num("MMIO write error code", last_frame.error_code, "");
	t_eq("paging off", hcall2(BURN_HC_SET_PGTABLE, 0, 0), 0);
}

/* BURN_HC_SET_CR: the guest's CR0.TS gives #NM, its CR4.TSD #GP on rdtsc. */
static void cr_checks(void)
{
	u32 lo, hi;

	t_eq("SET_CR: CR0.TS", hcall2(BURN_HC_SET_CR, BURN_CR0_TS, 0), 0);
	asm volatile(PROBE_PRE "fnop" PROBE_POST ::: "memory");
	expect("#NM (fnop with CR0.TS)", 7, probe_at, 0, 0);
	t_eq("SET_CR: CR0.TS clear", hcall2(BURN_HC_SET_CR, 0, 0), 0);
	asm volatile("fnop" ::: "memory");
	t_eq("  fnop runs without an upcall", vcpu.upcalls, upcall_count);
	t_eq("SET_CR: CR4.TSD", hcall2(BURN_HC_SET_CR, 0, BURN_CR4_TSD), 0);
	asm volatile(PROBE_PRE "rdtsc" PROBE_POST
		     : "=a"(lo), "=d"(hi) : : "memory");
	expect("#GP (rdtsc with CR4.TSD)", 13, probe_at, EC, 0);
	t_eq("SET_CR: CR4.TSD clear", hcall2(BURN_HC_SET_CR, 0, 0), 0);
}

/* The cost of one upcall: int3 -> host -> entry -> handler -> iret. */
#define ROUNDS_SHIFT 8
#define ROUNDS (1u << ROUNDS_SHIFT)

static void round_trip(void)
{
	u32 i, before = upcall_count;
	u64 t0, t1, t2;

	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		asm volatile("int3" ::: "memory");
	t1 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		hcall0(BURN_HC_NULL);
	t2 = rdtsc();
	t_eq("256 int3 upcalls", upcall_count - before, ROUNDS);
	t_num("upcall round trip (int3, handler, iret)",
	      (u32)((t1 - t0) >> ROUNDS_SHIFT), "cycles");
	t_num("null hypercall round trip", (u32)((t2 - t1) >> ROUNDS_SHIFT),
	      "cycles");
}

int main(void)
{
	header_checks();
	register_checks();
	fault_checks();
	trap_checks();
	page_fault_checks();
	cr_checks();
	t_skip("#AC at ring 1", "alignment checks apply at ring 3 only");
	round_trip();
	t_eq("frame_busy clear at the end", vcpu.frame_busy, 0);
	con_puts("upexc: done\n");
	return t_failed();
}
