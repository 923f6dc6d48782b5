// SPDX-License-Identifier: GPL-2.0
/*
 * shadow_kunit.c - KUnit suite "burnvmm_shadow": walks of the guest's
 * 2-level page tables in fake guest memory (4 KiB and 4 MiB pages, every
 * permission combination, tables and frames beyond RAM, A/D updates),
 * the cache of shadow roots and the hypercall argument checks.
 *
 * #included at the end of kmod/shadow.c when the target kernel has KUnit.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>

#define BURN_T_RAM	SZ_8M
#define BURN_T_PD	0x1000u		/* the page directory */
#define BURN_T_PT	0x2000u		/* one page table */
#define BURN_T_FRAME	0x5000u		/* the frame the 4 KiB leaf maps */
#define BURN_T_VA	0x40003123u	/* PDE 256, PTE 3 */
#define BURN_T_VA_4M	0x00812345u	/* PDE 2 */

/* A fake VM whose RAM is vmalloc'd, as the real one is. */
static struct burn_vm *burn_t_vm(struct kunit *test)
{
	struct burn_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vm);
	vm->mem = vzalloc(BURN_T_RAM);
	KUNIT_ASSERT_NOT_NULL(test, vm->mem);
	vm->mem_size = BURN_T_RAM;
	vm->vcpu.vm = vm;
	return vm;
}

static u32 *burn_t_word(struct burn_vm *vm, u32 gpa)
{
	return (u32 *)((u8 *)vm->mem + gpa);
}

/* PDE 256 -> PT, PTE 3 -> BURN_T_FRAME, with flags @pde_f and @pte_f. */
static void burn_t_map_4k(struct burn_vm *vm, u32 pde_f, u32 pte_f)
{
	*burn_t_word(vm, BURN_T_PD + 256 * 4) = BURN_T_PT | pde_f;
	*burn_t_word(vm, BURN_T_PT + 3 * 4) = BURN_T_FRAME | pte_f;
}

struct burn_perm_case {
	const char *name;
	u32 pde, pte;		/* flags besides P */
	u32 access;		/* X86_PF_WRITE | X86_PF_USER */
	bool ok;
	bool writable, user;
};

#define W X86_PF_WRITE
#define U X86_PF_USER
#define RW BURN_GPTE_RW
#define US BURN_GPTE_US

static const struct burn_perm_case burn_perm_cases[] = {
	{ "kernel-read-ro", 0, 0, 0, true, false, false },
	{ "kernel-write-ro", 0, 0, W, false },
	{ "kernel-write-rw", RW, RW, W, true, true, false },
	{ "kernel-write-pde-ro", 0, RW, W, false },
	{ "kernel-write-pte-ro", RW, 0, W, false },
	{ "user-read-kernel", US, 0, U, false },
	{ "user-read-kernel-pde", 0, US, U, false },
	{ "user-read-user", US, US, U, true, false, true },
	{ "user-write-user-ro", US, US | RW, U | W, false },
	{ "user-write-user-rw", US | RW, US | RW, U | W, true, true, true },
	{ "kernel-read-user", US | RW, US | RW, 0, true, true, true },
};

static void burn_perm_desc(const struct burn_perm_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(burn_perm, burn_perm_cases, burn_perm_desc);

/* Every U/S and R/W combination of PDE and PTE, read and write. */
static void burn_gwalk_perm_test(struct kunit *test)
{
	const struct burn_perm_case *c = test->param_value;
	struct burn_vm *vm = burn_t_vm(test);
	struct burn_gwalk w;
	enum burn_gwalk_result res;

	burn_t_map_4k(vm, BURN_GPTE_P | c->pde, BURN_GPTE_P | c->pte);
	res = burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA), c->access, true,
			 &w);
	if (c->ok) {
		KUNIT_EXPECT_EQ(test, res, BURN_GWALK_OK);
		KUNIT_EXPECT_EQ(test, gpa_val(w.gpa), (u64)BURN_T_FRAME + 0x123);
		KUNIT_EXPECT_EQ(test, w.writable, c->writable);
		KUNIT_EXPECT_EQ(test, w.user, c->user);
	} else {
		KUNIT_EXPECT_EQ(test, res, BURN_GWALK_FAULT);
		KUNIT_EXPECT_EQ(test, w.error, c->access | X86_PF_PROT);
		/* A refused access sets no A bit in the leaf. */
		KUNIT_EXPECT_FALSE(test, *burn_t_word(vm, BURN_T_PT + 12) &
				   BURN_GPTE_A);
	}
	vfree(vm->mem);
}

