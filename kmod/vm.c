// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c - the VM registry: creating, finding and destroying VMs, and
 * accounting their guest RAM.
 *
 * Contents:
 *  (i)   limits: which memory sizes a VM may have
 *  (ii)  creation: allocate, account, enter into the registry
 *  (iii) lookup: reference-counted access for netlink handlers
 *  (iv)  ending a VM: by request, by its owner's socket closing, or at
 *        module unload; the VM thread is stopped before the RAM can go
 *
 * Locking: burn_vms_lock (a mutex) guards the registry (the xarray of VMs
 * and the burn_vms_closing flag).  It is never held across anything that
 * could wait for a VM's own activity, and it nests inside genl_mutex (our
 * netlink handlers run under it), never the other way round.
 *
 * Lifetime: the registry holds one reference to each VM it contains.  A
 * VM leaves the registry exactly once, in one of the functions of (iv),
 * which then drops that reference; whoever drops the last one frees the
 * guest RAM.  So "in the registry" and "alive" differ only while a netlink
 * handler still holds a reference to a VM that is ending.
 */
#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/memcontrol.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>
#include "burnvmm.h"

static DEFINE_XARRAY_ALLOC1(burn_vms);
static DEFINE_MUTEX(burn_vms_lock);
/* Set once at module unload; no VM may be created after it. */
static bool burn_vms_closing;
/* Module-wide accounting, reported by GET_INFO; both return to 0. */
static atomic_t burn_nr_vms = ATOMIC_INIT(0);
static atomic64_t burn_mem_bytes = ATOMIC64_INIT(0);
/* Protects each VM's state and end reason (tiny, never sleeps). */
static DEFINE_SPINLOCK(burn_vm_state_lock);

#ifdef BURNVMM_WITH_KUNIT
unsigned long burn_fault_mask;
#endif

/*
 * (i) Limits.
 *
 * burn_vm_check_mem_size - may a VM have @size bytes of RAM under @limit?
 * Returns 0, or -EINVAL/-E2BIG with *@why set to a message for the user.
 * The netlink policy already enforces the ABI's absolute range; this adds
 * alignment and the module's own, lower, limit.
 */
int burn_vm_check_mem_size(u64 size, u64 limit, const char **why)
{
	if (size < BURNVMM_MEM_MIN) {
		*why = "guest memory size is below the 4 MiB minimum";
		return -EINVAL;
	}
	if (!IS_ALIGNED(size, BURNVMM_MEM_ALIGN)) {
		*why = "guest memory size is not a multiple of 4 KiB";
		return -EINVAL;
	}
	if (size > limit) {
		*why = "guest memory size exceeds the module limit (max_mem_mb)";
		return -E2BIG;
	}
	return 0;
}

/* The per-VM RAM limit in bytes, from the max_mem_mb module parameter. */
u64 burn_vm_mem_limit(void)
{
	return (u64)burn_max_mem_mb << 20;
}

/*
 * Guest RAM is virtually contiguous host memory: the netlink memory-write
 * path and the shadow MMU reach each guest page through it (vmalloc_to_page
 * gives the frame).  It is charged to the creating process's memory cgroup
 * (GFP_KERNEL_ACCOUNT), and a request the host cannot satisfy fails instead
 * of waking the OOM killer (__GFP_RETRY_MAYFAIL): asking for a big VM must
 * never kill somebody else's process.
 */
