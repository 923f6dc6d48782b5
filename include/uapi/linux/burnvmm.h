/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * burnvmm.h - the generic netlink control plane of burnvmm.ko.
 *
 * This is the only interface between burnctl (or any other tool) and the
 * module.  Everything is a generic netlink message of family "burnvmm":
 * a command number in the genl header and attributes in the body.  The
 * family's version (BURNVMM_GENL_VERSION) changes whenever a command or
 * attribute changes meaning; new commands and attributes are only ever
 * appended, so an old burnctl keeps working against a newer module.
 *
 * Permissions: commands that change state carry GENL_ADMIN_PERM, so they
 * need CAP_NET_ADMIN in the user namespace owning the caller's network
 * namespace.  Read-only commands (VM_LIST, VM_INFO, GET_INFO) are open to
 * everybody.  VMs are per network namespace: a VM created in one netns is
 * invisible from every other.
 *
 * Lifetime: a VM belongs to the netlink socket (port) that created it and is
 * destroyed when that socket is closed, however that happens (exit, crash,
 * kill -9).  Anyone with CAP_NET_ADMIN and the owner's uid (or
 * CAP_SYS_ADMIN) may destroy it earlier with VM_DESTROY.  When a VM ends
 * for any reason other than its owner closing its socket, the owner is
 * sent an unsolicited BURNVMM_CMD_VM_ENDED message.
 */
#ifndef _UAPI_LINUX_BURNVMM_H
#define _UAPI_LINUX_BURNVMM_H

#include <linux/types.h>

#define BURNVMM_GENL_NAME	"burnvmm"
#define BURNVMM_GENL_VERSION	1

/* Guest RAM sizes are byte counts, multiples of BURNVMM_MEM_ALIGN. */
#define BURNVMM_MEM_ALIGN	4096ULL
/* The smallest guest worth running: low memory plus the in-place VMM. */
#define BURNVMM_MEM_MIN		(4ULL << 20)
/*
 * The largest any module could accept: a 32-bit guest without PAE cannot
 * address more.  The module's own limit (Kconfig, max_mem_mb) is lower.
 */
#define BURNVMM_MEM_MAX		(3ULL << 30)

