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
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/ktime.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>
#include <uapi/linux/burnvmm.h>
#include "burnvmm_config.h"
#include "burnvmm/types.h"

#define BURN_MODULE_VERSION "0.1.0"

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
 * @reap_link:	chains VMs taken out of the registry to be ended together
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
	struct list_head reap_link;
};

/* Who asks: identity of the netlink request, for ownership checks. */
struct burn_requester {
	struct net *net;
	u32 portid;
	kuid_t euid;
	bool sys_admin;
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
int burn_vm_destroy(const struct burn_requester *who, u32 id);
void burn_vm_release_port(struct net *net, u32 portid);
void burn_vm_destroy_all(const char *reason);
struct burn_vm *burn_vm_get(struct net *net, u32 id);
struct burn_vm *burn_vm_get_next(struct net *net, u32 *next_id);
void burn_vm_put(struct burn_vm *vm);
void burn_vm_set_end_reason(struct burn_vm *vm, const char *reason);
u32 burn_vm_count(void);
u64 burn_vm_mem_in_use(void);

/* netlink.c: */
int burn_netlink_init(void);
void burn_netlink_fini(void);
void burn_netlink_vm_ended(struct burn_vm *vm);

/*
 * Internal fault injection, so tests can make each allocation site fail and
 * check that the goto unwinding behind it leaves nothing behind.  Compiled
 * to "never fail" unless the KUnit suites are built in.
 */
enum burn_fault_site {
	BURN_FAULT_VM_STRUCT,
	BURN_FAULT_VM_ID,
	BURN_FAULT_VM_MEM,
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
