// SPDX-License-Identifier: GPL-2.0
/*
 * hypercall.c - the calls a guest makes with `int $0x82` (the ABI is in
 * include/burnvmm/hypercall.h and docs/hypercalls.md).
 *
 * Every argument is the guest's and checked before use; a bad number or
 * argument is an error code in EAX, never a host problem.  Handlers run
 * in the VM thread with preemption enabled, so they may sleep.
 */
#include "burnvmm.h"
#include "trace.h"

/*
 * burn_hc_console_check - may a guest with @mem_size bytes of RAM write
 * @len console bytes from guest-physical @gpa?  0, -BURN_HC_EINVAL for a
 * length over the limit, -BURN_HC_EFAULT for a buffer not wholly in RAM.
 */
int burn_hc_console_check(u64 mem_size, u32 addr, u32 len)
{
	if (len > BURN_HC_CONSOLE_MAX)
		return -BURN_HC_EINVAL;
	if (!burn_gpa_range_ok(mem_size, gpa(addr), len))
		return -BURN_HC_EFAULT;
	return 0;
}

/* How many times (1 to 2 ms apart) a console write retries a full socket. */
#define BURN_CONSOLE_RETRIES	5000

/*
 * Console output goes to the owner as netlink events.  When the owner's
 * socket is full we wait for it, a millisecond or two at a time (about
 * 10 s in all), so a fast guest
 * cannot make burnctl lose output; a stop request or a stalled owner ends
 * the wait and the bytes are dropped.
 */
static void burn_hc_console_send(struct burn_vcpu *vcpu, gpa_t where, u32 len)
{
	int err, waited;

	for (waited = 0; waited < BURN_CONSOLE_RETRIES; waited++) {
		err = burn_netlink_console(vcpu->vm, where, len);
		if (err != -EAGAIN || !burn_vcpu_wait_for_owner(vcpu))
			break;
	}
}

/*
 * The buffer is guest-linear: with guest paging each page of it may lie
 * anywhere in guest RAM, so it is translated and sent a page at a time.
 * Every piece is checked before anything is sent, so a bad buffer sends
 * nothing.
 */
static u32 burn_console_piece(u32 addr, u32 left)
{
	return min_t(u32, left, PAGE_SIZE - (addr & ~PAGE_MASK));
}

static int burn_hc_console_write(struct burn_vcpu *vcpu, u32 addr, u32 len)
{
	u32 done, piece;
	gpa_t where;
	int err;

	if (len > BURN_HC_CONSOLE_MAX)
		return -BURN_HC_EINVAL;
	/* The threat: a buffer that wraps past 4 GiB back to address 0. */
	if ((u64)addr + len > BIT_ULL(32))
		return -BURN_HC_EFAULT;
	for (done = 0; done < len; done += piece) {
		piece = burn_console_piece(addr + done, len - done);
		if (!burn_gva_to_gpa(vcpu, gva(addr + done), &where))
			return -BURN_HC_EFAULT;
		err = burn_hc_console_check(vcpu->vm->mem_size, gpa_val(where),
					    piece);
		if (err)
			return err;
	}
	for (done = 0; done < len; done += piece) {
		piece = burn_console_piece(addr + done, len - done);
		if (burn_gva_to_gpa(vcpu, gva(addr + done), &where))
			burn_hc_console_send(vcpu, where, piece);
	}
	/* A gone owner is not the guest's problem: its bytes just vanish. */
	return len;
}

/*
 * BURN_HC_CONSOLE_READ: the buffer is checked page by page before any
 * byte is taken from the FIFO, so a bad buffer loses no input.
 */
static int burn_hc_console_read(struct burn_vcpu *vcpu, u32 addr, u32 len)
{
	u8 buf[256];
	u32 done, piece, got;
	gpa_t where;

	len = min_t(u32, len, sizeof(buf));
	if ((u64)addr + len > BIT_ULL(32))
		return -BURN_HC_EFAULT;
	for (done = 0; done < len; done += piece) {
		piece = burn_console_piece(addr + done, len - done);
		if (!burn_gva_to_gpa(vcpu, gva(addr + done), &where) ||
		    !burn_gpa_range_ok(vcpu->vm->mem_size, where, piece))
			return -BURN_HC_EFAULT;
	}
	got = burn_vcpu_console_take(vcpu, buf, len);
	for (done = 0; done < got; done += piece) {
		piece = burn_console_piece(addr + done, got - done);
		if (burn_gva_to_gpa(vcpu, gva(addr + done), &where))
			burn_gpa_write(vcpu->vm, where, buf + done, piece);
	}
	return got;
}

/*
 * BURN_HC_END: the guest's own end, with a kind burnctl can act on (a
 * reboot restarts it) and, for a crash, the guest's words in the reason.
 * The message is the guest's: it is copied, cut to size and any byte
 * that is not printable ASCII becomes '?', so a reason is always one
 * clean line.
 */
