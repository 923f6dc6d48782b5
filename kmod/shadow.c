// SPDX-License-Identifier: GPL-2.0
/*
 * shadow.c - the shadow page tables the guest really runs on.
 *
 * Contents:
 *  (i)   the shadow roots: the host kernel's upper half, our lower half
 *  (ii)  walking the guest's own page tables (2-level, 4 KiB and 4 MiB)
 *  (iii) filling shadow entries on demand, from guest page faults
 *  (iv)  loading a guest CR3: the cache of shadow roots
 *  (v)   flushing: a CR3 reload, everything, one address
 *  (vi)  tearing the tables down
 *
 * With paging off the lower half is an identity map of guest RAM:
 * guest-linear = guest-physical.  With paging on (BURN_HC_SET_PGTABLE)
 * every shadow entry is made from a fresh walk of the guest's tables.
 * Either way shadow entries are 4 KiB pages, filled lazily, and the
 * IPVMM's window (BURN_HC_SET_WINDOW) is mapped from its own RAM in
 * every root, whatever the guest's tables say (S:740).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <asm/trap_pf.h>
#include <asm/trapnr.h>
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
 * No shadow entry is global to the CPU, and the guest runs with PCID 0
 * (S:060): every entry into the guest reloads CR3, so a shadow entry we
 * changed while the guest was out can never be stale in the host's TLB.
 */
#define BURN_SPT_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define BURN_SPT_LEAF	(BURN_SPT_TABLE | _PAGE_DIRTY)
#define BURN_SPT_KERNEL_HALF	(PTRS_PER_PGD / 2)
#define BURN_SPT_GUEST_PUDS	4	/* 4 x 1 GiB = the guest's space */
/* A software bit of ours: the shadow entry maps a guest-global page. */
#define BURN_SPTE_GUEST_GLOBAL	_PAGE_SOFTW1

/*
 * Charged to the VM's creator (the VM thread runs in its memory cgroup).
 * At that cgroup's limit the allocation fails, and the VM ends with "host
 * out of memory for shadow page tables", rather than the cgroup's OOM
 * killer choosing a victim (__GFP_RETRY_MAYFAIL): the guest is the one
 * asking for too much.
 */
