// SPDX-License-Identifier: GPL-2.0
/*
 * upwindow.c - the IPVMM window (BURN_HC_SET_WINDOW).  The host maps
 * the window's RAM at its linear address in every shadow root, with
 * paging off or on and whatever the guest's page tables say there,
 * supervisor only: ring 1 reads and writes it, ring 3 takes a #PF.
 * Removing it gives the address back to the guest's tables.  Bad
 * addresses and sizes are -EINVAL, RAM outside the VM's -EFAULT.  The
 * status is the number of failed checks.
 */
#include "pgtab.h"
#include "ring3.h"

#define WIN 0xc0000000u
#define WIN_RAM 0x400000u	/* the upper 4 MiB of the 8 MiB VM */
#define PG_US 0x004u

static volatile u32 pd2[1024] __attribute__((aligned(4096)));

static int set_window(u32 gva, u32 size, u32 gpa)
{
	return hcall3(BURN_HC_SET_WINDOW, gva, size, gpa);
}

static void error_checks(void)
{
	u32 a = BURN_WINDOW_ALIGN, e = -BURN_HC_EINVAL, f = -BURN_HC_EFAULT;

	t_eq("BURN_WINDOW_ALIGN is 4 MiB", a, 0x400000);
	t_eq("unaligned address", set_window(WIN + 0x1000, a, WIN_RAM), e);
	t_eq("unaligned size", set_window(WIN, a + 0x1000, WIN_RAM), e);
	t_eq("unaligned RAM", set_window(WIN, a, WIN_RAM + 0x1000), e);
	t_eq("a window past 4 GiB", set_window(0u - a, 2 * a, 0), e);
	t_eq("RAM the VM does not have", set_window(WIN, a, 2 * a), f);
	t_eq("RAM running past the VM's", set_window(WIN, 2 * a, a), f);
	t_eq("RAM at 4 GiB - 4 MiB", set_window(WIN, a, 0u - a), f);
	t_eq("a huge window", set_window(a, 0u - a, 0), f);
	t_eq("a window ending at 4 GiB", set_window(0u - a, a, WIN_RAM), 0);
	t_eq("  removed", set_window(0u - a, 0, 0), 0);
}

static u32 rd(u32 va)
{
	return pg_read(va);
}

/* Ring 3 reads the window: a #PF upcall; back to ring 1 by int $0x80. */
static volatile u32 r3_read_at;

static void ring3_hook(struct burn_upcall_frame *f)
{
	ring3_back_to_ring1(f);
}

static void ring3_read(const char *what)
{
	u32 n = upcall_count;

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
		     "1:\tmovl %[ds3], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl $3f, fixup_eip\n\t"
		     "movl $2f, r3_read_at\n"
		     "2:\tmovl %[win], %%eax\n"
		     "3:\tmovl %[done], %%eax\n\t"
		     "int $0x80\n\t"
		     "ud2\n"
		     "9:\tpopl %%ebp"
		     : [r1esp] "=m"(ring1_esp), [r1eip] "=m"(ring1_eip)
		     : [ds3] "i"(BURN_SEL_RING3_DS), [cs3] "i"(BURN_SEL_RING3_CS),
		       [top] "m"(r3_top), [done] "i"(R3_DONE),
		       [win] "m"(*(u32 *)(WIN + 0x100))
		     : "eax", "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
	upcall_hook = 0;
	con_puts("# ");
	con_puts(what);
	con_puts("\n");
	t_eq("  two upcalls (#PF, then int $0x80)", upcall_count - n, 2);
	t_eq("  #PF", frame_log[0].vector, 14);
	t_eq("  flags", frame_log[0].flags,
	     BURN_FRAME_ERROR_CODE | BURN_FRAME_RING3);
	t_eq("  CR2", frame_log[0].cr2, WIN + 0x100);
	t_eq("  error code has U", frame_log[0].error_code & 4, 4);
	t_num("ring-3 window read error code", frame_log[0].error_code, "");
	t_eq("  EIP", frame_log[0].eip, r3_read_at);
}

static void paging_off_checks(void)
{
	volatile u32 *ram = (volatile u32 *)WIN_RAM;

	ram[0x40] = 0x11110100;
	t_eq("SET_WINDOW 0xc0000000, 4 MiB of RAM at 4 MiB",
	     set_window(WIN, BURN_WINDOW_ALIGN, WIN_RAM), 0);
	t_eq("  paging off: reads the RAM", rd(WIN + 0x100), 0x11110100);
	pg_write(WIN + 0x104, 0x22220104);
	t_eq("  a write reaches the RAM", ram[0x41], 0x22220104);
	t_eq("  the last word", rd(WIN + BURN_WINDOW_ALIGN - 4),
	     ram[(BURN_WINDOW_ALIGN - 4) / 4]);
	ring3_read("ring 3 reads the window, paging off");
}

static void paging_on_checks(void)
{
	u32 i, low = 0x100;

	/* What the guest's own PDE maps there (hidden from -Warray-bounds). */
	asm("" : "+r"(low));
	*(volatile u32 *)low = 0x33330100;
	pd[WIN >> 22] = 0 | PG_P | PG_RW | PG_PS | PG_US;
	pd[0] |= PG_US;
	pd[1] |= PG_US;
	t_eq("paging on, the guest maps RAM 0 at the window",
	     pg_enable(), 0);
	/* pg_enable() rewrote pd[0] and pd[1]: ring 3 needs them user. */
	pd[0] |= PG_US;
	pd[1] |= PG_US;
	hcall2(BURN_HC_FLUSH_TLB, BURN_FLUSH_ALL, 0);
	t_eq("  the window wins over the guest's PDE", rd(WIN + 0x100),
	     0x11110100);
	ring3_read("ring 3 reads the window, the guest's PDE says user");
	for (i = 0; i < 1024; i++)
		pd2[i] = pd[i];
	pd2[WIN >> 22] = 0;
	t_eq("a second directory without the window's PDE",
	     hcall2(BURN_HC_SET_PGTABLE, (u32)pd2, BURN_PG_ENABLE | BURN_PG_PSE),
	     0);
	t_eq("  the window is there too", rd(WIN + 0x104), 0x22220104);
	t_eq("  after a global flush", hcall2(BURN_HC_FLUSH_TLB,
					      BURN_FLUSH_GLOBAL, 0), 0);
	t_eq("  still there", rd(WIN + 0x100), 0x11110100);
	t_eq("remove the window", set_window(WIN, 0, 0), 0);
	asm volatile(PROBE_PRE "movl %c0, %%eax" PROBE_POST
		     : : "i"(WIN + 0x100) : "eax", "memory");
	t_eq("  in a root that does not map it: #PF upcall", last_frame.vector,
	     14);
	t_eq("  CR2", last_frame.cr2, WIN + 0x100);
	t_eq("  EIP", last_frame.eip, probe_at);
	t_eq("back to the first directory",
	     hcall2(BURN_HC_SET_PGTABLE, (u32)pd, BURN_PG_ENABLE | BURN_PG_PSE),
	     0);
	t_eq("  the guest's own mapping again", rd(WIN + 0x100), 0x33330100);
	t_eq("paging off", hcall2(BURN_HC_SET_PGTABLE, 0, 0), 0);
}

int main(void)
{
	t_eq("SET_UPCALL", upcall_init(), 0);
	error_checks();
	paging_off_checks();
	paging_on_checks();
	con_puts("upwindow: done\n");
	return t_failed();
}