static int burn_hc_end(struct burn_vcpu *vcpu, u32 how, u32 status, u32 addr,
		       u32 len)
{
	char msg[BURN_END_MESSAGE_MAX + 1] = "";
	gpa_t where;
	u32 i;

	switch (how) {
	case BURN_END_POWEROFF:
		burn_end_guest(vcpu, BURNVMM_END_SHUTDOWN, status,
			       "guest shut down with status %u", status);
		return 0;
	case BURN_END_REBOOT:
		burn_end_guest(vcpu, BURNVMM_END_REBOOT, status,
			       "guest rebooted");
		return 0;
	case BURN_END_HALT:
		burn_end_guest(vcpu, BURNVMM_END_HALTED, status, "halted");
		return 0;
	case BURN_END_CRASH:
		break;
	default:
		return -BURN_HC_EINVAL;
	}
	len = min_t(u32, len, BURN_END_MESSAGE_MAX);
	for (i = 0; addr && i < len; i++) {
		if (!burn_gva_to_gpa(vcpu, gva(addr + i), &where) ||
		    burn_gpa_read(vcpu->vm, where, &msg[i], 1))
			return -BURN_HC_EFAULT;
		if (msg[i] < 0x20 || msg[i] > 0x7e)
			msg[i] = '?';
	}
	msg[i] = '\0';
	burn_end_guest(vcpu, BURNVMM_END_CRASHED, status, "guest crashed: %s",
		       i ? msg : "no reason given");
	return 0;
}

/* BURN_HC_SET_PGTABLE; a host out of memory ends the VM. */
static int burn_hc_set_pgtable(struct burn_vcpu *vcpu, u32 gcr3, u32 flags)
{
	int ret = burn_shadow_set_pgtable(vcpu, gcr3, flags);

	if (ret == -ENOMEM)
		burn_shadow_out_of_memory(vcpu);
	return ret;
}

/*S:810
 * A hypercall: vector 0x82 from ring 1 (ring 3 gets a #GP from the gate's
 * DPL).  The guest's registers are in sw->regs; the result replaces EAX
 * and the guest continues after the `int $0x82`, which the CPU already
 * stepped over.
 */
void burn_hypercall(struct burn_vcpu *vcpu)
{
	struct burn_guest_regs *regs = burn_arch_regs(vcpu);
	u32 nr = regs->eax;
	int ret;

	burn_stat_inc(&vcpu->stats, nr < BURNVMM_STAT_HC_COUNT ?
		      BURNVMM_STAT_HC_FIRST + nr : BURNVMM_STAT_HC_OTHER);
	switch (nr) {
	case BURN_HC_NULL:
		ret = 0;
		break;
	case BURN_HC_CONSOLE_WRITE:
		ret = burn_hc_console_write(vcpu, regs->ebx, regs->ecx);
		if (ret > 0)
			burn_stat_add(&vcpu->stats,
				      BURNVMM_STAT_CONSOLE_OUT_BYTES, ret);
		break;
	case BURN_HC_SHUTDOWN:
		burn_end_guest(vcpu, BURNVMM_END_SHUTDOWN, (u32)regs->ebx,
			       "guest shut down with status %u",
			       (u32)regs->ebx);
		return;
	case BURN_HC_SET_PGTABLE:
		ret = burn_hc_set_pgtable(vcpu, regs->ebx, regs->ecx);
		break;
	case BURN_HC_FLUSH_TLB:
		ret = burn_shadow_flush(vcpu, regs->ebx, gva(regs->ecx));
		break;
	case BURN_HC_SET_UPCALL:
		ret = burn_upcall_register(vcpu, regs->ebx, regs->ecx,
					   regs->edx);
		break;
	case BURN_HC_SET_WINDOW:
		ret = burn_shadow_set_window(vcpu, regs->ebx, regs->ecx,
					     regs->edx);
		break;
	case BURN_HC_SET_DESC:
		ret = burn_arch_set_desc(vcpu, regs->ebx, regs->ecx, regs->edx);
		break;
	case BURN_HC_SET_TIMER:
		ret = burn_vcpu_set_timer(vcpu, (u64)(u32)regs->ecx << 32 |
					  (u32)regs->ebx);
		break;
	case BURN_HC_IDLE:
		ret = burn_vcpu_idle(vcpu);
		break;
	case BURN_HC_BLOCK_IO:
		ret = burn_block_request(vcpu, regs->ebx,
					 (u64)(u32)regs->edx << 32 |
					 (u32)regs->ecx,
					 regs->esi, regs->edi);
		break;
	case BURN_HC_END:
		ret = burn_hc_end(vcpu, regs->ebx, regs->ecx, regs->edx,
				  regs->esi);
		if (!ret)
			return;
		break;
	case BURN_HC_SET_CR:
		ret = burn_arch_set_cr(vcpu, regs->ebx, regs->ecx);
		break;
	case BURN_HC_CONSOLE_READ:
		ret = burn_hc_console_read(vcpu, regs->ebx, regs->ecx);
		break;
	default:
		ret = -BURN_HC_ENOSYS;
		break;
	}
	trace_burnvmm_hypercall(vcpu->vm->id, nr, ret);
	regs->eax = (u32)ret;
}

#ifdef BURNVMM_WITH_KUNIT
#include "../tests/kunit/hypercall_kunit.c"
#endif
