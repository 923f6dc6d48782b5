// SPDX-License-Identifier: GPL-2.0
/*
 * traps.c - what happens to an exception the guest raised.
 *
 * Raw ring-1 guests (no in-place VMM) have nobody to reflect an exception
 * to, so every exception but the #PF that only means "shadow entry not
 * filled yet" ends the VM with a reason naming the vector, EIP and error
 * code.  Upcalls into the in-place VMM will take over here.
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

/*S:800
 * An exception from the guest.  A #PF goes to the shadow MMU (S:710),
 * which fills the entry or, for a fault in the guest's own page tables,
 * ends the VM itself; everything else is the guest's own doing.  With
 * no in-place VMM to deliver it to, the VM ends, and the reason says
 * which exception, at which EIP (for traps like #BP: the instruction
 * after), with the error code where the CPU gave one, in a fixed format
 * tests and users can match: "guest #GP at 0x00101234 error 0x0".
 */
void burn_guest_exception(struct burn_vcpu *vcpu)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	unsigned int vector = regs->vector;

	if (vector == X86_TRAP_PF) {
		burn_shadow_fault(vcpu);
		return;
	}
	if (burn_trap_has_error_code(vector))
		burn_kill_guest(vcpu, "guest %s at 0x%08x error %#x",
				burn_trap_name(vector), (u32)regs->eip,
				(u32)regs->error_code);
	else
		burn_kill_guest(vcpu, "guest %s at 0x%08x",
				burn_trap_name(vector), (u32)regs->eip);
}