/**
 * enum burnvmm_cmd - generic netlink commands of family "burnvmm"
 *
 * @BURNVMM_CMD_GET_INFO: (any user) module-wide facts.  Request: no
 *	attributes.  Reply: ABI_VERSION, MODULE_VERSION, MAX_MEM, MAX_VMS,
 *	NR_VMS, MEM_IN_USE.
 * @BURNVMM_CMD_VM_CREATE: (admin) create a VM owned by the sending socket.
 *	Request: MEM_SIZE (required).  Reply: the VM's attributes as for
 *	VM_INFO.  Errors: -EINVAL (bad size, with an extack message),
 *	-E2BIG (over the module's memory limit), -ENOSPC (too many VMs),
 *	-ENOMEM (the host cannot back the RAM), -ESHUTDOWN (module
 *	unloading).
 * @BURNVMM_CMD_VM_DESTROY: (admin) destroy a VM.  Request: VM_ID.
 *	Errors: -ENOENT (no such VM in this netns), -EPERM (another user's).
 * @BURNVMM_CMD_VM_LIST: (any user) dump request: one VM_INFO-style
 *	message per VM of the caller's network namespace.
 * @BURNVMM_CMD_VM_INFO: (any user) one VM.  Request: VM_ID.  Reply: VM_ID,
 *	MEM_SIZE, OWNER_PORT, OWNER_UID, STATE, CREATED_NS, EXITS,
 *	HYPERCALLS; once the VM has ended, and only to its owner's uid or
 *	CAP_SYS_ADMIN, also END_KIND, END_REASON and (for
 *	BURNVMM_END_SHUTDOWN) EXIT_STATUS, as VM_ENDED gave them, so that
 *	an owner whose socket was too full to take VM_ENDED still learns
 *	the end.
 * @BURNVMM_CMD_VM_ENDED: (event, module to owner) the VM ended: its guest
 *	shut down or faulted, it was stopped, destroyed or the module was
 *	unloaded.  Sent at most once per VM.  Attributes: VM_ID, END_REASON,
 *	END_KIND, and EXIT_STATUS when END_KIND is BURNVMM_END_SHUTDOWN.
 * @BURNVMM_CMD_VM_MEM_WRITE: (admin, owner uid or CAP_SYS_ADMIN) copy
 *	bytes into guest RAM.  Request: VM_ID, GPA, DATA (at most
 *	BURNVMM_MEM_WRITE_MAX bytes).  The whole range [GPA, GPA + length)
 *	must lie inside guest RAM.  Errors: -ERANGE (outside RAM), -EBUSY
 *	(the VCPU is running), -ENOENT, -EPERM.
 * @BURNVMM_CMD_VCPU_SET_REGS: (admin, owner uid or CAP_SYS_ADMIN) set the
 *	VCPU's initial registers before VCPU_START.  Request: VM_ID and any of
 *	the REG_* attributes; registers not given keep their value (all 0 at
 *	creation).  The guest starts at ring 1 in 32-bit protected mode with
 *	paging off, flat 4 GiB segments and interrupts enabled.
 *	Errors: -EBUSY (already started), -ENOENT, -EPERM.
 * @BURNVMM_CMD_VCPU_START: (admin, owner uid or CAP_SYS_ADMIN) start the
 *	VCPU: the VM's thread enters the guest.  Request: VM_ID.  The VM
 *	becomes RUNNING; its end is reported with VM_ENDED.  Errors: -EBUSY
 *	(already started or ended), -ENOMEM, -ENOENT, -EPERM.
 * @BURNVMM_CMD_VCPU_STOP: (admin, owner uid or CAP_SYS_ADMIN) stop a
 *	running VCPU.  Request: VM_ID.  The VM becomes STOPPED with
 *	END_KIND BURNVMM_END_STOPPED (the owner is told with VM_ENDED) and
 *	stays until destroyed.  Stopping a VM that is not running is a no-op.
 * @BURNVMM_CMD_CONSOLE: (event, module to owner) bytes the guest wrote to
 *	its console.  Attributes: VM_ID, DATA.  Events of one VM arrive in
 *	order, and before that VM's VM_ENDED.
 * @BURNVMM_CMD_VM_STATS: (any user) a VM's counters.  Request: VM_ID.
 *	Reply: VM_ID and STATS, a nest holding one u64 attribute per
 *	counter of enum burnvmm_stat, of type (counter + 1), in counter
 *	order; a reader skips types it does not know (counters are only
 *	appended).  Errors: -ENOENT.
 * @BURNVMM_CMD_VM_EVENT: (admin, owner uid or CAP_SYS_ADMIN) hand the
 *	guest an asynchronous event.  Request: VM_ID and exactly one of
 *	EVENT_BIT (raise that bit of the shared VCPU page's pending word,
 *	BURN_EVENT_FIRST_IRQ..BURN_EVENT_LAST of <burnvmm/vcpu.h>) or DATA
 *	(console input, 1..BURNVMM_CONSOLE_INPUT_MAX bytes, which the guest
 *	reads with BURN_HC_CONSOLE_READ).  Allowed in any state but ended:
 *	before VCPU_START the event waits for the guest.  Reply: for
 *	EVENT_BIT an ack; for DATA a VM_EVENT message with VM_ID and
 *	INPUT_TAKEN, the number of bytes the VM's input buffer took (from
 *	the front; the sender resends the rest later).  Errors: -EINVAL
 *	(neither or both, empty DATA), -E2BIG (DATA over the limit),
 *	-ERANGE (EVENT_BIT out of range, by policy), -EAGAIN (the input
 *	buffer is full: retry later), -ESRCH (the VM has ended), -ENOENT,
 *	-EPERM.
 * @BURNVMM_CMD_BLOCK_REQUEST: (event, module to owner) the guest asks
 *	for block I/O (BURN_HC_BLOCK_IO).  Attributes: VM_ID, BLOCK_OP,
 *	BLOCK_SECTOR, BLOCK_COUNT, and for BURNVMM_BLOCK_WRITE the bytes in
 *	DATA (BLOCK_COUNT * 512).  One request per VM is in flight at a
 *	time; the owner answers each with BLOCK_COMPLETE.
 * @BURNVMM_CMD_BLOCK_COMPLETE: (admin, the owner's socket only) finish the
 *	request in flight.  Request: VM_ID, BLOCK_STATUS (0 or a positive
 *	errno value) and, for a successful read, DATA of exactly
 *	BLOCK_COUNT * 512 bytes, which the module copies to the buffer the
 *	guest named.  Errors: -ENOENT (no such VM, or no request in
 *	flight), -EPERM (not the owner's socket), -EINVAL (DATA missing or
 *	of the wrong length).
 */
