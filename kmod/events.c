// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - asynchronous events for a VCPU: the guest's one-shot timer,
 * console input and device interrupts raised over netlink, and the idle
 * hypercall that sleeps until one of them arrives.
 *
 * Contents:
 *  (i)   raising an event from anywhere, and kicking the VM thread
 *  (ii)  the one-shot timer (an hrtimer)
 *  (iii) console input: a small FIFO between netlink and the guest
 *  (iv)  merging raised events into what the guest sees
 *  (v)   idling
 *
 * Events are raised in any context (hard interrupt for the timer, a
 * netlink handler for the rest) as bits of vcpu->events, set atomically.
 * Only the VM thread takes them out, between two trips into the guest
 * (burn_events_merge()), and moves them to the guest's view: the
 * pending word of the shared VCPU page, or, for a raw guest that
 * registered none, vcpu->raw_pending.  From there upcall.c decides when
 * the guest gets them.
 */
#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include "burnvmm.h"

/*
 * (i) Make the VM thread notice a new event.  If it sleeps in the idle
 * hypercall, wake it; if it runs the guest on another CPU, an IPI makes
 * the guest exit (kick_process() sends none when the thread is on this
 * CPU or not running, and then the run loop's own check catches it).
 * @task is NULL until VCPU_START, and the caller keeps it alive.
 */
static void burn_vcpu_kick_task(struct task_struct *task)
{
	if (!task)
		return;
	wake_up_process(task);
	kick_process(task);
}

/*
 * burn_vcpu_kick - an event for @vm was raised from outside its thread
 * (netlink): kick the thread, which vm->lock keeps from going away.
 */
void burn_vcpu_kick(struct burn_vm *vm)
{
	mutex_lock(&vm->lock);
	burn_vcpu_kick_task(vm->vcpu.task);
	mutex_unlock(&vm->lock);
}

/* Raise event @bit (no checks: the host's own bits, or checked ones). */
static void burn_vcpu_raise(struct burn_vcpu *vcpu, unsigned int bit)
{
	set_bit(bit, &vcpu->events);
}

/*
 * burn_vcpu_raise_event - BURNVMM_CMD_VM_EVENT: a device interrupt for
 * the guest, event @bit (BURN_EVENT_FIRST_IRQ..BURN_EVENT_LAST).  0, or
 * -EINVAL for a bit netlink may not raise.
 */
int burn_vcpu_raise_event(struct burn_vm *vm, unsigned int bit)
{
	struct burn_vcpu *vcpu = &vm->vcpu;

	if (bit < BURN_EVENT_FIRST_IRQ || bit > BURN_EVENT_LAST)
		return -EINVAL;
	burn_vcpu_raise(vcpu, bit);
	burn_vcpu_kick(vm);
	return 0;
}

/*
 * (ii) The timer.  The callback runs in hard interrupt context and only
 * raises the event; the thread reference it kicks stays valid because
 * burn_vcpu_stop_thread() cancels the timer before dropping it.
 */
static enum hrtimer_restart burn_vcpu_timer_fired(struct hrtimer *timer)
{
	struct burn_vcpu *vcpu = container_of(timer, struct burn_vcpu, timer);

	burn_vcpu_raise(vcpu, BURN_EVENT_TIMER);
	burn_vcpu_kick_task(READ_ONCE(vcpu->task));
	return HRTIMER_NORESTART;
}

/*
 * BURN_HC_SET_TIMER: one shot, @ns from now; 0 cancels.  The delay is
 * the guest's: anything up to KTIME_MAX is a valid (if patient) request.
 */
int burn_vcpu_set_timer(struct burn_vcpu *vcpu, u64 ns)
{
	if (!ns) {
		hrtimer_try_to_cancel(&vcpu->timer);
		return 0;
	}
	if (ns > KTIME_MAX)
		ns = KTIME_MAX;
	hrtimer_start(&vcpu->timer, ns_to_ktime(ns), HRTIMER_MODE_REL);
	return 0;
}

/* Called with the VM thread gone: no new timer can be armed. */
void burn_vcpu_cancel_timer(struct burn_vcpu *vcpu)
{
	hrtimer_cancel(&vcpu->timer);
}

/*
 * (iii) burn_vcpu_console_input - BURNVMM_CMD_VM_EVENT with data: queue
 * console input for the guest.  Returns the bytes taken (maybe fewer
 * than @len), or -EAGAIN when the FIFO is full; the sender retries.
 */
