// SPDX-License-Identifier: GPL-2.0
/*
 * x86/asm-offsets.c - the offsets x86/switcher.S uses, generated from the
 * C structures in x86/switch.h so the two can never disagree.
 *
 * Kbuild compiles this file to assembly only and turns the markers into
 * generated/burn-asm-offsets.h (see Kbuild); it is never linked.
 */
#define COMPILE_OFFSETS
#include <linux/kbuild.h>
#include <linux/stddef.h>
#include "switch.h"

#define SW(sym, field)	OFFSET(sym, burn_switch, field)
#define REG(sym, field)	OFFSET(sym, burn_guest_regs, field)

static void __used burn_asm_offsets(void)
{
	COMMENT("struct burn_switch");
	SW(SW_IDT, idt);
	SW(SW_WORLD_CR3, world.cr3);
	SW(SW_WORLD_CR4_CLEAR, world.cr4_clear);
	SW(SW_WORLD_CR4_SET, world.cr4_set);
	SW(SW_WORLD_CR0_CLEAR, world.cr0_clear);
	SW(SW_WORLD_CR0_SET, world.cr0_set);
	SW(SW_WORLD_GDT, world.gdt);
	SW(SW_WORLD_IDT, world.idt);
	SW(SW_HOST_RSP, host.rsp);
	SW(SW_HOST_RFLAGS, host.rflags);
	SW(SW_HOST_CR3, host.cr3);
	SW(SW_HOST_CR4, host.cr4);
	SW(SW_HOST_CR0, host.cr0);
	SW(SW_HOST_EFER, host.efer);
	SW(SW_HOST_SYSENTER_CS, host.sysenter_cs);
	SW(SW_HOST_FS_BASE, host.fs_base);
	SW(SW_HOST_GS_BASE, host.gs_base);
	SW(SW_HOST_DR7, host.dr7);
	SW(SW_HOST_DS, host.ds);
	SW(SW_HOST_ES, host.es);
	SW(SW_HOST_SS, host.ss);
	SW(SW_HOST_FS, host.fs);
	SW(SW_HOST_GS, host.gs);
	SW(SW_HOST_TR, host.tr);
	SW(SW_HOST_LDT, host.ldt);
	SW(SW_HOST_GDT, host.gdt);
	SW(SW_HOST_GDT_RW, host.gdt_rw);
	SW(SW_HOST_IDT, host.idt);
	SW(SW_PENDING, pending);
	SW(SW_FAULT_VECTOR, fault_vector);
	SW(SW_FAULT_RIP, fault_rip);
	SW(SW_FAULT_ERROR, fault_error);
	SW(SW_REGS, regs);
	BLANK();
	COMMENT("struct desc_ptr");
	OFFSET(DESC_PTR_ADDRESS, desc_ptr, address);
	BLANK();
	COMMENT("struct burn_guest_regs");
	REG(R_CR2, cr2);
	REG(R_DS, ds);
	REG(R_ES, es);
	REG(R_FS, fs);
	REG(R_GS, gs);
	REG(R_EAX, eax);
	REG(R_EBX, ebx);
	REG(R_ECX, ecx);
	REG(R_EDX, edx);
	REG(R_ESI, esi);
	REG(R_EDI, edi);
	REG(R_EBP, ebp);
	REG(R_VECTOR, vector);
	REG(R_ERROR_CODE, error_code);
	REG(R_EIP, eip);
	REG(R_CS, cs);
	REG(R_EFLAGS, eflags);
	REG(R_ESP, esp);
	REG(R_SS, ss);
}