static u64 *burn_spt_alloc(void)
{
	return (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL |
				      __GFP_NOWARN);
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

static bool burn_spte_present(u64 spte)
{
	return spte & _PAGE_PRESENT;
}

/* (i) A root: allocate the chain and copy the host's kernel half. */
static int burn_root_build(struct burn_shadow_root *r)
{
	u64 *host_top = __va(read_cr3_pa());

	r->top = burn_should_fail(BURN_FAULT_SHADOW) ? NULL : burn_spt_alloc();
	r->pud = burn_spt_alloc();
	if (pgtable_l5_enabled())
		r->p4d = burn_spt_alloc();
	if (!r->top || !r->pud || (pgtable_l5_enabled() && !r->p4d))
		goto free_all;
	memcpy(r->top + BURN_SPT_KERNEL_HALF, host_top + BURN_SPT_KERNEL_HALF,
	       BURN_SPT_KERNEL_HALF * sizeof(u64));
	if (r->p4d) {
		r->top[0] = burn_spt_table_entry(r->p4d);
		r->p4d[0] = burn_spt_table_entry(r->pud);
	} else {
		r->top[0] = burn_spt_table_entry(r->pud);
	}
	return 0;

free_all:
	if (r->p4d)
		burn_spt_free(r->p4d);
	if (r->pud)
		burn_spt_free(r->pud);
	if (r->top)
		burn_spt_free(r->top);
	memset(r, 0, sizeof(*r));
	return -ENOMEM;
}

/* (i) The VCPU starts with one root: the identity map of paging off. */
int burn_shadow_init(struct burn_vcpu *vcpu)
{
	struct burn_shadow *s = &vcpu->shadow;

	memset(s, 0, sizeof(*s));
	return burn_root_build(&s->roots[0]);
}

/* CR3 for the guest: the active root's physical address, PCID 0. */
unsigned long burn_shadow_root_pa(struct burn_vcpu *vcpu)
{
	return __pa(vcpu->shadow.roots[vcpu->shadow.cur].top);
}

/*
 * The entry of @table at @index as a pointer to the next level, which is
 * allocated (empty) if missing.  NULL when the host is out of memory.
 */
static u64 *burn_spt_descend(u64 *table, unsigned int index)
{
	u64 *next;

	if (burn_spte_present(table[index]))
		return burn_spt_child(table[index]);
	next = burn_spt_alloc();
	if (next)
		table[index] = burn_spt_table_entry(next);
	return next;
}

/* The shadow PTE slot for guest-linear @gva, tables allocated on the way. */
static u64 *burn_spt_slot(struct burn_shadow_root *r, gva_t gva)
{
	u32 va = gva_val(gva);
	u64 *pmd, *pte;

	pmd = burn_spt_descend(r->pud, va >> PUD_SHIFT);
	if (!pmd)
		return NULL;
	pte = burn_spt_descend(pmd, (va >> PMD_SHIFT) & (PTRS_PER_PMD - 1));
	if (!pte)
		return NULL;
	return &pte[(va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)];
}

/*S:720
 * (ii) The guest's own page tables are the classic 32-bit two levels: a
 * page directory of 1024 PDEs at the guest's CR3, each either a 4 MiB
 * page (PS, when the guest turned CR4.PSE on) or the guest-physical
 * address of a page table of 1024 PTEs.  Every one of those words lives
 * in guest memory and is hostile: a table address is read only through
 * burn_gpa_read(), which refuses anything outside RAM, and the frame a
 * leaf names is checked later by burn_gpa_to_pfn().
 *
 * The permission rules are the hardware's with CR0.WP set: an access is
 * allowed if both levels allow it, a write needs R/W at both levels even
 * from the guest kernel, and a user access (from guest ring 3) needs U/S
 * at both; guest ring 1 is supervisor.  Like the CPU we set the accessed
 * bits on the way down and the leaf's dirty bit for a write.
 */
#define BURN_GPTE_P		0x001u	/* present */
#define BURN_GPTE_RW		0x002u	/* writable */
#define BURN_GPTE_US		0x004u	/* user-accessible */
#define BURN_GPTE_A		0x020u	/* accessed: set on the first use */
#define BURN_GPTE_D		0x040u	/* dirty: set on the first write (leaf) */
#define BURN_GPDE_PS		0x080u	/* with CR4.PSE: the PDE is a 4 MiB page */
#define BURN_GPTE_G		0x100u	/* global: survives CR3 loads (CR4.PGE) */
#define BURN_GPTE_FRAME		0xfffff000u
#define BURN_GPDE_4M_FRAME	0xffc00000u
/* PSE-36 address bits and reserved bit 21: we offer no PSE-36. */
#define BURN_GPDE_4M_RSVD	0x003fe000u
#define BURN_GPTE_SIZE		4u

static u32 burn_gpde_index(gva_t va)
{
	return gva_val(va) >> 22;
}

static u32 burn_gpte_index(gva_t va)
{
	return (gva_val(va) >> PAGE_SHIFT) & 1023;
}

static bool burn_gpte_read(struct burn_vm *vm, gpa_t where, u32 *gpte)
{
	return !burn_gpa_read(vm, where, gpte, BURN_GPTE_SIZE);
}

/* Write back a guest entry whose A/D bits we set, if they changed. */
static void burn_gpte_update(struct burn_vm *vm, gpa_t where, u32 old, u32 new)
{
	if (old != new)
		burn_gpa_write(vm, where, &new, BURN_GPTE_SIZE);
}

/* Do the guest's entries @gpte allow @access (X86_PF_WRITE, X86_PF_USER)? */
static bool burn_gpte_allows(u32 gpte, u32 access)
{
	if ((access & X86_PF_USER) && !(gpte & BURN_GPTE_US))
		return false;
	if ((access & X86_PF_WRITE) && !(gpte & BURN_GPTE_RW))
		return false;
	return true;
}

/* The A and D bits an @access sets in a leaf. */
static u32 burn_gpte_ad(u32 access)
{
	return BURN_GPTE_A | ((access & X86_PF_WRITE) ? BURN_GPTE_D : 0);
}

/* (ii) The rest of a walk that found a 4 MiB page at @pde_at. */
static enum burn_gwalk_result burn_gwalk_4m(struct burn_vm *vm, gpa_t pde_at,
					    u32 pde, gva_t va, u32 access,
					    bool set_ad, struct burn_gwalk *w)
{
	if (pde & BURN_GPDE_4M_RSVD) {
		w->error |= X86_PF_PROT | X86_PF_RSVD;
		return BURN_GWALK_FAULT;
	}
	if (!burn_gpte_allows(pde, access)) {
		w->error |= X86_PF_PROT;
		return BURN_GWALK_FAULT;
	}
	if (set_ad) {
		burn_gpte_update(vm, pde_at, pde, pde | burn_gpte_ad(access));
		pde |= burn_gpte_ad(access);
	}
	w->gpa = gpa((pde & BURN_GPDE_4M_FRAME) |
		     (gva_val(va) & ~BURN_GPDE_4M_FRAME));
	w->writable = pde & BURN_GPTE_RW;
	w->user = pde & BURN_GPTE_US;
	w->dirty = pde & BURN_GPTE_D;
	w->global = pde & BURN_GPTE_G;
	w->accessed = pde & BURN_GPTE_A;
	return BURN_GWALK_OK;
}

/*
 * (ii) burn_gwalk - walk the tables of guest CR3 @gcr3 for an @access
 * (X86_PF_WRITE/X86_PF_USER bits) to @va, setting A/D bits if @set_ad.
 * BURN_GWALK_OK fills @w's translation and permissions; BURN_GWALK_FAULT
 * leaves the guest's #PF error code in @w->error; BURN_GWALK_BAD_TABLE
 * names the table outside guest RAM in @w->table.
 */
enum burn_gwalk_result burn_gwalk(struct burn_vm *vm, u32 gcr3, bool pse,
				  gva_t va, u32 access, bool set_ad,
				  struct burn_gwalk *w)
{
	gpa_t pde_at = gpa((gcr3 & BURN_GPTE_FRAME) +
			   burn_gpde_index(va) * BURN_GPTE_SIZE);
	gpa_t pte_at;
	u32 pde, pte;

	memset(w, 0, sizeof(*w));
	access &= X86_PF_WRITE | X86_PF_USER;
	w->error = access;
	w->table = gpa(gcr3 & BURN_GPTE_FRAME);
	if (!burn_gpte_read(vm, pde_at, &pde))
		return BURN_GWALK_BAD_TABLE;
	if (!(pde & BURN_GPTE_P))
		return BURN_GWALK_FAULT;
	if (pse && (pde & BURN_GPDE_PS))
		return burn_gwalk_4m(vm, pde_at, pde, va, access, set_ad, w);
	w->table = gpa(pde & BURN_GPTE_FRAME);
	pte_at = gpa((pde & BURN_GPTE_FRAME) +
		     burn_gpte_index(va) * BURN_GPTE_SIZE);
	if (!burn_gpte_read(vm, pte_at, &pte))
		return BURN_GWALK_BAD_TABLE;
	if (!(pte & BURN_GPTE_P))
		return BURN_GWALK_FAULT;
	if (!burn_gpte_allows(pde & pte, access)) {
		w->error |= X86_PF_PROT;
		return BURN_GWALK_FAULT;
	}
	if (set_ad) {
		burn_gpte_update(vm, pde_at, pde, pde | BURN_GPTE_A);
		burn_gpte_update(vm, pte_at, pte, pte | burn_gpte_ad(access));
		pte |= burn_gpte_ad(access);
	}
	w->gpa = gpa((pte & BURN_GPTE_FRAME) | (gva_val(va) & ~PAGE_MASK));
	w->writable = pde & pte & BURN_GPTE_RW;
	w->user = pde & pte & BURN_GPTE_US;
	w->dirty = pte & BURN_GPTE_D;
	w->global = pte & BURN_GPTE_G;
	w->accessed = pde & pte & BURN_GPTE_A;
	return BURN_GWALK_OK;
}

/*S:740
 * The IPVMM's window.  The in-place VMM must be reachable at the same
 * linear addresses in every address space the guest builds, with paging
 * on or off, before and after the guest has page tables at all, and the
 * guest may keep whatever it likes in its own PDEs there (Linux's
 * `reservetop=` only promises not to use the range).  So the window is
 * ours: a shadow fault inside it maps the matching page of the RAM the
 * IPVMM registered, never consulting the guest's tables.  Its entries
 * are supervisor-only (ring 3 gets the #PF a real kernel mapping would
 * give it), and marked like global pages so CR3 loads keep them.
 */
static void burn_shadow_drop_all(struct burn_shadow *s);

static bool burn_in_window(const struct burn_shadow *s, gva_t va)
{
	return s->win_size && gva_val(va) - s->win_gva < s->win_size;
}

static void burn_window_walk(const struct burn_shadow *s, gva_t va,
			     struct burn_gwalk *w)
{
	memset(w, 0, sizeof(*w));
	w->gpa = gpa(gpa_val(s->win_gpa) + (gva_val(va) - s->win_gva));
	w->writable = true;
	w->dirty = true;
	w->global = true;
}

/*
 * burn_shadow_set_window - BURN_HC_SET_WINDOW.  Every existing
 * translation is dropped, since any of them may now lie in (or have
 * left) the window.  0 or -BURN_HC_E*.
 */
int burn_shadow_set_window(struct burn_vcpu *vcpu, u32 base, u32 size,
			   u32 ram)
{
	struct burn_shadow *s = &vcpu->shadow;

	if ((base | size | ram) & (BURN_WINDOW_ALIGN - 1))
		return -BURN_HC_EINVAL;
	if (size && (u64)base + size > BIT_ULL(32))
		return -BURN_HC_EINVAL;
	if (size && !burn_gpa_range_ok(vcpu->vm->mem_size, gpa(ram), size))
		return -BURN_HC_EFAULT;
	s->win_gva = size ? base : 0;
	s->win_size = size;
	s->win_gpa = gpa(size ? ram : 0);
	burn_shadow_drop_all(s);
	return 0;
}

/*
 * The guest's own #PF (its tables do not allow the access), or an access
 * that reached a page outside RAM, which is MMIO (@mmio, at @mmio_gpa):
 * both go to the guest's upcall entry, or end a guest that has none.
 * The error code is the one the guest's CPU would have pushed.
 */
static void burn_guest_page_fault(struct burn_vcpu *vcpu, gva_t va, u32 error,
				  u64 mmio_gpa, bool mmio)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	struct burn_upcall_frame trap = {
		.vector = X86_TRAP_PF,
		.error_code = error,
		.cr2 = gva_val(va),
		.flags = BURN_FRAME_ERROR_CODE,
	};

	if (mmio) {
		trap.flags |= BURN_FRAME_MMIO;
		trap.mmio_gpa = (u32)mmio_gpa;
	}
	if (burn_upcall_exception(vcpu, &trap))
		return;
	if (mmio)
		burn_kill_guest(vcpu, "guest MMIO at 0x%08x (gpa 0x%08llx, EIP 0x%08x), no upcall",
				gva_val(va), mmio_gpa, (u32)regs->eip);
	else
		burn_kill_guest(vcpu, "guest #PF at 0x%08x cr2 0x%08x error %#x",
				(u32)regs->eip, gva_val(va), error);
}

