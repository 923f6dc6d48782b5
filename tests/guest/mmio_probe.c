// SPDX-License-Identifier: GPL-2.0
/*
 * mmio_probe.c - the boot option "mmio-probe" (docs/testguest.md): map
 * a page at a guest-physical address no device decodes, touch it with
 * every mov form Linux's readb/w/l and writeb/w/l compile to (and the
 * others the IPVMM emulates), print what each load left in its
 * register as one "# mmio:" line, and stop.  The IPVMM's answer for an
 * address nobody claims is all ones and dropped writes (as a PC bus's
 * master abort), so the line is fixed and a selftest
 * (tests/selftests/ipvmm_mmio.sh) compares it.  Natively, QEMU's answer
 * for unassigned memory is its own, so this is not one of the TAP tests
 * the native comparison checks.
 *
 * Then ring 3 does the same through a user mapping: a movl is emulated
 * there too, and an xchg (not emulated) must be a #UD at the xchg, as
 * KVM makes it; both go on a second "# mmio:" line.  With "mmio-refuse"
 * as well, the probe ends with an xchg at ring 0: the VM must stop with
 * a reason.
 */
#include "guest.h"
#include "ring3.h"

#define PROBE_GPA	0xfebff000u	/* below the I/O APIC, unassigned */
#define PROBE_VA	(TEST_PT_VA + 0x10000)
#define PROBE_USER_VA	(USER_REGION + 0x3ff000)
#define PCD		0x010u		/* cache disable, as ioremap sets */
#define VEC_UD		6

/*
 * Each load starts from a register holding 0x12345678 (or its low
 * part), so a partial write shows which bytes it replaced.
 */
static u32 load_ah(void *p)
{
	u32 v = 0x12345678;

	asm volatile("movb (%1), %%ah" : "+a"(v) : "r"(p) : "memory");
	return v;
}

static u32 load_w(void *p)
{
	u32 v = 0x12345678;

	asm volatile("movw (%1), %w0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static u32 load_b(void *p)
{
	u32 v = 0x12345678;

	asm volatile("movb (%1), %b0" : "+q"(v) : "r"(p) : "memory");
	return v;
}

#define LOAD(insn, p)							\
	({								\
		u32 v_ = 0x12345678;					\
		asm volatile(insn " (%1), %0" : "+r"(v_) : "r"(p)	\
			     : "memory");				\
		v_;							\
	})

/* The moffs form: mov abs32, %eax (a1), as `readl` of a constant. */
static u32 load_moffs(void)
{
	u32 v = 0x12345678;

	asm volatile("movl %c1, %%eax" : "+a"(v) : "i"(PROBE_VA + 0x20)
		     : "memory");
	return v;
}

static void store_all(u8 *p)
{
	u32 v = 0;

	asm volatile("movb %%al, 0x10(%1)\n\t"
		     "movw %%ax, 0x12(%1)\n\t"
		     "movl %%eax, 0x14(%1)\n\t"
		     "movb $0x5a, 0x18(%1)\n\t"
		     "movw $0x1234, 0x1a(%1)\n\t"
		     "movl $0, 0x1c(%1)\n\t"
		     "movl %%eax, %c2\n\t"
		     "movb %%ah, 0x11(%1)"
		     : "+a"(v) : "r"(p), "i"(PROBE_VA + 0x24) : "memory");
}

/* Ring 3: an emulated load, then a refused xchg that must be #UD. */
static void probe_user(void)
{
	u32 *pte = pte_of(&kernel_as, PROBE_USER_VA);
	u32 l, ud;

	*pte = PROBE_GPA | PCD | PTE_P | PTE_W | PTE_U;
	invlpg(PROBE_USER_VA);
	l = user_run(r3_mmio_load, PROBE_USER_VA + 0x40);
	trap_expect((u32)r3p_mmio_xchg_resume);
	user_run(r3p_mmio_xchg, PROBE_USER_VA + 0x44);
	trap_resume = 0;
	ud = trap_got.count == 1 && trap_got.vector == VEC_UD &&
		trap_got.eip == (u32)r3p_mmio_xchg_at &&
		trap_got.cs == USER_CS;
	kprintf("# mmio: ring3 l=%08x xchg=%s\n", l,
		ud ? "#UD" : "no #UD at the xchg");
	if (!ud)
		kprintf("# mmio: got %u traps, vector %u at %x cs %x\n",
			trap_got.count, trap_got.vector, trap_got.eip,
			trap_got.cs);
	*pte = 0;
	invlpg(PROBE_USER_VA);
}

void mmio_probe(void)
{
	u8 *p = (u8 *)PROBE_VA;
	u32 l, zb, zw, sb, sw, ah, w, b, mo, after;

	*pte_of(&kernel_as, PROBE_VA) = PROBE_GPA | PCD | PTE_P | PTE_W;
	invlpg(PROBE_VA);
	l = LOAD("movl", p);
	zb = LOAD("movzbl", p + 1);
	zw = LOAD("movzwl", p + 2);
	sb = LOAD("movsbl", p + 3);
	sw = LOAD("movswl", p + 6);
	ah = load_ah(p + 8);
	w = load_w(p + 0xa);
	b = load_b(p + 0xfff);
	mo = load_moffs();
	store_all(p);
	after = LOAD("movl", p + 0x14);
	/* One line, for the selftest to compare whole. */
	kprintf("# mmio: l=%08x zb=%08x zw=%08x sb=%08x sw=%08x", l, zb, zw,
		sb, sw);
	kprintf(" ah=%08x w=%08x b=%08x moffs=%08x after-store=%08x\n", ah, w,
		b, mo, after);
	probe_user();
	if (boot_option("mmio-refuse")) {
		u32 v = 0;

		tap_diag("mmio: now an xchg, which is not emulated");
		asm volatile("xchg %0, (%1)" : "+r"(v) : "r"(p) : "memory");
		tap_diag("mmio: the xchg returned %08x", v);
	}
	*pte_of(&kernel_as, PROBE_VA) = 0;
	invlpg(PROBE_VA);
}
