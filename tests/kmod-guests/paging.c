// SPDX-License-Identifier: GPL-2.0
/*
 * paging.c - guest paging through BURN_HC_SET_PGTABLE: identity 4 MiB
 * pages, remapped 4 KiB pages, A/D bits, invlpg after a remap, a 4 MiB
 * remap, switching between two page directories, a global page
 * surviving a CR3 reload, the hypercalls' argument checks, and paging
 * off again.  One line per check; the status is the number of failures.
 */
#include "pgtab.h"

static volatile u32 page_a[1024] __attribute__((aligned(4096)));
static volatile u32 page_b[1024] __attribute__((aligned(4096)));
static volatile u32 page_c[1024] __attribute__((aligned(4096)));
static volatile u32 pd2[1024] __attribute__((aligned(4096)));
static volatile u32 pt2[1024] __attribute__((aligned(4096)));
static int failed;

static void check(const char *what, u32 got, u32 want)
{
	con_puts(got == want ? "ok " : "FAIL ");
	con_puts(what);
	con_puts(": ");
	con_hex(got);
	con_puts("\n");
	if (got != want)
		failed++;
}

static int set_pgtable(u32 cr3, u32 flags)
{
	return hcall2(BURN_HC_SET_PGTABLE, cr3, flags);
}

static int flush(u32 kind, u32 va)
{
	return hcall2(BURN_HC_FLUSH_TLB, kind, va);
}

static void remap_checks(void)
{
	check("read a remapped page", pg_read(PG_HI), 0xaaaa0001);
	check("A set in the PTE, D not", pt_hi[0] & (PG_A | PG_D), PG_A);
	check("A set in the PDE", pd[PG_HI >> 22] & PG_A, PG_A);
	pg_write(PG_HI + 4, 0x12345678);
	check("D set after a write", pt_hi[0] & PG_D, PG_D);
	check("the write reached the frame", page_a[1], 0x12345678);
	pt_hi[0] = (u32)page_b | PG_P | PG_RW;
	check("invlpg", flush(BURN_FLUSH_ONE, PG_HI), 0);
	check("read after remap and invlpg", pg_read(PG_HI), 0xbbbb0002);
	check("read-only page reads", pg_read(PG_HI + PG_SIZE), 0xbbbb0002);
	check("no D on a page only read", pt_hi[1] & PG_D, 0);
	pg_write(PG_4M + 16, 0xcafe0004);
	pd[2] = PG_4M | PG_P | PG_PS;
	check("4 MiB remap", pg_read(2 * PG_4M + 16), 0xcafe0004);
	check("A set in the 4 MiB PDE", pd[2] & (PG_A | PG_D), PG_A);
}

static void cr3_checks(void)
{
	u32 i;

	for (i = 0; i < 1024; i++)
		pd2[i] = pd[i];
	pd2[PG_HI >> 22] = (u32)pt2 | PG_P | PG_RW;
	pt2[0] = (u32)page_c | PG_P;
	check("load a second directory", set_pgtable((u32)pd2,
		BURN_PG_ENABLE | BURN_PG_PSE), 0);
	check("its mapping", pg_read(PG_HI), 0xcccc0003);
	check("back to the first", set_pgtable((u32)pd,
		BURN_PG_ENABLE | BURN_PG_PSE), 0);
	check("its mapping again", pg_read(PG_HI), 0xbbbb0002);
	check("PGE on", set_pgtable((u32)pd,
		BURN_PG_ENABLE | BURN_PG_PSE | BURN_PG_PGE), 0);
	pt_hi[2] = (u32)page_a | PG_P | PG_G;
	check("a global page", pg_read(PG_HI + 2 * PG_SIZE), 0xaaaa0001);
	pt_hi[2] = (u32)page_c | PG_P | PG_G;
	check("CR3 reload", set_pgtable((u32)pd,
		BURN_PG_ENABLE | BURN_PG_PSE | BURN_PG_PGE), 0);
	check("the global page survives it", pg_read(PG_HI + 2 * PG_SIZE),
	      0xaaaa0001);
	check("invlpg of a global page", flush(BURN_FLUSH_ONE,
		PG_HI + 2 * PG_SIZE), 0);
	check("its new mapping", pg_read(PG_HI + 2 * PG_SIZE), 0xcccc0003);
	check("flush all", flush(BURN_FLUSH_ALL, 0), 0);
	check("flush global", flush(BURN_FLUSH_GLOBAL, 0), 0);
}

static void error_checks(void)
{
	u32 e = BURN_PG_ENABLE;

	check("unaligned CR3", set_pgtable((u32)pd + 4, e), -BURN_HC_EINVAL);
	check("CR3 beyond RAM", set_pgtable(boot_esp, e), -BURN_HC_EFAULT);
	check("CR3 wraps", set_pgtable(0xfffff000, e), -BURN_HC_EFAULT);
	check("unknown flag", set_pgtable((u32)pd, e | 8), -BURN_HC_EINVAL);
	check("CR3 with paging off", set_pgtable((u32)pd, 0), -BURN_HC_EINVAL);
	check("unknown flush", flush(7, 0), -BURN_HC_EINVAL);
	check("console from an unmapped page",
	      hcall2(BURN_HC_CONSOLE_WRITE, 0x50000000, 1), -BURN_HC_EFAULT);
}

int main(void)
{
	page_a[0] = 0xaaaa0001;
	page_b[0] = 0xbbbb0002;
	page_c[0] = 0xcccc0003;
	pt_hi[0] = (u32)page_a | PG_P | PG_RW;
	pt_hi[1] = (u32)page_b | PG_P;
	check("paging on", pg_enable(), 0);
	remap_checks();
	cr3_checks();
	error_checks();
	check("paging off again", set_pgtable(0, 0), 0);
	check("identity once more", page_b[0], 0xbbbb0002);
	return failed;
}
