// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - the guest fuzzer: a raw ring-1 guest that throws random and
 * mutated instruction streams, random page tables, random hypercalls and
 * random segment descriptors at burnvmm.ko for a bounded time, surviving
 * its own exceptions through an upcall entry, then shuts down with 0 and
 * prints what it did.  tests/selftests/guest_fuzz.sh runs it; the point
 * is the host: whatever the guest does, the VM must end with a reason,
 * and the host kernel must log nothing and leak nothing.
 *
 * Each iteration does one of four things, chosen by a seeded PRNG:
 *
 *  (a) code: fill a code page with random bytes and mutated copies of a
 *      table of hostile instructions, and iret into it at ring 1 or 3
 *      with random registers, segments and EFLAGS;
 *  (b) hypercalls: random numbers (0..20 and some random ones) with
 *      random arguments, but never SHUTDOWN and with the calls that
 *      would take our own core away undone at once;
 *  (c) page tables: load a page directory with random PDEs and PTEs
 *      (4 MiB pages, frames beyond RAM, entries that map the tables
 *      themselves, reserved bits), touch random addresses through it,
 *      change entries under the host's feet, flush or not;
 *  (d) descriptors: random BURN_HC_SET_DESC entries, then load them.
 *
 * Surviving: every exception and the watchdog timer arrive at
 * fuzz_upcall_entry, which puts back the sane page directory, counts
 * the vector and longjmps to the checkpoint the main loop took at the
 * start of the iteration.  Nothing is resumed: a checkpoint is robust
 * whatever the fuzzed code did to its registers and stack.
 *
 * The cage: code from (a) runs under a page directory in which the
 * guest's own first 4 MiB are not present except the fuzz pages (code,
 * stacks, scratch; user and writable) and the gate page (the upcall
 * entry and the way into the fuzzed code; supervisor read-only).  So
 * ring-1 code can neither overwrite the guest nor jump into it (and,
 * say, reach the shutdown hypercall in start.S); the VCPU page is out
 * of its reach too, so it cannot clear irq_enabled and spin past the
 * watchdog.  Above 4 MiB the cage has the same random PDEs as (c).
 * The gate page switches to the sane directory before it touches any
 * stack.
 *
 * Seed and bounds: the string fuzz_conf below is patched in the ELF file
 * by guest_fuzz.sh (seed, run time in ms, iteration cap).  Seed 0 means
 * "take the TSC".  The seed is printed first, so a run can be replayed
 * (the watchdog depends on timing, so a replay is close, not exact).
 */
#include "kguest.h"
#include "burnvmm/vcpu.h"

#define PAGE		4096u
#define MIB4		0x400000u
#define PG_P		0x001u
#define PG_RW		0x002u
#define PG_US		0x004u
#define PG_PS		0x080u
#define PG_G		0x100u
#define PG_RANDOM_FLAGS	0x17eu	/* RW US PWT PCD A D PS/PAT G */

#define RAND_PTS	8	/* random page tables at FZ_PT_BASE */
#define FZ_PT_BASE	MIB4	/* rand_pd, then the RAND_PTS tables */
#define SANE_PGFLAGS	(BURN_PG_ENABLE | BURN_PG_PSE)
#define CODE_MAX	96	/* bytes of generated code before the sentinel */
#define MAX_DESCS	8
#define WATCHDOG_NS	50000000u	/* 50 ms for an iteration of (b)..(d) */

/*
 * Patched by guest_fuzz.sh:
 * "FUZZCONF seed=%016x ms=%08u iters=%08u v=%u x=%u".
 * v=1 traces every iteration on the console, to pin down a replay.
 * x=1 lets the fuzzed code set EFLAGS.VM with iret (see FUZZ_VM86).
 */
volatile char fuzz_conf[] =
	"FUZZCONF seed=0000000000000000 ms=00003000 iters=00000000 v=0 x=0 .";

/* The guest's own paging: sane (identity) and the cage's low 4 MiB. */
u32 sane_pd[1024] __attribute__((aligned(4096)));
static u32 sane_pt[1024] __attribute__((aligned(4096)));
static u32 cage_pt[1024] __attribute__((aligned(4096)));

/* The VCPU page is the runtime's `vcpu` (lib.c); its upcall entry is not used. */
#define VP vcpu

static u8 upcall_stack[8192] __attribute__((aligned(4096)));

/*
 * The fuzz pages: the only low memory the cage maps for the fuzzed code,
 * each followed by a page it does not map, so that running or popping
 * off the end of one faults instead of reading its neighbour.
 */
static u8 fz_pages[9][PAGE] __attribute__((aligned(4096)));
#define fz_code		fz_pages[0]
#define fz_stack1	fz_pages[2]
#define fz_stack3	fz_pages[4]
#define fz_scratch	fz_pages[6]	/* two pages */

/*
 * How fuzz_enter goes into the fuzzed code; in the gate data page, which
 * the cage maps read-only.  Offsets are used by the assembly below.
 */
struct fuzz_entry {
	u32 cr3, pgflags;		/* 0, 4: the cage */
	u32 frame_esp, frame_ss;	/* 8, 12: the iret frame */
	u32 gs, fs, es, ds;		/* 16..28 */
	u32 eax, ebx, ecx, edx;		/* 32..44 */
	u32 edi, ebp, esi;		/* 48..56 */
};

static union {
	struct fuzz_entry e;
	u8 pad[PAGE];
} gate_data __attribute__((aligned(4096)));
struct fuzz_entry *const fuzz_entry_ptr = &gate_data.e;

/* The checkpoint: EIP, ESP, EBX, ESI, EDI, EBP. */
u32 fuzz_ckpt[6];

int fuzz_setjmp(void) __attribute__((returns_twice));
void fuzz_enter(const struct fuzz_entry *e) __attribute__((noreturn));
void fuzz_upcall(u32 vector);
extern const u8 fuzz_gate_start[];
extern const u8 fuzz_upcall_entry[];

/*
 * The gate page: page-aligned and alone in its page, so the cage can map
 * it and nothing else of our text.
 *
 * fuzz_upcall_entry: EAX = the vector, ESP = the upcall stack, which the
 * cage does not map: switch to the sane directory first, with nothing
 * but registers, then call the C side and go back to the checkpoint.
 *
 * fuzz_enter(e): switch to the cage, take the iret frame's stack, load
 * the segments (DS last, then everything else through SS, which stays
 * flat), the general registers, and iret into the fuzzed code.
 */