static void *burn_vm_alloc_ram(u64 size)
{
	if (burn_should_fail(BURN_FAULT_VM_MEM))
		return NULL;
	return __vmalloc(size, GFP_KERNEL_ACCOUNT | __GFP_ZERO |
				       __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
}

/*
 * Last reference gone: give back the RAM and the structure.  The VM
 * thread, if there was one, was stopped when the VM left the registry
 * (burn_vm_end), so nothing can touch the RAM any more.
 */
static void burn_vm_release(struct kref *ref)
{
	struct burn_vm *vm = container_of(ref, struct burn_vm, ref);

	burn_vcpu_free(&vm->vcpu);
	vfree(vm->mem);
	atomic64_sub(vm->mem_size, &burn_mem_bytes);
	mem_cgroup_put(vm->memcg);
	kfree(vm);
}

void burn_vm_put(struct burn_vm *vm)
{
	kref_put(&vm->ref, burn_vm_release);
}

/*
 * (ii) Creation.
 *
 * burn_vm_create - make a VM with @mem_size bytes of zeroed RAM, owned by
 * the socket in @who.  Returns the VM with a reference for the caller (drop
 * it with burn_vm_put), or an ERR_PTR with *@why set.
 */
struct burn_vm *burn_vm_create(const struct burn_requester *who, u64 mem_size,
			       const char **why)
{
	struct burn_vm *vm;
	int err;

	err = burn_vm_check_mem_size(mem_size, burn_vm_mem_limit(), why);
	if (err)
		return ERR_PTR(err);

	vm = burn_should_fail(BURN_FAULT_VM_STRUCT) ? NULL :
		kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm) {
		*why = "out of memory for the VM structure";
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&vm->ref);
	mutex_init(&vm->lock);
	vm->vcpu.vm = vm;
	burn_vcpu_events_init(&vm->vcpu);
	burn_block_init(&vm->vcpu);
	vm->net = who->net;
	vm->owner_portid = who->portid;
	vm->owner_uid = who->euid;
	vm->created_ns = ktime_get_boottime_ns();
	vm->state = BURNVMM_VM_CREATED;
	/*
	 * Guest RAM and this structure are charged to the creator here, in
	 * its own context; the VM thread charges its allocations to the same
	 * cgroup (burn_vcpu_thread()), so a guest cannot grow the host's
	 * memory use beyond its owner's limit through shadow tables.
	 */
	vm->memcg = get_mem_cgroup_from_mm(current->mm);

	vm->mem = burn_vm_alloc_ram(mem_size);
	if (!vm->mem) {
		*why = "the host cannot allocate that much guest memory";
		err = -ENOMEM;
		goto free_vm;
	}
	vm->mem_size = mem_size;
	atomic64_add(mem_size, &burn_mem_bytes);

	mutex_lock(&burn_vms_lock);
	if (burn_vms_closing) {
		*why = "burnvmm is being unloaded";
		err = -ESHUTDOWN;
		goto unlock;
	}
	err = burn_should_fail(BURN_FAULT_VM_ID) ? -EBUSY :
		xa_alloc(&burn_vms, &vm->id, vm, XA_LIMIT(1, burn_max_vms),
			 GFP_KERNEL);
	if (err == -EBUSY) {
		*why = "too many VMs exist already (max_vms)";
		err = -ENOSPC;
		goto unlock;
	} else if (err) {
		*why = "out of memory for the VM registry";
		goto unlock;
	}
	atomic_inc(&burn_nr_vms);
	kref_get(&vm->ref);	/* the caller's; the registry keeps the first */
	/*
	 * Under the lock: nobody can end the VM before its directory
	 * exists, and a VM that reuses the id of one just ended cannot
	 * meet that one's directory (it went under the lock too).
	 */
	burn_debugfs_vm_add(vm);
	mutex_unlock(&burn_vms_lock);
	return vm;

unlock:
	mutex_unlock(&burn_vms_lock);
	/* The release function gives back RAM and accounting. */
	burn_vm_put(vm);
	return ERR_PTR(err);
free_vm:
	kfree(vm);
	return ERR_PTR(err);
}

/*
 * (iii) Lookup.
 *
 * burn_vm_get - the VM with number @id in namespace @net, with a reference,
 * or NULL.  VMs of other namespaces do not exist as far as a caller can
 * tell: the same -ENOENT, so ids cannot be probed across namespaces.
 */
struct burn_vm *burn_vm_get(struct net *net, u32 id)
{
	struct burn_vm *vm;

	mutex_lock(&burn_vms_lock);
	vm = xa_load(&burn_vms, id);
	if (vm && net_eq(vm->net, net))
		kref_get(&vm->ref);
	else
		vm = NULL;
	mutex_unlock(&burn_vms_lock);
	return vm;
}

/*
 * burn_vm_get_next - for dumps: the first VM of @net whose id is at least
 * *@next_id, with a reference; *@next_id is set past it.  NULL at the end.
 */
struct burn_vm *burn_vm_get_next(struct net *net, u32 *next_id)
{
	unsigned long idx = *next_id;
	struct burn_vm *vm;

	mutex_lock(&burn_vms_lock);
	xa_for_each_start(&burn_vms, idx, vm, idx) {
		if (net_eq(vm->net, net)) {
			kref_get(&vm->ref);
			*next_id = vm->id + 1;
			goto out;
		}
	}
	vm = NULL;
out:
	mutex_unlock(&burn_vms_lock);
	return vm;
}

