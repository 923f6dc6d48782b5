/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm.h - burnvmm.ko's private header, and its index.
 *
 * Every file of the module declares what it offers to the others here,
 * under a heading naming the file, so this header doubles as a map of the
 * module: read it first.
 */
#ifndef BURNVMM_KMOD_H
#define BURNVMM_KMOD_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/ktime.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>
#include <linux/mutex.h>
#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/spinlock.h>
#include <uapi/linux/burnvmm.h>
#include "burnvmm_config.h"
#include "burnvmm/types.h"
#include "burnvmm/hypercall.h"
#include "burnvmm/vcpu.h"
#include "x86/switch.h"
#include "stats.h"

#define BURN_MODULE_VERSION "0.1.0"

struct dentry;

/* Registers a VCPU starts with (VCPU_SET_REGS); see docs/abi.md. */
struct burn_boot_regs {
	u32 eip, esp, eax, ebx, ecx, edx, esi, edi, ebp;
};

/*
 * One cached shadow root (shadow.c): a top level whose upper half is the
 * host kernel's, and a private chain down to the one page directory
 * pointer table that covers the guest's 4 GiB.
 *
 * @top, @p4d, @pud: the chain (@p4d only with 5-level paging); @top is
 *		NULL for a slot never used
 * @gcr3:	the guest page directory (gpa) this root shadows
 * @paging:	false: the identity shadow of paging-off mode (@gcr3 unused)
 */
struct burn_shadow_root {
	u64 *top;
	u64 *p4d;
	u64 *pud;
	u32 gcr3;
	bool paging;
};

/* How many shadow roots a VCPU keeps, one per guest CR3 recently used. */
#define BURN_SHADOW_ROOTS	16

/*
 * The shadow page tables of a VCPU (shadow.c).
 *
 * @roots:	cached roots; @roots[@cur] is the one the guest runs on
 * @cur:	index of the active root
 * @victim:	the slot the next miss reuses (round robin)
 * @pse, @pge:	the guest's CR4.PSE and CR4.PGE (BURN_HC_SET_PGTABLE)
 * @win_gva, @win_size, @win_gpa: the IPVMM window (BURN_HC_SET_WINDOW);
 *		@win_size 0: none
 */
struct burn_shadow {
	struct burn_shadow_root roots[BURN_SHADOW_ROOTS];
	unsigned int cur;
	unsigned int victim;
	bool pse, pge;
	u32 win_gva;
	u32 win_size;
	gpa_t win_gpa;
};

/*
 * The guest's upcall registration (upcall.c, BURN_HC_SET_UPCALL).
 *
 * @entry:	EIP an upcall starts at; 0 with @page NULL: none
 * @stack:	ESP an upcall from outside the IPVMM starts with
 * @page:	the shared VCPU page, in the VM's RAM mapping
 */
struct burn_upcall {
	u32 entry;
	u32 stack;
	struct burn_vcpu_page *page;
};

/*
 * The block request in flight (block.c).
 *
 * @lock:	guards the rest; the VM thread and netlink take it
 * @busy:	a request waits for the owner's BLOCK_COMPLETE
 * @op, @count, @sector, @buf: what the guest asked for (checked)
 * @status:	how the latest request ended (0 or a positive errno)
 * @finished:	requests finished so far
 */
struct burn_block {
	struct mutex lock;	/* see @lock above */
	bool busy;
	u32 op;
	u32 count;
	u64 sector;
	gpa_t buf;
	u32 status;
	u32 finished;
};

/* Console input bytes a VCPU buffers (events.c); a power of two. */
#define BURN_CONSOLE_IN_SIZE	1024

