// SPDX-License-Identifier: GPL-2.0
/*
 * backend-lkm/run.c - the IPVMM's life: start-up from the boot block,
 * the C halves of the upcall and class entries, events and idle, and
 * the frame the return path (entry.S) pops.
 *
 * The state is static and lives in the window: the shared VCPU page,
 * the virtual CPU, the site table, the device models.  Every way into
 * the IPVMM turns the guest's context into a struct vcpu_regs (the
 * visible view the frontend works on), lets the frontend act on it, and
 * leaves through prepare_return(), which turns it back into real
 * registers and selectors in ipvmm_ret.
 *
 * Contents
 *   1. Leaving: the visible registers become ipvmm_ret.
 *   2. Events: the host's pending bits, then the PIC.
 *   3. The guest's context in and out of struct vcpu_regs.
 *   4. The upcall's C half: MMIO, work-arounds for the host ABI
 *      (CR0.WP, the TSS I/O bitmap, refused int $n), delivery, nested
 *      faults.
 *   5. The class entry's C half, and idle.
 *   6. Start-up.
 */
#include "backend.h"
#include "hcall.h"
#include "../frontend/mmio.h"

/* entry.S repeats these numbers and offsets; keep them in step. */
_Static_assert(BURN_HC_VECTOR == 0x82 && BURN_HC_SHUTDOWN == 2 &&
	       BURN_HC_SET_WINDOW == 6 && BURN_SEL_RING1_DS == 0x29 &&
	       BURN_SEL_RING1_CS == 0x21 &&
	       BURN_HC_END == 13 && BURN_END_CRASH == 3 &&
	       IPVMM_EXIT_FATAL == 125,
	       "entry.S hypercall numbers");
_Static_assert(__builtin_offsetof(struct burn_vcpu_page, irq_enabled) ==
	       IPVMM_PAGE_IRQ_ENABLED &&
	       __builtin_offsetof(struct burn_vcpu_page, pending) ==
	       IPVMM_PAGE_PENDING &&
	       __builtin_offsetof(struct burn_vcpu_page, frame_busy) ==
	       IPVMM_PAGE_FRAME_BUSY &&
	       __builtin_offsetof(struct burn_vcpu_page, frame) ==
	       IPVMM_PAGE_FRAME &&
	       sizeof(struct burn_upcall_frame) == 4 * IPVMM_FRAME_WORDS,
	       "entry.S shared-page offsets");
_Static_assert(__builtin_offsetof(struct vcpu, eflags) == IPVMM_VCPU_EFLAGS &&
	       __builtin_offsetof(struct vcpu, cpl) == IPVMM_VCPU_CPL &&
	       EFL_VIRTUAL == 0x00047200u,
	       "entry.S vcpu offsets and flags");
_Static_assert(__builtin_offsetof(struct ipvmm_boot_info, ipvmm_gpa) == 24 &&
	       __builtin_offsetof(struct ipvmm_boot_info, ipvmm_bytes) == 32 &&
	       __builtin_offsetof(struct ipvmm_boot_info, window_gva) == 36,
	       "entry.S boot-block offsets");
_Static_assert(sizeof(struct ipvmm_ret) == 14 * 4, "entry.S return frame");

#define MULTIBOOT_MAGIC		0x2badb002u
#define VEC_BP			3
#define VEC_OF			4
#define VEC_UD			6

struct burn_vcpu_page ipvmm_page __attribute__((aligned(4096)));
struct vcpu ipvmm_vcpu;
/*
 * The fast paths' scratch (entry.S, ipvmm_if_on), and the virtual
 * 8259's INTR as they read it.
 */
u32 ipvmm_fast_ecx, ipvmm_fast_flags, ipvmm_fast_tail;
u8 ipvmm_intr_line;
struct platform ipvmm_plat;
struct ipvmm_ret ipvmm_ret;
u32 ipvmm_site_esp, ipvmm_site_ss, ipvmm_fixup_esp;

static struct rw_table ipvmm_sites;
/* The last sites emulated (where they ran), for the end of a failed run. */
#define IPVMM_RECENT	16
static u32 ipvmm_recent[IPVMM_RECENT], ipvmm_recent_n;
/*
 * The last exceptions the guest took: vector, EIP, error code, CR2 for
 * an upcall; vector + 0x100, EIP, error code, class for a fault of an
 * emulated site.
 */
static u32 ipvmm_recent_exc[IPVMM_RECENT][4], ipvmm_recent_exc_n;

void ipvmm_dump_recent(void)
{
	u32 i, n = ipvmm_recent_n < IPVMM_RECENT ? ipvmm_recent_n :
		IPVMM_RECENT;

	con_puts("# ipvmm: last sites, oldest first:");
	for (i = ipvmm_recent_n - n; i != ipvmm_recent_n; i++) {
		con_puts(" ");
		con_hex(ipvmm_recent[i % IPVMM_RECENT]);
	}
	con_puts("\n");
	n = ipvmm_recent_exc_n < IPVMM_RECENT ? ipvmm_recent_exc_n :
		IPVMM_RECENT;
	for (i = ipvmm_recent_exc_n - n; i != ipvmm_recent_exc_n; i++) {
		const u32 *e = ipvmm_recent_exc[i % IPVMM_RECENT];

		con_puts("# ipvmm: exception vector/eip/error/cr2-or-class");
		con_puts(" ");
		con_hex(e[0]);
		con_puts(" ");
		con_hex(e[1]);
		con_puts(" ");
		con_hex(e[2]);
		con_puts(" ");
		con_hex(e[3]);
		con_puts("\n");
	}
}
static struct ipvmm_boot_info boot;
/* The iret frame of a return to ring 3: EIP, CS, EFLAGS, ESP, SS. */
static u32 ipvmm_iret5[5];

/*
 * Guest memory, guest-virtual: the guest's own mappings plus ours.  The
 * window is refused, so no guest value (an IDT base, a stack pointer)
 * can make the IPVMM read or write its own state.
 */
static bool gmem_ok(gva_t a, u32 len)
{
	u32 addr = gva_val(a);

	return len <= ipvmm_vcpu.window_base &&
		addr <= ipvmm_vcpu.window_base - len;
}