asm(
"	.section .text.fuzzgate, \"ax\"\n"
"	.balign 4096\n"
"	.globl	fuzz_gate_start, fuzz_upcall_entry, fuzz_enter\n"
"	.globl	fuzz_setjmp\n"
"fuzz_gate_start:\n"
"fuzz_upcall_entry:\n"
"	movl	%eax, %ebp\n"
"	movl	$3, %eax\n"			/* BURN_HC_SET_PGTABLE */
"	movl	$sane_pd, %ebx\n"
"	movl	$3, %ecx\n"			/* ENABLE | PSE */
"	int	$0x82\n"
"	cld\n"
"	pushl	%ebp\n"
"	call	fuzz_upcall\n"
"fuzz_longjmp:\n"
"	movl	fuzz_ckpt+4, %esp\n"
"	movl	fuzz_ckpt+8, %ebx\n"
"	movl	fuzz_ckpt+12, %esi\n"
"	movl	fuzz_ckpt+16, %edi\n"
"	movl	fuzz_ckpt+20, %ebp\n"
"	movl	$1, %eax\n"
"	jmp	*fuzz_ckpt\n"
"fuzz_setjmp:\n"
"	movl	(%esp), %eax\n"
"	movl	%eax, fuzz_ckpt\n"
"	leal	4(%esp), %eax\n"
"	movl	%eax, fuzz_ckpt+4\n"
"	movl	%ebx, fuzz_ckpt+8\n"
"	movl	%esi, fuzz_ckpt+12\n"
"	movl	%edi, fuzz_ckpt+16\n"
"	movl	%ebp, fuzz_ckpt+20\n"
"	xorl	%eax, %eax\n"
"	ret\n"
"fuzz_enter:\n"
"	movl	4(%esp), %esi\n"
"	movl	$3, %eax\n"
"	movl	0(%esi), %ebx\n"
"	movl	4(%esi), %ecx\n"
"	int	$0x82\n"
"	lss	8(%esi), %esp\n"
"	movl	16(%esi), %eax\n"
"	movl	%eax, %gs\n"
"	movl	20(%esi), %eax\n"
"	movl	%eax, %fs\n"
"	movl	24(%esi), %eax\n"
"	movl	%eax, %es\n"
"	movl	28(%esi), %eax\n"
"	movl	%eax, %ds\n"
"	movl	%ss:32(%esi), %eax\n"
"	movl	%ss:36(%esi), %ebx\n"
"	movl	%ss:40(%esi), %ecx\n"
"	movl	%ss:44(%esi), %edx\n"
"	movl	%ss:48(%esi), %edi\n"
"	movl	%ss:52(%esi), %ebp\n"
"	movl	%ss:56(%esi), %esi\n"
"	iret\n"
"	.balign 4096\n"
"	.text\n");

/* ------------------------------------------------------------ utilities */

static inline int hcall5(u32 nr, u32 a1, u32 a2, u32 a3, u32 a4, u32 a5)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
		     : "memory");
	return ret;
}

static u64 rng_state;

/* The fuzzer's random numbers (k_rand(), xorshift64*). */
static u32 rnd(void)
{
	return k_rand(&rng_state);
}

static u32 rnd_below(u32 n)
{
	return n ? rnd() % n : 0;
}

/* True with probability 1/n. */
static int one_in(u32 n)
{
	return rnd_below(n) == 0;
}

/* ------------------------------------------------------------ state */

static u32 ram_size;
static u64 deadline;
static u32 max_iters;
static u32 verbose;

/*
 * FUZZ_VM86 (x=1): let `iret` at ring 1 pop EFLAGS with VM (bit 17) set.
 * Hardware ignores VM there (no virtual-8086 mode in IA-32e mode), but
 * QEMU's TCG enters virtual-8086 mode anyway, and the module's switcher
 * then takes the guest's next exception (CS with RPL 0 in the frame) for
 * a fault of its own: a WARNING in the host log.  Until the module copes
 * with that frame, the default keeps VM out of the frames we build and
 * `iret` out of the code we generate.
 */
static u32 fuzz_vm86;

static volatile u32 iterations, n_code, n_code3, n_hcall, n_pgtab, n_desc;
static volatile u32 n_exc, n_events, n_mmio, n_ring3_exc, n_in_code,
	n_gate_fault, n_hc_ok, n_hc_err, n_desc_ok, n_touch_ok;
static volatile u32 vec_count[BURN_UPCALL_EVENTS + 1];
static volatile u32 hc_count[22];	/* 0..20, 21: random numbers */
static volatile u32 timer_armed;

/* Selectors of descriptors (d) installed, for (a) to use. */
static u32 descs[MAX_DESCS];
static u32 n_descs_set;

static u32 rand_pd_addr(void)
{
	return FZ_PT_BASE;
}

static u32 rand_pt_addr(u32 k)
{
	return FZ_PT_BASE + PAGE * (1 + k);
}

static volatile u32 *phys(u32 addr)
{
	return (volatile u32 *)addr;
}

/* ------------------------------------------------------------ the upcall */

/*
 * Called from fuzz_upcall_entry on the upcall stack, sane directory
 * loaded: copy what we count out of the frame, free the frame, quiet
 * the watchdog.  The caller then goes back to the checkpoint.
 */
void fuzz_upcall(u32 vector)
{
	u32 eip = VP.frame.eip, flags = VP.frame.flags;
	u32 gate = (u32)fuzz_gate_start;

	/* Events off before the frame is free, or one could nest here. */
	VP.irq_enabled = 0;
	VP.frame_busy = 0;
	VP.pending = 0;
	if (timer_armed) {
		timer_armed = 0;
		hcall2(BURN_HC_SET_TIMER, 0, 0);
	}
	if (vector > BURN_UPCALL_EVENTS)
		vector = BURN_UPCALL_EVENTS;
	vec_count[vector]++;
	if (vector == BURN_UPCALL_EVENTS) {
		n_events++;
		return;
	}
	n_exc++;
	if (flags & BURN_FRAME_MMIO)
		n_mmio++;
	if (flags & BURN_FRAME_RING3)
		n_ring3_exc++;
	if (eip - (u32)fz_code < PAGE)
		n_in_code++;
	else if (eip - gate < PAGE)
		n_gate_fault++;
}

/*
 * The watchdog: a one-shot timer with irq_enabled set, so that whatever
 * runs away (fuzzed code, or our own code if a random mapping corrupted
 * it) comes back to the checkpoint through an event upcall.
 */
static void arm_watchdog(u32 ns)
{
	timer_armed = 1;
	hcall2(BURN_HC_SET_TIMER, ns, 0);
	VP.irq_enabled = 1;
}