/*
 * (ii) burn_gva_to_gpa - guest-linear @gva as guest-physical, for a
 * hypercall argument: the identity with paging off, else a walk that
 * sets no A/D bits (the host, not the guest, is reading).  False if the
 * guest's tables do not map it.
 */
bool burn_gva_to_gpa(struct burn_vcpu *vcpu, gva_t gva, gpa_t *out)
{
	struct burn_shadow *s = &vcpu->shadow;
	struct burn_shadow_root *r = &s->roots[s->cur];
	struct burn_gwalk w;

	if (burn_in_window(s, gva)) {
		burn_window_walk(s, gva, &w);
		*out = w.gpa;
		return true;
	}
	if (!r->paging) {
		*out = gpa(gva_val(gva));
		return true;
	}
	if (burn_gwalk(vcpu->vm, r->gcr3, s->pse, gva, 0, false, &w) !=
	    BURN_GWALK_OK)
		return false;
	*out = w.gpa;
	return true;
}

/*S:710
 * (iii) A #PF from the guest lands here.  The shadow entry for the
 * faulting page is missing, or read-only where the guest may now write,
 * or it is a real fault in the guest's own tables: we cannot tell which
 * without looking, so we always re-walk the guest's tables (S:720).  A
 * guest PTE made more permissive without a flush, as Linux does, then
 * resolves silently.  A fault the guest's tables do not allow is the
 * guest's #PF: with no in-place VMM to deliver it to, the VM ends with
 * the faulting EIP, CR2 and the error code the guest would have seen.
 * With paging off the guest-physical address is the linear one.
 */