/* Not-present PDE and PTE: error code without P. */
static void burn_gwalk_not_present_test(struct kunit *test)
{
	struct burn_vm *vm = burn_t_vm(test);
	struct burn_gwalk w;

	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 W, true, &w), BURN_GWALK_FAULT);
	KUNIT_EXPECT_EQ(test, w.error, (u32)W);
	burn_t_map_4k(vm, BURN_GPTE_P | RW, RW);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 U, true, &w), BURN_GWALK_FAULT);
	KUNIT_EXPECT_EQ(test, w.error, (u32)U);
	vfree(vm->mem);
}

/* 4 MiB pages: only with PSE; reserved bits are a RSVD fault. */
static void burn_gwalk_4m_test(struct kunit *test)
{
	struct burn_vm *vm = burn_t_vm(test);
	u32 *pde = burn_t_word(vm, BURN_T_PD + 2 * 4);
	struct burn_gwalk w;

	*pde = 0x400000 | BURN_GPTE_P | RW | BURN_GPDE_PS | BURN_GPTE_G;
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true,
					 gva(BURN_T_VA_4M), 0, true, &w),
			BURN_GWALK_OK);
	KUNIT_EXPECT_EQ(test, gpa_val(w.gpa), 0x412345ULL);
	KUNIT_EXPECT_TRUE(test, w.global);
	KUNIT_EXPECT_TRUE(test, w.writable);
	KUNIT_EXPECT_FALSE(test, w.dirty);
	KUNIT_EXPECT_EQ(test, *pde & (BURN_GPTE_A | BURN_GPTE_D), BURN_GPTE_A);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true,
					 gva(BURN_T_VA_4M), W, true, &w),
			BURN_GWALK_OK);
	KUNIT_EXPECT_TRUE(test, w.dirty);
	KUNIT_EXPECT_TRUE(test, *pde & BURN_GPTE_D);
	/* Without PSE the PDE is a page table at 4 MiB: PTE 0x12 is zero. */
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, false,
					 gva(BURN_T_VA_4M), 0, true, &w),
			BURN_GWALK_FAULT);
	*pde |= BIT(21);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true,
					 gva(BURN_T_VA_4M), 0, true, &w),
			BURN_GWALK_FAULT);
	KUNIT_EXPECT_EQ(test, w.error, (u32)(X86_PF_PROT | X86_PF_RSVD));
	vfree(vm->mem);
}