/*
 * The VCPU of a VM (one per VM for now).
 *
 * @vm:		its VM
 * @task:	the VM thread once started (run.c); holds a task reference
 * @sw:		the world switch area (x86/core.c), from VCPU_START on
 * @shadow:	shadow page tables, from VCPU_START on
 * @boot:	registers VCPU_START starts the guest with
 * @stop_requested: VCPU_STOP was asked for (the thread ends the VM)
 * @stats:	counters (stats.h; enum burnvmm_stat)
 * @upcall:	the guest's upcall entry and VCPU page (upcall.c)
 * @events:	BURN_EVENT_* bits raised and not yet merged (events.c);
 *		set atomically from any context
 * @raw_pending: merged events of a guest without a VCPU page
 * @timer:	the guest's one-shot timer (BURN_HC_SET_TIMER)
 * @console_lock: serialises writers of @console_in
 * @console_in:	console input from netlink, read by BURN_HC_CONSOLE_READ
 * @block:	the block request in flight (block.c)
 * @fpu:	the guest's x87/SSE/AVX state between trips (x86/core.c)
 * @fpu_size:	its size in bytes
 */
struct burn_vcpu {
	struct burn_vm *vm;
	struct task_struct *task;
	struct burn_switch *sw;
	struct burn_shadow shadow;
	struct burn_boot_regs boot;
	bool stop_requested;
	struct burn_vcpu_stats stats;
	struct burn_upcall upcall;
	unsigned long events;
	u32 raw_pending;
	struct hrtimer timer;
	spinlock_t console_lock;	/* see @console_lock above */
	DECLARE_KFIFO(console_in, u8, BURN_CONSOLE_IN_SIZE);
	struct burn_block block;
	u8 *fpu;
	unsigned int fpu_size;
};

/*
 * One VM.  Lives from VM_CREATE until VM_DESTROY, its owner's socket
 * closing, or module unload.  References: the registry holds one; lookups
 * take another (burn_vm_get/burn_vm_put) so a VM found under the registry
 * lock stays valid after the lock is dropped.
 *
 * @id:		number in the registry, 1..burn_max_vms
 * @ref:	reference count; the last put frees RAM and the struct
 * @net:	network namespace it was created in.  Not a counted reference:
 *		the owning socket pins the namespace, and closing that socket
 *		destroys the VM (NETLINK_URELEASE) before the namespace can go.
 * @owner_portid: netlink port that created it and owns its lifetime
 * @owner_uid:	euid of the creating process
 * @mem:	guest RAM, @mem_size bytes of zeroed vmalloc memory (hva)
 * @mem_size:	guest RAM size in bytes, BURNVMM_MEM_ALIGN-aligned
 * @created_ns:	CLOCK_BOOTTIME at creation
 * @state:	enum burnvmm_vm_state
 * @end_reason:	first reason recorded for the VM's end (sticky)
 * @end_kind:	enum burnvmm_end_kind of @end_reason (BURNVMM_END_NONE
 *		while the VM lives)
 * @exit_status: the guest's shutdown status, for BURNVMM_END_SHUTDOWN
 * @ended_sent:	VM_ENDED went to the owner (at most once)
 * @reap_link:	chains VMs taken out of the registry to be ended together
 * @lock:	serialises VCPU start, register and memory writes with the
 *		VM's end; never held while the guest runs
 * @dead:	out of the registry: nothing may start any more (under @lock)
 * @debugfs:	its debugfs directory vm<ID> (debugfs.c), NULL or an ERR_PTR
 *		when there is none; made and removed under the registry lock
 * @vcpu:	the VM's one VCPU
 */
struct burn_vm {
	u32 id;
	struct kref ref;
	struct net *net;
	u32 owner_portid;
	kuid_t owner_uid;
	void *mem;
	u64 mem_size;
	u64 created_ns;
	enum burnvmm_vm_state state;
	char end_reason[BURNVMM_END_REASON_LEN];
	enum burnvmm_end_kind end_kind;
	u32 exit_status;
	atomic_t ended_sent;
	struct list_head reap_link;
	struct mutex lock;	/* see @lock above */
	bool dead;
	struct dentry *debugfs;
	/*
	 * The creator's memory cgroup (a reference), charged for what the
	 * VM thread allocates on the guest's behalf: shadow page tables.
	 */
	struct mem_cgroup *memcg;
	struct burn_vcpu vcpu;
};

