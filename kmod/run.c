// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - the VM thread: one kernel thread per VCPU that enters the
 * guest, handles each exit and ends the VM.
 *
 * Contents:
 *  (i)   ending a guest: the sticky reason and the owner's VM_ENDED
 *  (ii)  the run loop
 *  (iii) starting and stopping the thread (VCPU_START, VCPU_STOP, VM end)
 *
 * Nothing runs the guest inside a netlink handler: handlers only start
 * the thread, set flags and kick it.  The thread never takes the registry
 * lock or vm->lock, so whoever ends a VM can wait for the thread while
 * holding either.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include "burnvmm.h"

/*
 * (i) burn_end_guest - end @vcpu's VM for a reason found by the VM thread
 * (guest shutdown or fault, stop request, internal error): record the
 * kind, @status and the formatted reason, and tell the owner.  Sticky:
 * only the first end counts.  The thread notices and stops.
 */
void burn_end_guest(struct burn_vcpu *vcpu, enum burnvmm_end_kind kind,
		    u32 status, const char *fmt, ...)
{
	char reason[BURNVMM_END_REASON_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (burn_vm_set_end_reason(vcpu->vm, kind, status, reason))
		burn_vm_notify_ended(vcpu->vm);
}

/* (ii) The run loop. */

/* Act on one exit; may sleep. */
static void burn_vcpu_handle_exit(struct burn_vcpu *vcpu, enum burn_exit exit)
{
	switch (exit) {
	case BURN_EXIT_HOST:
	case BURN_EXIT_BROKEN:
		break;
	case BURN_EXIT_HYPERCALL:
		burn_hypercall(vcpu);
		break;
	case BURN_EXIT_EXCEPTION:
		burn_guest_exception(vcpu);
		break;
	}
}

/*S:900
 * The VM thread.  Each round first hands the guest any events it can take
 * now (S:880), then enters the guest until something stops it:
 * a host interrupt (the timer tick at the latest), a hypercall or an
 * exception.  Between rounds the thread is an ordinary kernel thread:
 * it may be preempted, it reschedules when the tick says so, and it
 * checks whether it should stop, so a guest spinning forever costs the
 * host one CPU's share and no more, and `burnctl stop` or a VM's
 * destruction only has to kick the thread (an IPI makes the guest exit).
 */
static int burn_vcpu_thread(void *data)
{
	struct burn_vcpu *vcpu = data;
	struct mem_cgroup *old_memcg;

	/*
	 * A kernel thread has no memory cgroup of its own: without this,
	 * the shadow tables it allocates (GFP_KERNEL_ACCOUNT) would be
	 * charged to nobody.  Charge them to the VM's creator, as its RAM.
	 */
	old_memcg = set_active_memcg(vcpu->vm->memcg);
	while (!kthread_should_stop() && !burn_vm_has_ended(vcpu->vm)) {
		if (READ_ONCE(vcpu->stop_requested)) {
			burn_end_guest(vcpu, BURNVMM_END_STOPPED, 0,
				       "stopped on request");
			break;
		}
		burn_upcall_events(vcpu);
		burn_vcpu_handle_exit(vcpu, burn_arch_run(vcpu));
		cond_resched();
	}
	/* Ended: wait to be reaped by burn_vcpu_stop_thread(). */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	set_active_memcg(old_memcg);
	return 0;
}

/* (iii) Starting and stopping. */

/*
 * burn_vcpu_start - VCPU_START: set up the world switch and the shadow
 * tables and start the VM thread.  Called with vm->lock held, in state
 * CREATED; on failure nothing is left behind and the VM stays CREATED.
 */
int burn_vcpu_start(struct burn_vm *vm)
{
	struct burn_vcpu *vcpu = &vm->vcpu;
	struct task_struct *task;
	int err;

	lockdep_assert_held(&vm->lock);
	vcpu->vm = vm;
	err = burn_arch_vcpu_init(vcpu);
	if (err)
		return err;
	err = burn_shadow_init(vcpu);
	if (err)
		goto free_arch;
	task = burn_should_fail(BURN_FAULT_THREAD) ? ERR_PTR(-ENOMEM) :
		kthread_create(burn_vcpu_thread, vcpu, "burnvmm-vm%u", vm->id);
	if (IS_ERR(task)) {
		err = PTR_ERR(task);
		goto free_shadow;
	}
	get_task_struct(task);
	vcpu->task = task;
	WRITE_ONCE(vm->state, BURNVMM_VM_RUNNING);
	wake_up_process(task);
	return 0;

free_shadow:
	burn_shadow_free(vcpu);
free_arch:
	burn_arch_vcpu_free(vcpu);
	return err;
}

/*
 * burn_vcpu_wait_for_owner - the owner's socket is full (an event to it
 * failed with -EAGAIN): give it a millisecond or two to read, in the VM
 * thread.  False, without waiting, when the VM is being stopped or its
 * thread told to exit: then the caller gives up on the event.
 */
bool burn_vcpu_wait_for_owner(struct burn_vcpu *vcpu)
{
	if (READ_ONCE(vcpu->stop_requested) || kthread_should_stop())
		return false;
	usleep_range(1000, 2000);
	return true;
}

/*
 * burn_vcpu_request_stop - VCPU_STOP: ask the thread to end the VM.  The
 * kick sends an IPI if the thread is in the guest on another CPU, which
 * makes the guest exit at once; the wake-up ends an idle hypercall.
 */
void burn_vcpu_request_stop(struct burn_vm *vm)
{
	struct burn_vcpu *vcpu = &vm->vcpu;

	lockdep_assert_held(&vm->lock);
	WRITE_ONCE(vcpu->stop_requested, true);
	if (vcpu->task) {
		wake_up_process(vcpu->task);	/* it may idle (S:850) */
		kick_process(vcpu->task);
	}
}

/*
 * burn_vcpu_stop_thread - the VM is ending: make its thread leave the
 * guest and exit, and wait for that.  Marks the VM dead under vm->lock
 * first, so VCPU_START cannot start a new thread behind our back.
 * Afterwards nothing runs on the VM's behalf and its memory may go.
 */
void burn_vcpu_stop_thread(struct burn_vm *vm)
{
	struct burn_vcpu *vcpu = &vm->vcpu;
	struct task_struct *task;

	mutex_lock(&vm->lock);
	vm->dead = true;
	task = vcpu->task;
	vcpu->task = NULL;
	WRITE_ONCE(vcpu->stop_requested, true);
	if (task)
		kick_process(task);
	mutex_unlock(&vm->lock);
	if (!task)
		return;
	kthread_stop(task);
	/* The timer's callback kicks the task: stop it before the put. */
	burn_vcpu_cancel_timer(vcpu);
	put_task_struct(task);
}

/* The VM's last reference is gone: free what VCPU_START set up. */
void burn_vcpu_free(struct burn_vcpu *vcpu)
{
	if (WARN_ON_ONCE(vcpu->task))
		return;
	burn_shadow_free(vcpu);
	burn_arch_vcpu_free(vcpu);
}