u32 burn_vm_count(void)
{
	return atomic_read(&burn_nr_vms);
}

u64 burn_vm_mem_in_use(void)
{
	return atomic64_read(&burn_mem_bytes);
}

/*
 * burn_vm_get_owned - like burn_vm_get, for commands that change the VM:
 * the requester must also have the owner's uid or CAP_SYS_ADMIN.  NULL
 * with *@err = -ENOENT or -EPERM.
 */
struct burn_vm *burn_vm_get_owned(const struct burn_requester *who, u32 id,
				  int *err)
{
	struct burn_vm *vm = burn_vm_get(who->net, id);

	if (!vm) {
		*err = -ENOENT;
		return NULL;
	}
	if (!uid_eq(vm->owner_uid, who->euid) && !who->sys_admin) {
		burn_vm_put(vm);
		*err = -EPERM;
		return NULL;
	}
	return vm;
}

/*
 * burn_vm_set_end_reason - record why @vm ended: its kind, the guest's
 * exit @status (for BURNVMM_END_SHUTDOWN) and the reason text.  Sticky:
 * the first end wins, because the first is the cause and later ones are
 * consequences.  Returns true for that first one.
 */
bool burn_vm_set_end_reason(struct burn_vm *vm, enum burnvmm_end_kind kind,
			    u32 status, const char *reason)
{
	bool first;

	spin_lock(&burn_vm_state_lock);
	first = vm->end_kind == BURNVMM_END_NONE;
	if (first) {
		strscpy(vm->end_reason, reason, sizeof(vm->end_reason));
		vm->exit_status = status;
		WRITE_ONCE(vm->end_kind, kind);
	}
	WRITE_ONCE(vm->state, BURNVMM_VM_STOPPED);
	spin_unlock(&burn_vm_state_lock);
	return first;
}

bool burn_vm_has_ended(struct burn_vm *vm)
{
	return READ_ONCE(vm->end_kind) != BURNVMM_END_NONE;
}

/*
 * burn_vm_get_end - copy how @vm ended into @end, all three fields from
 * the same moment (the reason is written under the state lock).  Returns
 * false, leaving @end alone, while the VM has not ended.
 */
bool burn_vm_get_end(struct burn_vm *vm, struct burn_vm_end *end)
{
	bool ended;

	spin_lock(&burn_vm_state_lock);
	ended = vm->end_kind != BURNVMM_END_NONE;
	if (ended) {
		end->kind = vm->end_kind;
		end->status = vm->exit_status;
		strscpy(end->reason, vm->end_reason, sizeof(end->reason));
	}
	spin_unlock(&burn_vm_state_lock);
	return ended;
}

/*
 * burn_vm_notify_ended - send the owner VM_ENDED, once per VM whoever
 * asks: the VM thread when the guest ends, burn_vm_end() when the VM is
 * destroyed, whichever comes first.
 */
void burn_vm_notify_ended(struct burn_vm *vm)
{
	if (atomic_xchg(&vm->ended_sent, 1) == 0)
		burn_netlink_vm_ended(vm);
}

/*
 * (iv) Ending a VM.
 *
 * burn_vm_end - finish a VM that has just been taken out of the registry:
 * stop its thread (so the guest's own end, if it came first, is reported
 * before ours), record the reason, tell the owner if it is still
 * listening, and drop the registry's reference.  May sleep.
 */
static void burn_vm_end(struct burn_vm *vm, enum burnvmm_end_kind kind,
			const char *reason, bool notify)
{
	burn_vcpu_stop_thread(vm);
	burn_vm_set_end_reason(vm, kind, 0, reason);
	atomic_dec(&burn_nr_vms);
	if (notify)
		burn_vm_notify_ended(vm);
	burn_vm_put(vm);
}

/*
 * Take @vm out of the registry, and out of debugfs with it, under the
 * registry lock: from here on its id may be reused.  Removing the debugfs
 * directory waits for its readers, which never take the registry lock.
 */
static void burn_vm_unlist(struct burn_vm *vm)
{
	lockdep_assert_held(&burn_vms_lock);
	burn_debugfs_vm_remove(vm);
	xa_erase(&burn_vms, vm->id);
}

/*
 * burn_vm_destroy - VM_DESTROY: end VM @id on behalf of @who, who must be
 * in the VM's namespace and either its owner's uid or CAP_SYS_ADMIN.
 */