/* A/D: A on both levels at the first use, D on the leaf at a write. */
static void burn_gwalk_ad_test(struct kunit *test)
{
	struct burn_vm *vm = burn_t_vm(test);
	u32 *pte = burn_t_word(vm, BURN_T_PT + 12);
	u32 *pde = burn_t_word(vm, BURN_T_PD + 256 * 4);
	struct burn_gwalk w;

	burn_t_map_4k(vm, BURN_GPTE_P | RW, BURN_GPTE_P | RW);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 0, false, &w), BURN_GWALK_OK);
	KUNIT_EXPECT_FALSE(test, *pte & BURN_GPTE_A);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 0, true, &w), BURN_GWALK_OK);
	KUNIT_EXPECT_TRUE(test, *pde & BURN_GPTE_A);
	KUNIT_EXPECT_FALSE(test, *pde & BURN_GPTE_D);
	KUNIT_EXPECT_EQ(test, *pte & (BURN_GPTE_A | BURN_GPTE_D), BURN_GPTE_A);
	KUNIT_EXPECT_FALSE(test, w.dirty);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 W, true, &w), BURN_GWALK_OK);
	KUNIT_EXPECT_TRUE(test, *pte & BURN_GPTE_D);
	KUNIT_EXPECT_FALSE(test, *pde & BURN_GPTE_D);
	KUNIT_EXPECT_TRUE(test, w.dirty);
	/* A clean writable page is shadowed read-only, a dirty one not. */
	w.dirty = false;
	KUNIT_EXPECT_FALSE(test, burn_spte_make(1, &w, false) & _PAGE_RW);
	w.dirty = true;
	KUNIT_EXPECT_TRUE(test, burn_spte_make(1, &w, false) & _PAGE_RW);
	KUNIT_EXPECT_FALSE(test, burn_spte_make(1, &w, false) & _PAGE_USER);
	vfree(vm->mem);
}

/* Tables and frames beyond RAM are refused, wherever they come from. */
static void burn_gwalk_beyond_ram_test(struct kunit *test)
{
	struct burn_vm *vm = burn_t_vm(test);
	struct burn_gwalk w;
	unsigned long pfn;

	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_RAM, true, gva(BURN_T_VA),
					 0, true, &w), BURN_GWALK_BAD_TABLE);
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, 0xfffff000, true, gva(~0u),
					 0, true, &w), BURN_GWALK_BAD_TABLE);
	*burn_t_word(vm, BURN_T_PD + 256 * 4) = 0x10000000 | BURN_GPTE_P;
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 0, true, &w), BURN_GWALK_BAD_TABLE);
	KUNIT_EXPECT_EQ(test, gpa_val(w.table), 0x10000000ULL);
	/* A leaf beyond RAM walks fine; burn_gpa_to_pfn() is the gate. */
	*burn_t_word(vm, BURN_T_PD + 256 * 4) = BURN_T_PT | BURN_GPTE_P;
	*burn_t_word(vm, BURN_T_PT + 12) = 0xfffff000 | BURN_GPTE_P;
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 0, true, &w), BURN_GWALK_OK);
	KUNIT_EXPECT_FALSE(test, burn_gpa_to_pfn(vm, w.gpa, &pfn));
	*burn_t_word(vm, BURN_T_PT + 12) = (BURN_T_RAM - PAGE_SIZE) | BURN_GPTE_P;
	KUNIT_EXPECT_EQ(test, burn_gwalk(vm, BURN_T_PD, true, gva(BURN_T_VA),
					 0, true, &w), BURN_GWALK_OK);
	KUNIT_EXPECT_TRUE(test, burn_gpa_to_pfn(vm, w.gpa, &pfn));
	vfree(vm->mem);
}

/* BURN_HC_SET_PGTABLE's argument checks. */
static void burn_pgtable_check_test(struct kunit *test)
{
	u32 e = BURN_PG_ENABLE;

	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, 0x1000, 0),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, 0x1000, e), 0);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, 0x1000, 0x8 | e),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, 0x1004, e),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM,
						 BURN_T_RAM - PAGE_SIZE, e), 0);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, BURN_T_RAM, e),
			-BURN_HC_EFAULT);
	KUNIT_EXPECT_EQ(test, burn_pgtable_check(BURN_T_RAM, 0xfffff000, e),
			-BURN_HC_EFAULT);
}

/*
 * The root cache: a CR3 seen before is a hit, a fifth CR3 evicts, the
 * fill path maps a page and a flush drops it, and nothing leaks (the
 * debug kernel's kmemleak watches).
 */