static bool burn_shadow_walk(struct burn_vcpu *vcpu, gva_t va,
			     struct burn_gwalk *w)
{
	struct burn_shadow *s = &vcpu->shadow;
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	struct burn_shadow_root *r = &s->roots[s->cur];

	switch (burn_gwalk(vcpu->vm, r->gcr3, s->pse, va, regs->error_code,
			   true, w)) {
	case BURN_GWALK_OK:
		return true;
	case BURN_GWALK_FAULT:
		burn_guest_page_fault(vcpu, va, w->error, 0, false);
		return false;
	case BURN_GWALK_BAD_TABLE:
		break;
	}
	burn_kill_guest(vcpu, "guest page table at 0x%08llx beyond RAM (cr2 0x%08x, EIP 0x%08x)",
			gpa_val(w->table), gva_val(va), (u32)regs->eip);
	return false;
}

/*
 * The shadow PTE for host frame @pfn as walk @w allows it.  It stays
 * read-only until the guest's entry is dirty, so the first write faults
 * and sets D (S:720); it is user-accessible only if the guest's is.
 */
static u64 burn_spte_make(unsigned long pfn, const struct burn_gwalk *w,
			  bool pge)
{
	u64 spte = ((u64)pfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED |
		   _PAGE_DIRTY;

	if (w->writable && w->dirty)
		spte |= _PAGE_RW;
	if (w->user)
		spte |= _PAGE_USER;
	if (w->global && pge)
		spte |= BURN_SPTE_GUEST_GLOBAL;
	return spte;
}

/*
 * (iii) The guest touched a frame outside RAM.  With paging on, its PTE
 * names a device's registers: MMIO, for the in-place VMM to emulate.
 * With paging off too, if an IPVMM is there to see it; a raw guest just
 * ran off the end of its RAM, and ends.
 */
static void burn_shadow_beyond_ram(struct burn_vcpu *vcpu, bool paging,
				   gva_t va, gpa_t where)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);

	if (!paging && !vcpu->upcall.page) {
		burn_kill_guest(vcpu, "guest access beyond RAM at 0x%08x (EIP 0x%08x)",
				gva_val(va), (u32)regs->eip);
		return;
	}
	burn_guest_page_fault(vcpu, va, regs->error_code &
			      (X86_PF_WRITE | X86_PF_USER | X86_PF_PROT),
			      gpa_val(where), true);
}

