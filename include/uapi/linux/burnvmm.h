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
 *	MEM_SIZE, OWNER_PORT, OWNER_UID, STATE, CREATED_NS.
 * @BURNVMM_CMD_VM_ENDED: (event, module to owner) the VM is gone.
 *	Attributes: VM_ID, END_REASON.
 */
enum burnvmm_cmd {
	BURNVMM_CMD_UNSPEC,
	BURNVMM_CMD_GET_INFO,
	BURNVMM_CMD_VM_CREATE,
	BURNVMM_CMD_VM_DESTROY,
	BURNVMM_CMD_VM_LIST,
	BURNVMM_CMD_VM_INFO,
	BURNVMM_CMD_VM_ENDED,

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

	__BURNVMM_A_MAX,
};

#define BURNVMM_A_MAX (__BURNVMM_A_MAX - 1)

/* Longest END_REASON string, including the NUL. */
#define BURNVMM_END_REASON_LEN	128

/**
 * enum burnvmm_vm_state - life cycle of a VM
 *
 * @BURNVMM_VM_CREATED: RAM allocated, no VCPU running yet.
 * @BURNVMM_VM_RUNNING: the VCPU thread is executing the guest.
 * @BURNVMM_VM_STOPPED: the guest ended; END_REASON says why.
 */
enum burnvmm_vm_state {
	BURNVMM_VM_CREATED,
	BURNVMM_VM_RUNNING,
	BURNVMM_VM_STOPPED,
};

#endif /* _UAPI_LINUX_BURNVMM_H */
