/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backend-lkm/backend.h - the private index of the IPVMM's back end for
 * burnvmm.ko: the layouts entry.S shares with the C files, the static
 * state, and the functions of glue.c and run.c.
 *
 * The image's pieces:
 *   entry.S  the physical-mode start, the upcall entry, the class entry
 *            every rewritten `call` site reaches, the restartable return
 *            to the guest, and the one guest-memory copy that may fault
 *   run.c    start-up, the C halves of the upcall and class entries,
 *            events, idle, and the frame the return path pops
 *   glue.c   what the frontend and the device models ask of the host:
 *            paging, TLB, CPUID, time, console, the one-shot timer, the
 *            disk (BURN_HC_BLOCK_IO), the VM's end as a crash with a
 *            reason, the real GDT (selector remapping and descriptor
 *            sync)
 */
#ifndef BURNVMM_BACKEND_H
#define BURNVMM_BACKEND_H

#include <burnvmm/types.h>
#include <burnvmm/vcpu.h>
#include <burnvmm/ipvmm.h>
#include "../frontend/emulate.h"
#include "../frontend/boot.h"
#include "../devices/platform.h"

/*
 * The status a VM the IPVMM had to stop ends with: BURN_HC_END crash
 * carries it with the reason (and BURN_HC_SHUTDOWN alone, if the host
 * refused that or the window could not even be mapped).
 */
#define IPVMM_EXIT_FATAL	125
/* ... and of a guest that halted with its interrupts off. */
#define IPVMM_EXIT_HALTED	124

/* ipvmm_upcall_c() results, read by entry.S. */
#define IPVMM_UPCALL_RESUME	0	/* return to the guest: ipvmm_ret */
#define IPVMM_UPCALL_FIXUP	1	/* a guest copy faulted: fail it */

/*
 * What the class entry saves on the IPVMM stack, lowest address first:
 * pushal, then %ds %es %fs %gs, then the real EFLAGS at the site.  The
 * guest's ESP (pointing at the call's return address) and SS are kept
 * in ipvmm_site_esp and ipvmm_site_ss.
 */
struct ipvmm_site_frame {
	u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	u32 ds, es, fs, gs;
	u32 eflags;
};

/*
 * What the return path pops: pushal order, the four data segments, then
 * SS:ESP for `lss`, which point at the iret frame: EIP, CS, EFLAGS (and
 * ESP, SS to ring 3).  The offsets are entry.S's.
 */
struct ipvmm_ret {
	u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	u32 ds, es, fs, gs;
	u32 iret_esp;
	u32 iret_ss;
};

#define IPVMM_PAGE_PENDING	16
#define IPVMM_PAGE_FRAME_BUSY	20
#define IPVMM_PAGE_IRQ_ENABLED	12
#define IPVMM_PAGE_FRAME	64
#define IPVMM_FRAME_WORDS	28
#define IPVMM_VCPU_CPL		1	/* offsetof(struct vcpu, cpl) */
#define IPVMM_VCPU_EFLAGS	4	/* offsetof(struct vcpu, eflags) */

/* entry.S */
extern char ipvmm_upcall_entry[], ipvmm_class_entry[], ipvmm_resume[];
extern char ipvmm_restart_start[], ipvmm_restart_end[];
extern char ipvmm_sti_fast[], ipvmm_popf_fast[], ipvmm_pushf_fast[];
extern char ipvmm_if_on[], ipvmm_if_on_end[];
/* run.c, for the fast paths of entry.S */
extern u32 ipvmm_fast_ecx, ipvmm_fast_flags, ipvmm_fast_tail;
extern u8 ipvmm_intr_line;
extern char ipvmm_copy_insn[];
extern char ipvmm_stack_top[];
extern char __ipvmm_text_start[], __ipvmm_text_end[];
extern char __ipvmm_start[], __ipvmm_end[];
int ipvmm_copy(void *dst, const void *src, u32 n);
__attribute__((noreturn)) void ipvmm_enter(void);

/* The static state (run.c). */
extern struct burn_vcpu_page ipvmm_page;
extern struct vcpu ipvmm_vcpu;
extern struct platform ipvmm_plat;
extern struct ipvmm_ret ipvmm_ret;
extern u32 ipvmm_site_esp, ipvmm_site_ss, ipvmm_fixup_esp;
extern const struct gmem ipvmm_gmem;

/* glue.c */
extern const struct fe_backend_ops ipvmm_fe_ops;
extern const struct dev_backend_ops ipvmm_dev_ops;
void con_puts(const char *s);
void con_hex(u32 v);
void ipvmm_dump_recent(void);
void con_flush(void);
void ipvmm_why(const char *s);
void ipvmm_why_hex(u32 v);
__attribute__((noreturn)) void ipvmm_fatal(const char *what, u32 a, u32 b);
void ipvmm_disk_init(u64 sectors);
void ipvmm_disk_event(void);
u64 ipvmm_now_ns(void);
void ipvmm_timer_fired(void);
void ipvmm_timer_rearm(void);
void ipvmm_cr_sync(void);
u32 gdt_real_sel(enum insn_sreg s, u32 visible);
void gdt_loaded(enum insn_sreg s);
void gdt_left_boot(void);
u32 gdt_visible_sel(u32 real);
void gdt_sync(void);
void gdt_boot(void);

/* run.c */
void ipvmm_main(u32 boot_gpa);
int ipvmm_upcall_c(struct burn_upcall_frame *fr);
void ipvmm_site_c(struct ipvmm_site_frame *sf);
void ipvmm_return_events(void);
bool ipvmm_region_gpa(const void *p, u32 len, u32 *gpa);

#endif /* BURNVMM_BACKEND_H */
