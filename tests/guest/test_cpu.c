// SPDX-License-Identifier: GPL-2.0
/*
 * test_cpu.c - one or more tests for each class of sensitive instruction
 * in ARCHITECTURE.md section 4 that has an observable result at ring 0:
 * the interrupt flag, EFLAGS, CPUID, descriptor-table registers, segment
 * registers and far transfers, descriptor queries, control, debug and
 * model-specific registers, the TSC and cache control.  (Exceptions,
 * I/O, hlt and invlpg are tested in their own files.)
 *
 * Each test states an architectural fact, never a property of one
 * emulator: under burnvmm the same binary runs at ring 1 and must not
 * be able to tell.
 */
#include "guest.h"
#include "probes.h"

#define CPUID_FPU	(1u << 0)
#define CPUID_PSE	(1u << 3)
#define CPUID_TSC	(1u << 4)
#define CPUID_MSR	(1u << 5)
#define CPUID_SEP	(1u << 11)
#define CPUID_RDTSCP	(1u << 27)	/* leaf 0x80000001 EDX */
#define MSR_SYSENTER_CS	0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

u32 cpu_features;

static void test_flags(void)
{
	u32 saved = read_eflags(), f1, f2, f3;

	asm volatile("cli\n\tpushfl\n\tpopl %0" : "=r"(f1) : : "memory");
	asm volatile("sti\n\tpushfl\n\tpopl %0\n\tcli" : "=r"(f2) : : "memory");
	tap_result(!(f1 & X86_EFLAGS_IF), "cli: pushf then shows IF=0");
	tap_result(f2 & X86_EFLAGS_IF, "sti: pushf then shows IF=1");

	/* popf loads IF and CF; pushf reads back exactly what was loaded. */
	write_eflags(X86_EFLAGS_FIXED | X86_EFLAGS_IF | X86_EFLAGS_CF);
	f1 = read_eflags();
	write_eflags(X86_EFLAGS_FIXED);
	f2 = read_eflags();
	tap_result((f1 & (X86_EFLAGS_IF | X86_EFLAGS_CF)) ==
		   (X86_EFLAGS_IF | X86_EFLAGS_CF) &&
		   !(f2 & (X86_EFLAGS_IF | X86_EFLAGS_CF)),
		   "popf: loads IF and CF, pushf reads them back");

	/* AC (486+) and ID (CPUID present) are writable through popf. */
	write_eflags(f2 | X86_EFLAGS_AC | X86_EFLAGS_ID);
	f1 = read_eflags();
	write_eflags(f2 & ~(X86_EFLAGS_AC | X86_EFLAGS_ID));
	f3 = read_eflags();
	tap_result((f1 & (X86_EFLAGS_AC | X86_EFLAGS_ID)) ==
		   (X86_EFLAGS_AC | X86_EFLAGS_ID) &&
		   !(f3 & (X86_EFLAGS_AC | X86_EFLAGS_ID)),
		   "pushf/popf: EFLAGS.AC and EFLAGS.ID toggle");
	write_eflags(saved);
}