/* Back to a known state: sane paging, flat data segments, no events. */
static void restore_sane(void)
{
	VP.irq_enabled = 0;
	if (timer_armed) {
		timer_armed = 0;
		hcall2(BURN_HC_SET_TIMER, 0, 0);
	}
	VP.pending = 0;
	hcall2(BURN_HC_SET_PGTABLE, (u32)sane_pd, SANE_PGFLAGS);
	/* CR4.TSD would make our own rdtsc fault; CR0.TS our nothing. */
	hcall2(BURN_HC_SET_CR, 0, 0);
	asm volatile("movl %0, %%ds\n\tmovl %0, %%es\n\t"
		     "movl %0, %%fs\n\tmovl %0, %%gs"
		     : : "r"((u32)BURN_SEL_RING1_DS));
}

static void register_upcall(void)
{
	hcall5(BURN_HC_SET_UPCALL, (u32)fuzz_upcall_entry,
	       (u32)upcall_stack + sizeof(upcall_stack), (u32)&VP, 0, 0);
}

/* ------------------------------------------------------------ values */

/* An address worth trying: ours, the fuzz pages, RAM, beyond, edges. */
static u32 rnd_addr(void)
{
	switch (rnd_below(10)) {
	case 0:
		return (u32)fz_scratch + rnd_below(2 * PAGE);
	case 1:
		return (u32)fz_stack1 + rnd_below(PAGE);
	case 2:
		return MIB4 + rnd_below(ram_size - MIB4);
	case 3:
		return ram_size + rnd_below(0x10000);
	case 4:
		return 0xfffff000u + rnd_below(PAGE);
	case 5:
		return rnd_below(0x2000);
	case 6:
		return FZ_PT_BASE + rnd_below((RAND_PTS + 1) * PAGE);
	case 7:
		return (u32)fz_code + rnd_below(PAGE);
	default:
		return rnd();
	}
}

static const u16 sel_table[] = {
	0x00, 0x03, 0x04, 0x08, 0x0b, 0x10, 0x13, 0x18, 0x1b, 0x20, 0x21,
	0x23, 0x28, 0x29, 0x2b, 0x30, 0x33, 0x38, 0x3b, 0x40, 0x43, 0x4b,
	0x50, 0x53, 0x58, 0x60, 0x7b, 0x73, 0xf8, 0xfb, 0xfff8, 0xffff,
};

static u32 rnd_sel(void)
{
	if (n_descs_set && one_in(3))
		return descs[rnd_below(n_descs_set)] | rnd_below(4);
	if (one_in(8))
		return rnd() & 0xffff;
	return sel_table[rnd_below(sizeof(sel_table) / sizeof(sel_table[0]))];
}

/* A register value: small numbers, selectors, addresses, anything. */
static u32 rnd_reg(void)
{
	switch (rnd_below(8)) {
	case 0:
		return rnd_below(32);
	case 1:
		return rnd_sel();
	case 2:
	case 3:
		return rnd_addr();
	case 4:
		return one_in(2) ? 0 : 0xffffffffu;
	default:
		return rnd();
	}
}

/* ------------------------------------------------------------ (a) code */

/*
 * Hostile instructions, as byte strings, first byte the length.  Memory
 * operands go through EAX or EBX, which hold interesting addresses.
 */
