// SPDX-License-Identifier: GPL-2.0
/*
 * updesc.c - guest segment descriptors (BURN_HC_SET_DESC).  Every kind
 * the host must refuse is refused (system descriptors, gates, 64-bit and
 * conforming code, reserved and out-of-range indices); code and data
 * descriptors are installed, DPL 0 as DPL 1, and behave as the hardware
 * says: a data segment with a base moves accesses, a limit faults, a
 * not-present one is #NP, a guest code segment runs ring-1 code and
 * survives upcalls and hypercalls, and a ring-3 code/stack pair of the
 * guest's own takes a round trip through ring 3.  The status is the
 * number of failed checks.
 */
#include "ring3.h"

#define EC BURN_FRAME_ERROR_CODE

/* Descriptor types (S = 1): read/write data, execute/read code. */
#define T_DATA 0x3
#define T_CODE 0xb
#define T_CONFORMING 0xf
/* System types (S = 0). */
#define T_LDT 0x2
#define T_TASK_GATE 0x5
#define T_TSS 0x9
#define T_TSS_BUSY 0xb
#define T_CALL_GATE 0xc
#define T_INT_GATE 0xe
#define T_TRAP_GATE 0xf

#define D_S 0x1000u	/* code/data, not system */
#define D_P 0x8000u
#define D_L 0x200000u
#define D_DB 0x400000u
#define D_G 0x800000u
#define D_DPL(n) ((u32)(n) << 13)

struct desc {
	u32 lo, hi;
};

/* A descriptor of @base, @limit and the high-word bits @bits and @type. */
static struct desc mkdesc(u32 base, u32 limit, u32 type, u32 bits)
{
	struct desc d;

	d.lo = (base << 16) | (limit & 0xffff);
	d.hi = (base & 0xff000000) | (limit & 0xf0000) | ((base >> 16) & 0xff) |
	       (type << 8) | bits;
	return d;
}

static struct desc flat(u32 type, u32 dpl)
{
	return mkdesc(0, 0xfffff, type, D_S | D_P | D_DB | D_G | D_DPL(dpl));
}

static int set_desc(u32 index, struct desc d)
{
	return hcall3(BURN_HC_SET_DESC, index, d.lo, d.hi);
}

static void refused(const char *what, u32 index, struct desc d)
{
	t_eq(what, set_desc(index, d), -BURN_HC_EINVAL);
}

static void refusal_checks(void)
{
	struct desc data = flat(T_DATA, 1);
	static const u32 reserved[] = { 0, 2, 3, 4, 5, 10, 11, 32, 33, 8191,
					0x10000, 0xffffffff };
	u32 i, sys = D_P | D_DPL(1);

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		con_puts("# index ");
		con_u32(reserved[i]);
		con_puts("\n");
		refused("  a data descriptor at a reserved index", reserved[i],
			data);
	}
	t_eq("BURN_GDT_RESERVED_MASK", BURN_GDT_RESERVED_MASK, 0xc3d);
	refused("an LDT descriptor", 8, mkdesc(0x1000, 0xfff, T_LDT, sys));
	refused("a TSS", 8, mkdesc(0x1000, 0x67, T_TSS, sys));
	refused("a busy TSS", 8, mkdesc(0x1000, 0x67, T_TSS_BUSY, sys));
	refused("a call gate", 8, mkdesc(0x210000, 0x1000, T_CALL_GATE,
					 sys | D_DPL(3)));
	refused("an interrupt gate", 8, mkdesc(0x210000, 0x1000, T_INT_GATE,
					       sys));
	refused("a trap gate", 8, mkdesc(0x210000, 0x1000, T_TRAP_GATE, sys));
	refused("a task gate", 8, mkdesc(0x580000, 0, T_TASK_GATE, sys));
	refused("a system descriptor of type 0", 8, mkdesc(0, 0, 0, sys));
	refused("64-bit code (L=1)", 8,
		mkdesc(0, 0xfffff, T_CODE, D_S | D_P | D_G | D_L | D_DPL(1)));
	refused("64-bit code, DPL 0", 8,
		mkdesc(0, 0xfffff, T_CODE, D_S | D_P | D_G | D_L));
	refused("code with L=1 and D=1", 8,
		mkdesc(0, 0xfffff, T_CODE,
		       D_S | D_P | D_G | D_L | D_DB | D_DPL(1)));
	refused("conforming code", 8, flat(T_CONFORMING, 1));
	refused("conforming code, DPL 0", 8, flat(T_CONFORMING, 0));
	refused("conforming execute-only code", 8, flat(0xc, 3));
	/*
	 * Not present, any type, is accepted as is: the CPU cannot load or
	 * enter it, and making it present takes another checked SET_DESC.
	 */
	t_eq("a not-present TSS is accepted (unusable)",
	     set_desc(8, mkdesc(0x1000, 0x67, T_TSS, D_DPL(1))), 0);
	t_eq("not-present conforming code is accepted (unusable)",
	     set_desc(8, mkdesc(0, 0xfffff, T_CONFORMING, D_S | D_DB | D_G)),
	     0);
	asm volatile(PROBE_PRE "movl %0, %%fs" PROBE_POST
		     : : "r"(SEL(8, 1)) : "memory");
	t_eq("  loading it: #NP upcall", last_frame.vector, 11);
	t_eq("  EIP", last_frame.eip, probe_at);
	t_eq("  and presenting it again is refused",
	     set_desc(8, flat(T_CONFORMING, 1)), -BURN_HC_EINVAL);
}