static bool printable(const char *s, unsigned int n)
{
	for (; n; n--, s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static void test_cpuid(void)
{
	u32 a, b, c, d, a2, b2, c2, d2;
	char vendor[13];

	cpuid(0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	tap_result(a >= 1 && printable(vendor, 12),
		   "cpuid: leaf 0 gives a 12-character vendor and max leaf >= 1");

	cpuid(1, &a, &b, &c, &d);
	cpuid(1, &a2, &b2, &c2, &d2);
	cpu_features = d;
	/* EBX[31:24] is the running CPU's APIC ID: may differ per call. */
	tap_result(a == a2 && c == c2 && d == d2 &&
		   (b & 0xffffff) == (b2 & 0xffffff) &&
		   (d & (CPUID_FPU | CPUID_TSC | CPUID_MSR | CPUID_PSE)) ==
		   (CPUID_FPU | CPUID_TSC | CPUID_MSR | CPUID_PSE),
		   "cpuid: leaf 1 is stable and reports FPU, TSC, MSR, PSE");
}

static void test_descriptor_tables(void)
{
	static u64 gdt_copy[GDT_ENTRIES] __aligned(8);
	static u32 idt_copy[256 * 2] __aligned(8);
	struct desc_ptr want, got, orig;
	u16 sel;
	u32 v, flags = read_eflags();

	irq_disable();
	memcpy(gdt_copy, gdt, sizeof(gdt_copy));
	want.limit = sizeof(gdt_copy) - 1;
	want.base = (u32)gdt_copy;
	asm volatile("sgdt %0" : "=m"(orig));
	asm volatile("lgdt %1\n\tsgdt %0" : "=m"(got) : "m"(want) : "memory");
	asm volatile("lgdt %0" : : "m"(gdt_ptr) : "memory");
	tap_result(orig.base == gdt_ptr.base && orig.limit == gdt_ptr.limit &&
		   got.base == want.base && got.limit == want.limit,
		   "lgdt/sgdt: sgdt returns the base and limit lgdt loaded");

	memcpy(idt_copy, idt_words, sizeof(idt_copy));
	want.limit = 0x7ff;
	want.base = (u32)idt_copy;
	asm volatile("sidt %0" : "=m"(orig));
	asm volatile("lidt %1\n\tsidt %0" : "=m"(got) : "m"(want) : "memory");
	asm volatile("lidt %0" : : "m"(idt_ptr) : "memory");
	tap_result(orig.base == idt_ptr.base && orig.limit == idt_ptr.limit &&
		   got.base == want.base && got.limit == want.limit,
		   "lidt/sidt: sidt returns the base and limit lidt loaded");
	write_eflags(flags);

	/* The LDT's data segment starts at ldt_window: read via %fs. */
	ldt_window[0x10] = 0x5a;
	ldt_window[0x11] = 0xa5;
	asm volatile("sldt %0" : "=r"(sel));
	asm volatile("movw %w1, %%fs\n\t"
		     "movzwl %%fs:0x10, %0\n\t"
		     "movw %w2, %%fs"
		     : "=r"(v) : "r"(LDT_DS_SEL), "r"(0) : "memory");
	tap_result(sel == LDT_SEL && v == 0xa55a,
		   "lldt/sldt: sldt returns the LDT selector, an LDT segment works in %%fs");

	/* lldt of the null selector disables the LDT; reload the real one. */
	asm volatile("lldt %w1\n\tsldt %0\n\tlldt %w2"
		     : "=&r"(sel) : "r"(0), "r"(LDT_SEL) : "memory");
	asm volatile("sldt %0" : "=r"(v));
	tap_result(sel == 0 && (v & 0xffff) == LDT_SEL,
		   "lldt/sldt: a null LDT and the real one load and read back");

	/* ltr needs an available TSS: clear the busy bit, reload, recheck. */
	gdt[TSS_SEL >> 3] &= ~(2ull << 40);
	asm volatile("ltr %w0" : : "r"(TSS_SEL) : "memory");
	asm volatile("str %0" : "=r"(sel));
	tap_result(sel == TSS_SEL && ((gdt[TSS_SEL >> 3] >> 40) & 0xf) == 0xb,
		   "ltr/str: str returns the TSS selector, ltr marked it busy");
}

static void test_segments(void)
{
	u32 cs, ds, es, ss, fs, gs, fs2, v;

	asm volatile("movl %%cs, %0\n\tmovl %%ds, %1\n\tmovl %%es, %2\n\t"
		     "movl %%ss, %3"
		     : "=r"(cs), "=r"(ds), "=r"(es), "=r"(ss));
	tap_result((cs & 0xffff) == KERNEL_CS && (ds & 0xffff) == KERNEL_DS &&
		   (es & 0xffff) == KERNEL_DS && (ss & 0xffff) == KERNEL_DS,
		   "segment reads: %%cs %%ds %%es %%ss hold the kernel selectors");

	asm volatile("movw %w3, %%fs\n\t"
		     "movw %%fs, %w0\n\t"
		     "pushl %%ds\n\t"
		     "popl %%gs\n\t"
		     "movw %%gs, %w1\n\t"
		     "movw %w4, %%fs\n\t"
		     "movw %%fs, %w2\n\t"
		     "movw %w4, %%gs"
		     : "=&r"(fs), "=&r"(gs), "=&r"(fs2)
		     : "r"(TEST_DS_SEL), "r"(0) : "memory");
	tap_result((fs & 0xffff) == TEST_DS_SEL &&
		   (gs & 0xffff) == KERNEL_DS && (fs2 & 0xffff) == 0,
		   "segment loads: mov to %%fs, push %%ds/pop %%gs, null selector");

	/* lfs/lgs/les/lds/lss: offset into the register, selector into seg. */
	{
		struct { u32 off; u16 sel; } __packed fp;
		u32 r1, r2, r3, r4, r5, esp_before, esp_after;

		fp.sel = KERNEL_DS;
		fp.off = 0x12345678;
		/* Address fp by register: push %%ds moves %%esp. */
		asm volatile("lfs (%6), %0\n\t"
			     "lgs (%6), %1\n\t"
			     "les (%6), %2\n\t"
			     "pushl %%ds\n\t"
			     "lds (%6), %3\n\t"
			     "popl %%ds\n\t"
			     "movw %%fs, %w4\n\t"
			     "movw %%gs, %w5"
			     : "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(r4),
			       "=&r"(fs), "=&r"(gs)
			     : "r"(&fp) : "memory");
		asm volatile("movw %w0, %%fs\n\tmovw %w0, %%gs" : : "r"(0));
		asm volatile("movl %%esp, %0\n\t"
			     "movl %%esp, %2\n\t"
			     "lss %2, %%esp\n\t"
			     "movl %%esp, %1"
			     : "=&r"(esp_before), "=&r"(esp_after), "+m"(fp)
			     : : "memory");
		asm volatile("movl %%ss, %0" : "=r"(r5));
		tap_result(r1 == 0x12345678 && r2 == 0x12345678 &&
			   r3 == 0x12345678 && r4 == 0x12345678 &&
			   (fs & 0xffff) == KERNEL_DS &&
			   (gs & 0xffff) == KERNEL_DS &&
			   esp_before == esp_after &&
			   (r5 & 0xffff) == KERNEL_DS,
			   "lds/les/lfs/lgs/lss load offset and selector");
	}

	/* Far jump, far call, far return through the kernel code selector. */
	{
		struct { u32 off; u16 sel; } __packed target;

		target.off = (u32)far_proc;
		target.sel = KERNEL_CS;
		v = 0;
		asm volatile("ljmp %2, $1f\n"
			     "1:\n\t"
			     "lcall %2, $far_proc\n\t"
			     "movl %%eax, %0\n\t"
			     "xorl %%eax, %%eax\n\t"
			     "lcall *%3\n\t"
			     "addl %%eax, %0"
			     : "=&r"(v), "=&a"(cs)
			     : "i"(KERNEL_CS), "m"(target) : "memory");
		tap_result(v == 2 * 0x600d,
			   "ljmp/lcall/lret: far transfers through the kernel code selector");
	}

	/* iret at the same privilege: pops EIP, CS and EFLAGS only. */
	{
		u32 f, esp0, esp1;

		asm volatile("movl %%esp, %1\n\t"
			     "pushfl\n\t"
			     "orl $1, (%%esp)\n\t"
			     "pushl %%cs\n\t"
			     "pushl $1f\n\t"
			     "iret\n"
			     "1:\n\t"
			     "pushfl\n\t"
			     "popl %0\n\t"
			     "movl %%esp, %2"
			     : "=r"(f), "=&r"(esp0), "=&r"(esp1) : : "memory",
			       "cc");
		tap_result((f & X86_EFLAGS_CF) && esp0 == esp1,
			   "iret to ring 0: loads CS:EIP and EFLAGS, no stack switch");
	}
}

static void test_descriptor_queries(void)
{
	u32 lim_test, lim_kds, ar_kcs, ar_test, zf_null;
	u8 r_cs, w_cs, w_ds, r_np;

	asm volatile("lsl %1, %0" : "=r"(lim_test) : "r"(TEST_DS_SEL));
	asm volatile("lsl %1, %0" : "=r"(lim_kds) : "r"(KERNEL_DS));
	asm volatile("lar %1, %0" : "=r"(ar_kcs) : "r"(KERNEL_CS));
	asm volatile("lar %1, %0" : "=r"(ar_test) : "r"(TEST_DS_SEL));
	/* Mask the accessed bit (bit 8): loading a segment sets it. */
	ar_kcs &= 0x00f0fe00;
	ar_test &= 0x00f0fe00;
	/* lar on the null selector fails: ZF=0, destination unchanged. */
	zf_null = 0x77;
	asm volatile("lar %1, %0" : "+r"(zf_null) : "r"(0) : "cc");
	tap_result(lim_test == 0xfff && lim_kds == 0xffffffff &&
		   ar_kcs == 0x00c09a00 && ar_test == 0x00409200 && zf_null == 0x77,
		   "lar/lsl: access rights and limits of GDT descriptors");

	asm volatile("verr %w1\n\tsetz %0" : "=q"(r_cs) : "r"(KERNEL_CS));
	asm volatile("verw %w1\n\tsetz %0" : "=q"(w_cs) : "r"(KERNEL_CS));
	asm volatile("verw %w1\n\tsetz %0" : "=q"(w_ds) : "r"(KERNEL_DS));
	asm volatile("verr %w1\n\tsetz %0" : "=q"(r_np) : "r"(BAD_SEL));
	tap_result(r_cs && !w_cs && w_ds && !r_np,
		   "verr/verw: code readable not writable, data writable, bad selector neither");
}

static void test_arpl(void)
{
	u16 a = KERNEL_DS, b = KERNEL_DS | 3;
	u8 z1, z2;

	asm volatile("arpl %w2, %w0\n\tsetz %1" : "+r"(a), "=q"(z1) : "r"(b));
	asm volatile("arpl %w2, %w0\n\tsetz %1"
		     : "+r"(b), "=q"(z2) : "r"((u16)KERNEL_CS));
	tap_result(a == (KERNEL_DS | 3) && z1 && b == (KERNEL_DS | 3) && !z2,
		   "arpl: raises the RPL to the source's and sets ZF only then");
}

static void test_control_registers(void)
{
	u32 msw, msw_ts, cr0_ts, cr0_clear, cr3, cr4, cr4_tsd, w;
	volatile u32 *ro = (volatile u32 *)ro_page;

	asm volatile("smsw %0" : "=r"(msw));
	asm volatile("lmsw %w0" : : "r"(msw | X86_CR0_TS));
	asm volatile("smsw %0" : "=r"(msw_ts));
	cr0_ts = read_cr0();
	asm volatile("clts");
	cr0_clear = read_cr0();
	tap_result((msw & X86_CR0_PE) && !(msw & X86_CR0_TS) &&
		   (msw_ts & X86_CR0_TS) && (cr0_ts & X86_CR0_TS) &&
		   !(cr0_clear & X86_CR0_TS),
		   "smsw/lmsw/clts: lmsw sets CR0.TS, smsw and mov %%cr0 show it, clts clears it");

	tap_result((read_cr0() & (X86_CR0_PE | X86_CR0_PG | X86_CR0_WP)) ==
		   (X86_CR0_PE | X86_CR0_PG | X86_CR0_WP) &&
		   (read_cr4() & X86_CR4_PSE),
		   "mov from %%cr0/%%cr4: protected mode, paging, WP and PSE are on");

	/* With CR0.WP clear, ring 0 may write a read-only page. */
	write_cr0(read_cr0() & ~X86_CR0_WP);
	w = read_cr0();
	*ro = 0xfeedf00d;
	write_cr0(read_cr0() | X86_CR0_WP);
	tap_result(!(w & X86_CR0_WP) && *ro == 0xfeedf00d &&
		   (read_cr0() & X86_CR0_WP),
		   "mov to %%cr0: clearing WP lets ring 0 write a read-only page");

	cr3 = read_cr3();
	write_cr3(cr3);
	tap_result(cr3 == (u32)kernel_as.pd && read_cr3() == cr3,
		   "mov %%cr3: reads the page directory loaded, round-trips");

	cr4 = read_cr4();
	write_cr4(cr4 | X86_CR4_TSD);
	cr4_tsd = read_cr4();
	write_cr4(cr4);
	tap_result((cr4_tsd & X86_CR4_TSD) && read_cr4() == cr4,
		   "mov %%cr4: CR4.TSD sets and clears");
}

static void test_debug_registers(void)
{
	u32 d0, d1, d2, d3, d7;

	asm volatile("movl %0, %%dr0" : : "r"(0x11111000));
	asm volatile("movl %0, %%dr1" : : "r"(0x22222000));
	asm volatile("movl %0, %%dr2" : : "r"(0x33333000));
	asm volatile("movl %0, %%dr3" : : "r"(0x44444000));
	asm volatile("movl %0, %%dr7" : : "r"(0x400));
	asm volatile("movl %%dr0, %0" : "=r"(d0));
	asm volatile("movl %%dr1, %0" : "=r"(d1));
	asm volatile("movl %%dr2, %0" : "=r"(d2));
	asm volatile("movl %%dr3, %0" : "=r"(d3));
	asm volatile("movl %%dr7, %0" : "=r"(d7));
	tap_result(d0 == 0x11111000 && d1 == 0x22222000 && d2 == 0x33333000 &&
		   d3 == 0x44444000 && (d7 & 0xff) == 0,
		   "mov %%dr0-%%dr3/%%dr7: debug registers round-trip");
}

static void test_msr_tsc(void)
{
	u64 t0, t1, a;
	u32 ea, eb, ec, ed, aux = 0;
	bool ok;

	if (cpu_features & CPUID_SEP) {
		u64 cs = rdmsr(MSR_SYSENTER_CS), esp = rdmsr(MSR_SYSENTER_ESP);
		u64 eip = rdmsr(MSR_SYSENTER_EIP);

		wrmsr(MSR_SYSENTER_CS, KERNEL_CS);
		wrmsr(MSR_SYSENTER_ESP, 0x12345670);
		wrmsr(MSR_SYSENTER_EIP, (u32)sysenter_entry);
		ok = rdmsr(MSR_SYSENTER_CS) == KERNEL_CS &&
		     rdmsr(MSR_SYSENTER_ESP) == 0x12345670 &&
		     rdmsr(MSR_SYSENTER_EIP) == (u32)sysenter_entry;
		wrmsr(MSR_SYSENTER_CS, cs);
		wrmsr(MSR_SYSENTER_ESP, esp);
		wrmsr(MSR_SYSENTER_EIP, eip);
		tap_result(ok, "wrmsr/rdmsr: IA32_SYSENTER_CS/ESP/EIP round-trip");
	} else {
		tap_skip("CPUID reports no SEP",
			 "wrmsr/rdmsr: IA32_SYSENTER_CS/ESP/EIP round-trip");
	}

	t0 = rdtsc();
	delay_cycles(1000);
	t1 = rdtsc();
	tap_result(t1 > t0, "rdtsc: the time-stamp counter advances");

	/*
	 * rdtscp must match CPUID: when 0x80000001:EDX.RDTSCP is set it
	 * reads the TSC (and TSC_AUX into ECX), otherwise it is #UD.
	 */
	cpuid(0x80000000, &ea, &eb, &ec, &ed);
	ed = 0;
	if (ea >= 0x80000001 && ea < 0x8000ffff)
		cpuid(0x80000001, &ea, &eb, &ec, &ed);
	trap_expect(0);
	asm volatile("movl $1f, %3\n\t"
		     "rdtsc\n\t"
		     "movl %%eax, %0\n\t"
		     "movl %%edx, %1\n\t"
		     "rdtscp\n\t"
		     "movl $1, %2\n"
		     "1:"
		     : "=&r"(ea), "=&r"(eb), "+r"(aux), "=m"(trap_resume)
		     : : "eax", "ecx", "edx", "memory");
	trap_resume = 0;
	a = ((u64)eb << 32) | ea;
	if (ed & CPUID_RDTSCP)
		ok = aux == 1 && trap_got.count == 0;
	else
		ok = aux == 0 && trap_got.count == 1 &&
		     trap_got.vector == VEC_UD;
	tap_result(ok && a > 0, "rdtscp: works when CPUID says so, else #UD");
}

static void test_caches(void)
{
	static volatile u32 cell;

	cell = 0xc0ffee;
	asm volatile("wbinvd" : : : "memory");
	asm volatile("wbinvd\n\tinvd" : : : "memory");
	tap_result(cell == 0xc0ffee,
		   "wbinvd/invd: execute at ring 0, written-back data survives");
}

void test_cpu(void)
{
	test_flags();
	test_cpuid();
	test_descriptor_tables();
	test_segments();
	test_descriptor_queries();
	test_arpl();
	test_control_registers();
	test_debug_registers();
	test_msr_tsc();
	test_caches();
}