/* How one trip into the guest ended, for run.c (x86/core.c classifies). */
enum burn_exit {
	BURN_EXIT_HOST,		/* a host event, already handled: go again */
	BURN_EXIT_HYPERCALL,	/* int $0x82 from ring 1 */
	BURN_EXIT_EXCEPTION,	/* a guest exception, in regs->vector */
	BURN_EXIT_BROKEN,	/* the switch failed; the VM was killed */
};

/* regs->vector after a host interrupt was handed to Linux. */
#define BURN_VECTOR_HOST	0x100

/* Who asks: identity of the netlink request, for ownership checks. */
struct burn_requester {
	struct net *net;
	u32 portid;
	kuid_t euid;
	bool sys_admin;
};

/* How a VM ended, copied out of it in one piece (burn_vm_get_end). */
struct burn_vm_end {
	enum burnvmm_end_kind kind;
	u32 status;		/* for BURNVMM_END_SHUTDOWN */
	char reason[BURNVMM_END_REASON_LEN];
};

/* main.c: */
extern unsigned int burn_max_mem_mb;
extern unsigned int burn_max_vms;

/* vm.c: */
int burn_vm_registry_init(void);
void burn_vm_registry_fini(void);
int burn_vm_check_mem_size(u64 size, u64 limit, const char **why);
u64 burn_vm_mem_limit(void);
struct burn_vm *burn_vm_create(const struct burn_requester *who, u64 mem_size,
			       const char **why);
void burn_vm_abandon(struct burn_vm *vm);
int burn_vm_destroy(const struct burn_requester *who, u32 id);
void burn_vm_release_port(struct net *net, u32 portid);
void burn_vm_destroy_all(const char *reason);
struct burn_vm *burn_vm_get(struct net *net, u32 id);
struct burn_vm *burn_vm_get_next(struct net *net, u32 *next_id);
void burn_vm_put(struct burn_vm *vm);
bool burn_vm_set_end_reason(struct burn_vm *vm, enum burnvmm_end_kind kind,
			    u32 status, const char *reason);
bool burn_vm_has_ended(struct burn_vm *vm);
bool burn_vm_get_end(struct burn_vm *vm, struct burn_vm_end *end);
void burn_vm_notify_ended(struct burn_vm *vm);
struct burn_vm *burn_vm_get_owned(const struct burn_requester *who, u32 id,
				  int *err);
u32 burn_vm_count(void);
u64 burn_vm_mem_in_use(void);

/* debugfs.c: */
void burn_debugfs_init(void);
void burn_debugfs_fini(void);
void burn_debugfs_vm_add(struct burn_vm *vm);
void burn_debugfs_vm_remove(struct burn_vm *vm);

/* netlink.c: */
int burn_netlink_init(void);
void burn_netlink_fini(void);
void burn_netlink_vm_ended(struct burn_vm *vm);
int burn_netlink_console(struct burn_vm *vm, gpa_t gpa, u32 len);
int burn_netlink_block_request(struct burn_vm *vm, u32 op, u64 sector,
			       u32 count, gpa_t buf);

/* mem.c: */
bool burn_gpa_range_ok(u64 mem_size, gpa_t gpa, u64 len);
int burn_gpa_write(struct burn_vm *vm, gpa_t gpa, const void *src, u64 len);
int burn_gpa_read(struct burn_vm *vm, gpa_t gpa, void *dst, u64 len);
bool burn_gpa_to_pfn(struct burn_vm *vm, gpa_t gpa, unsigned long *pfn);

/* shadow.c: */

