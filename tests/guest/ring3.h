/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring3.h - the ring-3 programs of the test guest, as the kernel sees
 * them.  Each is entered as `u32 fn(u32 arg)` by user_run(); returning
 * from it is a SYS_EXIT system call with the return value.  The probes
 * (r3p_*) are assembly: each executes one instruction that must trap,
 * with its own ESP in ESI and its EFLAGS in EDI, at label NAME_at, and
 * continues at NAME_resume.
 */
#ifndef TESTGUEST_RING3_H
#define TESTGUEST_RING3_H

#include <burnvmm/types.h>

/* ring3.c */
u32 r3_sum(u32 arg);
u32 r3_demand(u32 npages);
u32 r3_fill(u32 arg);
u32 r3_checksum(u32 npages);
u32 r3_null_loop(u32 n);
u32 r3_flags(u32 arg);
u32 r3_popf_cli(u32 arg);
u32 r3_segments(u32 arg);
u32 r3_scratch(u32 value);
u32 r3_touch(u32 npages);
u32 r3_wait_ticks(u32 arg);
extern volatile u32 r3_ticks;

/* ring3_asm.S */
void r3_exit_trampoline(void);
u32 r3_regs_kept(u32 arg);
u32 r3_cf_kept(u32 arg);
u32 r3_sysenter(u32 arg);
u32 r3_rdtsc(u32 arg);

#define R3_PROBE(name) \
	u32 name(u32 arg); \
	extern char name##_at[], name##_resume[]
R3_PROBE(r3p_de);
R3_PROBE(r3p_ud);
R3_PROBE(r3p_bp);
R3_PROBE(r3p_of);
R3_PROBE(r3p_nm);
R3_PROBE(r3p_pf_kread);
R3_PROBE(r3p_pf_rowrite);
R3_PROBE(r3p_pf_unmapped);
R3_PROBE(r3p_cli);
R3_PROBE(r3p_sti);
R3_PROBE(r3p_hlt);
R3_PROBE(r3p_in);
R3_PROBE(r3p_out);
R3_PROBE(r3p_movcr);
R3_PROBE(r3p_movdr);
R3_PROBE(r3p_lgdt);
R3_PROBE(r3p_lidt);
R3_PROBE(r3p_ltr);
R3_PROBE(r3p_lmsw);
R3_PROBE(r3p_clts);
R3_PROBE(r3p_rdmsr);
R3_PROBE(r3p_wrmsr);
R3_PROBE(r3p_invlpg);
R3_PROBE(r3p_wbinvd);
R3_PROBE(r3p_rdpmc);
R3_PROBE(r3p_rdtsc_tsd);
R3_PROBE(r3p_int_dpl0);
R3_PROBE(r3p_load_kds);
R3_PROBE(r3p_mmio_xchg);
u32 r3_mmio_load(u32 va);
#undef R3_PROBE

#endif /* TESTGUEST_RING3_H */