static int run_read(void *ctx, gva_t a, void *buf, u32 len)
{
	(void)ctx;
	if (!gmem_ok(a, len))
		return -FE_EFAULT;
	return ipvmm_copy(buf, (const void *)(unsigned long)gva_val(a), len);
}

static int run_write(void *ctx, gva_t a, const void *buf, u32 len)
{
	(void)ctx;
	if (!gmem_ok(a, len))
		return -FE_EFAULT;
	return ipvmm_copy((void *)(unsigned long)gva_val(a), buf, len);
}

const struct gmem ipvmm_gmem = { run_read, run_write, NULL };

static struct fe_cpu cpu(struct vcpu_regs *r)
{
	struct fe_cpu c = {
		.v = &ipvmm_vcpu, .r = r, .m = &ipvmm_gmem,
		.plat = &ipvmm_plat, .be = &ipvmm_fe_ops, .be_ctx = NULL,
	};

	return c;
}

/* 1. Leaving: the visible registers become ipvmm_ret. */

static u32 real_eflags(u32 visible)
{
	return (visible & ~(EFL_VIRTUAL | EFL_VM | EFL_RF)) | EFL_IF |
		EFL_FIXED1;
}

static void prepare_return(const struct vcpu_regs *r)
{
	struct vcpu *v = &ipvmm_vcpu;
	u32 frame[3], esp = r->gpr[REG_ESP];

	if (v->cpl == 3) {
		gdt_left_boot();
		gdt_sync();
	}
	ipvmm_timer_rearm();
	ipvmm_page.irq_enabled = v->vif;
	ipvmm_ret.eax = r->gpr[0];
	ipvmm_ret.ecx = r->gpr[1];
	ipvmm_ret.edx = r->gpr[2];
	ipvmm_ret.ebx = r->gpr[3];
	ipvmm_ret.ebp = r->gpr[5];
	ipvmm_ret.esi = r->gpr[6];
	ipvmm_ret.edi = r->gpr[7];
	ipvmm_ret.ds = gdt_real_sel(SREG_DS, r->sel[SREG_DS]);
	ipvmm_ret.es = gdt_real_sel(SREG_ES, r->sel[SREG_ES]);
	ipvmm_ret.fs = gdt_real_sel(SREG_FS, r->sel[SREG_FS]);
	ipvmm_ret.gs = gdt_real_sel(SREG_GS, r->sel[SREG_GS]);
	if (v->cpl == 3) {
		ipvmm_iret5[0] = r->eip;
		ipvmm_iret5[1] = gdt_real_sel(SREG_CS, r->sel[SREG_CS]);
		ipvmm_iret5[2] = real_eflags(r->eflags);
		ipvmm_iret5[3] = esp;
		ipvmm_iret5[4] = gdt_real_sel(SREG_SS, r->sel[SREG_SS]);
		ipvmm_ret.iret_esp = (u32)(unsigned long)ipvmm_iret5;
		ipvmm_ret.iret_ss = BURN_SEL_RING1_DS;
		return;
	}
	frame[0] = r->eip;
	frame[1] = gdt_real_sel(SREG_CS, r->sel[SREG_CS]);
	frame[2] = real_eflags(r->eflags);
	if (gmem_write(&ipvmm_gmem, gva(v->seg[SREG_SS].base + esp - 12),
		       frame, sizeof(frame)))
		ipvmm_fatal("guest kernel stack not writable at", esp - 12,
			    r->eip);
	ipvmm_ret.iret_esp = esp - 12;
	ipvmm_ret.iret_ss = gdt_real_sel(SREG_SS, r->sel[SREG_SS]);
}

/* 2. Events: the host's pending bits, then the PIC. */

/*
 * The host raises BURN_EVENT_CONSOLE once for input it holds; the UART's
 * FIFO takes 16 bytes.  When it fills up, more may be waiting, and no
 * new event will say so: console_more asks poll_events() to read again
 * once the guest has made room (a pasted line, a piped script).
 */
static bool console_more;

static void console_input(void)
{
	u8 buf[64];
	int n, i;

	console_more = false;
	while (platform_console_room(&ipvmm_plat, 0)) {
		u32 room = platform_console_room(&ipvmm_plat, 0);

		n = hc_console_read(buf, room < sizeof(buf) ? room :
				    sizeof(buf));
		if (n <= 0)
			return;
		for (i = 0; i < n; i++)
			platform_console_input(&ipvmm_plat, 0, buf[i]);
	}
	console_more = true;
}

/* Take the host's events into the device models. */
static void poll_events(void)
{
	u32 bits = ipvmm_page.pending;

	if (bits)
		__atomic_and_fetch(&ipvmm_page.pending, ~bits,
				   __ATOMIC_SEQ_CST);
	if (bits & (1u << BURN_EVENT_TIMER))
		ipvmm_timer_fired();
	if ((bits & (1u << BURN_EVENT_CONSOLE)) ||
	    (console_more && platform_console_room(&ipvmm_plat, 0)))
		console_input();
	if (bits & (1u << BURN_EVENT_BLOCK))
		ipvmm_disk_event();
	platform_advance(&ipvmm_plat, ipvmm_now_ns());
}

static void raise(struct vcpu_regs *r, const struct vcpu_event *ev)
{
	int err = vcpu_raise(&ipvmm_vcpu, &ipvmm_gmem, r, ev);

	if (err == -FE_ESHUTDOWN) {
		ipvmm_why("triple fault: the guest CPU shut down");
		ipvmm_fatal("", 0, 0);
	}
	if (err)
		ipvmm_fatal("cannot deliver vector / error", ev->vector,
			    (u32)-err);
	gdt_loaded(SREG_CS);	/* from the gate */
}

/*
 * The virtual 8259's INTR output changed: keep the copy ipvmm_sti_fast
 * reads, so that an in-place `sti` never skips a deliverable interrupt.
 */
static void intr_changed(void *ctx, bool intr)
{
	(void)ctx;
	ipvmm_intr_line = intr;
}

