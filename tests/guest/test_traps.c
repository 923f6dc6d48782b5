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

#define SYS_FLAG_BITS	(X86_EFLAGS_IF | X86_EFLAGS_IOPL | X86_EFLAGS_DF | \
			 X86_EFLAGS_FIXED)

void kp_de(void);
void kp_ud(void);
void kp_gp_sel(void);
void kp_np(void);
void kp_pf_read(void);
void kp_pf_write(void);
void kp_pf_wp(void);
void kp_bp(void);
void kp_of(void);
void kp_nm(void);
extern char kp_de_at[], kp_de_resume[], kp_ud_at[], kp_ud_resume[];
extern char kp_gp_sel_at[], kp_gp_sel_resume[], kp_np_at[], kp_np_resume[];
extern char kp_pf_read_at[], kp_pf_read_resume[];
extern char kp_pf_write_at[], kp_pf_write_resume[];
extern char kp_pf_wp_at[], kp_pf_wp_resume[], kp_bp_at[], kp_bp_resume[];
extern char kp_of_at[], kp_of_resume[], kp_nm_at[], kp_nm_resume[];

struct probe {
	const char *name;
	u32 (*user_fn)(u32);		/* ring-3 probe, or */
	void (*kernel_fn)(void);	/* ring-0 probe */
	const char *at, *resume;
	u32 vector, error, cr2;
	u32 trap_len;		/* 0: fault (EIP = at); n: trap (at + n) */
	u32 eflags;		/* extra EFLAGS for ring-3 entry */
	void (*setup)(void), (*teardown)(void);
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
	{ "#DE on divl by zero", NULL, kp_de, kp_de_at, kp_de_resume,
	  VEC_DE, 0, 0, 0, 0, NULL, NULL },
	{ "#UD on ud2", NULL, kp_ud, kp_ud_at, kp_ud_resume,
	  VEC_UD, 0, 0, 0, 0, NULL, NULL },
	{ "#GP(selector) loading a selector beyond the GDT limit", NULL,
	  kp_gp_sel, kp_gp_sel_at, kp_gp_sel_resume,
	  VEC_GP, BAD_SEL, 0, 0, 0, NULL, NULL },
	{ "#NP(selector) loading a not-present data segment", NULL,
	  kp_np, kp_np_at, kp_np_resume,
	  VEC_NP, NP_DS_SEL, 0, 0, 0, NULL, NULL },
	{ "#PF read of an unmapped page: CR2 and error 0", NULL,
	  kp_pf_read, kp_pf_read_at, kp_pf_read_resume,
	  VEC_PF, 0, UNMAPPED_VA, 0, 0, NULL, NULL },
	{ "#PF write to an unmapped page: error W", NULL,
	  kp_pf_write, kp_pf_write_at, kp_pf_write_resume,
	  VEC_PF, PF_W, UNMAPPED_VA, 0, 0, NULL, NULL },
	{ "#PF write to a read-only page with CR0.WP: error P|W", NULL,
	  kp_pf_wp, kp_pf_wp_at, kp_pf_wp_resume,
	  VEC_PF, PF_P | PF_W, (u32)ro_page, 0, 0, NULL, NULL },
	{ "#BP on int3, EIP after the instruction", NULL,
	  kp_bp, kp_bp_at, kp_bp_resume,
	  VEC_BP, 0, 0, 1, 0, NULL, NULL },
	{ "#OF on into with OF set, EIP after the instruction", NULL,
	  kp_of, kp_of_at, kp_of_resume,
	  VEC_OF, 0, 0, 1, 0, NULL, NULL },
	{ "#NM on fninit with CR0.TS set", NULL,
	  kp_nm, kp_nm_at, kp_nm_resume,
	  VEC_NM, 0, 0, 0, 0, set_ts, clear_ts },
};

#define UP(fn, vec, err, cr2, len, fl, su, td) \
	fn, NULL, fn##_at, fn##_resume, vec, err, cr2, len, fl, su, td

static const struct probe user_probes[] = {
	{ "#DE on divl by zero", UP(r3p_de, VEC_DE, 0, 0, 0, 0, NULL, NULL) },
	{ "#UD on ud2", UP(r3p_ud, VEC_UD, 0, 0, 0, 0, NULL, NULL) },
	{ "#BP on int3 through a DPL 3 gate",
	  UP(r3p_bp, VEC_BP, 0, 0, 1, 0, NULL, NULL) },
	{ "#OF on into with OF set",
	  UP(r3p_of, VEC_OF, 0, 0, 1, X86_EFLAGS_OF, NULL, NULL) },
	{ "#NM on fninit with CR0.TS set",
	  UP(r3p_nm, VEC_NM, 0, 0, 0, 0, set_ts, clear_ts) },
	{ "#PF read of a supervisor page: error P|U",
	  UP(r3p_pf_kread, VEC_PF, PF_P | PF_U, (u32)_kernel_start, 0, 0,
	     NULL, NULL) },
	{ "#PF write to a read-only user page: error P|W|U",
	  UP(r3p_pf_rowrite, VEC_PF, PF_P | PF_W | PF_U,
	     (u32)_user_text_start, 0, 0, NULL, NULL) },
	{ "#PF read of an unmapped page: error U",
	  UP(r3p_pf_unmapped, VEC_PF, PF_U, UNMAPPED_VA, 0, 0, NULL, NULL) },
	{ "#GP(0) on cli with IOPL 0",
	  UP(r3p_cli, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on sti with IOPL 0",
	  UP(r3p_sti, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on hlt", UP(r3p_hlt, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on in from a port the I/O bitmap denies",
	  UP(r3p_in, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on out to a port the I/O bitmap denies",
	  UP(r3p_out, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on mov from %cr0",
	  UP(r3p_movcr, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on mov from %dr7",
	  UP(r3p_movdr, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on lgdt", UP(r3p_lgdt, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on lidt", UP(r3p_lidt, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on ltr", UP(r3p_ltr, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on lmsw", UP(r3p_lmsw, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on clts", UP(r3p_clts, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on rdmsr", UP(r3p_rdmsr, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on wrmsr", UP(r3p_wrmsr, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on invlpg",
	  UP(r3p_invlpg, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on wbinvd",
	  UP(r3p_wbinvd, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on rdpmc with CR4.PCE clear",
	  UP(r3p_rdpmc, VEC_GP, 0, 0, 0, 0, NULL, NULL) },
	{ "#GP(0) on rdtsc with CR4.TSD set",
	  UP(r3p_rdtsc_tsd, VEC_GP, 0, 0, 0, 0, set_tsd, clear_tsd) },
	{ "#GP(vector) on int to a DPL 0 gate",
	  UP(r3p_int_dpl0, VEC_GP, VEC_SOFT_IGATE * 8 + 2, 0, 0, 0, NULL,
	     NULL) },
	{ "#GP(selector) loading the kernel data selector into %ds",
	  UP(r3p_load_kds, VEC_GP, KERNEL_DS, 0, 0, 0, NULL, NULL) },
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
	bool user = p->user_fn != NULL;

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

	for (i = 0; i < sizeof(kernel_probes) / sizeof(kernel_probes[0]); i++)
		run_probe(&kernel_probes[i]);
	for (i = 0; i < sizeof(user_probes) / sizeof(user_probes[0]); i++)
		run_probe(&user_probes[i]);
	test_soft_interrupts();
}