static const u8 insn_table[][17] = {
	{ 3, 0x0f, 0x01, 0x10 },	/* lgdt (%eax) */
	{ 3, 0x0f, 0x01, 0x18 },	/* lidt (%eax) */
	{ 3, 0x0f, 0x01, 0x00 },	/* sgdt (%eax) */
	{ 3, 0x0f, 0x01, 0x08 },	/* sidt (%eax) */
	{ 3, 0x0f, 0x00, 0xd8 },	/* ltr %ax */
	{ 3, 0x0f, 0x00, 0xd0 },	/* lldt %ax */
	{ 3, 0x0f, 0x00, 0x00 },	/* sldt (%eax) */
	{ 3, 0x0f, 0x00, 0x08 },	/* str (%eax) */
	{ 3, 0x0f, 0x22, 0xc0 },	/* mov %eax, %cr0 */
	{ 3, 0x0f, 0x20, 0xc0 },	/* mov %cr0, %eax */
	{ 3, 0x0f, 0x22, 0xd8 },	/* mov %eax, %cr3 */
	{ 3, 0x0f, 0x20, 0xd0 },	/* mov %cr2, %eax */
	{ 3, 0x0f, 0x22, 0xe0 },	/* mov %eax, %cr4 */
	{ 3, 0x0f, 0x23, 0xf8 },	/* mov %eax, %dr7 */
	{ 3, 0x0f, 0x21, 0xf0 },	/* mov %dr6, %eax */
	{ 3, 0x0f, 0x23, 0xc0 },	/* mov %eax, %dr0 */
	{ 2, 0xe4, 0x60 },		/* in $0x60, %al */
	{ 2, 0xe6, 0x80 },		/* out %al, $0x80 */
	{ 1, 0xec },			/* in (%dx), %al */
	{ 1, 0xef },			/* out %eax, (%dx) */
	{ 2, 0xf3, 0x6c },		/* rep insb */
	{ 2, 0xf3, 0x6f },		/* rep outsl */
	{ 1, 0xfa },			/* cli */
	{ 1, 0xfb },			/* sti */
	{ 1, 0xf4 },			/* hlt */
	{ 2, 0x0f, 0x06 },		/* clts */
	{ 2, 0x0f, 0x09 },		/* wbinvd */
	{ 2, 0x0f, 0x30 },		/* wrmsr */
	{ 2, 0x0f, 0x32 },		/* rdmsr */
	{ 2, 0x0f, 0x33 },		/* rdpmc */
	{ 2, 0x0f, 0x31 },		/* rdtsc */
	{ 3, 0x0f, 0x01, 0xf9 },	/* rdtscp */
	{ 2, 0x0f, 0xa2 },		/* cpuid */
	{ 3, 0x0f, 0x01, 0x38 },	/* invlpg (%eax) */
	{ 3, 0x0f, 0x01, 0xf8 },	/* swapgs */
	{ 2, 0x0f, 0x34 },		/* sysenter */
	{ 2, 0x0f, 0x35 },		/* sysexit */
	{ 2, 0x0f, 0x05 },		/* syscall */
	{ 2, 0x0f, 0x07 },		/* sysret */
	{ 1, 0xcc },			/* int3 */
	{ 1, 0xce },			/* into */
	{ 1, 0xf1 },			/* int1 */
	{ 2, 0xcd, 0x00 },		/* int $n */
	{ 2, 0xcd, 0x82 },		/* hypercall */
	{ 2, 0xcd, 0x80 },		/* int $0x80 */
	{ 2, 0xcd, 0x02 },		/* int $2 */
	{ 2, 0xcd, 0xef },		/* int $0xef */
	{ 1, 0xcf },			/* iret */
	{ 2, 0x66, 0xcf },		/* iretw */
	{ 1, 0xcb },			/* lret */
	{ 3, 0xca, 0x04, 0x00 },	/* lret $4 */
	{ 7, 0xea, 0, 0, 0, 0, 0x10, 0x00 },	/* ljmp $sel, $off */
	{ 7, 0x9a, 0, 0, 0, 0, 0x08, 0x00 },	/* lcall $sel, $off */
	{ 2, 0xff, 0x28 },		/* ljmp *(%eax) */
	{ 2, 0xff, 0x18 },		/* lcall *(%eax) */
	{ 2, 0x8e, 0xd8 },		/* mov %eax, %ds */
	{ 2, 0x8e, 0xc0 },		/* mov %eax, %es */
	{ 2, 0x8e, 0xe0 },		/* mov %eax, %fs */
	{ 2, 0x8e, 0xe8 },		/* mov %eax, %gs */
	{ 2, 0x8e, 0xd0 },		/* mov %eax, %ss */
	{ 1, 0x1f },			/* pop %ds */
	{ 1, 0x17 },			/* pop %ss */
	{ 2, 0x0f, 0xa9 },		/* pop %gs */
	{ 2, 0xc5, 0x18 },		/* lds (%eax), %ebx */
	{ 3, 0x0f, 0xb2, 0x20 },	/* lss (%eax), %esp */
	{ 3, 0x0f, 0xb4, 0x18 },	/* lfs (%eax), %ebx */
	{ 2, 0x89, 0xc4 },		/* mov %eax, %esp */
	{ 1, 0x94 },			/* xchg %eax, %esp */
	{ 1, 0x9c },			/* pushf */
	{ 1, 0x9d },			/* popf */
	{ 1, 0x60 },			/* pusha */
	{ 1, 0x61 },			/* popa */
	{ 4, 0xc8, 0xff, 0xff, 0x1f },	/* enter $0xffff, $31 */
	{ 2, 0xf3, 0xa5 },		/* rep movsl */
	{ 2, 0xf3, 0xab },		/* rep stosl */
	{ 2, 0xf3, 0xa4 },		/* rep movsb */
	{ 1, 0xfd },			/* std */
	{ 3, 0x0f, 0x01, 0xe0 },	/* smsw %eax */
	{ 3, 0x0f, 0x01, 0xf0 },	/* lmsw %ax */
	{ 3, 0x0f, 0x02, 0xc0 },	/* lar %eax, %eax */
	{ 3, 0x0f, 0x03, 0xc0 },	/* lsl %eax, %eax */
	{ 3, 0x0f, 0x00, 0xe0 },	/* verr %ax */
	{ 2, 0x63, 0xc0 },		/* arpl %ax, %ax */
	{ 3, 0x0f, 0xae, 0x00 },	/* fxsave (%eax) */
	{ 3, 0x0f, 0xae, 0x08 },	/* fxrstor (%eax) */
	{ 3, 0x0f, 0xae, 0x10 },	/* ldmxcsr (%eax) */
	{ 3, 0x0f, 0xae, 0x20 },	/* xsave (%eax) */
	{ 3, 0x0f, 0xae, 0x28 },	/* xrstor (%eax) */
	{ 3, 0x0f, 0x01, 0xd0 },	/* xgetbv */
	{ 3, 0x0f, 0x01, 0xd1 },	/* xsetbv */
	{ 3, 0x0f, 0x01, 0xef },	/* wrpkru */
	{ 2, 0xdb, 0xe3 },		/* fninit */
	{ 2, 0xd9, 0xee },		/* fldz */
	{ 2, 0xde, 0xf9 },		/* fdivrp */
	{ 3, 0x0f, 0x28, 0xc1 },	/* movaps %xmm1, %xmm0 */
	{ 3, 0x0f, 0x01, 0xc8 },	/* monitor */
	{ 3, 0x0f, 0x01, 0xc9 },	/* mwait */
	{ 3, 0x0f, 0x01, 0xc1 },	/* vmcall */
	{ 3, 0x0f, 0x01, 0xd9 },	/* vmmcall */
	{ 3, 0x0f, 0x01, 0xcb },	/* stac */
	{ 2, 0x0f, 0x0b },		/* ud2 */
	{ 2, 0x0f, 0xff },		/* ud0 */
	{ 2, 0x62, 0x00 },		/* bound %eax, (%eax) */
	{ 2, 0xf7, 0xf1 },		/* div %ecx */
	{ 2, 0xd4, 0x00 },		/* aam $0 */
	{ 2, 0xf0, 0x90 },		/* lock nop */
	{ 3, 0x0f, 0xc7, 0x08 },	/* cmpxchg8b (%eax) */
	{ 3, 0x0f, 0xae, 0x38 },	/* clflush (%eax) */
	{ 2, 0xeb, 0xfe },		/* jmp . (the watchdog's job) */
	{ 2, 0xe2, 0xfe },		/* loop . */
	{ 2, 0x8f, 0x00 },		/* pop (%eax) */
	{ 2, 0xff, 0x30 },		/* push (%eax) */
	{ 2, 0x89, 0x18 },		/* mov %ebx, (%eax) */
	{ 2, 0x8b, 0x18 },		/* mov (%eax), %ebx */
	{ 2, 0x87, 0x18 },		/* xchg %ebx, (%eax) */
	{ 3, 0x64, 0x8b, 0x00 },	/* mov %fs:(%eax), %eax */
	{ 3, 0x65, 0x89, 0x18 },	/* mov %ebx, %gs:(%eax) */
	{ 3, 0x36, 0x8b, 0x00 },	/* mov %ss:(%eax), %eax */
	{ 2, 0xff, 0xe0 },		/* jmp *%eax */
	{ 2, 0xff, 0xd0 },		/* call *%eax */
	{ 1, 0xc3 },			/* ret */
	{ 5, 0xe8, 0, 0, 0, 0 },	/* call rel32 */
	{ 16, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90 },	/* too long */
	{ 5, 0xb8, 0, 0, 0, 0 },	/* mov $imm, %eax */
	{ 5, 0xbb, 0, 0, 0, 0 },	/* mov $imm, %ebx */
	{ 5, 0xb9, 0, 0, 0, 0 },	/* mov $imm, %ecx */
	{ 5, 0xbc, 0, 0, 0, 0 },	/* mov $imm, %esp */
	{ 6, 0x68, 0, 0, 0, 0, 0x9d },	/* push $imm; popf */
	{ 1, 0x90 },			/* nop */
};

