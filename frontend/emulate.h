/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/emulate.h - emulation of one sensitive instruction on the
 * virtual CPU, as a class entry does it after rw_find_site() and
 * insn_decode() of the site's original bytes; and the backend interface
 * through which the frontend asks the host for what it cannot do itself.
 *
 * Why an ops struct for the backend: the frontend is built once and runs
 * over burnvmm.ko's hypercalls (backend-lkm/) in the IPVMM and over fakes
 * in the host tests; the device models, by contrast, are linked in and
 * called directly (platform_port_read/write).
 */
#ifndef BURNVMM_FRONTEND_EMULATE_H
#define BURNVMM_FRONTEND_EMULATE_H

#include "decode.h"
#include "rewrite.h"
#include "vcpu.h"

struct platform;

/*
 * What the frontend needs from the host.  Each returns 0 or a negative
 * FE_E* (the guest is then stopped with that reason).
 *   paging      the guest's CR0/CR3/CR4 changed in a way that affects
 *               translation (mov to %cr0/%cr3/%cr4, lmsw, clts excluded):
 *               select the shadow root for cr3, or the identity shadow
 *               when CR0.PG is clear
 *   flush_tlb   invlpg of addr (all = false) or a full flush
 *   host_cpuid  the host CPU's answer; filtered by vcpu_cpuid_filter()
 *   read_tsc    the guest's TSC
 */
struct fe_backend_ops {
	int (*paging)(void *ctx, u32 cr0, u32 cr3, u32 cr4);
	int (*flush_tlb)(void *ctx, u32 addr, bool all);
	void (*host_cpuid)(void *ctx, u32 leaf, u32 subleaf, u32 regs[4]);
	u64 (*read_tsc)(void *ctx);
};

/* Everything one emulation touches. */
struct fe_cpu {
	struct vcpu *v;
	struct vcpu_regs *r;
	const struct gmem *m;
	struct platform *plat;
	const struct fe_backend_ops *be;
	void *be_ctx;
};

/* How an emulated instruction ended (fe_emulate() >= 0). */
enum fe_outcome {
	FE_NEXT,		/* done; r->eip is the end of the site */
	FE_JUMP,		/* done; r->eip set by the instruction */
	FE_FAULT,		/* deliver *f; r->eip is the site (a fault) */
	FE_HALT,		/* hlt: idle until an event, then go on */
};

/* emulate.c: */
int fe_emulate(struct fe_cpu *c, const struct insn *insn, u32 site_eip,
	       u32 next_eip, struct vcpu_fault *f);
u32 fe_linear_addr(const struct fe_cpu *c, const struct insn *insn);
int fe_site_call(struct fe_cpu *c, const struct rw_table *t, u32 ret_addr,
		 struct vcpu_fault *f);
int fe_site_call_at(struct fe_cpu *c, const struct rw_table *t, u32 ret_addr,
		    u32 load_delta, struct vcpu_fault *f);

#endif /* BURNVMM_FRONTEND_EMULATE_H */
