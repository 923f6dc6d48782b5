// SPDX-License-Identifier: GPL-2.0
/*
 * traps.c - what happens to an exception the guest raised.
 *
 * A guest that registered an upcall entry (the in-place VMM) gets its
 * exceptions there (upcall.c); one that did not (a raw ring-1 guest) has
 * nobody to reflect an exception to, so every exception but the #PF that
 * only means "shadow entry not filled yet" ends the VM with a reason
 * naming the vector, EIP and error code.
 */
#include <asm/trapnr.h>
#include "burnvmm.h"

static const char *const burn_trap_names[32] = {
	[X86_TRAP_DE] = "#DE", [X86_TRAP_DB] = "#DB", [X86_TRAP_NMI] = "NMI",
	[X86_TRAP_BP] = "#BP", [X86_TRAP_OF] = "#OF", [X86_TRAP_BR] = "#BR",
	[X86_TRAP_UD] = "#UD", [X86_TRAP_NM] = "#NM", [X86_TRAP_DF] = "#DF",
	[X86_TRAP_OLD_MF] = "#CSO", [X86_TRAP_TS] = "#TS",
	[X86_TRAP_NP] = "#NP", [X86_TRAP_SS] = "#SS", [X86_TRAP_GP] = "#GP",
	[X86_TRAP_PF] = "#PF", [X86_TRAP_MF] = "#MF", [X86_TRAP_AC] = "#AC",
	[X86_TRAP_MC] = "#MC", [X86_TRAP_XF] = "#XM", [X86_TRAP_VE] = "#VE",
	[X86_TRAP_CP] = "#CP", [X86_TRAP_VC] = "#VC",
};

/* The mnemonic of exception @vector ("#GP"), or "vector" for others. */
const char *burn_trap_name(unsigned int vector)
{
	if (vector < ARRAY_SIZE(burn_trap_names) && burn_trap_names[vector])
		return burn_trap_names[vector];
	return "vector";
}

/* Does the CPU push an error code for exception @vector? */
bool burn_trap_has_error_code(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DF:
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
	case X86_TRAP_PF:
	case X86_TRAP_AC:
	case X86_TRAP_CP:
	case X86_TRAP_VC:
	case 30:	/* #SX */
		return true;
	}
	return false;
}

/*
 * A #GP whose error code names an IDT entry (bit 1) and not an external
 * event (bit 0) came from `int $n` hitting a gate whose DPL is below the
 * guest's CPL: every vector the host may use for a device is DPL 0.  We
 * check that the instruction really is `int $n` (CD n) before calling it
 * a software interrupt, reading it as the CPU fetched it, through the
 * code segment's base and the guest's page tables.  Anything else stays
 * a #GP.
 */
#define BURN_GP_ERR_IDT		0x2
#define BURN_GP_ERR_EXT		0x1
#define BURN_OPCODE_INT_IMM8	0xcd

static bool burn_is_soft_int(struct burn_vcpu *vcpu, unsigned int *vector)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	u32 err = regs->error_code;
	u32 linear = burn_arch_cs_base(vcpu) + (u32)regs->eip;
	gpa_t where;
	u8 insn[2];

	if ((err & (BURN_GP_ERR_IDT | BURN_GP_ERR_EXT)) != BURN_GP_ERR_IDT)
		return false;
	/* Both bytes in one page: the common case; else do not guess. */
	if ((linear & ~PAGE_MASK) == PAGE_SIZE - 1)
		return false;
	if (!burn_gva_to_gpa(vcpu, gva(linear), &where) ||
	    burn_gpa_read(vcpu->vm, where, insn, sizeof(insn)))
		return false;
	/*
	 * The error code names the gate as (vector << 3) | 2; QEMU's TCG
	 * pushes (vector << 4) | 2 in long mode.  The instruction byte
	 * decides which vector, as long as either form agrees with it.
	 */
	if (insn[0] != BURN_OPCODE_INT_IMM8 ||
	    (insn[1] != (err >> 3) && insn[1] != (err >> 4)))
		return false;
	/* A hypercall from ring 3 is a #GP, and stays one (hypercall.h). */
	if (insn[1] == BURN_HC_VECTOR)
		return false;
	*vector = insn[1];
	return true;
}

/*S:800
 * An exception from the guest.  A #PF goes to the shadow MMU (S:710),
 * which fills the entry or hands the guest its own fault.  Everything
 * else is the guest's: with an upcall entry registered it is delivered
 * there (S:860); a software interrupt is told apart first, so the guest
 * sees `int $0x30` rather than the #GP the host's gate DPL turned it
 * into, with EIP past the instruction as after any INT.
 *
 * With no upcall entry (a raw guest, or an IPVMM not yet set up) the VM
 * ends, and the reason says which exception, at which EIP (for traps
 * like #BP: the instruction after), with the error code where the CPU
 * gave one, in a fixed format tests and users can match:
 * "guest #GP at 0x00101234 error 0x0".
 */
void burn_guest_exception(struct burn_vcpu *vcpu)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	unsigned int vector = regs->vector;
	struct burn_upcall_frame trap = { .vector = vector };
	unsigned int soft;

	if (vector == X86_TRAP_PF) {
		burn_shadow_fault(vcpu);
		return;
	}
	if (vector == BURN_SYSCALL_VECTOR || vector == X86_TRAP_BP ||
	    vector == X86_TRAP_OF) {
		trap.flags = BURN_FRAME_SOFTINT;
	} else if (vector == X86_TRAP_GP && vcpu->upcall.page &&
		   burn_is_soft_int(vcpu, &soft)) {
		trap.vector = soft;
		trap.flags = BURN_FRAME_SOFTINT;
		regs->eip = (u32)(regs->eip + 2);
	} else if (burn_trap_has_error_code(vector)) {
		trap.error_code = regs->error_code;
		trap.flags = BURN_FRAME_ERROR_CODE;
	}
	if (burn_upcall_exception(vcpu, &trap))
		return;
	if (vector == BURN_SYSCALL_VECTOR)
		burn_kill_guest(vcpu, "guest int $0x80 at 0x%08x",
				(u32)regs->eip);
	else if (burn_trap_has_error_code(vector))
		burn_kill_guest(vcpu, "guest %s at 0x%08x error %#x",
				burn_trap_name(vector), (u32)regs->eip,
				(u32)regs->error_code);
	else
		burn_kill_guest(vcpu, "guest %s at 0x%08x",
				burn_trap_name(vector), (u32)regs->eip);
}