#define INSN_COUNT (sizeof(insn_table) / sizeof(insn_table[0]))

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

/* One instruction from the table, its immediates filled in, maybe mutated. */
static u32 gen_insn(u8 *p, u32 room)
{
	const u8 *t = insn_table[rnd_below(INSN_COUNT)];
	u32 n = t[0], i;

	if (n > room)
		return 0;
	memcpy(p, t + 1, n);
	switch (p[0]) {
	case 0xea:
	case 0x9a:
		put32(p + 1, one_in(2) ? (u32)fz_code + rnd_below(PAGE) :
					 rnd_reg());
		p[5] = (u8)rnd_sel();
		p[6] = one_in(8) ? (u8)rnd() : 0;
		break;
	case 0xb8:
	case 0xbb:
	case 0xb9:
	case 0xbc:
	case 0x68:
	case 0xe8:
		put32(p + 1, rnd_reg());
		break;
	case 0xcd:
		if (one_in(3))
			p[1] = (u8)rnd();
		break;
	}
	/* Mutation: flip a bit or replace a byte, now and then. */
	if (one_in(4)) {
		i = rnd_below(n);
		if (one_in(2))
			p[i] ^= (u8)(1u << rnd_below(8));
		else
			p[i] = (u8)rnd();
	}
	return n;
}

/* Fill fz_code: instructions and random bytes, then the ud2 sentinel. */
static void gen_code(void)
{
	u32 len = 0, n, target = 1 + rnd_below(CODE_MAX);

	while (len < target) {
		if (one_in(4)) {
			n = 1 + rnd_below(6);
			while (n-- && len < CODE_MAX)
				fz_code[len++] = (u8)rnd();
		} else {
			n = gen_insn(fz_code + len, CODE_MAX + 16 - len);
			if (!n)
				break;
			len += n;
		}
	}
	if (!fuzz_vm86)
		for (n = 0; n < len; n++)
			if (fz_code[n] == 0xcf)	/* iret: see fuzz_vm86 */
				fz_code[n] = 0x90;
	/* ud2 to the end of the page: running off the code traps. */
	for (; len < PAGE - 1; len += 2) {
		fz_code[len] = 0x0f;
		fz_code[len + 1] = 0x0b;
	}
	fz_code[PAGE - 1] = 0x0f;
}

/* ------------------------------------------------------------ tables */

/* A random PTE: RAM above 4 MiB, our tables, beyond RAM, anything. */
static u32 rnd_pte(void)
{
	u32 frame, r = rnd_below(100);

	if (r < 15)
		return rnd() & ~PG_P;
	if (r < 55)
		frame = MIB4 + rnd_below(ram_size - MIB4);
	else if (r < 70)
		frame = one_in(RAND_PTS + 1) ? rand_pd_addr() :
			rand_pt_addr(rnd_below(RAND_PTS));
	else if (r < 85)
		frame = ram_size + rnd_below(0x1000000);
	else
		frame = rnd();
	if (frame < MIB4)
		frame += MIB4;	/* never the guest's own first 4 MiB */
	return (frame & ~(PAGE - 1)) | PG_P | (rnd() & PG_RANDOM_FLAGS);
}

/*
 * A random PDE.  A page table beyond RAM ends the VM whenever the host
 * walks it, so that kind is rare (@lethal_odds: 1 in that many, 0:
 * never); a 4 MiB page beyond RAM is MMIO.
 */
static u32 rnd_pde(u32 lethal_odds)
{
	u32 frame, flags, r = rnd_below(100);

	if (lethal_odds && one_in(lethal_odds))
		return ((ram_size + rnd_below(0x1000000)) & ~(PAGE - 1)) |
		       PG_P | PG_RW;
	if (r < 30)
		return rnd() & ~PG_P;
	flags = PG_P | (rnd() & (PG_RANDOM_FLAGS & ~PG_PS));
	if (r < 50) {
		frame = MIB4 * (1 + rnd_below(ram_size / MIB4 - 1));
		if (one_in(16))
			flags |= rnd() & 0x3fe000;	/* reserved: RSVD #PF */
		return frame | flags | PG_PS;
	}
	if (r < 55) {
		frame = (ram_size + MIB4 * rnd_below(64)) & ~(MIB4 - 1);
		if (frame < ram_size)
			frame = 0xfc000000u;
		return frame | flags | PG_PS;
	}
	if (r < 95)
		return rand_pt_addr(rnd_below(RAND_PTS)) | flags;
	/* Whatever RAM above 4 MiB holds, as a page table. */
	return ((MIB4 + rnd_below(ram_size - MIB4)) & ~(PAGE - 1)) | flags;
}

static void fill_random_tables(void)
{
	u32 i, k;

	for (i = 0; i < 1024; i++)
		phys(rand_pd_addr())[i] = rnd_pde(0);
	for (k = 0; k < RAND_PTS; k++)
		for (i = 0; i < 1024; i++)
			phys(rand_pt_addr(k))[i] = rnd_pte();
}

/* Change a few entries: cheaper than refilling, and it keeps history. */
static void mutate_random_tables(u32 count)
{
	while (count--) {
		if (one_in(4))
			phys(rand_pd_addr())[2 + rnd_below(1022)] =
				rnd_pde(65536);
		else
			phys(rand_pt_addr(rnd_below(RAND_PTS)))
				[rnd_below(1024)] = rnd_pte();
	}
}

/*
 * The random directory, its low 4 MiB through @pt0.  The next 4 MiB,
 * where the random tables live, stay identity-mapped, so that our own
 * stores into the tables (to change them under the host's feet while
 * they are loaded) land in the tables; read-only in the cage (@cage),
 * so that the fuzzed code does not unmap the gate through PDE 0 too
 * easily (random PTEs that map the tables still let it, rarely).
 */
static u32 random_pd_with(u32 pt0, u32 cage)
{
	phys(rand_pd_addr())[0] = pt0 | PG_P | PG_RW | (cage ? PG_US : 0);
	phys(rand_pd_addr())[1] = MIB4 | PG_P | PG_PS | (cage ? 0 : PG_RW);
	return rand_pd_addr();
}

static u32 rnd_pgflags(void)
{
	return BURN_PG_ENABLE | BURN_PG_PSE | (one_in(3) ? BURN_PG_PGE : 0);
}