/*
 * (iii) Prefetch.  Faults come in runs: a loop touches its code, stack
 * and data pages again after every CR3 load, a fresh process touches
 * neighbouring pages one after another.  Each is a world switch, so
 * when we fill one entry we also fill the other pages of its aligned
 * BURN_SHADOW_PREFETCH-page group that the guest's tables map and that
 * have no shadow entry yet.  Only pages whose guest entries already have
 * the Accessed bit: a real TLB may hold exactly those, so the guest
 * cannot tell (it must invlpg them before changing them, and our flush
 * clears them like any other entry); we set no A or D bit here, and the
 * entries stay read-only until D is set, as burn_spte_make() does.  The
 * group lies inside one shadow PTE table, which the fill allocated.
 */
#define BURN_SHADOW_PREFETCH	16

static void burn_shadow_prefetch(struct burn_vcpu *vcpu,
				 struct burn_shadow_root *r, gva_t addr)
{
	struct burn_shadow *s = &vcpu->shadow;
	u32 base = gva_val(addr) & ~(BURN_SHADOW_PREFETCH * PAGE_SIZE - 1);
	u32 skip = gva_val(addr) & PAGE_MASK;
	struct burn_gwalk w;
	unsigned long pfn;
	unsigned int i;
	u64 *slot;

