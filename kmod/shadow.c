// SPDX-License-Identifier: GPL-2.0
/*
 * shadow.c - the shadow page tables the guest really runs on.
 *
 * Contents:
 *  (i)   the shadow root: the host kernel's upper half, our lower half
 *  (ii)  filling shadow entries on demand, from guest page faults
 *  (iii) tearing the tables down
 *
 * Guests run with paging off for now, so the lower half is an identity
 * map of guest RAM: guest-linear = guest-physical, in 4 KiB pages, filled
 * lazily.  Guest paging (2-level tables, 4 MiB pages, A/D bits, cached
 * roots) will slot in at burn_gva_to_gpa() and the fault path below.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <asm/trap_pf.h>
#include "burnvmm.h"

/*S:700
 * The guest's CR3 points at a shadow root that is a real x86-64 top-level
 * table (4- or 5-level, as the host runs).  Its upper half is a copy of
 * the host kernel's top-level entries: the switcher code, its data and
 * the host stack are then mapped at their host addresses (S:010), and so
 * is the rest of the kernel, which a compatibility-mode guest cannot name
 * (its linear addresses stop at 4 GiB).  The copy is shallow and safe to
 * take once: the kernel's upper-half top-level entries never change after
 * boot (x86-64 preallocates the vmalloc area's tables for that reason).
 *
 * The lower half is ours: entry 0 leads (through a private P4D with
 * 5-level paging) to one page directory pointer table, whose first four
 * entries cover the guest's 4 GiB.  Nothing else is ever mapped below
 * the kernel half, so the guest sees its RAM and nothing of the host's.
 * No shadow entry is global, and the guest runs with PCID 0 (S:060).
 */
#define BURN_SPT_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define BURN_SPT_LEAF	(BURN_SPT_TABLE | _PAGE_DIRTY)
#define BURN_SPT_KERNEL_HALF	(PTRS_PER_PGD / 2)
#define BURN_SPT_GUEST_PUDS	4	/* 4 x 1 GiB = the guest's space */

static u64 *burn_spt_alloc(void)
{
	return (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
}

static void burn_spt_free(u64 *table)
{
	free_page((unsigned long)table);
}

static u64 burn_spt_table_entry(u64 *table)
{
	return __pa(table) | BURN_SPT_TABLE;
}

/* The table an entry points to, in the direct map. */
static u64 *burn_spt_child(u64 entry)
{
	return __va(entry & PTE_PFN_MASK);
}

/* (i) The root. */
int burn_shadow_init(struct burn_vcpu *vcpu)
{
	struct burn_shadow *s = &vcpu->shadow;
	u64 *host_top = __va(read_cr3_pa());

	s->top = burn_should_fail(BURN_FAULT_SHADOW) ? NULL : burn_spt_alloc();
	s->pud = burn_spt_alloc();
	if (pgtable_l5_enabled())
		s->p4d = burn_spt_alloc();
	if (!s->top || !s->pud || (pgtable_l5_enabled() && !s->p4d)) {
		burn_shadow_free(vcpu);
		return -ENOMEM;
	}
	memcpy(s->top + BURN_SPT_KERNEL_HALF, host_top + BURN_SPT_KERNEL_HALF,
	       BURN_SPT_KERNEL_HALF * sizeof(u64));
	if (s->p4d) {
		s->top[0] = burn_spt_table_entry(s->p4d);
		s->p4d[0] = burn_spt_table_entry(s->pud);
	} else {
		s->top[0] = burn_spt_table_entry(s->pud);
	}
	return 0;
}

/* CR3 for the guest: the root's physical address, PCID 0. */
unsigned long burn_shadow_root_pa(struct burn_vcpu *vcpu)
{
	return __pa(vcpu->shadow.top);
}

/*
 * The entry of @table at @index as a pointer to the next level, which is
 * allocated (empty) if missing.  NULL when the host is out of memory.
 */
static u64 *burn_spt_descend(u64 *table, unsigned int index)
{
	u64 *next;

	if (table[index] & _PAGE_PRESENT)
		return burn_spt_child(table[index]);
	next = burn_spt_alloc();
	if (next)
		table[index] = burn_spt_table_entry(next);
	return next;
}

/* The shadow PTE slot for guest-linear @gva, tables allocated on the way. */
static u64 *burn_spt_slot(struct burn_shadow *s, gva_t gva)
{
	u32 va = gva_val(gva);
	u64 *pmd, *pte;

	pmd = burn_spt_descend(s->pud, va >> PUD_SHIFT);
	if (!pmd)
		return NULL;
	pte = burn_spt_descend(pmd, (va >> PMD_SHIFT) & (PTRS_PER_PMD - 1));
	if (!pte)
		return NULL;
	return &pte[(va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)];
}

/*S:710
 * (ii) A #PF from the guest lands here.  With paging off the faulting
 * linear address is the guest-physical one, and burn_gpa_to_pfn() is the
 * gate: an address outside the VM's RAM kills the guest (there is no MMIO
 * yet; later such accesses go to the in-place VMM), anything inside
 * becomes a present, writable shadow PTE for that one page.  The guest
 * then restarts the instruction, and the entry's CR3 write (S:060) makes
 * sure no stale "not present" translation is left.  A fault on a page we
 * already mapped cannot happen with paging off: it would mean our tables
 * are wrong, so we warn and end the VM.
 */
void burn_shadow_fault(struct burn_vcpu *vcpu)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	gva_t addr = gva((u32)regs->cr2);
	unsigned long pfn;
	u64 *slot;

	if (!burn_gpa_to_pfn(vcpu->vm, burn_gva_to_gpa(vcpu, addr), &pfn)) {
		burn_kill_guest(vcpu, "guest access beyond RAM at 0x%08x (EIP 0x%08x)",
				gva_val(addr), (u32)regs->eip);
		return;
	}
	slot = burn_spt_slot(&vcpu->shadow, addr);
	if (!slot) {
		burn_end_guest(vcpu, BURNVMM_END_INTERNAL, 0,
			       "host out of memory for shadow page tables");
		return;
	}
	if (WARN_ON_ONCE((*slot & _PAGE_PRESENT) ||
			 (regs->error_code & X86_PF_RSVD))) {
		burn_bug_guest(vcpu, "internal error: fault on mapped page 0x%08x error %#llx",
			       gva_val(addr), regs->error_code);
		return;
	}
	*slot = ((u64)pfn << PAGE_SHIFT) | BURN_SPT_LEAF;
}

/* (iii) Tear-down: free what the lower half grew, then the root chain. */
static void burn_spt_free_pmd(u64 *pmd)
{
	unsigned int i;

	for (i = 0; i < PTRS_PER_PMD; i++)
		if (pmd[i] & _PAGE_PRESENT)
			burn_spt_free(burn_spt_child(pmd[i]));
	burn_spt_free(pmd);
}

void burn_shadow_free(struct burn_vcpu *vcpu)
{
	struct burn_shadow *s = &vcpu->shadow;
	unsigned int i;

	if (s->pud) {
		for (i = 0; i < BURN_SPT_GUEST_PUDS; i++)
			if (s->pud[i] & _PAGE_PRESENT)
				burn_spt_free_pmd(burn_spt_child(s->pud[i]));
		burn_spt_free(s->pud);
	}
	if (s->p4d)
		burn_spt_free(s->p4d);
	if (s->top)
		burn_spt_free(s->top);
	memset(s, 0, sizeof(*s));
}