static void build_sane_tables(void)
{
	u32 i;

	for (i = 0; i < 1024; i++)
		sane_pt[i] = i * PAGE | PG_P | PG_RW;
	sane_pd[0] = (u32)sane_pt | PG_P | PG_RW;
	for (i = 1; i < ram_size / MIB4; i++)
		sane_pd[i] = i * MIB4 | PG_P | PG_RW | PG_PS;
}

/* The cage's low 4 MiB: the fuzz pages and the gate, nothing else. */
static void build_cage_pt(void)
{
	u32 i;

	for (i = 0; i < 1024; i++)
		cage_pt[i] = 0;
	cage_pt[(u32)fuzz_gate_start / PAGE] = (u32)fuzz_gate_start | PG_P;
	cage_pt[(u32)&gate_data / PAGE] = (u32)&gate_data | PG_P;
	cage_pt[(u32)fz_code / PAGE] = (u32)fz_code | PG_P | PG_RW | PG_US;
	cage_pt[(u32)fz_stack1 / PAGE] = (u32)fz_stack1 | PG_P | PG_RW | PG_US;
	cage_pt[(u32)fz_stack3 / PAGE] = (u32)fz_stack3 | PG_P | PG_RW | PG_US;
	for (i = 0; i < 2; i++)
		cage_pt[(u32)fz_scratch / PAGE + i] =
			((u32)fz_scratch + i * PAGE) | PG_P | PG_RW | PG_US;
}

/* ------------------------------------------------------------ (a) */

static u32 rnd_eflags(void)
{
	u32 fl = 0x202 | (rnd() & 0x8d5);	/* arithmetic flags, DF */

	if (one_in(16))
		fl |= 0x100;			/* TF */
	if (one_in(16))
		fl |= 0x4000;			/* NT */
	if (one_in(8))
		fl |= 0x40000;			/* AC */
	if (one_in(16))
		fl = (rnd() & 0x3f7fd7) | 2;	/* anything */
	if (!fuzz_vm86)
		fl &= ~0x20000u;		/* VM: see fuzz_vm86 */
	return fl;
}

/*
 * Tracing (v=1): one console line per iteration, written at once (a
 * console write per word would flood the netlink socket burnctl reads).
 */
static char trace_buf[768];
static u32 trace_len;

static void trace_hex(u32 v, u32 digits)
{
	static const char hex[] = "0123456789abcdef";

	while (digits-- && trace_len < sizeof(trace_buf) - 2)
		trace_buf[trace_len++] = hex[(v >> (4 * digits)) & 15];
}

static void trace_word(const char *s, u32 v)
{
	while (*s && trace_len < sizeof(trace_buf) - 2)
		trace_buf[trace_len++] = *s++;
	trace_hex(v, 8);
}

static void trace_flush(void)
{
	trace_buf[trace_len++] = '\n';
	hcall2(BURN_HC_CONSOLE_WRITE, (u32)trace_buf, trace_len);
	trace_len = 0;
}

static void trace_code(const struct fuzz_entry *e, const u32 *frame,
		       u32 ring3)
{
	const u32 *r = &e->gs;
	u32 i;

	trace_word(" cs ", frame[1]);
	trace_word(" fl ", frame[2]);
	if (ring3) {
		trace_word(" esp3 ", frame[3]);
		trace_word(" ss3 ", frame[4]);
	}
	trace_word(" cr3 ", e->cr3);
	trace_word(" pg ", e->pgflags);
	trace_word(" gs.fs.es.ds.a.b.c.d.di.bp.si", r[0]);
	for (i = 1; i < 11; i++)
		trace_word(" ", r[i]);
	trace_word(" code ", 0);
	for (i = 0; i < CODE_MAX + 16; i++) {
		if (fz_code[i] == 0x0f && fz_code[i + 1] == 0x0b &&
		    fz_code[i + 2] == 0x0f && fz_code[i + 3] == 0x0b)
			break;
		trace_hex(fz_code[i], 2);
	}
}

static void iter_code(void)
{
	struct fuzz_entry *e = fuzz_entry_ptr;
	u32 *frame, cs, eip = (u32)fz_code, ring3 = one_in(3);

	n_code++;
	gen_code();
	mutate_random_tables(8);
	e->cr3 = random_pd_with((u32)cage_pt, 1);
	e->pgflags = rnd_pgflags();
	e->eax = rnd_reg();
	e->ebx = rnd_reg();
	e->ecx = rnd_reg();
	e->edx = rnd_reg();
	e->esi = rnd_reg();
	e->edi = rnd_reg();
	e->ebp = rnd_reg();
	if (e->eax == BURN_HC_SHUTDOWN || e->eax == BURN_HC_END)
		e->eax = BURN_HC_NULL;
	cs = ring3 ? BURN_SEL_RING3_CS : BURN_SEL_RING1_CS;
	if (one_in(16))
		cs = rnd_sel();
	if (ring3) {
		n_code3++;
		frame = (u32 *)(fz_stack1 + PAGE - 20);
		frame[3] = one_in(8) ? rnd_reg() : (u32)fz_stack3 + PAGE;
		frame[4] = one_in(16) ? rnd_sel() : BURN_SEL_RING3_DS;
		e->ds = e->es = BURN_SEL_RING3_DS;
		e->fs = e->gs = one_in(2) ? BURN_SEL_RING3_DS : 0;
	} else {
		frame = (u32 *)(fz_stack1 + PAGE - 12);
		e->ds = e->es = e->fs = e->gs = BURN_SEL_RING1_DS;
	}
	if (one_in(8))
		e->ds = rnd_sel();
	if (one_in(8))
		e->fs = rnd_sel();
	frame[0] = eip;
	frame[1] = cs;
	frame[2] = rnd_eflags();
	e->frame_esp = (u32)frame;
	e->frame_ss = BURN_SEL_RING1_DS;

	if (verbose) {
		trace_code(e, frame, ring3);
		trace_flush();
	}
	/* A short watchdog: 0.5..4 ms, then an event upcall. */
	arm_watchdog(500000 + rnd_below(3500000));
	fuzz_enter(e);
}

/* ------------------------------------------------------------ (b) */

static u32 rnd_arg(void)
{
	switch (rnd_below(6)) {
	case 0:
		return rnd_below(64);
	case 1:
		return rnd_addr() & ~(PAGE - 1);
	case 2:
		return MIB4 * rnd_below(1024);
	default:
		return rnd_reg();
	}
}