/* Deliver a device interrupt if the guest can take one now. */
static bool deliver_irq(struct vcpu_regs *r)
{
	struct vcpu_event ev = { .kind = EV_EXTINT };

	if (vcpu_irq_check(&ipvmm_vcpu, r->eip,
			   platform_intr_pending(&ipvmm_plat)) != IRQ_DELIVER)
		return false;
	ev.vector = platform_intr_ack(&ipvmm_plat);
	raise(r, &ev);
	return true;
}

/* 3. The guest's context in and out of struct vcpu_regs. */

/* From an upcall frame (real selectors, real EFLAGS). */
static void regs_from_frame(struct vcpu_regs *r,
			    const struct burn_upcall_frame *fr)
{
	struct vcpu *v = &ipvmm_vcpu;
	static const u8 data[] = { SREG_DS, SREG_ES, SREG_FS, SREG_GS };
	u32 i;

	r->gpr[0] = fr->eax;
	r->gpr[1] = fr->ecx;
	r->gpr[2] = fr->edx;
	r->gpr[3] = fr->ebx;
	r->gpr[4] = fr->esp;
	r->gpr[5] = fr->ebp;
	r->gpr[6] = fr->esi;
	r->gpr[7] = fr->edi;
	r->eip = fr->eip;
	v->vif = ipvmm_page.irq_enabled != 0;
	r->eflags = vcpu_visible_eflags(v, fr->eflags);
	if ((fr->cs & 3) != 3) {
		/* The kernel's segments only change through emulation. */
		v->cpl = 0;
		for (i = 0; i < 6; i++)
			r->sel[i] = v->sel[i];
		return;
	}
	/* Ring 3 loads its own: take them, with their descriptors. */
	v->cpl = 3;
	r->sel[SREG_CS] = gdt_visible_sel(fr->cs);
	r->sel[SREG_SS] = gdt_visible_sel(fr->ss);
	r->sel[SREG_DS] = gdt_visible_sel(fr->ds);
	r->sel[SREG_ES] = gdt_visible_sel(fr->es);
	r->sel[SREG_FS] = gdt_visible_sel(fr->fs);
	r->sel[SREG_GS] = gdt_visible_sel(fr->gs);
	v->sel[SREG_CS] = r->sel[SREG_CS];
	v->sel[SREG_SS] = r->sel[SREG_SS];
	for (i = 0; i < sizeof(data); i++) {
		struct vcpu_fault ignored;

		if (v->sel[data[i]] != r->sel[data[i]] &&
		    vcpu_load_seg(v, &ipvmm_gmem, data[i], r->sel[data[i]],
				  &ignored))
			v->sel[data[i]] = r->sel[data[i]];
	}
}

/* 4. The upcall's C half. */

#define CR0_WP		0x00010000u
#define CR0_PG		0x80000000u
#define CR4_PSE		0x00000010u
#define PTE_P		0x1u
#define PTE_AD		0x60u
#define PDE_PS		0x80u

/* A physical read or write with paging off (the guest's RAM only). */
static bool phys_copy(u32 gpa, void *buf, u32 len, bool write)
{
	if (len > boot.ipvmm_gpa || gpa > boot.ipvmm_gpa - len)
		return false;
	return !(write ? ipvmm_copy((void *)(unsigned long)gpa, buf, len) :
		 ipvmm_copy(buf, (const void *)(unsigned long)gpa, len));
}

/* The guest-physical address of lin, and set A/D on the way, paging off. */
static bool walk_for_write(u32 lin, u32 *gpa)
{
	const struct vcpu *v = &ipvmm_vcpu;
	u32 pde_at = (v->cr[3] & ~0xfffu) + (lin >> 22) * 4, pde, pte_at, pte;

	if (!phys_copy(pde_at, &pde, 4, false) || !(pde & PTE_P))
		return false;
	if ((pde & PDE_PS) && (v->cr[4] & CR4_PSE)) {
		pde |= PTE_AD;
		*gpa = (pde & 0xffc00000u) | (lin & 0x3fffffu);
		return phys_copy(pde_at, &pde, 4, true);
	}
	pte_at = (pde & ~0xfffu) + ((lin >> 12) & 0x3ff) * 4;
	if (!phys_copy(pte_at, &pte, 4, false) || !(pte & PTE_P))
		return false;
	pte |= PTE_AD;
	*gpa = (pte & ~0xfffu) | (lin & 0xfffu);
	return phys_copy(pte_at, &pte, 4, true);
}

/*
 * Decode the guest instruction at EIP for the emulations below (bytes
 * up to the first unreadable one; the decoder says if that is too few).
 */
static bool decode_at_eip(const struct vcpu_regs *r, struct insn *insn)
{
	u8 bytes[INSN_MAX_LEN];
	u32 n;

	for (n = 0; n < sizeof(bytes); n++)
		if (gmem_read(&ipvmm_gmem, gva(r->eip + n), &bytes[n], 1))
			break;
	return !insn_decode(insn, bytes, n);
}

/* Where a decoded instruction's memory operand starts counting. */
static u32 mem_seg_base(const struct insn *insn)
{
	return insn->mem.seg <= SREG_GS ?
		ipvmm_vcpu.seg[insn->mem.seg].base : 0;
}

/* The device models as the MMIO emulation's bus. */
static int plat_mmio_read(void *ctx, u32 addr, u32 width, u32 *val)
{
	(void)ctx;
	platform_mmio_read(&ipvmm_plat, gpa(addr), width, val);
	return 0;
}

static int plat_mmio_write(void *ctx, u32 addr, u32 width, u32 val)
{
	(void)ctx;
	platform_mmio_write(&ipvmm_plat, gpa(addr), width, val);
	return 0;
}

static const struct mmio_bus plat_bus = {
	plat_mmio_read, plat_mmio_write, NULL
};

/*
 * The guest reached a guest-physical address outside RAM through a PTE
 * that allows the access: a device's registers.  Do the access on the
 * device models (frontend/mmio.c) and go on after the instruction.  An
 * instruction we cannot emulate is handled as KVM handles it: #UD at
 * ring 3 (and for `lock mov`, #UD anywhere, as on hardware); at ring 0
 * the VM stops with the address, since a #PF would only be retried.
 */