	BUILD_BUG_ON(BURN_SHADOW_PREFETCH * PAGE_SIZE > PMD_SIZE);
	for (i = 0; i < BURN_SHADOW_PREFETCH; i++) {
		gva_t va = gva(base + i * PAGE_SIZE);

		if (gva_val(va) == skip)
			continue;
		slot = burn_spt_slot(r, va);
		if (!slot || burn_spte_present(*slot))
			continue;
		if (burn_gwalk(vcpu->vm, r->gcr3, s->pse, va, 0, false, &w) !=
		    BURN_GWALK_OK || !w.accessed ||
		    !burn_gpa_to_pfn(vcpu->vm, w.gpa, &pfn))
			continue;
		*slot = burn_spte_make(pfn, &w, s->pge);
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_SHADOW_PREFETCHES);
	}
}

/*
 * (iii) The frame the walk found is the gate: burn_gpa_to_pfn() refuses
 * anything outside the VM's RAM, which becomes an MMIO upcall or ends
 * the guest, never a shadow entry.
 * Anything inside becomes the shadow PTE for that one page, and the
 * guest restarts the instruction.  Our own entries never carry reserved
 * bits, and a refill identical to the entry that faulted would fault
 * again forever: both mean our tables are wrong, so we warn and end.
 */
void burn_shadow_fault(struct burn_vcpu *vcpu)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	struct burn_shadow *s = &vcpu->shadow;
	struct burn_shadow_root *r = &s->roots[s->cur];
	gva_t addr = gva((u32)regs->cr2);
	struct burn_gwalk w = { .gpa = gpa(gva_val(addr)), .writable = true,
				.user = true, .dirty = true };
	unsigned long pfn;
	u64 spte, *slot;

	if (burn_in_window(s, addr)) {
		burn_window_walk(s, addr, &w);
		if (regs->error_code & X86_PF_USER) {
			burn_guest_page_fault(vcpu, addr, (regs->error_code &
					      (X86_PF_WRITE | X86_PF_USER)) |
					      X86_PF_PROT, 0, false);
			return;
		}
	} else if (r->paging && !burn_shadow_walk(vcpu, addr, &w)) {
		return;
	}
	if (!burn_gpa_to_pfn(vcpu->vm, w.gpa, &pfn)) {
		burn_shadow_beyond_ram(vcpu, r->paging, addr, w.gpa);
		return;
	}
	slot = burn_spt_slot(r, addr);
	if (!slot) {
		burn_shadow_out_of_memory(vcpu);
		return;
	}
	spte = burn_spte_make(pfn, &w, s->pge);
	if (burn_in_window(s, addr))
		spte |= BURN_SPTE_GUEST_GLOBAL;
	if (WARN_ON_ONCE(*slot == spte || (regs->error_code & X86_PF_RSVD))) {
		burn_bug_guest(vcpu, "internal error: fault on mapped page 0x%08x error %#llx",
			       gva_val(addr), regs->error_code);
		return;
	}
	*slot = spte;
	burn_stat_inc(&vcpu->stats, BURNVMM_STAT_SHADOW_FILLS);
	if (r->paging && !burn_in_window(s, addr))
		burn_shadow_prefetch(vcpu, r, addr);
}

/* (v), (vi) Walking what a root's lower half grew. */

/* Clear the PTEs of @pte_table; only the non-global ones if @keep_global. */
static void burn_spt_clear_ptes(u64 *pte_table, bool keep_global)
{
	unsigned int i;

	for (i = 0; i < PTRS_PER_PTE; i++)
		if (!keep_global || !(pte_table[i] & BURN_SPTE_GUEST_GLOBAL))
			pte_table[i] = 0;
}

/* The PMD table of @r for guest-linear @va, or NULL if none yet. */
static u64 *burn_root_pmd(struct burn_shadow_root *r, u32 va)
{
	u64 pude = r->pud[va >> PUD_SHIFT];

	return burn_spte_present(pude) ? burn_spt_child(pude) : NULL;
}

/* (v) Drop the non-global entries of @r, as a CR3 load does. */
static void burn_root_drop_local(struct burn_shadow_root *r)
{
	unsigned int i, j;
	u64 *pmd;

	for (i = 0; i < BURN_SPT_GUEST_PUDS; i++) {
		pmd = burn_root_pmd(r, i << PUD_SHIFT);
		if (!pmd)
			continue;
		for (j = 0; j < PTRS_PER_PMD; j++)
			if (burn_spte_present(pmd[j]))
				burn_spt_clear_ptes(burn_spt_child(pmd[j]),
						    true);
	}
}