/*
 * The outcome of walking the guest's page tables for one access
 * (burn_gwalk()): the guest-physical address and what the guest's
 * entries allow, or the guest #PF error code, or a table the guest put
 * outside its RAM.
 */
enum burn_gwalk_result {
	BURN_GWALK_OK,
	BURN_GWALK_FAULT,	/* a #PF in the guest's own tables */
	BURN_GWALK_BAD_TABLE,	/* a page table outside guest RAM */
};

struct burn_gwalk {
	gpa_t gpa;
	bool writable;
	bool user;
	bool dirty;
	bool global;
	bool accessed;
	u32 error;
	gpa_t table;
};

enum burn_gwalk_result burn_gwalk(struct burn_vm *vm, u32 gcr3, bool pse,
				  gva_t va, u32 access, bool set_ad,
				  struct burn_gwalk *w);
int burn_shadow_init(struct burn_vcpu *vcpu);
void burn_shadow_free(struct burn_vcpu *vcpu);
unsigned long burn_shadow_root_pa(struct burn_vcpu *vcpu);
void burn_shadow_fault(struct burn_vcpu *vcpu);
int burn_shadow_set_pgtable(struct burn_vcpu *vcpu, u32 gcr3, u32 flags);
int burn_shadow_flush(struct burn_vcpu *vcpu, u32 kind, gva_t va);
void burn_shadow_out_of_memory(struct burn_vcpu *vcpu);
bool burn_gva_to_gpa(struct burn_vcpu *vcpu, gva_t gva, gpa_t *out);
int burn_shadow_set_window(struct burn_vcpu *vcpu, u32 base, u32 size,
			   u32 ram);

/* upcall.c: */
int burn_upcall_register(struct burn_vcpu *vcpu, u32 entry, u32 stack,
			 u32 page_gpa);
bool burn_upcall_exception(struct burn_vcpu *vcpu,
			   const struct burn_upcall_frame *trap);
void burn_upcall_events(struct burn_vcpu *vcpu);
/* What burn_upcall_events() does with pending events (KUnit-visible). */
enum burn_event_action {
	BURN_EVENT_NONE,	/* nothing pending */
	BURN_EVENT_DEFER,	/* pending, but the guest cannot take them now */
	BURN_EVENT_RESTART,	/* inside a restartable sequence: rewind */
	BURN_EVENT_UPCALL,	/* deliver now */
};

/* The restartable sequences of the shared page, [start, end) each. */
#define BURN_RESTART_RANGES	2
enum burn_event_action burn_event_decide(u32 pending, u32 irq_enabled,
					 u32 frame_busy, bool ring1, u32 eip,
					 const u32 nocall[2],
					 const u32 restart[BURN_RESTART_RANGES][2],
					 u32 *restart_at);

/* block.c: */
void burn_block_init(struct burn_vcpu *vcpu);
int burn_block_check(u64 mem_size, u32 op, u32 count, u32 buf);
int burn_block_request(struct burn_vcpu *vcpu, u32 op, u64 sector, u32 count,
		       u32 buf);
int burn_block_complete(struct burn_vm *vm, u32 status, const void *data,
			u32 len);
void burn_block_publish(struct burn_vcpu *vcpu, struct burn_vcpu_page *page);

/* events.c: */
void burn_vcpu_events_init(struct burn_vcpu *vcpu);
void burn_vcpu_kick(struct burn_vm *vm);
int burn_vcpu_raise_event(struct burn_vm *vm, unsigned int bit);
int burn_vcpu_console_input(struct burn_vm *vm, const u8 *data, u32 len);
u32 burn_vcpu_console_take(struct burn_vcpu *vcpu, u8 *buf, u32 len);
u32 burn_vcpu_console_waiting(struct burn_vcpu *vcpu);
int burn_vcpu_set_timer(struct burn_vcpu *vcpu, u64 ns);
void burn_vcpu_cancel_timer(struct burn_vcpu *vcpu);
bool burn_events_arrived(struct burn_vcpu *vcpu);
u32 burn_events_merge(struct burn_vcpu *vcpu);
u32 burn_vcpu_idle(struct burn_vcpu *vcpu);