static void mmio_fault(struct vcpu_regs *r,
		       const struct burn_upcall_frame *fr)
{
	struct vcpu_event ud = { .vector = VEC_UD, .kind = EV_EXCEPTION };
	struct mmio_access a = { fr->mmio_gpa, fr->cr2, 0 };
	struct insn insn;
	int err = decode_at_eip(r, &insn) ? 0 : -FE_ENOSYS;

	if (!err) {
		a.seg_base = mem_seg_base(&insn);
		err = mmio_emulate(&insn, r, &a, &plat_bus);
	}
	if (!err)
		return;
	if (err == -FE_EINVAL || ipvmm_vcpu.cpl == 3) {
		raise(r, &ud);
		return;
	}
	ipvmm_fatal("cannot emulate the MMIO access at gpa / eip",
		    fr->mmio_gpa, fr->eip);
}

/* Stores for wp_emulate(): guest RAM with paging off is its bus. */
static int ram_refuse_read(void *ctx, u32 addr, u32 width, u32 *val)
{
	(void)ctx;
	(void)addr;
	(void)width;
	(void)val;
	return -FE_ENOSYS;
}

static int ram_write(void *ctx, u32 addr, u32 width, u32 val)
{
	(void)ctx;
	return phys_copy(addr, &val, width, true) ? 0 : -FE_EFAULT;
}

static const struct mmio_bus ram_bus = { ram_refuse_read, ram_write, NULL };

/*
 * The guest cleared CR0.WP, so its kernel may write read-only pages; but
 * BURN_HC_SET_PGTABLE has no WP flag, the shadow MMU always enforces it,
 * and such a write comes back as a #PF (present, write, supervisor).
 * Emulate the store as an MMIO store whose bus is guest RAM: check it,
 * find its frame in the guest's tables and write it with paging off for
 * a moment.  Only plain `mov` stores.
 */
static bool wp_emulate(struct vcpu_regs *r, const struct burn_upcall_frame *fr)
{
	struct vcpu *v = &ipvmm_vcpu;
	struct mmio_access a = { fr->cr2, fr->cr2, 0 };
	struct insn insn;
	bool ok;

	if (fr->vector != VEC_PF || (fr->error_code & 7) != 3 || v->cpl ||
	    (v->cr[0] & CR0_WP) || !(v->cr[0] & CR0_PG))
		return false;
	if (!decode_at_eip(r, &insn) ||
	    (insn.mmio != MMIO_STORE && insn.mmio != MMIO_STORE_IMM))
		return false;
	a.seg_base = mem_seg_base(&insn);
	if (mmio_check(&insn, r, &a))
		return false;
	hc_set_pgtable(0, 0);
	ok = walk_for_write(fr->cr2, &a.gpa) &&
		!mmio_emulate(&insn, r, &a, &ram_bus);
	if (ipvmm_fe_ops.paging(NULL, v->cr[0], v->cr[3], v->cr[4]))
		ipvmm_fatal("cannot restore the guest's paging, cr3", v->cr[3], 0);
	return ok;
}

/*
 * Ring-3 port I/O the guest's TSS I/O bitmap grants: the real TSS is the
 * host's and has no bitmap, so the CPU raised #GP(0); the IPVMM checks
 * the guest's bitmap (every bit of the access clear) and does the
 * access on the device models.  Only single in/out, not ins/outs.
 */
static bool iobitmap_emulate(struct vcpu_regs *r,
			     const struct burn_upcall_frame *fr)
{
	const struct vcpu *v = &ipvmm_vcpu;
	u8 map[2];
	struct insn insn;
	u32 port, width, base, val, i;
	u16 iomap;
	bool in;

	if (fr->vector != VEC_GP || fr->error_code || v->cpl != 3 ||
	    !v->tr || v->tss.limit < 0x67)
		return false;
	if (!decode_at_eip(r, &insn) ||
	    (insn.class != AB_IN && insn.class != AB_OUT))
		return false;
	in = insn.class == AB_IN;
	width = in ? insn.dst.width : insn.src.width;
	port = (in ? insn.src.kind : insn.dst.kind) == OPND_IMM ?
		insn.imm & 0xff : r->gpr[2] & 0xffff;
	if (gmem_read(&ipvmm_gmem, gva(v->tss.base + 0x66), map, 2))
		return false;
	iomap = map[0] | map[1] << 8;
	for (i = port; i < port + width; i++) {
		base = v->tss.base + iomap + i / 8;
		if (iomap + i / 8 > v->tss.limit ||
		    gmem_read(&ipvmm_gmem, gva(base), map, 1) ||
		    (map[0] >> (i % 8)) & 1)
			return false;
	}
	if (in) {
		if (platform_port_read(&ipvmm_plat, port, width, &val))
			val = 0xffffffff;
		if (width == 4)
			r->gpr[0] = val;
		else if (width == 2)
			r->gpr[0] = (r->gpr[0] & ~0xffffu) | (val & 0xffff);
		else
			r->gpr[0] = (r->gpr[0] & ~0xffu) | (val & 0xff);
	} else {
		platform_port_write(&ipvmm_plat, port, width, r->gpr[0]);
	}
	r->eip += insn.len;
	return true;
}

/*
 * rdtsc and rdtscp are not rewritten: with the guest's CR4.TSD clear
 * they run natively at rings 1 and 3, which keeps the guest's clock
 * reads (Linux's sched_clock) free.  With TSD set, the host holds it
 * real (ipvmm_cr_sync()), so they fault at ring 1 as at ring 3; the
 * guest kernel (CPL 0) may read the TSC, so do it for it here.  At CPL
 * 3 the #GP is the guest's.
 */
static bool tsc_emulate(struct vcpu_regs *r,
			const struct burn_upcall_frame *fr)
{
	struct insn insn;
	u64 t;

	if (fr->vector != VEC_GP || fr->error_code || ipvmm_vcpu.cpl ||
	    !decode_at_eip(r, &insn) ||
	    (insn.class != AB_RDTSC && insn.class != AB_RDTSCP))
		return false;
	t = ipvmm_fe_ops.read_tsc(NULL);
	r->gpr[0] = (u32)t;
	r->gpr[2] = (u32)(t >> 32);
	if (insn.class == AB_RDTSCP)
		r->gpr[1] = 0;			/* TSC_AUX: CPU 0 */
	r->eip += insn.len;
	return true;
}

