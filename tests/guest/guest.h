/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h - the test guest's private header, and its index.
 *
 * The test guest is a small Multiboot kernel whose every behaviour is
 * known: it runs natively under qemu-system-i386 and, unchanged, under
 * burnvmm (kernel at ring 1, which it must never notice).  Prototypes are
 * grouped by the file that defines them, so this header doubles as a map
 * of the sources.  docs/testguest.md describes the whole guest.
 */
#ifndef TESTGUEST_GUEST_H
#define TESTGUEST_GUEST_H

#include <stdarg.h>
#include <burnvmm/types.h>
#include <burnvmm_config.h>
#include "abi.h"

/* The kernel's spellings of the GCC attributes used here. */
#define __aligned(x)	__attribute__((aligned(x)))
#define __packed	__attribute__((packed))
#define __noreturn	__attribute__((noreturn))
#define __section(s)	__attribute__((section(s)))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PAGE_SIZE	4096u
#define LARGE_PAGE_SIZE	0x400000u

/* EFLAGS bits the tests look at. */
#define X86_EFLAGS_CF	0x00000001u
#define X86_EFLAGS_FIXED 0x00000002u
#define X86_EFLAGS_ZF	0x00000040u
#define X86_EFLAGS_TF	0x00000100u
#define X86_EFLAGS_IF	0x00000200u
#define X86_EFLAGS_DF	0x00000400u
#define X86_EFLAGS_OF	0x00000800u
#define X86_EFLAGS_IOPL	0x00003000u
#define X86_EFLAGS_RF	0x00010000u
#define X86_EFLAGS_AC	0x00040000u
#define X86_EFLAGS_ID	0x00200000u

/* Control register bits. */
#define X86_CR0_PE	0x00000001u
#define X86_CR0_MP	0x00000002u
#define X86_CR0_EM	0x00000004u
#define X86_CR0_TS	0x00000008u
#define X86_CR0_ET	0x00000010u
#define X86_CR0_NE	0x00000020u
#define X86_CR0_WP	0x00010000u
#define X86_CR0_PG	0x80000000u
#define X86_CR4_TSD	0x00000004u
#define X86_CR4_PSE	0x00000010u
#define X86_CR4_PCE	0x00000100u

/* Page-table entry bits (2-level, non-PAE). */
#define PTE_P		0x001u
#define PTE_W		0x002u
#define PTE_U		0x004u
#define PTE_A		0x020u
#define PTE_D		0x040u
#define PDE_PS		0x080u
#define PTE_COW		0x200u	/* software bit: copy on write */
#define PTE_FRAME	0xfffff000u

/* Page-fault error code bits. */
#define PF_P		0x1u
#define PF_W		0x2u
#define PF_U		0x4u

/* Exception vectors. */
#define VEC_DE		0
#define VEC_DB		1
#define VEC_BP		3
#define VEC_OF		4
#define VEC_UD		6
#define VEC_NM		7
#define VEC_NP		11
#define VEC_GP		13
#define VEC_PF		14
#define VEC_IRQ0	0x20	/* the 8259 pair is remapped to 0x20-0x2f */
#define VEC_SOFT_IGATE	0x40	/* DPL 0 interrupt gate for `int` tests */
#define VEC_SOFT_TGATE	0x41	/* DPL 0 trap gate for `int` tests */
#define VEC_SYSCALL	0x80	/* DPL 3 interrupt gate: system calls */

/*
 * Virtual address layout.  Everything at or above the IPVMM window is
 * left alone: under burnvmm the in-place VMM lives there.
 */
#define USER_REGION	0x40000000u	/* per-address-space, demand paged */
#define USER_REGION_END	0x40400000u
#define ALIAS_4M_VA	0x80000000u	/* 4 MiB page test */
#define TEST_PT_VA	0x80400000u	/* kernel page table for remap tests */
#define UNMAPPED_VA	0x7ff00000u	/* never mapped: #PF probes */
#define WINDOW_BASE	CONFIG_BURNVMM_WINDOW_BASE

/*
 * The register frame every interrupt stub builds (boot.S isr_common),
 * lowest address first.  user_esp/user_ss exist only when the CPU came
 * from ring 3.
 */
struct trap_frame {
	u32 edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	u32 gs, fs, es, ds;
	u32 vector, error;
	u32 eip, cs, eflags;
	u32 user_esp, user_ss;
};

/* What the trap recorder saw when an expected exception arrived. */
struct trap_record {
	u32 vector, error, eip, cs, eflags, cr2;
	u32 esi, edi;		/* probes put their ESP and EFLAGS here */
	u32 user_esp, user_ss;
	u32 frame_end;		/* address just above the hardware frame */
	u32 depth;		/* nesting depth when it arrived */
	u32 count;		/* how many were recorded since arming */
};

/* Multiboot v1 boot information, the parts this guest reads. */
struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device, cmdline, mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
};

struct multiboot_mmap_entry {
	u32 size;		/* of the rest of the entry */
	u64 addr, len;
	u32 type;		/* 1 = usable RAM */
} __packed;

/* 32-bit TSS; only the ring-0 stack and the I/O map base matter here. */
struct tss32 {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap_base;
} __packed;