enum burnvmm_cmd {
	BURNVMM_CMD_UNSPEC,
	BURNVMM_CMD_GET_INFO,
	BURNVMM_CMD_VM_CREATE,
	BURNVMM_CMD_VM_DESTROY,
	BURNVMM_CMD_VM_LIST,
	BURNVMM_CMD_VM_INFO,
	BURNVMM_CMD_VM_ENDED,
	BURNVMM_CMD_VM_MEM_WRITE,
	BURNVMM_CMD_VCPU_SET_REGS,
	BURNVMM_CMD_VCPU_START,
	BURNVMM_CMD_VCPU_STOP,
	BURNVMM_CMD_CONSOLE,
	BURNVMM_CMD_VM_STATS,
	BURNVMM_CMD_VM_EVENT,
	BURNVMM_CMD_BLOCK_REQUEST,
	BURNVMM_CMD_BLOCK_COMPLETE,

	__BURNVMM_CMD_MAX,
};

#define BURNVMM_CMD_MAX (__BURNVMM_CMD_MAX - 1)

/**
 * enum burnvmm_attr - attributes of family "burnvmm"
 *
 * @BURNVMM_A_VM_ID: u32, a VM's number, 1..max_vms, unique while it lives.
 * @BURNVMM_A_MEM_SIZE: u64, guest RAM in bytes, a multiple of
 *	BURNVMM_MEM_ALIGN in [BURNVMM_MEM_MIN, module limit].
 * @BURNVMM_A_OWNER_PORT: u32, netlink port id of the owning socket.
 * @BURNVMM_A_OWNER_UID: u32, effective uid (in the caller's user
 *	namespace) of the process that created the VM.
 * @BURNVMM_A_STATE: u32, enum burnvmm_vm_state.
 * @BURNVMM_A_CREATED_NS: u64, CLOCK_BOOTTIME in ns when the VM was made.
 * @BURNVMM_A_END_REASON: NUL-terminated string, why a VM ended; the first
 *	reason recorded is kept ("sticky").
 * @BURNVMM_A_ABI_VERSION: u32, BURNVMM_GENL_VERSION the module speaks.
 * @BURNVMM_A_MODULE_VERSION: string, the module's MODULE_VERSION.
 * @BURNVMM_A_MAX_MEM: u64, the module's per-VM RAM limit in bytes.
 * @BURNVMM_A_MAX_VMS: u32, the module's limit on concurrent VMs.
 * @BURNVMM_A_NR_VMS: u32, VMs that exist now (all namespaces).
 * @BURNVMM_A_MEM_IN_USE: u64, bytes of guest RAM allocated now (all VMs);
 *	returns to 0 when every VM is gone.
 * @BURNVMM_A_PAD: padding for 64-bit attributes, never sent alone.
 * @BURNVMM_A_GPA: u64, a guest-physical address (VM_MEM_WRITE).
 * @BURNVMM_A_DATA: binary, bytes to write (VM_MEM_WRITE, at most
 *	BURNVMM_MEM_WRITE_MAX), console output (CONSOLE event) or console
 *	input (VM_EVENT, at most BURNVMM_CONSOLE_INPUT_MAX).
 * @BURNVMM_A_REG_EIP: u32, the guest's EIP (VCPU_SET_REGS).
 * @BURNVMM_A_REG_ESP: u32, ESP.
 * @BURNVMM_A_REG_EAX: u32, EAX (e.g. the Multiboot magic).
 * @BURNVMM_A_REG_EBX: u32, EBX (e.g. the Multiboot information address).
 * @BURNVMM_A_REG_ECX: u32, ECX.
 * @BURNVMM_A_REG_EDX: u32, EDX.
 * @BURNVMM_A_REG_ESI: u32, ESI.
 * @BURNVMM_A_REG_EDI: u32, EDI.
 * @BURNVMM_A_REG_EBP: u32, EBP.
 * @BURNVMM_A_END_KIND: u32, enum burnvmm_end_kind: the class of END_REASON,
 *	for programs.
 * @BURNVMM_A_EXIT_STATUS: u32, the status the guest passed to its shutdown
 *	hypercall.
 * @BURNVMM_A_EXITS: u64, world switches back to the host so far (VM_INFO).
 * @BURNVMM_A_HYPERCALLS: u64, hypercalls handled so far (VM_INFO).
 * @BURNVMM_A_STATS: nested, output only (VM_STATS): counter N of enum
 *	burnvmm_stat as a u64 attribute of type N + 1.  Type 0 inside the
 *	nest is padding, if a platform ever needs it: skip it.
 * @BURNVMM_A_EVENT_BIT: u32, an event bit to raise (VM_EVENT), in
 *	[BURN_EVENT_FIRST_IRQ, BURN_EVENT_LAST] = [8, 31].
 * @BURNVMM_A_INPUT_TAKEN: u32, output only (VM_EVENT reply): how many
 *	console input bytes the VM took, 1..length of DATA.
 * @BURNVMM_A_BLOCK_OP: u32, BURNVMM_BLOCK_READ, _WRITE or _FLUSH.
 * @BURNVMM_A_BLOCK_SECTOR: u64, first 512-byte sector of the request.
 * @BURNVMM_A_BLOCK_COUNT: u32, sectors, 1..BURNVMM_BLOCK_MAX_SECTORS (0
 *	for a flush).
 * @BURNVMM_A_BLOCK_STATUS: u32, 0 or a positive errno value (EIO for a
 *	failed or short transfer, ENODEV when there is no disk).
 */