/*
 * `int $n`, int3 and into arrive with EIP past the instruction.  If the
 * gate refuses them (its DPL), the guest must see a fault at the
 * instruction itself, so EIP goes back by its length (cd nn, cc, ce).
 */
static void softint(struct vcpu_regs *r, const struct burn_upcall_frame *fr,
		    const struct vcpu_event *ev)
{
	struct vcpu_event fault = { .kind = EV_EXCEPTION, .has_err = 1 };
	struct vcpu_fault f;
	int err = vcpu_deliver(&ipvmm_vcpu, &ipvmm_gmem, r, ev, &f);

	if (!err) {
		gdt_loaded(SREG_CS);
		return;
	}
	if (err != VCPU_FAULT)
		ipvmm_fatal("cannot deliver software interrupt / error",
			    ev->vector, (u32)-err);
	r->eip -= (fr->flags & BURN_FRAME_SOFTINT) ? 2 : 1;
	fault.vector = f.vector;
	fault.err = f.err;
	raise(r, &fault);
}

static void site_run(struct vcpu_regs *r, u32 ret, u32 load_delta);

/*
 * Every target a rewritten `call rel32` may have: the class entry and
 * the fast paths rewrite() put in the layout (their work is the class's
 * emulation too).  Filled by rewrite(), so early_site() can never miss
 * one that is added later.
 */
static u32 call_targets[1 + AB_NR_CLASSES], nr_call_targets;

/*
 * Linux runs startup_32 at its physical load address, paging off, until
 * the far jump after it turns paging on; its sites there were rewritten
 * into `call rel32` for their link address, so from the load address
 * the call lands load_delta (link - load, 0xc0000000) below the class
 * entry.  burnctl keeps RAM below that address (ipvmm-layout.c), so the
 * fetch faults: an MMIO #PF with paging off, the guest's own #PF on the
 * next instruction after paging is on.  A kernel fetch fault exactly
 * there, with a return address on the stack inside that text range as
 * loaded, is such a call: emulate the site as the class entry would.
 */
static bool early_site(struct vcpu_regs *r, const struct burn_upcall_frame *fr)
{
	const struct ipvmm_text *t = NULL;
	u32 delta = 0, ret, i, j;
	bool hit = false;

	if (fr->vector != VEC_PF || ipvmm_vcpu.cpl || fr->cr2 != fr->eip)
		return false;
	for (i = 0; i < boot.nr_text && !hit; i++) {
		t = &boot.text[i];
		delta = t->vaddr - (u32)t->gpa;
		for (j = 0; j < nr_call_targets; j++)
			if (delta && fr->eip == call_targets[j] - delta)
				hit = true;
	}
	if (!hit || gmem_read32(&ipvmm_gmem, gva(r->gpr[REG_ESP]), &ret) ||
	    ret - (u32)t->gpa < 5 || ret - (u32)t->gpa > t->size)
		return false;
	r->gpr[REG_ESP] += 4;
	r->eip = ret;
	site_run(r, ret, delta);
	return true;
}

static void exception(struct vcpu_regs *r, const struct burn_upcall_frame *fr)
{
	struct vcpu_event ev = {
		.vector = (u8)fr->vector,
		.kind = EV_EXCEPTION,
		.has_err = !!(fr->flags & BURN_FRAME_ERROR_CODE),
		.err = fr->error_code,
	};

	if (fr->vector > 255)
		ipvmm_fatal("upcall with unknown vector", fr->vector, fr->eip);
	{
		u32 *e = ipvmm_recent_exc[ipvmm_recent_exc_n++ % IPVMM_RECENT];

		e[0] = fr->vector;
		e[1] = fr->eip;
		e[2] = fr->error_code;
		e[3] = fr->cr2;
	}
	if ((fr->flags & BURN_FRAME_SOFTINT) || fr->vector == VEC_BP ||
	    fr->vector == VEC_OF) {
		ev.kind = EV_SOFTINT;
		ev.has_err = 0;
	}
	if (early_site(r, fr))
		return;
	if (fr->vector == VEC_PF) {
		if (fr->flags & BURN_FRAME_MMIO) {
			mmio_fault(r, fr);
			return;
		}
		if (wp_emulate(r, fr))
			return;
		ipvmm_vcpu.cr[2] = fr->cr2;
	}
	if (iobitmap_emulate(r, fr) || tsc_emulate(r, fr))
		return;
	if (ev.kind == EV_SOFTINT) {
		softint(r, fr, &ev);
		return;
	}
	raise(r, &ev);
}

/*
 * Called by ipvmm_upcall_entry with the frame copied onto our stack.
 * An exception inside the IPVMM itself is a guest copy that faulted
 * (finished with -EFAULT) or a bug (the VM is stopped, with its EIP).
 */
int ipvmm_upcall_c(struct burn_upcall_frame *fr)
{
	struct vcpu_regs r;
	u32 eip = fr->eip;

	if ((fr->cs & 3) == 1 && eip >= ipvmm_page.nocall_start &&
	    eip < ipvmm_page.nocall_end) {
		if (eip == (u32)(unsigned long)ipvmm_copy_insn &&
		    fr->vector == VEC_PF) {
			ipvmm_fixup_esp = fr->esp;
			return IPVMM_UPCALL_FIXUP;
		}
		ipvmm_why("fault inside the IPVMM: vector ");
		ipvmm_why_hex(fr->vector);
		ipvmm_why(" error ");
		ipvmm_why_hex(fr->error_code);
		ipvmm_why(" cr2 ");
		ipvmm_why_hex(fr->cr2);
		ipvmm_fatal(" eip / esp", eip, fr->esp);
	}
	regs_from_frame(&r, fr);
	if (fr->vector == BURN_UPCALL_EVENTS) {
		poll_events();
		deliver_irq(&r);
	} else {
		poll_events();
		exception(&r, fr);
	}
	prepare_return(&r);
	return IPVMM_UPCALL_RESUME;
}

/*
 * The return path found events pending with the virtual IF set.  The
 * guest is not running, so ipvmm_ret is the context: rebuild the
 * registers from it, deliver, and leave a new ipvmm_ret.
 */