/* The TSS followed by its I/O permission bitmap and the closing byte. */
#define IOMAP_BYTES	(65536 / 8)
struct tss_block {
	struct tss32 hw;
	u8 iomap[IOMAP_BYTES + 1];
} __packed;

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

/* One address space: a page directory and the user region's table. */
struct aspace {
	u32 *pd;
	u32 *user_pt;
};

/* lib.c: output, memory helpers, arithmetic without libgcc */
void uart_init(void);
void uart_putc(char c);
int uart_getc_timeout(u64 cycles);
int kvprintf(const char *fmt, va_list ap);
int kprintf(const char *fmt, ...) __printf(1, 2);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
u64 udiv64(u64 n, u64 d);
void __noreturn guest_exit(u32 status);
void __noreturn panic(const char *fmt, ...)
	__printf(1, 2);

/* tap.c: TAP output */
void tap_result(bool ok, const char *fmt, ...)
	__printf(2, 3);
void tap_skip(const char *reason, const char *fmt, ...)
	__printf(2, 3);
void tap_diag(const char *fmt, ...) __printf(1, 2);
void tap_bench(const char *name, u64 value, const char *unit);
u32 tap_failed(void);
void tap_finish(void);

/* cpu.c: descriptor tables and privileged helpers */
extern u64 gdt[];
extern struct tss_block tss;
extern u64 ldt[];
extern u8 ldt_window[256];
extern u32 idt_words[];
extern struct desc_ptr gdt_ptr, idt_ptr;
void cpu_setup(void);
void gdt_set(unsigned int index, u32 base, u32 limit, u8 access, u8 flags);
void idt_set(unsigned int vector, u32 handler, u8 type_attr);
u32 read_cr0(void);
void write_cr0(u32 v);
u32 read_cr2(void);
u32 read_cr3(void);
void write_cr3(u32 v);
u32 read_cr4(void);
void write_cr4(u32 v);
u64 rdtsc(void);
void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d);
u32 read_eflags(void);
void write_eflags(u32 v);
void irq_disable(void);
void irq_enable(void);
void halt(void);
void invlpg(u32 va);
void wrmsr(u32 msr, u64 v);
u64 rdmsr(u32 msr);
void fpu_init(void);
u8 inb(u16 port);
u16 inw(u16 port);
u32 inl(u16 port);
void outb(u16 port, u8 v);
void outl(u16 port, u32 v);

/* trap.c: dispatch, expected-exception recorder */
extern struct trap_record trap_got;
extern volatile u32 trap_resume;
extern volatile u32 trap_depth;
void trap_expect(u32 resume);
void trap_dispatch(struct trap_frame *f);
void irq_set_handler(unsigned int irq, void (*fn)(struct trap_frame *f));
void soft_set_handler(unsigned int vec, void (*fn)(struct trap_frame *f));
u32 trap_outer_vector(void);

/* mem.c: Multiboot memory map, frames, paging, address spaces */
extern struct aspace kernel_as;
extern u32 mem_usable_kib;
extern bool mem_map_ok;
void mem_setup(const struct multiboot_info *mbi);
u32 frame_alloc(void);
u32 chunk_alloc(void);
u32 *pte_of(struct aspace *as, u32 va);
void aspace_create(struct aspace *as);
void aspace_clone_cow(struct aspace *dst, struct aspace *src);
void aspace_switch(struct aspace *as);
bool mem_handle_fault(struct trap_frame *f, u32 cr2);
extern u32 mem_demand_faults, mem_cow_faults;
extern u32 test_pt[];
extern u8 ro_page[];

/* user.c (ring 3, not afterburnt) and usermode.c: running user code */
u32 user_run(u32 (*fn)(u32), u32 arg);
u32 user_run_eflags(u32 (*fn)(u32), u32 arg, u32 eflags);
void syscall_handler(struct trap_frame *f);
extern u32 user_report[16];

/* boot.S */
extern u32 isr_stub_table[256];
u32 user_enter(u32 eip, u32 esp, u32 eflags);
void __noreturn user_leave(u32 code);
void sysenter_entry(void);
extern u32 sysenter_count;
extern u8 sysenter_stack_top[];
extern u8 _kernel_start[], _kernel_end[];
extern u8 _user_text_start[], _user_text_end[];
extern u8 _user_data_start[], _user_data_end[];
#define USER_STACK_WORDS 2048
extern u32 user_stack[USER_STACK_WORDS];

/* devices.c helpers shared with timer.c and bench.c */
void pic_setup(void);
void pic_set_mask(u16 mask);
u16 pic_get_mask(void);
void pic_eoi(unsigned int irq);
void pit_set_rate(u32 hz);
u32 pit_calibrate_tsc(void);
extern volatile u32 timer_ticks;
extern u32 tsc_khz;
void delay_cycles(u64 cycles);
u8 cmos_read(u8 index);
void cmos_write(u8 index, u8 v);

/* test_cpu.c: CPUID.1:EDX, read once */
extern u32 cpu_features;

/* test files: each prints its own TAP lines */
void test_boot(const struct multiboot_info *mbi, u32 magic);
void test_cpu(void);
void test_traps(void);
void test_paging(void);
void test_user(void);
void test_timer(void);
void test_devices(void);
void bench_all(void);
bool boot_option(const char *word);

#endif /* TESTGUEST_GUEST_H */