static u32 lar(u32 sel)
{
	u32 ar = 0;

	asm volatile("lar %1, %0" : "+r"(ar) : "r"(sel) : "cc");
	return ar;
}

static u32 fs_read(u32 off)
{
	u32 v;

	asm volatile("movl %%fs:(%1), %0" : "=r"(v) : "r"(off) : "memory");
	return v;
}

static void load_fs(u32 sel)
{
	asm volatile("movl %0, %%fs" : : "r"(sel) : "memory");
}

/* Data segments: base, limit, DPL 0 -> 1, not present, never set. */
static void data_checks(void)
{
	volatile u32 *target = (volatile u32 *)0x200010;
	u32 v = 0;

	t_eq("a data segment at index 1", set_desc(1, flat(T_DATA, 1)), 0);
	t_eq("a data segment at index 31", set_desc(31, flat(T_DATA, 1)), 0);
	t_eq("a data segment based at 2 MiB, index 8",
	     set_desc(8, mkdesc(0x200000, 0xfffff, T_DATA,
				D_S | D_P | D_DB | D_G | D_DPL(1))), 0);
	load_fs(SEL(8, 1));
	asm volatile("movl %0, %%fs:0x10" : : "r"(0x5e65e600) : "memory");
	t_eq("  a write through it lands at base + offset", *target,
	     0x5e65e600);
	*target = 0x5e65e601;
	t_eq("  hypercall with FS loaded", hcall0(BURN_HC_NULL), 0);
	t_eq("  FS still reads base + offset", fs_read(0x10), 0x5e65e601);
	asm volatile(PROBE_PRE "int3" PROBE_POST ::: "memory");
	t_eq("  int3 with FS loaded: upcall", last_frame.vector, 3);
	t_eq("  frame FS", last_frame.fs, SEL(8, 1));
	t_eq("  FS after the upcall", fs_read(0x10), 0x5e65e601);

	t_eq("a data segment with DPL 0, index 9",
	     set_desc(9, flat(T_DATA, 0)), 0);
	load_fs(SEL(9, 1));
	t_eq("  loads at ring 1 and has DPL 1", (lar(SEL(9, 1)) >> 13) & 3, 1);
	t_eq("  lar: present 32-bit page-granular data, DPL 1",
	     lar(SEL(9, 1)) & 0x00c0ff00, D_G | D_DB | D_P | D_DPL(1) | D_S |
	     ((T_DATA) << 8));

	t_eq("a 4 KiB data segment at 3 MiB, index 15",
	     set_desc(15, mkdesc(0x300000, 0xfff, T_DATA,
				 D_S | D_P | D_DB | D_DPL(1))), 0);
	load_fs(SEL(15, 1));
	t_eq("  reads inside the limit", fs_read(0xffc), *(u32 *)0x300ffc);
	if (under_tcg()) {
		t_skip("  beyond the limit: #GP upcall",
		       "QEMU's TCG does not check segment limits");
	} else {
		asm volatile(PROBE_PRE "movl %%fs:0x1000, %0" PROBE_POST
			     : "+r"(v) : : "memory");
		t_eq("  beyond the limit: #GP upcall", last_frame.vector, 13);
		t_eq("  error code", last_frame.error_code, 0);
		t_eq("  EIP", last_frame.eip, probe_at);
	}

	t_eq("a not-present data segment, index 12",
	     set_desc(12, mkdesc(0, 0xfffff, T_DATA, D_S | D_DB | D_G |
				 D_DPL(1))), 0);
	asm volatile(PROBE_PRE "movl %0, %%fs" PROBE_POST
		     : : "r"(SEL(12, 1)) : "memory");
	t_eq("  loading it: #NP upcall", last_frame.vector, 11);
	t_eq("  error code: the selector", last_frame.error_code, SEL(12, 0));
	t_eq("  flags", last_frame.flags, EC);
	asm volatile(PROBE_PRE "movl %0, %%fs" PROBE_POST
		     : : "r"(SEL(16, 1)) : "memory");
	t_eq("a never-set index 16: #GP upcall", last_frame.vector, 13);
	t_eq("  error code: the selector", last_frame.error_code, SEL(16, 0));

	/* The CPU sets the accessed bit in the GDT when it loads these. */
	t_eq("data without the accessed bit, index 18",
	     set_desc(18, flat(T_DATA & ~1u, 1)), 0);
	load_fs(SEL(18, 1));
	t_eq("  loads, and lar shows it accessed now",
	     (lar(SEL(18, 1)) >> 8) & 0xf, T_DATA);
	load_fs(BURN_SEL_RING1_DS);
}