static void iter_hcalls(void)
{
	static const char junk[] = "<fuzz console junk>";
	u32 calls = 1 + rnd_below(8), nr, a[5], i;
	int ret;

	n_hcall++;
	while (calls--) {
		nr = one_in(10) ? rnd() : rnd_below(21);
		for (i = 0; i < 5; i++)
			a[i] = rnd_arg();
		switch (nr) {
		case BURN_HC_SHUTDOWN:
			continue;
		case BURN_HC_END:
			/* Only kinds it refuses: the guest goes on. */
			a[0] = BURN_END_CRASH + 1 + rnd_below(0x10000);
			break;
		case BURN_HC_BLOCK_IO:
			/* The host writes a read's data there. */
			if (a[3] < MIB4)
				a[3] = (u32)fz_scratch;
			if (one_in(2))
				a[2] = rnd_below(BURN_BLOCK_MAX_SECTORS + 2);
			break;
		case BURN_HC_CONSOLE_WRITE:
			if (one_in(2)) {
				a[0] = (u32)junk;
				a[1] = rnd_below(sizeof(junk));
			} else if (a[1] < 0x10000) {
				a[1] &= 63;
			}
			break;
		case BURN_HC_CONSOLE_READ:
			if (a[0] < MIB4)
				a[0] = (u32)fz_scratch;
			break;
		case BURN_HC_SET_PGTABLE:
			/* A random valid directory would end us: rarely. */
			if (!one_in(64)) {
				if (one_in(2)) {
					a[0] = 0;
					a[1] = 0;
				} else if (one_in(2)) {
					mutate_random_tables(16);
					a[0] = random_pd_with((u32)sane_pt, 0);
					a[1] = rnd_pgflags();
				} else {
					a[0] |= 1 + rnd_below(PAGE - 1);
				}
			}
			break;
		case BURN_HC_SET_UPCALL:
			/* The host writes into the page: never our own. */
			if (a[2] < MIB4)
				a[2] = MIB4 + PAGE * rnd_below(16);
			break;
		case BURN_HC_SET_WINDOW:
			/* Never over our own 4 MiB, never from them. */
			if (a[0] < MIB4)
				a[0] = MIB4 * (1 + rnd_below(4));
			if (a[2] < MIB4)
				a[2] = MIB4;
			break;
		case BURN_HC_SET_TIMER:
			a[1] = one_in(4) ? a[1] : 0;
			break;
		case BURN_HC_IDLE:
			/* Something must wake us. */
			hcall2(BURN_HC_SET_TIMER, 1 + rnd_below(500000), 0);
			break;
		}
		hc_count[nr <= 20 ? nr : 21]++;
		/* No event may reach a random upcall entry. */
		if (nr == BURN_HC_SET_UPCALL)
			VP.irq_enabled = 0;
		ret = hcall5(nr, a[0], a[1], a[2], a[3], a[4]);
		if (ret < 0)
			n_hc_err++;
		else
			n_hc_ok++;
		/* Undo what would take our own core away. */
		switch (nr) {
		case BURN_HC_SET_UPCALL:
			register_upcall();
			arm_watchdog(WATCHDOG_NS);
			break;
		case BURN_HC_SET_TIMER:
		case BURN_HC_IDLE:
			arm_watchdog(WATCHDOG_NS);
			break;
		case BURN_HC_SET_PGTABLE:
			hcall2(BURN_HC_SET_PGTABLE, (u32)sane_pd, SANE_PGFLAGS);
			break;
		case BURN_HC_SET_WINDOW:
			if (one_in(2))
				hcall5(BURN_HC_SET_WINDOW, 0, 0, 0, 0, 0);
			break;
		}
	}
}

/* ------------------------------------------------------------ (c) */

static void touch(u32 addr, u32 kind)
{
	asm volatile("" : : : "memory");
	if (kind)
		*(volatile u32 *)addr = rnd();
	else
		(void)*(volatile u32 *)addr;
	n_touch_ok++;
}

static u32 rnd_high_addr(void)
{
	u32 a = rnd();

	if (a < MIB4)
		a += MIB4;
	if (one_in(2))	/* inside a 4 MiB page or table we put there */
		a = (a & ~(MIB4 - 1)) | (rnd() & (MIB4 - 1));
	/*
	 * Not through PDE 1, our own window on the tables: a random word
	 * there is a page table beyond RAM a quarter of the time, which
	 * ends the VM.  Random PTEs that map the tables still get written.
	 */
	if (a >> 22 == 1)
		a += MIB4;
	return a;
}

static void iter_pgtab(void)
{
	u32 touches = 1 + rnd_below(16), pgflags = rnd_pgflags();

	n_pgtab++;
	mutate_random_tables(32);
	hcall2(BURN_HC_SET_PGTABLE, random_pd_with((u32)sane_pt, 0), pgflags);
	while (touches--) {
		switch (rnd_below(8)) {
		case 0:
			mutate_random_tables(1 + rnd_below(8));
			break;
		case 1:
			hcall2(BURN_HC_FLUSH_TLB, rnd_below(4), rnd_high_addr());
			break;
		case 2:
			/* Reload the same directory: a CR3 write. */
			hcall2(BURN_HC_SET_PGTABLE, rand_pd_addr(), pgflags);
			break;
		default:
			touch(rnd_high_addr(), rnd_below(2));
		}
	}
	restore_sane();
}

/* ------------------------------------------------------------ (d) */

static const u8 guest_gdt_indices[] = {
	1, 6, 7, 8, 9, 12, 13, 14, 15, 16, 20, 24, 31, 32, 0, 2, 4, 11,
};

