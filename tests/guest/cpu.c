// SPDX-License-Identifier: GPL-2.0
/*
 * cpu.c - descriptor tables (GDT, IDT, TSS with I/O bitmap, one LDT) and
 * the privileged one-instruction helpers the rest of the guest uses.
 *
 * The helpers are out-of-line functions on purpose: each sensitive
 * instruction the guest uses for housekeeping then appears once, in one
 * place, and the tests that target an instruction class use their own
 * inline assembly where the exact operand form matters.
 */
#include "guest.h"

u64 gdt[GDT_ENTRIES] __aligned(8);
u64 ldt[1] __aligned(8);
u8 ldt_window[256];
u32 idt_words[256 * 2] __aligned(8);
struct tss_block tss __aligned(128);
struct desc_ptr gdt_ptr, idt_ptr;

static u64 make_desc(u32 base, u32 limit, u8 access, u8 flags)
{
	u64 d;

	d = limit & 0xffff;
	d |= (u64)(base & 0xffffff) << 16;
	d |= (u64)access << 40;
	d |= (u64)((limit >> 16) & 0xf) << 48;
	d |= (u64)(flags & 0xf) << 52;
	d |= (u64)(base >> 24) << 56;
	return d;
}

void gdt_set(unsigned int index, u32 base, u32 limit, u8 access, u8 flags)
{
	if (index >= GDT_ENTRIES)
		panic("gdt_set: index %u out of range", index);
	gdt[index] = make_desc(base, limit, access, flags);
}

/* type_attr: 0x8e interrupt gate, 0x8f trap gate, | 0x60 for DPL 3. */
void idt_set(unsigned int vector, u32 handler, u8 type_attr)
{
	idt_words[vector * 2] = (KERNEL_CS << 16) | (handler & 0xffff);
	idt_words[vector * 2 + 1] = (handler & 0xffff0000) |
		((u32)type_attr << 8);
}

static void idt_setup(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++)
		idt_set(v, isr_stub_table[v], 0x8e);
	/* int3 and into must work from ring 3: DPL 3 gates. */
	idt_set(VEC_BP, isr_stub_table[VEC_BP], 0xee);
	idt_set(VEC_OF, isr_stub_table[VEC_OF], 0xee);
	idt_set(VEC_SOFT_TGATE, isr_stub_table[VEC_SOFT_TGATE], 0x8f);
	idt_set(VEC_SYSCALL, isr_stub_table[VEC_SYSCALL], 0xee);
	idt_ptr.limit = sizeof(idt_words) - 1;
	idt_ptr.base = (u32)idt_words;
	asm volatile("lidt %0" : : "m"(idt_ptr));
}

/*
 * Flat 4 GiB segments for both rings, the TSS (ring-0 stack for traps
 * from ring 3, and an I/O bitmap that grants ring 3 only the UART
 * scratch register), an LDT with one small data segment, a byte-granular
 * data segment for lar/lsl, and a not-present one for #NP.
 */
static void gdt_setup(void)
{
	gdt[0] = 0;
	gdt_set(KERNEL_CS >> 3, 0, 0xfffff, 0x9a, 0xc);
	gdt_set(KERNEL_DS >> 3, 0, 0xfffff, 0x92, 0xc);
	gdt_set(USER_CS >> 3, 0, 0xfffff, 0xfa, 0xc);
	gdt_set(USER_DS >> 3, 0, 0xfffff, 0xf2, 0xc);
	gdt_set(TSS_SEL >> 3, (u32)&tss, sizeof(tss) - 1, 0x89, 0x0);
	gdt_set(LDT_SEL >> 3, (u32)ldt, sizeof(ldt) - 1, 0x82, 0x0);
	gdt_set(TEST_DS_SEL >> 3, 0x1000, 0xfff, 0x92, 0x4);
	gdt_set(NP_DS_SEL >> 3, 0, 0xfffff, 0x12, 0xc);
	gdt[9] = 0;
	ldt[0] = make_desc((u32)ldt_window, sizeof(ldt_window) - 1, 0x92,
			   0x4);

	memset(&tss, 0, sizeof(tss));
	tss.hw.ss0 = KERNEL_DS;
	tss.hw.iomap_base = offsetof(struct tss_block, iomap);
	memset(tss.iomap, 0xff, sizeof(tss.iomap));
	tss.iomap[0x3ff / 8] &= (u8)~(1u << (0x3ff % 8));

	gdt_ptr.limit = sizeof(gdt) - 1;
	gdt_ptr.base = (u32)gdt;
	asm volatile("lgdt %0\n\t"
		     "ljmp %1, $1f\n"
		     "1:\n\t"
		     "movw %w2, %%ds\n\t"
		     "movw %w2, %%es\n\t"
		     "movw %w2, %%ss\n\t"
		     "movw %w2, %%fs\n\t"
		     "movw %w2, %%gs"
		     : : "m"(gdt_ptr), "i"(KERNEL_CS), "r"(KERNEL_DS)
		     : "memory");
	asm volatile("ltr %w0" : : "r"(TSS_SEL));
	asm volatile("lldt %w0" : : "r"(LDT_SEL));
}

void cpu_setup(void)
{
	gdt_setup();
	idt_setup();
	fpu_init();
}

/* CR0: native FPU error reporting, WAIT honours TS, no emulation. */
void fpu_init(void)
{
	u32 cr0 = read_cr0();

	cr0 |= X86_CR0_NE | X86_CR0_MP;
	cr0 &= ~(X86_CR0_EM | X86_CR0_TS);
	write_cr0(cr0);
	asm volatile("fninit");
}

u32 read_cr0(void)
{
	u32 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

void write_cr0(u32 v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

u32 read_cr2(void)
{
	u32 v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

u32 read_cr3(void)
{
	u32 v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

void write_cr3(u32 v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

u32 read_cr4(void)
{
	u32 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

void write_cr4(u32 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(0));
}

u32 read_eflags(void)
{
	u32 v;

	asm volatile("pushfl\n\tpopl %0" : "=r"(v));
	return v;
}

void write_eflags(u32 v)
{
	asm volatile("pushl %0\n\tpopfl" : : "r"(v) : "memory", "cc");
}

void irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

void irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

void halt(void)
{
	asm volatile("hlt" : : : "memory");
}

void invlpg(u32 va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr"
		     : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %w1, %w0" : "=a"(v) : "Nd"(port));
	return v;
}

u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void outb(u16 port, u8 v)
{
	asm volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}
