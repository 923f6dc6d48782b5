/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/mmio.h - one guest access to a guest-physical address that no
 * RAM backs, performed on a bus instead: the load, store or immediate
 * store of a decoded mov-class instruction (insn.mmio), with the
 * register written as the CPU would write it and EIP moved past it.
 *
 * Why a bus of two calls rather than struct platform: the same step also
 * serves the CR0.WP=0 store emulation (backend-lkm/run.c), whose "bus"
 * is guest RAM with paging off, and the unit tests, whose bus records.
 */
#ifndef BURNVMM_FRONTEND_MMIO_H
#define BURNVMM_FRONTEND_MMIO_H

#include "decode.h"
#include "vcpu.h"

#define MMIO_PAGE_SIZE	0x1000u

/*
 * Where the access goes.  read/write get width 1, 2 or 4 and return 0
 * or a negative FE_E* (the instruction is then not completed); read
 * fills *val in its low width bytes, the rest is ignored.
 */
struct mmio_bus {
	int (*read)(void *ctx, u32 gpa, u32 width, u32 *val);
	int (*write)(void *ctx, u32 gpa, u32 width, u32 val);
	void *ctx;
};

/*
 * The faulting access as the host reported it.
 * @gpa:	guest-physical address of the access (frame + CR2's offset)
 * @lin:	its linear address (CR2)
 * @seg_base:	base of the segment the memory operand uses (insn.mem.seg)
 */
struct mmio_access {
	u32 gpa;
	u32 lin;
	u32 seg_base;
};

/* mmio.c: */
int mmio_check(const struct insn *insn, const struct vcpu_regs *r,
	       const struct mmio_access *a);
int mmio_emulate(const struct insn *insn, struct vcpu_regs *r,
		 const struct mmio_access *a, const struct mmio_bus *bus);

#endif /* BURNVMM_FRONTEND_MMIO_H */
