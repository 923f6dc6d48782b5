// SPDX-License-Identifier: GPL-2.0
/*
 * test_traps.c - exceptions delivered through the guest's own IDT, from
 * ring 0 and from ring 3, with their frames checked field by field; and
 * software interrupts through interrupt and trap gates, nested.
 *
 * Each probe (probes.S for ring 0, ring3_asm.S for ring 3) executes one
 * instruction that must trap.  The checks are architectural: vector,
 * error code, the faulting EIP (or the next one, for traps), CS, the
 * interrupted EFLAGS, CR2 for page faults, and where the frame is: a
 * ring-0 exception pushes its frame right below the interrupted ESP, a
 * ring-3 one switches to the TSS ring-0 stack and also pushes SS:ESP.
 */
#include "guest.h"
#include "ring3.h"
#include "probes.h"

#define SYS_FLAG_BITS	(X86_EFLAGS_IF | X86_EFLAGS_IOPL | X86_EFLAGS_DF | \
			 X86_EFLAGS_FIXED)

struct probe {
	const char *name;
	u32 (*user_fn)(u32 arg);	/* ring-3 probe, or */
	void (*kernel_fn)(void);	/* ring-0 probe */
	const char *at, *resume;
	u32 vector, error, cr2;
	u32 trap_len;		/* 0: fault (EIP = at); n: trap (at + n) */
	u32 eflags;		/* extra EFLAGS for ring-3 entry */
	void (*setup)(void);
	void (*teardown)(void);
};

static void set_ts(void)
{
	write_cr0(read_cr0() | X86_CR0_TS);
}

static void clear_ts(void)
{
	asm volatile("clts");
}

static void set_tsd(void)
{
	write_cr4(read_cr4() | X86_CR4_TSD);
}

static void clear_tsd(void)
{
	write_cr4(read_cr4() & ~X86_CR4_TSD);
}

static const struct probe kernel_probes[] = {
	{ .name = "#DE on divl by zero",
	  .kernel_fn = kp_de, .at = kp_de_at, .resume = kp_de_resume,
	  .vector = VEC_DE },
	{ .name = "#UD on ud2",
	  .kernel_fn = kp_ud, .at = kp_ud_at, .resume = kp_ud_resume,
	  .vector = VEC_UD },
	{ .name = "#GP(selector) loading a selector beyond the GDT limit",
	  .kernel_fn = kp_gp_sel, .at = kp_gp_sel_at, .resume = kp_gp_sel_resume,
	  .vector = VEC_GP, .error = BAD_SEL },
	{ .name = "#NP(selector) loading a not-present data segment",
	  .kernel_fn = kp_np, .at = kp_np_at, .resume = kp_np_resume,
	  .vector = VEC_NP, .error = NP_DS_SEL },
	{ .name = "#PF read of an unmapped page: CR2 and error 0",
	  .kernel_fn = kp_pf_read, .at = kp_pf_read_at, .resume = kp_pf_read_resume,
	  .vector = VEC_PF, .cr2 = UNMAPPED_VA },
	{ .name = "#PF write to an unmapped page: error W",
	  .kernel_fn = kp_pf_write, .at = kp_pf_write_at, .resume = kp_pf_write_resume,
	  .vector = VEC_PF, .error = PF_W, .cr2 = UNMAPPED_VA },
	{ .name = "#PF write to a read-only page with CR0.WP: error P|W",
	  .kernel_fn = kp_pf_wp, .at = kp_pf_wp_at, .resume = kp_pf_wp_resume,
	  .vector = VEC_PF, .error = PF_P | PF_W, .cr2 = (u32)ro_page },
	{ .name = "#BP on int3, EIP after the instruction",
	  .kernel_fn = kp_bp, .at = kp_bp_at, .resume = kp_bp_resume,
	  .vector = VEC_BP, .trap_len = 1 },
	{ .name = "#OF on into with OF set, EIP after the instruction",
	  .kernel_fn = kp_of, .at = kp_of_at, .resume = kp_of_resume,
	  .vector = VEC_OF, .trap_len = 1 },
	{ .name = "#NM on fninit with CR0.TS set",
	  .kernel_fn = kp_nm, .at = kp_nm_at, .resume = kp_nm_resume,
	  .vector = VEC_NM, .setup = set_ts, .teardown = clear_ts },
};