enum burnvmm_attr {
	BURNVMM_A_UNSPEC,
	BURNVMM_A_VM_ID,
	BURNVMM_A_MEM_SIZE,
	BURNVMM_A_OWNER_PORT,
	BURNVMM_A_OWNER_UID,
	BURNVMM_A_STATE,
	BURNVMM_A_CREATED_NS,
	BURNVMM_A_END_REASON,
	BURNVMM_A_ABI_VERSION,
	BURNVMM_A_MODULE_VERSION,
	BURNVMM_A_MAX_MEM,
	BURNVMM_A_MAX_VMS,
	BURNVMM_A_NR_VMS,
	BURNVMM_A_MEM_IN_USE,
	BURNVMM_A_PAD,
	BURNVMM_A_GPA,
	BURNVMM_A_DATA,
	BURNVMM_A_REG_EIP,
	BURNVMM_A_REG_ESP,
	BURNVMM_A_REG_EAX,
	BURNVMM_A_REG_EBX,
	BURNVMM_A_REG_ECX,
	BURNVMM_A_REG_EDX,
	BURNVMM_A_REG_ESI,
	BURNVMM_A_REG_EDI,
	BURNVMM_A_REG_EBP,
	BURNVMM_A_END_KIND,
	BURNVMM_A_EXIT_STATUS,
	BURNVMM_A_EXITS,
	BURNVMM_A_HYPERCALLS,
	BURNVMM_A_STATS,
	BURNVMM_A_EVENT_BIT,
	BURNVMM_A_INPUT_TAKEN,
	BURNVMM_A_BLOCK_OP,
	BURNVMM_A_BLOCK_SECTOR,
	BURNVMM_A_BLOCK_COUNT,
	BURNVMM_A_BLOCK_STATUS,