int burn_vcpu_console_input(struct burn_vm *vm, const u8 *data, u32 len)
{
	struct burn_vcpu *vcpu = &vm->vcpu;
	unsigned int taken;

	taken = kfifo_in_spinlocked(&vcpu->console_in, data, len,
				    &vcpu->console_lock);
	if (!taken && len)
		return -EAGAIN;
	if (taken) {
		burn_vcpu_raise(vcpu, BURN_EVENT_CONSOLE);
		burn_vcpu_kick(vm);
	}
	return taken;
}

/*
 * Take up to @len bytes of console input into @buf (VM thread only: the
 * FIFO has one reader).  If some are left, the event stays raised so the
 * guest comes back for them.
 */
u32 burn_vcpu_console_take(struct burn_vcpu *vcpu, u8 *buf, u32 len)
{
	u32 got = kfifo_out(&vcpu->console_in, buf, len);

	if (!kfifo_is_empty(&vcpu->console_in))
		burn_vcpu_raise(vcpu, BURN_EVENT_CONSOLE);
	burn_stat_add(&vcpu->stats, BURNVMM_STAT_CONSOLE_IN_BYTES, got);
	return got;
}

/* Bytes of console input waiting, without taking them. */
u32 burn_vcpu_console_waiting(struct burn_vcpu *vcpu)
{
	return kfifo_len(&vcpu->console_in);
}

/*
 * (iv) burn_events_arrived - has an event been raised since the last
 * merge?  Checked by the world switch with interrupts off.
 */
bool burn_events_arrived(struct burn_vcpu *vcpu)
{
	return READ_ONCE(vcpu->events) != 0;
}

/*
 * (iv) burn_events_merge - move raised events into the guest's view:
 * the VCPU page's pending word, or raw_pending without a page.  The
 * guest is not running (we are its thread), so the page can be written
 * without atomics.  Returns the guest's pending bits afterwards.
 */
u32 burn_events_merge(struct burn_vcpu *vcpu)
{
	struct burn_vcpu_page *page = vcpu->upcall.page;
	u32 bits = xchg(&vcpu->events, 0);

	if (bits & BIT(BURN_EVENT_TIMER))
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_TIMER_FIRES);
	if (page && (bits & BIT(BURN_EVENT_BLOCK)))
		burn_block_publish(vcpu, page);
	if (!page) {
		vcpu->raw_pending |= bits;
		return vcpu->raw_pending;
	}
	if (bits)
		WRITE_ONCE(page->pending, READ_ONCE(page->pending) | bits);
	return READ_ONCE(page->pending);
}

/*S:850
 * (v) BURN_HC_IDLE: the guest has nothing to do until an event, like
 * `hlt` with interrupts on.  We sleep until one is raised, or until the
 * VM is stopped, and return the pending bits; the guest takes them
 * itself (a raw guest without a VCPU page gets them cleared with this
 * return, since there is no other way to hand them over).  The sleep is
 * interruptible: a VM thread never sits in an uninterruptible sleep on
 * a guest's behalf, and both the timer and netlink wake it.
 */
u32 burn_vcpu_idle(struct burn_vcpu *vcpu)
{
	u32 pending = burn_events_merge(vcpu);
	ktime_t start;

	if (!pending) {
		burn_stat_inc(&vcpu->stats, BURNVMM_STAT_IDLE_SLEEPS);
		start = ktime_get();
		for (;;) {
			set_current_state(TASK_INTERRUPTIBLE);
			if (burn_events_arrived(vcpu) ||
			    READ_ONCE(vcpu->stop_requested) ||
			    kthread_should_stop())
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		burn_stat_add(&vcpu->stats, BURNVMM_STAT_IDLE_NS,
			      ktime_to_ns(ktime_sub(ktime_get(), start)));
		pending = burn_events_merge(vcpu);
	}
	if (!vcpu->upcall.page)
		vcpu->raw_pending = 0;
	return pending;
}

/* (i) Set-up at VM creation: the timer and the FIFO exist from then on. */
void burn_vcpu_events_init(struct burn_vcpu *vcpu)
{
	hrtimer_init(&vcpu->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	vcpu->timer.function = burn_vcpu_timer_fired;
	spin_lock_init(&vcpu->console_lock);
	INIT_KFIFO(vcpu->console_in);
}