static const struct probe user_probes[] = {
	{ .name = "#DE on divl by zero",
	  .user_fn = r3p_de, .at = r3p_de_at, .resume = r3p_de_resume,
	  .vector = VEC_DE },
	{ .name = "#UD on ud2",
	  .user_fn = r3p_ud, .at = r3p_ud_at, .resume = r3p_ud_resume,
	  .vector = VEC_UD },
	{ .name = "#BP on int3 through a DPL 3 gate",
	  .user_fn = r3p_bp, .at = r3p_bp_at, .resume = r3p_bp_resume,
	  .vector = VEC_BP, .trap_len = 1 },
	{ .name = "#OF on into with OF set",
	  .user_fn = r3p_of, .at = r3p_of_at, .resume = r3p_of_resume,
	  .vector = VEC_OF, .trap_len = 1, .eflags = X86_EFLAGS_OF },
	{ .name = "#NM on fninit with CR0.TS set",
	  .user_fn = r3p_nm, .at = r3p_nm_at, .resume = r3p_nm_resume,
	  .vector = VEC_NM, .setup = set_ts, .teardown = clear_ts },
	{ .name = "#PF read of a supervisor page: error P|U",
	  .user_fn = r3p_pf_kread, .at = r3p_pf_kread_at, .resume = r3p_pf_kread_resume,
	  .vector = VEC_PF, .error = PF_P | PF_U, .cr2 = (u32)_kernel_start },
	{ .name = "#PF write to a read-only user page: error P|W|U",
	  .user_fn = r3p_pf_rowrite, .at = r3p_pf_rowrite_at, .resume = r3p_pf_rowrite_resume,
	  .vector = VEC_PF,
	  .error = PF_P | PF_W | PF_U,
	  .cr2 = (u32)_user_text_start },
	{ .name = "#PF read of an unmapped page: error U",
	  .user_fn = r3p_pf_unmapped, .at = r3p_pf_unmapped_at, .resume = r3p_pf_unmapped_resume,
	  .vector = VEC_PF, .error = PF_U, .cr2 = UNMAPPED_VA },
	{ .name = "#GP(0) on cli with IOPL 0",
	  .user_fn = r3p_cli, .at = r3p_cli_at, .resume = r3p_cli_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on sti with IOPL 0",
	  .user_fn = r3p_sti, .at = r3p_sti_at, .resume = r3p_sti_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on hlt",
	  .user_fn = r3p_hlt, .at = r3p_hlt_at, .resume = r3p_hlt_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on in from a port the I/O bitmap denies",
	  .user_fn = r3p_in, .at = r3p_in_at, .resume = r3p_in_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on out to a port the I/O bitmap denies",
	  .user_fn = r3p_out, .at = r3p_out_at, .resume = r3p_out_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on mov from %cr0",
	  .user_fn = r3p_movcr, .at = r3p_movcr_at, .resume = r3p_movcr_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on mov from %dr7",
	  .user_fn = r3p_movdr, .at = r3p_movdr_at, .resume = r3p_movdr_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on lgdt",
	  .user_fn = r3p_lgdt, .at = r3p_lgdt_at, .resume = r3p_lgdt_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on lidt",
	  .user_fn = r3p_lidt, .at = r3p_lidt_at, .resume = r3p_lidt_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on ltr",
	  .user_fn = r3p_ltr, .at = r3p_ltr_at, .resume = r3p_ltr_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on lmsw",
	  .user_fn = r3p_lmsw, .at = r3p_lmsw_at, .resume = r3p_lmsw_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on clts",
	  .user_fn = r3p_clts, .at = r3p_clts_at, .resume = r3p_clts_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on rdmsr",
	  .user_fn = r3p_rdmsr, .at = r3p_rdmsr_at, .resume = r3p_rdmsr_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on wrmsr",
	  .user_fn = r3p_wrmsr, .at = r3p_wrmsr_at, .resume = r3p_wrmsr_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on invlpg",
	  .user_fn = r3p_invlpg, .at = r3p_invlpg_at, .resume = r3p_invlpg_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on wbinvd",
	  .user_fn = r3p_wbinvd, .at = r3p_wbinvd_at, .resume = r3p_wbinvd_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on rdpmc with CR4.PCE clear",
	  .user_fn = r3p_rdpmc, .at = r3p_rdpmc_at, .resume = r3p_rdpmc_resume,
	  .vector = VEC_GP },
	{ .name = "#GP(0) on rdtsc with CR4.TSD set",
	  .user_fn = r3p_rdtsc_tsd, .at = r3p_rdtsc_tsd_at, .resume = r3p_rdtsc_tsd_resume,
	  .vector = VEC_GP, .setup = set_tsd, .teardown = clear_tsd },
	{ .name = "#GP(vector) on int to a DPL 0 gate",
	  .user_fn = r3p_int_dpl0, .at = r3p_int_dpl0_at, .resume = r3p_int_dpl0_resume,
	  .vector = VEC_GP, .error = VEC_SOFT_IGATE * 8 + 2 },
	{ .name = "#GP(selector) loading the kernel data selector into %ds",
	  .user_fn = r3p_load_kds, .at = r3p_load_kds_at, .resume = r3p_load_kds_resume,
	  .vector = VEC_GP, .error = KERNEL_DS },
};