/* A ring-1 code segment of the guest's own: run on it, trap, call. */
static void code_checks(void)
{
	static u32 cs_seen, hc_ret;

	t_eq("a ring-1 code segment, DPL 0 given, not accessed, index 17",
	     set_desc(17, flat(T_CODE & ~1u, 0)), 0);
	t_eq("  lar: DPL 1", (lar(SEL(17, 1)) >> 13) & 3, 1);
	asm volatile("ljmp %[cs], $1f\n"
		     "1:\tmovw %%cs, %[seen]\n\t"
		     "movl $0, %%eax\n\t"
		     "int $0x82\n\t"
		     "movl %%eax, %[ret]\n\t"
		     PROBE_PRE "int3" PROBE_POST
		     "ljmp %[cs1], $3f\n"
		     "3:"
		     : [seen] "=m"(cs_seen), [ret] "=m"(hc_ret)
		     : [cs] "i"(SEL(17, 1)), [cs1] "i"(BURN_SEL_RING1_CS)
		     : "eax", "memory");
	t_eq("  runs there", cs_seen, SEL(17, 1));
	t_eq("  a hypercall from it", hc_ret, 0);
	t_eq("  int3 on it: frame CS", last_frame.cs, SEL(17, 1));
	t_eq("  frame EIP", last_frame.eip, probe_after);
	t_ok(1, "  the upcall returned to it and it jumped back");
}

/* The guest's own ring-3 code and stack segments; back by int $0x80. */

static void ring3_hook(struct burn_upcall_frame *f)
{
	ring3_back_to_ring1(f);
}

static void ring3_checks(void)
{
	t_eq("ring-3 code, index 13", set_desc(13, flat(T_CODE, 3)), 0);
	t_eq("ring-3 data, index 14", set_desc(14, flat(T_DATA, 3)), 0);
	r3_top = (u32)(r3_stack + 1024);
	upcall_hook = ring3_hook;
	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %[r1esp]\n\t"
		     "movl $9f, %[r1eip]\n\t"
		     "pushl %[ss3]\n\t"
		     "pushl %[top]\n\t"
		     "pushl %[cs3]\n\t"
		     "pushl $1f\n\t"
		     "lret\n"
		     "1:\tmovl %[ss3], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %[done], %%eax\n\t"
		     "int $0x80\n\t"
		     "ud2\n"
		     "9:\tpopl %%ebp"
		     : [r1esp] "=m"(ring1_esp), [r1eip] "=m"(ring1_eip)
		     : [ss3] "i"(SEL(14, 3)), [cs3] "i"(SEL(13, 3)),
		       [top] "m"(r3_top), [done] "i"(R3_DONE)
		     : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
	upcall_hook = 0;
	t_ok(1, "back at ring 1 from the guest's own ring-3 segments");
	t_eq("  vector", last_frame.vector, 0x80);
	t_eq("  flags", last_frame.flags,
	     BURN_FRAME_SOFTINT | BURN_FRAME_RING3);
	t_eq("  frame CS", last_frame.cs, SEL(13, 3));
	t_eq("  frame SS", last_frame.ss, SEL(14, 3));
	t_eq("  frame DS", last_frame.ds, SEL(14, 3));
	t_eq("  frame ESP", last_frame.esp, r3_top);
}

int main(void)
{
	t_eq("SET_UPCALL", upcall_init(), 0);
	refusal_checks();
	data_checks();
	code_checks();
	ring3_checks();
	con_puts("updesc: done\n");
	return t_failed();
}