	__BURNVMM_A_MAX,
};

#define BURNVMM_A_MAX (__BURNVMM_A_MAX - 1)

/* Block requests (BLOCK_OP); the same numbers as BURN_BLOCK_* of the guest. */
#define BURNVMM_BLOCK_READ	0
#define BURNVMM_BLOCK_WRITE	1
#define BURNVMM_BLOCK_FLUSH	2
/* Most sectors one block request may move: 32 KiB, one DATA attribute. */
#define BURNVMM_BLOCK_MAX_SECTORS	64
#define BURNVMM_BLOCK_SECTOR_SIZE	512

/* Longest END_REASON string, including the NUL. */
#define BURNVMM_END_REASON_LEN	128

/* Most bytes one VM_MEM_WRITE may carry. */
#define BURNVMM_MEM_WRITE_MAX	32768

/* Most console input bytes one VM_EVENT may carry. */
#define BURNVMM_CONSOLE_INPUT_MAX	1024

/* The event bits VM_EVENT may raise (<burnvmm/vcpu.h>, BURN_EVENT_*). */
#define BURNVMM_EVENT_BIT_MIN	8
#define BURNVMM_EVENT_BIT_MAX	31

/**
 * enum burnvmm_end_kind - why a VM ended, for programs (END_KIND)
 *
 * @BURNVMM_END_NONE: not ended (never sent).
 * @BURNVMM_END_DESTROYED: VM_DESTROY by the owner or an administrator.
 * @BURNVMM_END_UNLOADED: the module was unloaded.
 * @BURNVMM_END_OWNER_CLOSED: the owner's socket was closed (never sent:
 *	nobody is left to tell).
 * @BURNVMM_END_SHUTDOWN: the guest shut down; EXIT_STATUS holds its status.
 * @BURNVMM_END_GUEST_FAULT: the guest did something it may not: an
 *	exception nobody handles, memory outside its RAM, ...; END_REASON
 *	names it (e.g. "guest #GP at 0x00101234 error 0x0").
 * @BURNVMM_END_STOPPED: VCPU_STOP.
 * @BURNVMM_END_REBOOT: the guest asked to be restarted (BURN_HC_END);
 *	EXIT_STATUS holds its status.  Restarting is the owner's business.
 * @BURNVMM_END_HALTED: the guest stopped for good (halted with interrupts
 *	disabled, as its in-place VMM saw it).
 * @BURNVMM_END_CRASHED: the guest (or its in-place VMM) gave up, with a
 *	reason of its own in END_REASON ("guest crashed: ...").
 * @BURNVMM_END_INTERNAL: the module found itself in an impossible state
 *	and ended the VM rather than risk the host (with a kernel warning).
 */
enum burnvmm_end_kind {
	BURNVMM_END_NONE,
	BURNVMM_END_DESTROYED,
	BURNVMM_END_UNLOADED,
	BURNVMM_END_OWNER_CLOSED,
	BURNVMM_END_SHUTDOWN,
	BURNVMM_END_GUEST_FAULT,
	BURNVMM_END_STOPPED,
	BURNVMM_END_INTERNAL,
	BURNVMM_END_REBOOT,
	BURNVMM_END_HALTED,
	BURNVMM_END_CRASHED,
};

/**
 * enum burnvmm_vm_state - life cycle of a VM
 *
 * @BURNVMM_VM_CREATED: RAM allocated, no VCPU started yet; memory and
 *	registers may be set.
 * @BURNVMM_VM_RUNNING: the VCPU thread is executing the guest.
 * @BURNVMM_VM_STOPPED: the guest ended; END_REASON says why.
 */
enum burnvmm_vm_state {
	BURNVMM_VM_CREATED,
	BURNVMM_VM_RUNNING,
	BURNVMM_VM_STOPPED,
};