static void burn_shadow_roots_test(struct kunit *test)
{
	struct burn_vm *vm = burn_t_vm(test);
	struct burn_vcpu *vcpu = &vm->vcpu;
	struct burn_shadow *s = &vcpu->shadow;
	u32 e = BURN_PG_ENABLE | BURN_PG_PSE;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, burn_shadow_init(vcpu), 0);
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0x1000, e), 0);
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0x2000, e), 0);
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0x1018, e), 0);
	KUNIT_EXPECT_EQ(test, burn_stat_read(&vcpu->stats, BURNVMM_STAT_SHADOW_ROOT_HITS), 1ULL);
	KUNIT_EXPECT_EQ(test, s->roots[s->cur].gcr3, 0x1000u);
	for (i = 3; i <= 6; i++)
		KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, i << 12, e),
				0);
	KUNIT_EXPECT_EQ(test, burn_stat_read(&vcpu->stats, BURNVMM_STAT_SHADOW_ROOT_HITS), 1ULL);
	KUNIT_EXPECT_EQ(test, burn_stat_read(&vcpu->stats, BURNVMM_STAT_SHADOW_ROOT_MISSES), 6ULL);
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0x6000, e), 0);
	KUNIT_EXPECT_EQ(test, burn_stat_read(&vcpu->stats, BURNVMM_STAT_SHADOW_ROOT_HITS), 2ULL);
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0x1000, 7), 0);
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0x1000, 0x17),
			-BURN_HC_EINVAL);
	KUNIT_EXPECT_EQ(test, burn_shadow_flush(vcpu, 3, gva(0)),
			-BURN_HC_EINVAL);
	/* Grow tables in every root, then flush one address everywhere. */
	for (i = 0; i < BURN_SHADOW_ROOTS; i++) {
		struct burn_shadow_root *r = &s->roots[i];

		if (r->top)
			KUNIT_EXPECT_NOT_NULL(test,
					      burn_spt_slot(r, gva(BURN_T_VA)));
	}
	*burn_spt_slot(&s->roots[s->cur], gva(BURN_T_VA)) = _PAGE_PRESENT;
	KUNIT_EXPECT_EQ(test, burn_shadow_flush(vcpu, BURN_FLUSH_ONE,
						gva(BURN_T_VA + 0x100000)), 0);
	KUNIT_EXPECT_EQ(test, *burn_spt_slot(&s->roots[s->cur],
					     gva(BURN_T_VA)), 0ULL);
	*burn_spt_slot(&s->roots[s->cur], gva(BURN_T_VA)) =
		_PAGE_PRESENT | BURN_SPTE_GUEST_GLOBAL;
	KUNIT_EXPECT_EQ(test, burn_shadow_flush(vcpu, BURN_FLUSH_ALL, gva(0)),
			0);
	KUNIT_EXPECT_NE(test, *burn_spt_slot(&s->roots[s->cur],
					     gva(BURN_T_VA)), 0ULL);
	KUNIT_EXPECT_EQ(test, burn_shadow_flush(vcpu, BURN_FLUSH_GLOBAL,
						gva(0)), 0);
	KUNIT_EXPECT_FALSE(test, burn_spte_present(s->roots[s->cur].pud[1]));
	KUNIT_EXPECT_EQ(test, burn_shadow_set_pgtable(vcpu, 0, 0), 0);
	KUNIT_EXPECT_FALSE(test, s->roots[s->cur].paging);
	burn_shadow_free(vcpu);
	vfree(vm->mem);
}

#undef W
#undef U
#undef RW
#undef US

static struct kunit_case burn_shadow_cases[] = {
	KUNIT_CASE_PARAM(burn_gwalk_perm_test, burn_perm_gen_params),
	KUNIT_CASE(burn_gwalk_not_present_test),
	KUNIT_CASE(burn_gwalk_4m_test),
	KUNIT_CASE(burn_gwalk_ad_test),
	KUNIT_CASE(burn_gwalk_beyond_ram_test),
	KUNIT_CASE(burn_pgtable_check_test),
	KUNIT_CASE(burn_shadow_roots_test),
	{}
};

static struct kunit_suite burn_shadow_suite = {
	.name = "burnvmm_shadow",
	.test_cases = burn_shadow_cases,
};

kunit_test_suite(burn_shadow_suite);