void ipvmm_return_events(void)
{
	struct vcpu *v = &ipvmm_vcpu;
	struct vcpu_regs r;
	u32 frame[5];
	u32 i;

	r.gpr[0] = ipvmm_ret.eax;
	r.gpr[1] = ipvmm_ret.ecx;
	r.gpr[2] = ipvmm_ret.edx;
	r.gpr[3] = ipvmm_ret.ebx;
	r.gpr[5] = ipvmm_ret.ebp;
	r.gpr[6] = ipvmm_ret.esi;
	r.gpr[7] = ipvmm_ret.edi;
	if (v->cpl == 3) {
		for (i = 0; i < 5; i++)
			frame[i] = ipvmm_iret5[i];
		r.gpr[REG_ESP] = frame[3];
	} else {
		if (gmem_read(&ipvmm_gmem, gva(ipvmm_ret.iret_esp), frame, 12))
			ipvmm_fatal("lost the iret frame at", ipvmm_ret.iret_esp,
				    0);
		r.gpr[REG_ESP] = ipvmm_ret.iret_esp + 12;
	}
	r.eip = frame[0];
	v->vif = ipvmm_page.irq_enabled != 0;
	r.eflags = vcpu_visible_eflags(v, frame[2]);
	for (i = 0; i < 6; i++)
		r.sel[i] = v->sel[i];
	v->shadow_eip = 0xffffffff;	/* after_site() had its chance */
	poll_events();
	deliver_irq(&r);
	prepare_return(&r);
}

/* 5. The class entry's C half, and idle. */

/* hlt: sleep in the host until an interrupt can be delivered. */
static void idle(struct vcpu_regs *r)
{
	for (;;) {
		poll_events();
		if (deliver_irq(r))
			return;
		if (!ipvmm_vcpu.vif) {
			con_flush();
			con_puts("# ipvmm: the guest halted with interrupts off at ");
			con_hex(r->eip);
			con_puts("\n");
			ipvmm_dump_recent();
			con_flush();
			hc_end(BURN_END_HALT, 0, NULL, 0);	/* "halted" */
			hc_shutdown(IPVMM_EXIT_HALTED);
		}
		ipvmm_timer_rearm();
		con_flush();
		hc_idle();
	}
}

/* Classes after which the real GDT may need the guest's descriptors. */
static bool loads_segments(u8 class)
{
	switch (class) {
	case AB_LGDT: case AB_LLDT: case AB_MOV_TO_SEG: case AB_POP_SEG:
	case AB_LDS:
	case AB_LES: case AB_LFS: case AB_LGS: case AB_LSS: case AB_LJMP:
	case AB_LCALL: case AB_LRET: case AB_IRET:
		return true;
	default:
		return false;
	}
}

/* Which segment registers a completed site loaded. */
static void site_loaded_segs(const struct rw_site *s)
{
	struct insn insn;

	switch (s->class) {
	case AB_LJMP: case AB_LCALL: case AB_LRET: case AB_IRET:
		gdt_loaded(SREG_CS);
		return;
	case AB_LDS:
		gdt_loaded(SREG_DS);
		return;
	case AB_LES:
		gdt_loaded(SREG_ES);
		return;
	case AB_LFS:
		gdt_loaded(SREG_FS);
		return;
	case AB_LGS:
		gdt_loaded(SREG_GS);
		return;
	case AB_LSS:
		gdt_loaded(SREG_SS);
		return;
	case AB_MOV_TO_SEG: case AB_POP_SEG:
		if (!insn_decode(&insn, s->orig, s->len) &&
		    insn.dst.kind == OPND_SREG)
			gdt_loaded((enum insn_sreg)insn.dst.reg);
		return;
	default:
		return;
	}
}

/*
 * After an emulated instruction, an interrupt the PIC holds may become
 * deliverable (sti, popf, iret).  The host cannot know (its pending bit
 * was taken already), so look now.  The one-instruction shadow of `sti`
 * matters for `sti; hlt`: there the hlt is taken as done and the
 * interrupt returns past it, as on hardware; elsewhere it is dropped.
 */
static void after_site(struct vcpu_regs *r)
{
	const struct rw_site *s;

	if (!ipvmm_vcpu.vif)
		return;
	poll_events();
	if (!platform_intr_pending(&ipvmm_plat))
		return;
	if (ipvmm_vcpu.shadow_eip == r->eip) {
		s = rw_find_site(&ipvmm_sites, r->eip + 5);
		if (s && s->start == r->eip && s->class == AB_HLT &&
		    ipvmm_vcpu.cpl == 0)
			r->eip = s->start + s->size;
	}
	ipvmm_vcpu.shadow_eip = 0xffffffff;
	deliver_irq(r);
}

/*
 * Emulate the site whose `call rel32` pushed @ret, in @r (its ESP past the
 * return address), for code running @load_delta below its link address
 * (0 but for Linux's earliest code: early_site()), and act on the outcome.
 */
static void site_run(struct vcpu_regs *r, u32 ret, u32 load_delta)
{
	struct fe_cpu c = cpu(r);
	const struct rw_site *s;
	struct vcpu_fault f;
	struct vcpu_event ev;
	int rc;

	s = rw_find_site(&ipvmm_sites, ret + load_delta);
	if (!s)
		ipvmm_fatal("call into the IPVMM from no site, return address",
			    ret, load_delta);
	ipvmm_recent[ipvmm_recent_n++ % IPVMM_RECENT] = ret - 5;
	/*
	 * A guest that polls a port with interrupts off (a serial console
	 * waiting for a key, a boot loader or the test guest waiting for the
	 * disk's BSY to clear, a debugger) must still see what the host has
	 * for it: take the host's events now, as the next interrupt window
	 * would.  One load when nothing is pending.
	 */
	if ((s->class == AB_IN || s->class == AB_INS) && ipvmm_page.pending)
		poll_events();
	rc = fe_site_call_at(&c, &ipvmm_sites, ret + load_delta, load_delta,
			     &f);
	switch (rc) {
	case FE_NEXT:
	case FE_JUMP:
		if (loads_segments(s->class)) {
			site_loaded_segs(s);
			gdt_sync();
		}
		if (s->class == AB_MOV_TO_CR || s->class == AB_CLTS ||
		    s->class == AB_LMSW)
			ipvmm_cr_sync();
		after_site(r);
		break;
	case FE_HALT:
		idle(r);
		break;
	case FE_FAULT:
		ev.vector = f.vector;
		ev.kind = EV_EXCEPTION;
		ev.has_err = f.vector == VEC_GP || f.vector == VEC_NP ||
			f.vector == VEC_SS || f.vector == VEC_TS ||
			f.vector == VEC_PF;
		ev.err = f.err;
		{
			u32 *e = ipvmm_recent_exc[ipvmm_recent_exc_n++ %
						  IPVMM_RECENT];

			e[0] = f.vector | 0x100;
			e[1] = r->eip;
			e[2] = f.err;
			e[3] = s->class;
		}
		raise(r, &ev);
		break;
	default:
		ipvmm_why("cannot emulate ");
		ipvmm_why(ab_class_name((enum ab_class)s->class));
		ipvmm_fatal(" at site / error", s->start, (u32)-rc);
	}
}