/**
 * enum burnvmm_stat - a VCPU's counters (BURNVMM_CMD_VM_STATS, debugfs).
 * Each counts since VCPU_START; all are u64.  Numbers are only appended.
 *
 * @BURNVMM_STAT_EXITS: world switches back to the host, for any reason.
 * @BURNVMM_STAT_EXITS_HOST: exits for a host interrupt, NMI or machine
 *	check (nothing for the guest to see).
 * @BURNVMM_STAT_EXITS_HYPERCALL: exits for `int $0x82`.
 * @BURNVMM_STAT_EXITS_EXCEPTION: exits for a guest exception or a
 *	software interrupt, shadow faults included.
 * @BURNVMM_STAT_SHADOW_FILLS: #PF exits that only filled a shadow entry.
 * @BURNVMM_STAT_SHADOW_ROOT_HITS: CR3 loads that found a cached root.
 * @BURNVMM_STAT_SHADOW_ROOT_MISSES: CR3 loads that had to build one.
 * @BURNVMM_STAT_UPCALLS_EXCEPTION: exceptions and software interrupts
 *	delivered to the guest's upcall entry.
 * @BURNVMM_STAT_UPCALLS_EVENT: event upcalls (timer, console, IRQs).
 * @BURNVMM_STAT_EVENTS_DEFERRED: entries with a deliverable event held
 *	back because the virtual IF was clear or the IPVMM was running.
 * @BURNVMM_STAT_RESTARTS: restartable sequences moved back to their start.
 * @BURNVMM_STAT_TIMER_FIRES: BURN_HC_SET_TIMER deadlines that passed.
 * @BURNVMM_STAT_IDLE_SLEEPS: BURN_HC_IDLE calls that slept.
 * @BURNVMM_STAT_IDLE_NS: nanoseconds spent asleep in BURN_HC_IDLE.
 * @BURNVMM_STAT_CONSOLE_OUT_BYTES: bytes the guest wrote to its console.
 * @BURNVMM_STAT_CONSOLE_IN_BYTES: console input bytes the guest read.
 * @BURNVMM_STAT_HC_FIRST: hypercall number N is counted in
 *	BURNVMM_STAT_HC_FIRST + N, for N < BURNVMM_STAT_HC_COUNT; other
 *	numbers in BURNVMM_STAT_HC_OTHER.
 * @BURNVMM_STAT_EXC_FIRST: guest exception vector V (0..31), including
 *	the #PFs the shadow MMU resolves, is counted in EXC_FIRST + V.
 * @BURNVMM_STAT_SHADOW_PREFETCHES: shadow entries filled beside a fault's
 *	(guest pages already marked accessed), each a fault saved.
 */
enum burnvmm_stat {
	BURNVMM_STAT_EXITS,
	BURNVMM_STAT_EXITS_HOST,
	BURNVMM_STAT_EXITS_HYPERCALL,
	BURNVMM_STAT_EXITS_EXCEPTION,
	BURNVMM_STAT_SHADOW_FILLS,
	BURNVMM_STAT_SHADOW_ROOT_HITS,
	BURNVMM_STAT_SHADOW_ROOT_MISSES,
	BURNVMM_STAT_UPCALLS_EXCEPTION,
	BURNVMM_STAT_UPCALLS_EVENT,
	BURNVMM_STAT_EVENTS_DEFERRED,
	BURNVMM_STAT_RESTARTS,
	BURNVMM_STAT_TIMER_FIRES,
	BURNVMM_STAT_IDLE_SLEEPS,
	BURNVMM_STAT_IDLE_NS,
	BURNVMM_STAT_CONSOLE_OUT_BYTES,
	BURNVMM_STAT_CONSOLE_IN_BYTES,
	BURNVMM_STAT_HC_OTHER,
	BURNVMM_STAT_HC_FIRST,
	BURNVMM_STAT_EXC_FIRST = BURNVMM_STAT_HC_FIRST + 16,
	BURNVMM_STAT_SHADOW_PREFETCHES = BURNVMM_STAT_EXC_FIRST + 32,
	__BURNVMM_STAT_MAX,
};

#define BURNVMM_STAT_HC_COUNT	16
#define BURNVMM_STAT_COUNT	__BURNVMM_STAT_MAX

#endif /* _UAPI_LINUX_BURNVMM_H */