int burn_vm_destroy(const struct burn_requester *who, u32 id)
{
	struct burn_vm *vm;

	mutex_lock(&burn_vms_lock);
	vm = xa_load(&burn_vms, id);
	if (!vm || !net_eq(vm->net, who->net)) {
		mutex_unlock(&burn_vms_lock);
		return -ENOENT;
	}
	if (!uid_eq(vm->owner_uid, who->euid) && !who->sys_admin) {
		mutex_unlock(&burn_vms_lock);
		return -EPERM;
	}
	burn_vm_unlist(vm);
	mutex_unlock(&burn_vms_lock);

	burn_vm_end(vm, BURNVMM_END_DESTROYED, "destroyed on request", true);
	return 0;
}

/*
 * burn_vm_abandon - VM_CREATE made @vm but could not tell its caller: end
 * it, silently, so that the error the caller gets means "no VM".  It may
 * be gone already (its socket closed, or the module is unloading), in
 * which case whoever took it out of the registry ends it.
 */
void burn_vm_abandon(struct burn_vm *vm)
{
	mutex_lock(&burn_vms_lock);
	if (xa_load(&burn_vms, vm->id) != vm) {
		mutex_unlock(&burn_vms_lock);
		return;
	}
	burn_vm_unlist(vm);
	mutex_unlock(&burn_vms_lock);

	burn_vm_end(vm, BURNVMM_END_DESTROYED,
		    "its creation could not be reported", false);
}

/*
 * Take every VM matching (@net, @portid) out of the registry, or every VM
 * at all when @net is NULL, and chain them on @reap.  The caller ends them
 * after dropping the lock, because ending may sleep.
 */
static void burn_vm_collect(struct net *net, u32 portid, struct list_head *reap)
{
	unsigned long idx;
	struct burn_vm *vm;

	lockdep_assert_held(&burn_vms_lock);
	xa_for_each(&burn_vms, idx, vm) {
		if (net && (!net_eq(vm->net, net) || vm->owner_portid != portid))
			continue;
		burn_vm_unlist(vm);
		list_add_tail(&vm->reap_link, reap);
	}
}

static void burn_vm_end_all(struct list_head *reap,
			    enum burnvmm_end_kind kind, const char *reason,
			    bool notify)
{
	struct burn_vm *vm, *tmp;

	list_for_each_entry_safe(vm, tmp, reap, reap_link) {
		list_del(&vm->reap_link);
		burn_vm_end(vm, kind, reason, notify);
	}
}

/*
 * burn_vm_release_port - the netlink socket @portid of @net was closed:
 * its VMs die with it.  This is what makes a crashed or killed burnctl
 * unable to leak a VM.  Nobody is told: the owner is the one that left.
 */
void burn_vm_release_port(struct net *net, u32 portid)
{
	LIST_HEAD(reap);

	mutex_lock(&burn_vms_lock);
	burn_vm_collect(net, portid, &reap);
	mutex_unlock(&burn_vms_lock);
	burn_vm_end_all(&reap, BURNVMM_END_OWNER_CLOSED,
			"owner closed its control socket", false);
}

/*
 * burn_vm_destroy_all - module unload: end every VM, telling each owner
 * @reason, and refuse new ones from now on.
 */
void burn_vm_destroy_all(const char *reason)
{
	LIST_HEAD(reap);

	mutex_lock(&burn_vms_lock);
	burn_vms_closing = true;
	burn_vm_collect(NULL, 0, &reap);
	mutex_unlock(&burn_vms_lock);
	burn_vm_end_all(&reap, BURNVMM_END_UNLOADED, reason, true);
}

int burn_vm_registry_init(void)
{
	burn_vms_closing = false;
	return 0;
}

/*
 * By now burn_vm_destroy_all() has emptied the registry and netlink is
 * gone, so nothing can hold a VM any more: every counter must be back at
 * zero.  Anything else is a leak in this module.
 */
void burn_vm_registry_fini(void)
{
	WARN_ON(!xa_empty(&burn_vms));
	WARN_ON(atomic_read(&burn_nr_vms) != 0);
	WARN_ON(atomic64_read(&burn_mem_bytes) != 0);
	xa_destroy(&burn_vms);
}

#ifdef BURNVMM_WITH_KUNIT
#include "../tests/kunit/vm_kunit.c"
#endif