static bool probe_check(const struct probe *p, bool user)
{
	const struct trap_record *g = &trap_got;
	u32 want_eip = (u32)p->at + p->trap_len;
	bool ok = true;

	if (g->count != 1 || g->vector != p->vector || g->error != p->error ||
	    g->eip != want_eip)
		ok = false;
	if (p->vector == VEC_PF && g->cr2 != p->cr2)
		ok = false;
	if (((g->eflags ^ g->edi) & SYS_FLAG_BITS) != 0)
		ok = false;
	if (user) {
		if (g->cs != USER_CS || g->user_ss != USER_DS ||
		    g->user_esp != g->esi || g->frame_end != tss.hw.esp0)
			ok = false;
	} else {
		if (g->cs != KERNEL_CS || g->frame_end != g->esi)
			ok = false;
	}
	if (!ok)
		tap_diag("got %u traps: vector %u error %x eip %x (want %u %x %x) cs %x eflags %x/%x cr2 %x esp %x/%x end %x",
			 g->count, g->vector, g->error, g->eip, p->vector,
			 p->error, want_eip, g->cs, g->eflags, g->edi, g->cr2,
			 g->user_esp, g->esi, g->frame_end);
	return ok;
}

static void run_probe(const struct probe *p)
{
	bool user = p->user_fn;

	if (p->setup)
		p->setup();
	trap_expect((u32)p->resume);
	if (user)
		user_run_eflags(p->user_fn, 0, X86_EFLAGS_IF |
				X86_EFLAGS_FIXED | p->eflags);
	else
		p->kernel_fn();
	trap_resume = 0;
	if (p->teardown)
		p->teardown();
	tap_result(probe_check(p, user), "%s: %s", user ? "ring 3" : "ring 0",
		   p->name);
}

/* State the software-interrupt handlers leave for the tests. */
static u32 soft_if_seen, soft_depth_seen;
static bool soft_nest_bp;

static void soft_handler(struct trap_frame *f)
{
	soft_if_seen = read_eflags() & X86_EFLAGS_IF;
	soft_depth_seen = trap_depth;
	f->eax += 0x1000;
	if (soft_nest_bp) {
		/* An exception inside an interrupt handler: nests. */
		asm volatile("movl $1f, %0\n\t"
			     "int3\n"
			     "1:"
			     : "=m"(trap_resume) : : "memory");
	}
}

static u32 soft_int(u32 vector, u32 eax)
{
	if (vector == VEC_SOFT_IGATE)
		asm volatile("int $0x40" : "+a"(eax) : : "memory");
	else
		asm volatile("int $0x41" : "+a"(eax) : : "memory");
	return eax;
}

static void test_soft_interrupts(void)
{
	u32 flags = read_eflags();
	u32 eax;

	soft_set_handler(VEC_SOFT_IGATE, soft_handler);
	soft_set_handler(VEC_SOFT_TGATE, soft_handler);

	irq_enable();
	eax = soft_int(VEC_SOFT_IGATE, 7);
	tap_result(eax == 0x1007 && soft_if_seen == 0 &&
		   (read_eflags() & X86_EFLAGS_IF),
		   "int $n through an interrupt gate: IF clear inside, restored by iret, EAX returned");
	soft_if_seen = 0;
	eax = soft_int(VEC_SOFT_TGATE, 9);
	tap_result(eax == 0x1009 && soft_if_seen == X86_EFLAGS_IF,
		   "int $n through a trap gate keeps IF set inside the handler");
	irq_disable();

	soft_nest_bp = true;
	memset(&trap_got, 0, sizeof(trap_got));
	eax = soft_int(VEC_SOFT_IGATE, 0);
	soft_nest_bp = false;
	tap_result(eax == 0x1000 && trap_got.count == 1 &&
		   trap_got.vector == VEC_BP &&
		   trap_got.depth == soft_depth_seen + 1 &&
		   trap_got.cs == KERNEL_CS,
		   "nested: #BP inside an interrupt handler is delivered and returns");
	write_eflags(flags);
}

void test_traps(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kernel_probes); i++)
		run_probe(&kernel_probes[i]);
	for (i = 0; i < ARRAY_SIZE(user_probes); i++)
		run_probe(&user_probes[i]);
	test_soft_interrupts();
}