/*
 * (v) Drop every entry of @r for the 4 MiB around @va.  A guest 4 MiB
 * page is shadowed by many 4 KiB entries, and `invlpg` of any address in
 * it must drop the whole translation; since we do not remember which
 * guest pages were large, we always drop the 4 MiB region (two of our
 * 2 MiB PTE tables).  Dropping more than asked is always allowed.
 */
static void burn_root_drop_4m(struct burn_shadow_root *r, u32 va)
{
	u64 *pmd = burn_root_pmd(r, va);
	unsigned int j = (va >> PMD_SHIFT) & (PTRS_PER_PMD - 1) & ~1u;

	if (!pmd)
		return;
	if (burn_spte_present(pmd[j]))
		burn_spt_clear_ptes(burn_spt_child(pmd[j]), false);
	if (burn_spte_present(pmd[j + 1]))
		burn_spt_clear_ptes(burn_spt_child(pmd[j + 1]), false);
}

static void burn_spt_free_pmd(u64 *pmd)
{
	unsigned int i;

	for (i = 0; i < PTRS_PER_PMD; i++)
		if (burn_spte_present(pmd[i]))
			burn_spt_free(burn_spt_child(pmd[i]));
	burn_spt_free(pmd);
}

/* (v) Drop everything below @r's kernel half, freeing the tables. */
static void burn_root_clear(struct burn_shadow_root *r)
{
	unsigned int i;

	if (!r->pud)
		return;
	for (i = 0; i < BURN_SPT_GUEST_PUDS; i++) {
		if (burn_spte_present(r->pud[i]))
			burn_spt_free_pmd(burn_spt_child(r->pud[i]));
		r->pud[i] = 0;
	}
}

/* (v) Forget every translation of every root, global ones too. */
static void burn_shadow_drop_all(struct burn_shadow *s)
{
	unsigned int i;

	for (i = 0; i < BURN_SHADOW_ROOTS; i++)
		burn_root_clear(&s->roots[i]);
}

/*
 * (v) burn_shadow_out_of_memory - no page for a shadow table: the host,
 * or the memory cgroup of the VM's creator (burn_spt_alloc()), is out of
 * memory.  End the VM, and first give back every table but the roots:
 * the ended guest will never use them, and at a cgroup's limit the owner
 * needs that memory to take the news (burnctl's next page fault would
 * otherwise meet the limit and wake the cgroup's OOM killer).
 */
void burn_shadow_out_of_memory(struct burn_vcpu *vcpu)
{
	burn_shadow_drop_all(&vcpu->shadow);
	burn_end_guest(vcpu, BURNVMM_END_INTERNAL, 0,
		       "host out of memory for shadow page tables");
}

/*
 * (v) burn_shadow_flush - BURN_HC_FLUSH_TLB: @kind is BURN_FLUSH_ALL (the
 * active root's non-global entries: other roots lose theirs when they
 * are loaded), BURN_FLUSH_GLOBAL (everything) or BURN_FLUSH_ONE (@va in
 * every root, since a global entry may live in any).  -BURN_HC_EINVAL
 * for another kind.
 */
int burn_shadow_flush(struct burn_vcpu *vcpu, u32 kind, gva_t va)
{
	struct burn_shadow *s = &vcpu->shadow;
	unsigned int i;

	switch (kind) {
	case BURN_FLUSH_ALL:
		burn_root_drop_local(&s->roots[s->cur]);
		return 0;
	case BURN_FLUSH_GLOBAL:
		burn_shadow_drop_all(s);
		return 0;
	case BURN_FLUSH_ONE:
		for (i = 0; i < BURN_SHADOW_ROOTS; i++)
			if (s->roots[i].pud)
				burn_root_drop_4m(&s->roots[i], gva_val(va));
		return 0;
	}
	return -BURN_HC_EINVAL;
}

/*S:730
 * (iv) A guest CR3 load selects a shadow root.  We keep a few, one per
 * page directory recently loaded, so that switching between address
 * spaces finds its tables already built (a hit) instead of refaulting
 * every page; a miss takes an unused slot or reuses the oldest one.
 * A CR3 load still drops the root's non-global entries, as the hardware
 * drops its TLB, since the guest may have changed its tables meanwhile;
 * the global ones (the guest kernel's, with CR4.PGE) survive, which is
 * what the cache buys.  A change of CR0.PG, CR4.PSE or CR4.PGE flushes
 * everything, also as on hardware.
 */