static void iter_desc(void)
{
	u32 idx, lo, hi, sel, v;
	int ret;

	n_desc++;
	idx = one_in(8) ? rnd() & 0xff :
	      guest_gdt_indices[rnd_below(sizeof(guest_gdt_indices))];
	if (one_in(4)) {
		lo = rnd();
		hi = rnd();
	} else {
		/* Mostly valid: present code/data, random base and limit. */
		u32 base = one_in(2) ? 0 : rnd_addr();
		u32 limit = one_in(2) ? 0xfffff : rnd() & 0xfffff;
		u32 type = 0x10 | rnd_below(16);	/* S=1 */

		lo = (base << 16) | (limit & 0xffff);
		hi = (base & 0xff000000u) | ((base >> 16) & 0xff) |
		     (limit & 0xf0000) | (type << 8) |
		     (rnd_below(4) << 13) | (one_in(16) ? 0 : 0x8000) |
		     (rnd() & 0x00700000u) | (one_in(2) ? 0x800000 : 0);
	}
	ret = hcall5(BURN_HC_SET_DESC, idx, lo, hi, 0, 0);
	if (ret)
		return;
	n_desc_ok++;
	sel = (idx << 3) | rnd_below(4);
	if (n_descs_set < MAX_DESCS)
		descs[n_descs_set++] = idx << 3;
	else
		descs[rnd_below(MAX_DESCS)] = idx << 3;
	/* Load it: each may fault, which ends the iteration. */
	v = rnd_below(0x10000);
	asm volatile("movl %1, %%fs\n\tmovl %%fs:(%2), %0"
		     : "=r"(lo) : "r"(sel), "r"(v) : "memory");
	asm volatile("movl %0, %%gs" : : "r"(sel));
	asm volatile("movl %%ss, %%edx\n\tmovl %0, %%ss\n\tmovl %%edx, %%ss"
		     : : "r"(sel) : "edx");
	asm volatile("movl %0, %%es\n\tmovl %%es:(%1), %%eax"
		     : : "r"(sel), "r"(v) : "eax", "memory");
	asm volatile("lar %1, %0" : "=r"(hi) : "r"(sel));
	/* Put the ring-3 defaults back now and then. */
	if (one_in(4)) {
		hcall5(BURN_HC_SET_DESC, 6, 0x0000ffff, 0x00cffa00, 0, 0);
		hcall5(BURN_HC_SET_DESC, 7, 0x0000ffff, 0x00cff200, 0, 0);
	}
	restore_sane();
}

/* ------------------------------------------------------------ main */

static void print_counts(void)
{
	u32 v, i;

	con_puts("\nfuzz: done iterations ");
	con_u32(iterations);
	con_puts(" code ");
	con_u32(n_code);
	con_puts(" (ring 3: ");
	con_u32(n_code3);
	con_puts(") hypercall-rounds ");
	con_u32(n_hcall);
	con_puts(" pgtab ");
	con_u32(n_pgtab);
	con_puts(" desc ");
	con_u32(n_desc);
	con_puts("\nfuzz: exceptions ");
	con_u32(n_exc);
	con_puts(" events ");
	con_u32(n_events);
	con_puts(" upcalls ");
	con_u32(VP.upcalls);
	con_puts(" in-code ");
	con_u32(n_in_code);
	con_puts(" ring3 ");
	con_u32(n_ring3_exc);
	con_puts(" mmio ");
	con_u32(n_mmio);
	con_puts(" gate ");
	con_u32(n_gate_fault);
	con_puts("\nfuzz: hypercalls ok ");
	con_u32(n_hc_ok);
	con_puts(" err ");
	con_u32(n_hc_err);
	con_puts(" by-nr");
	for (i = 0; i < 22; i++) {
		con_puts(" ");
		con_u32(hc_count[i]);
	}
	con_puts("\nfuzz: descriptors set ");
	con_u32(n_desc_ok);
	con_puts(" touches-ok ");
	con_u32(n_touch_ok);
	con_puts("\nfuzz: vectors");
	for (v = 0; v <= BURN_UPCALL_EVENTS; v++) {
		if (!vec_count[v])
			continue;
		con_puts(" ");
		con_u32(v);
		con_puts(":");
		con_u32(vec_count[v]);
	}
	con_puts("\n");
}

/*
 * The host's tsc_khz is 0 when its kernel does not know the TSC's rate
 * (the tiny test kernel): measure it against the host's timer instead,
 * sleeping 20 ms in BURN_HC_IDLE.
 */
static u32 calibrate_tsc(void)
{
	u32 t0, t1;

	t0 = (u32)rdtsc();
	hcall2(BURN_HC_SET_TIMER, 20000000, 0);
	while (!(hcall0(BURN_HC_IDLE) & (1u << BURN_EVENT_TIMER)))
		;
	t1 = (u32)rdtsc();
	VP.pending = 0;
	return (t1 - t0) / 20;
}

static int budget_left(void)
{
	if (max_iters && iterations >= max_iters)
		return 0;
	return rdtsc() < deadline;
}

int main(void)
{
	u64 seed = ((u64)k_parse_num(fuzz_conf + 14, 16, 8) << 32) |
		   k_parse_num(fuzz_conf + 22, 16, 8);
	u32 ms = k_parse_num(fuzz_conf + 34, 10, 8);
	u32 r, khz;

	max_iters = k_parse_num(fuzz_conf + 49, 10, 8);
	verbose = k_parse_num(fuzz_conf + 60, 10, 1);
	fuzz_vm86 = k_parse_num(fuzz_conf + 64, 10, 1);
	if (boot_eax != 0x2BADB002) {
		con_puts("fuzz: no Multiboot information\n");
		return 2;
	}
	ram_size = (((volatile u32 *)boot_ebx)[2] + 1024) * 1024;
	if (ram_size < 3 * MIB4) {
		con_puts("fuzz: needs at least 12 MiB of RAM\n");
		return 2;
	}
	ram_size &= ~(MIB4 - 1);
	if (!seed)
		seed = rdtsc() | 1;
	rng_state = seed;
	con_puts("fuzz: seed ");
	con_hex((u32)(seed >> 32));
	con_puts(" ");
	con_hex((u32)seed);
	con_puts(" ms ");
	con_u32(ms);
	con_puts(" iters ");
	con_u32(max_iters);
	con_puts(" vm86 ");
	con_u32(fuzz_vm86);
	con_puts(" ram ");
	con_u32(ram_size >> 20);
	con_puts(" MiB\n");

	register_upcall();
	if (VP.magic != BURN_VCPU_MAGIC) {
		con_puts("fuzz: no VCPU page\n");
		return 3;
	}
	khz = VP.tsc_khz ? VP.tsc_khz : calibrate_tsc();
	if (!khz) {
		con_puts("fuzz: cannot tell the TSC's rate\n");
		return 3;
	}
	deadline = rdtsc() + (u64)ms * khz;
	build_sane_tables();
	build_cage_pt();
	fill_random_tables();
	restore_sane();

	while (budget_left()) {
		iterations++;
		if (fuzz_setjmp()) {
			/* An upcall brought us back here. */
			restore_sane();
			continue;
		}
		arm_watchdog(WATCHDOG_NS);
		r = rnd_below(16);
		if (verbose) {
			trace_word("it ", iterations);
			trace_word(" mode ", r);
			if (r >= 8)
				trace_flush();
		}
		if (r < 8)
			iter_code();
		else if (r < 11)
			iter_hcalls();
		else if (r < 14)
			iter_pgtab();
		else
			iter_desc();
		restore_sane();
	}
	hcall2(BURN_HC_SET_PGTABLE, 0, 0);
	print_counts();
	return 0;
}
