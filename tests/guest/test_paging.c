// SPDX-License-Identifier: GPL-2.0
/*
 * test_paging.c - 2-level paging as a guest kernel uses it: 4 KiB and
 * 4 MiB pages, TLB invalidation with invlpg and with a CR3 reload, the
 * Accessed and Dirty bits the hardware sets, and two address spaces
 * that map one virtual address to different frames.
 *
 * Only guaranteed behaviour is tested: that a change becomes visible
 * after the architectural flush, never that a stale translation stays
 * (a TLB may drop entries whenever it likes).
 */
#include "guest.h"

static u32 read_via(u32 va)
{
	return *(volatile u32 *)va;
}

static void test_window_untouched(void)
{
	u32 i, used = 0;

	for (i = WINDOW_BASE >> 22; i < 1024; i++)
		if (kernel_as.pd[i])
			used++;
	tap_result(used == 0,
		   "paging: nothing is mapped at or above the IPVMM window");
}

static void test_large_page(void)
{
	u32 chunk = chunk_alloc(), off = 0x123450;
	volatile u32 *phys = (volatile u32 *)(chunk + off);
	volatile u32 *alias = (volatile u32 *)(ALIAS_4M_VA + off);
	u32 *pde = &kernel_as.pd[ALIAS_4M_VA >> 22];
	u32 a, b;

	*phys = 0x4d1b0001;
	*pde = chunk | PDE_PS | PTE_P | PTE_W;
	invlpg(ALIAS_4M_VA + off);
	a = *alias;
	*alias = 0x4d1b0002;
	b = *phys;
	*pde = 0;
	invlpg(ALIAS_4M_VA + off);
	tap_result(a == 0x4d1b0001 && b == 0x4d1b0002,
		   "4 MiB page: an alias reads and writes the frames of its chunk");
}

static void test_tlb(void)
{
	u32 f1 = frame_alloc(), f2 = frame_alloc();
	u32 *pte = pte_of(&kernel_as, TEST_PT_VA);
	u32 v1, v2, v3;

	*(u32 *)f1 = 0x11111111;
	*(u32 *)f2 = 0x22222222;
	*pte = f1 | PTE_P | PTE_W;
	invlpg(TEST_PT_VA);
	v1 = read_via(TEST_PT_VA);
	*pte = f2 | PTE_P | PTE_W;
	invlpg(TEST_PT_VA);
	v2 = read_via(TEST_PT_VA);
	tap_result(v1 == 0x11111111 && v2 == 0x22222222,
		   "invlpg: a remapped 4 KiB page shows its new frame");

	*pte = f1 | PTE_P | PTE_W;
	write_cr3(read_cr3());
	v3 = read_via(TEST_PT_VA);
	tap_result(v3 == 0x11111111,
		   "mov %%cr3 reload: a remapped 4 KiB page shows its new frame");

	/* Hardware sets A on any access and D on a write, in the PTE. */
	pte = pte_of(&kernel_as, TEST_PT_VA + PAGE_SIZE);
	*pte = f2 | PTE_P | PTE_W;
	invlpg(TEST_PT_VA + PAGE_SIZE);
	v1 = read_via(TEST_PT_VA + PAGE_SIZE);
	v2 = *pte;
	*(volatile u32 *)(TEST_PT_VA + PAGE_SIZE) = 0x33333333;
	v3 = *pte;
	tap_result(v1 == 0x22222222 && (v2 & PTE_A) && !(v2 & PTE_D) &&
		   (v3 & PTE_D) && *(u32 *)f2 == 0x33333333,
		   "accessed/dirty: a read sets A, a write then sets D");
	*pte = 0;
	*pte_of(&kernel_as, TEST_PT_VA) = 0;
	invlpg(TEST_PT_VA);
	invlpg(TEST_PT_VA + PAGE_SIZE);
}

static void test_two_spaces(void)
{
	struct aspace x, y;
	u32 fx = frame_alloc(), fy = frame_alloc(), vx, vy, vk;

	aspace_create(&x);
	aspace_create(&y);
	*(u32 *)fx = 0xaaaa0001;
	*(u32 *)fy = 0xbbbb0002;
	x.user_pt[0] = fx | PTE_P | PTE_W | PTE_U;
	y.user_pt[0] = fy | PTE_P | PTE_W | PTE_U;
	kernel_as.user_pt[0] = 0;
	aspace_switch(&x);
	vx = read_via(USER_REGION);
	aspace_switch(&y);
	vy = read_via(USER_REGION);
	aspace_switch(&kernel_as);
	/* The kernel's own space has nothing there: a fault, resolved. */
	vk = read_via(USER_REGION);
	tap_result(vx == 0xaaaa0001 && vy == 0xbbbb0002 && vk == 0,
		   "mov %%cr3: one virtual address, a different frame in each address space");
	kernel_as.user_pt[0] = 0;
	write_cr3(read_cr3());
}

static void test_null_page(void)
{
	u32 v = 0;

	trap_expect(0);
	asm volatile("movl $1f, %1\n\t"
		     "movl 0x10, %0\n"
		     "1:"
		     : "+r"(v), "=m"(trap_resume) : : "memory");
	trap_resume = 0;
	tap_result(trap_got.count == 1 && trap_got.vector == VEC_PF &&
		   trap_got.cr2 == 0x10 && trap_got.error == 0,
		   "page 0 is not present: a null-pointer read faults with CR2 0x10");
}

void test_paging(void)
{
	test_window_untouched();
	test_large_page();
	test_tlb();
	test_two_spaces();
	test_null_page();
}