static int burn_root_find(struct burn_shadow *s, bool paging, u32 gcr3)
{
	unsigned int i;

	for (i = 0; i < BURN_SHADOW_ROOTS; i++) {
		struct burn_shadow_root *r = &s->roots[i];

		if (r->top && r->paging == paging && (!paging || r->gcr3 == gcr3))
			return i;
	}
	return -1;
}

/* (iv) A slot for a new root: an unused one, else the next victim. */
static int burn_root_take(struct burn_shadow *s)
{
	unsigned int i;
	int err;

	for (i = 0; i < BURN_SHADOW_ROOTS; i++)
		if (!s->roots[i].top)
			break;
	if (i == BURN_SHADOW_ROOTS) {
		i = s->victim;
		s->victim = (s->victim + 1) % BURN_SHADOW_ROOTS;
		burn_root_clear(&s->roots[i]);
		return i;
	}
	err = burn_root_build(&s->roots[i]);
	return err ? err : i;
}

/*
 * Is @gcr3 with @flags a CR3 the guest may load?  The threat: a page
 * directory outside RAM (the walk would refuse it on every fault), or
 * bits we do not implement.  0 or a -BURN_HC_E* code.
 */
static int burn_pgtable_check(u64 mem_size, u32 gcr3, u32 flags)
{
	if (flags & ~BURN_PG_ALL)
		return -BURN_HC_EINVAL;
	if (!(flags & BURN_PG_ENABLE))
		return gcr3 ? -BURN_HC_EINVAL : 0;
	if (gcr3 & ~BURN_GPTE_FRAME)
		return -BURN_HC_EINVAL;
	if (!burn_gpa_range_ok(mem_size, gpa(gcr3), PAGE_SIZE))
		return -BURN_HC_EFAULT;
	return 0;
}

/* The guest CR3 bits we ignore: page-level write-through, cache disable. */
#define BURN_GCR3_PWT_PCD	0x18u

/*
 * (iv) burn_shadow_set_pgtable - BURN_HC_SET_PGTABLE: load guest CR3
 * @gcr3 with BURN_PG_* @flags.  0, a -BURN_HC_E* code for bad arguments
 * (nothing changed), or -ENOMEM when the host is out of memory.
 */
int burn_shadow_set_pgtable(struct burn_vcpu *vcpu, u32 gcr3, u32 flags)
{
	struct burn_shadow *s = &vcpu->shadow;
	bool paging = flags & BURN_PG_ENABLE;
	int err, i;

	gcr3 &= ~BURN_GCR3_PWT_PCD;
	err = burn_pgtable_check(vcpu->vm->mem_size, gcr3, flags);
	if (err)
		return err;
	if (s->pse != !!(flags & BURN_PG_PSE) ||
	    s->pge != !!(flags & BURN_PG_PGE) ||
	    s->roots[s->cur].paging != paging)
		burn_shadow_drop_all(s);
	s->pse = flags & BURN_PG_PSE;
	s->pge = flags & BURN_PG_PGE;
	i = burn_root_find(s, paging, gcr3);
	if (i >= 0) {
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_SHADOW_ROOT_HITS);
		burn_root_drop_local(&s->roots[i]);
	} else {
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_SHADOW_ROOT_MISSES);
		i = burn_root_take(s);
		if (i < 0)
			return i;
	}
	s->roots[i].paging = paging;
	s->roots[i].gcr3 = gcr3;
	s->cur = i;
	return 0;
}

/* (vi) Tear-down: free what each root's lower half grew, then the chain. */
void burn_shadow_free(struct burn_vcpu *vcpu)
{
	struct burn_shadow *s = &vcpu->shadow;
	unsigned int i;

	for (i = 0; i < BURN_SHADOW_ROOTS; i++) {
		struct burn_shadow_root *r = &s->roots[i];

		burn_root_clear(r);
		if (r->pud)
			burn_spt_free(r->pud);
		if (r->p4d)
			burn_spt_free(r->p4d);
		if (r->top)
			burn_spt_free(r->top);
	}
	memset(s, 0, sizeof(*s));
}

#ifdef BURNVMM_WITH_KUNIT
#include "../tests/kunit/shadow_kunit.c"
#endif