void ipvmm_site_c(struct ipvmm_site_frame *sf)
{
	struct vcpu *v = &ipvmm_vcpu;
	struct vcpu_regs r;
	u32 ret, i;

	if (gmem_read32(&ipvmm_gmem, gva(ipvmm_site_esp), &ret))
		ipvmm_fatal("class entry without a return address, esp",
			    ipvmm_site_esp, 0);
	r.gpr[0] = sf->eax;
	r.gpr[1] = sf->ecx;
	r.gpr[2] = sf->edx;
	r.gpr[3] = sf->ebx;
	r.gpr[4] = ipvmm_site_esp + 4;
	r.gpr[5] = sf->ebp;
	r.gpr[6] = sf->esi;
	r.gpr[7] = sf->edi;
	r.eip = ret;
	v->vif = ipvmm_page.irq_enabled != 0;
	r.eflags = vcpu_visible_eflags(v, sf->eflags);
	for (i = 0; i < 6; i++)
		r.sel[i] = v->sel[i];
	site_run(&r, ret, 0);
	prepare_return(&r);
}

/* 6. Start-up. */

/*
 * Boot-time guest memory, paging off: a link address inside one of the
 * image's executable ranges is where burnctl loaded it; anything else
 * is guest-physical.
 */
static u32 boot_translate(u32 a, u32 len, bool *ok)
{
	u32 i;

	for (i = 0; i < boot.nr_text; i++) {
		const struct ipvmm_text *t = &boot.text[i];

		if (a >= t->vaddr && a - t->vaddr <= t->size &&
		    len <= t->size - (a - t->vaddr)) {
			*ok = true;
			return (u32)t->gpa + (a - t->vaddr);
		}
	}
	*ok = len <= boot.ipvmm_gpa && a <= boot.ipvmm_gpa - len;
	return a;
}

static int boot_read(void *ctx, gva_t a, void *buf, u32 len)
{
	bool ok;
	u32 p = boot_translate(gva_val(a), len, &ok);

	(void)ctx;
	return ok ? ipvmm_copy(buf, (const void *)(unsigned long)p, len) :
		-FE_EFAULT;
}

static int boot_write(void *ctx, gva_t a, const void *buf, u32 len)
{
	bool ok;
	u32 p = boot_translate(gva_val(a), len, &ok);

	(void)ctx;
	return ok ? ipvmm_copy((void *)(unsigned long)p, buf, len) :
		-FE_EFAULT;
}

/* A window address for a guest-physical one inside our region. */
static const void *region_ptr(u64 gpa)
{
	return (const void *)(unsigned long)(gpa - boot.ipvmm_gpa +
					     boot.window_gva);
}

static u32 region_gpa(const void *p)
{
	return (u32)((unsigned long)p - boot.window_gva + boot.ipvmm_gpa);
}

/*
 * The guest-physical address of @len bytes of our state at @p, for a
 * host call that takes one (BURN_HC_BLOCK_IO); false if they are not
 * all inside the IPVMM region.
 */
bool ipvmm_region_gpa(const void *p, u32 len, u32 *gpa)
{
	u32 off = (u32)(unsigned long)p - boot.window_gva;

	if ((u32)(unsigned long)p < boot.window_gva ||
	    off > boot.ipvmm_bytes || len > boot.ipvmm_bytes - off)
		return false;
	*gpa = region_gpa(p);
	return true;
}

static void rewrite(void)
{
	static const struct gmem bm = { boot_read, boot_write, NULL };
	struct rw_text text[IPVMM_MAX_TEXT];
	struct rw_layout lay;
	struct rw_error e;
	const char *why;
	u32 i;
	int err;

	if (ipvmm_boot_check(&boot, text, &why)) {
		ipvmm_why("bad boot block: ");
		ipvmm_why(why);
		ipvmm_fatal("", 0, 0);
	}
	lay.vif = (u32)(unsigned long)&ipvmm_page.irq_enabled;
	for (i = 0; i < 6; i++)
		lay.sel[i] = (u32)(unsigned long)&ipvmm_vcpu.sel[i];
	for (i = 0; i < 5; i++)
		lay.cr[i] = (u32)(unsigned long)&ipvmm_vcpu.cr[i];
	for (i = 0; i < 8; i++)
		lay.dr[i] = (u32)(unsigned long)&ipvmm_vcpu.dr[i];
	for (i = 0; i < AB_NR_CLASSES; i++)
		lay.entry[i] = (u32)(unsigned long)ipvmm_class_entry;
	lay.entry[0] = 0;
	/*
	 * The fast paths of entry.S.  `sti`'s and `popfl`'s need the host to
	 * restart their check (the shared page's second restartable
	 * sequence, version 2); `pushfw` and `popfw` keep the class entry.
	 */
	fe_memset(lay.fast32, 0, sizeof(lay.fast32));
	if (ipvmm_page.version >= 2) {
		lay.fast32[AB_STI] = (u32)(unsigned long)ipvmm_sti_fast;
		lay.fast32[AB_POPF] = (u32)(unsigned long)ipvmm_popf_fast;
	}
	lay.fast32[AB_PUSHF] = (u32)(unsigned long)ipvmm_pushf_fast;
	call_targets[nr_call_targets++] = (u32)(unsigned long)ipvmm_class_entry;
	for (i = 0; i < AB_NR_CLASSES; i++)
		if (lay.fast32[i])
			call_targets[nr_call_targets++] = lay.fast32[i];
	err = rw_rewrite_sites(&ipvmm_sites, &bm, text, boot.nr_text,
			       region_ptr(boot.sites_gpa), boot.nr_sites,
			       &lay, &e);
	if (err) {
		ipvmm_why("cannot rewrite the site at ");
		ipvmm_why_hex(e.start);
		ipvmm_why(", class ");
		ipvmm_why(e.class < AB_NR_CLASSES ?
			  ab_class_name((enum ab_class)e.class) : "?");
		ipvmm_why(": ");
		ipvmm_why(e.why ? e.why : "");
		ipvmm_fatal(" error", (u32)-e.err, e.class);
	}
	con_puts("# ipvmm: rewrote ");
	con_hex(ipvmm_sites.nr);
	con_puts(" sites\n");
}