/* hypercall.c: */
void burn_hypercall(struct burn_vcpu *vcpu);
int burn_hc_console_check(u64 mem_size, u32 gva, u32 len);

/* traps.c: */
const char *burn_trap_name(unsigned int vector);
bool burn_trap_has_error_code(unsigned int vector);
void burn_guest_exception(struct burn_vcpu *vcpu);

/* run.c: */
__printf(4, 5)
void burn_end_guest(struct burn_vcpu *vcpu, enum burnvmm_end_kind kind,
		    u32 status, const char *fmt, ...);
/*
 * burn_kill_guest - the guest did something it may not: end its VM with
 * the reason (sticky: only the first reason counts, as with lguest's
 * kill_guest()).  Returns; the VCPU thread stops at its next iteration.
 */
#define burn_kill_guest(vcpu, fmt, ...) \
	burn_end_guest(vcpu, BURNVMM_END_GUEST_FAULT, 0, fmt, ##__VA_ARGS__)
/* burn_bug_guest - an impossible state (after a WARN): end the VM. */
#define burn_bug_guest(vcpu, fmt, ...) \
	burn_end_guest(vcpu, BURNVMM_END_INTERNAL, 0, fmt, ##__VA_ARGS__)
int burn_vcpu_start(struct burn_vm *vm);
void burn_vcpu_request_stop(struct burn_vm *vm);
bool burn_vcpu_wait_for_owner(struct burn_vcpu *vcpu);
void burn_vcpu_stop_thread(struct burn_vm *vm);
void burn_vcpu_free(struct burn_vcpu *vcpu);

/* x86/core.c: the arch seam */
int burn_arch_vcpu_init(struct burn_vcpu *vcpu);
void burn_arch_vcpu_free(struct burn_vcpu *vcpu);
void burn_arch_set_boot_regs(struct burn_vcpu *vcpu);
struct burn_guest_regs *burn_arch_regs(struct burn_vcpu *vcpu);
enum burn_exit burn_arch_run(struct burn_vcpu *vcpu);
u32 burn_arch_guest_eflags(u64 eflags);
int burn_arch_desc_check(u32 index, struct desc_struct *d);
int burn_arch_set_desc(struct burn_vcpu *vcpu, u32 index, u32 lo, u32 hi);
int burn_arch_set_cr(struct burn_vcpu *vcpu, u32 cr0, u32 cr4);
bool burn_arch_data_sel_ok(const struct desc_struct *gdt, u64 sel);
bool burn_arch_code_sel_ok(const struct desc_struct *gdt, u64 cs, u64 ss);
bool burn_arch_regs_ok(const struct desc_struct *gdt,
		       const struct burn_guest_regs *regs, const char **why);
u32 burn_arch_cs_base(struct burn_vcpu *vcpu);

/*
 * Internal fault injection, so tests can make each allocation site fail and
 * check that the goto unwinding behind it leaves nothing behind.  Compiled
 * to "never fail" unless the KUnit suites are built in.
 */
enum burn_fault_site {
	BURN_FAULT_VM_STRUCT,
	BURN_FAULT_VM_ID,
	BURN_FAULT_VM_MEM,
	BURN_FAULT_SWITCH,
	BURN_FAULT_SHADOW,
	BURN_FAULT_THREAD,
	BURN_FAULT_NR_SITES,
};

#ifdef BURNVMM_WITH_KUNIT
extern unsigned long burn_fault_mask;
static inline bool burn_should_fail(enum burn_fault_site site)
{
	return burn_fault_mask & BIT(site);
}
#else
static inline bool burn_should_fail(enum burn_fault_site site)
{
	return false;
}
#endif

#endif /* BURNVMM_KMOD_H */