/* The state a boot loader leaves (Multiboot v1 or Linux 32-bit). */
static void boot_regs(struct vcpu_regs *r)
{
	struct vcpu *v = &ipvmm_vcpu;
	static const struct vcpu_seg flat_code = {
		0, 0xffffffff, 0xb, 1, 0, 1
	};
	static const struct vcpu_seg flat_data = {
		0, 0xffffffff, 0x3, 1, 0, 1
	};
	u32 i;

	vcpu_reset(v, boot.window_gva);
	v->gdtr.limit = 0;	/* no GDT until the guest loads one */
	fe_memset(r, 0, sizeof(*r));
	for (i = 0; i < 6; i++) {
		v->sel[i] = BURN_SEL_RING1_DS & ~3u;
		v->seg[i] = flat_data;
	}
	v->sel[SREG_CS] = BURN_SEL_RING1_CS & ~3u;
	v->seg[SREG_CS] = flat_code;
	for (i = 0; i < 6; i++)
		r->sel[i] = v->sel[i];
	r->eip = boot.entry;
	r->eflags = EFL_FIXED1;
	r->gpr[REG_ESP] = 0x9f000;	/* below 640 KiB, as loaders leave it */
	if (boot.proto == IPVMM_PROTO_MULTIBOOT1) {
		r->gpr[0] = MULTIBOOT_MAGIC;
		r->gpr[3] = (u32)boot.boot_data_gpa;
	} else {
		r->gpr[6] = (u32)boot.boot_data_gpa;
	}
}

/*
 * Linux calibrates the TSC by polling the PIT between rdtscs, which the
 * emulated `in` and `rdtsc` sites make too slow and uneven under TCG: it
 * gives up and marks the TSC unstable.  The host knows the rate
 * (tsc_khz in the shared page), so append `tsc_early_khz=N` to the
 * command line burnctl left (docs/guests/linux.md), as a boot loader
 * would, unless the user gave one or it does not fit.
 */
#define LINUX_CMDLINE_MAX	2047u

static void linux_tsc_khz(void)
{
	static const char key[] = " tsc_early_khz=";
	char line[LINUX_CMDLINE_MAX + 1], num[12];
	u32 len = boot.cmdline_bytes, khz = ipvmm_page.tsc_khz, i, n = 0;

	if (boot.proto != IPVMM_PROTO_LINUX32 || !boot.cmdline_gpa || !khz ||
	    len > LINUX_CMDLINE_MAX - sizeof(key) - 10 ||
	    !phys_copy((u32)boot.cmdline_gpa, line, len, false))
		return;
	for (i = 0; i + sizeof(key) - 2 <= len; i++) {
		for (n = 0; n < sizeof(key) - 2; n++)
			if (line[i + n] != key[n + 1])
				break;
		if (n == sizeof(key) - 2)
			return;		/* the user's own */
	}
	n = 0;
	while (khz) {
		num[n++] = (char)('0' + khz % 10);
		khz /= 10;
	}
	fe_memcpy(line + len, key, sizeof(key) - 1);
	len += sizeof(key) - 1;
	while (n)
		line[len++] = num[--n];
	line[len] = '\0';
	if (phys_copy((u32)boot.cmdline_gpa, line, len + 1, true))
		boot.cmdline_bytes = len;
}

void ipvmm_main(u32 boot_gpa)
{
	struct vcpu_regs r;
	int err;

	/* Paging is off: the block is at its physical address. */
	if (ipvmm_copy(&boot, (const void *)(unsigned long)boot_gpa,
		       sizeof(boot)))
		ipvmm_fatal("cannot read the boot block at", boot_gpa, 0);
	ipvmm_boot_upgrade(&boot);
	ipvmm_page.nocall_start = (u32)(unsigned long)__ipvmm_text_start;
	ipvmm_page.nocall_end = (u32)(unsigned long)__ipvmm_text_end;
	ipvmm_page.restart_start = (u32)(unsigned long)ipvmm_restart_start;
	ipvmm_page.restart_end = (u32)(unsigned long)ipvmm_restart_end;
	ipvmm_page.restart2_start = (u32)(unsigned long)ipvmm_if_on;
	ipvmm_page.restart2_end = (u32)(unsigned long)ipvmm_if_on_end;
	err = hc_set_upcall((u32)(unsigned long)ipvmm_upcall_entry,
			    (u32)(unsigned long)ipvmm_stack_top,
			    region_gpa(&ipvmm_page));
	if (err)
		ipvmm_fatal("BURN_HC_SET_UPCALL failed", (u32)-err, 0);
	rewrite();
	linux_tsc_khz();
	boot_regs(&r);
	gdt_boot();
	ipvmm_disk_init(boot.disk_sectors);
	err = platform_init(&ipvmm_plat, &ipvmm_dev_ops, NULL,
			    boot.ipvmm_gpa, intr_changed, NULL);
	if (err)
		ipvmm_fatal("platform_init failed", (u32)-err, 0);
	prepare_return(&r);
	ipvmm_enter();
}
