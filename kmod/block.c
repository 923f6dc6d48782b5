// SPDX-License-Identifier: GPL-2.0
/*
 * block.c - the guest's disk, served by its owner: BURN_HC_BLOCK_IO
 * becomes a BLOCK_REQUEST netlink event, burnctl does the file I/O, and
 * its BLOCK_COMPLETE puts read data into guest RAM and wakes the guest.
 *
 * Why through userland: the disk is a file that burnctl opened with its
 * user's rights; the module never opens host files on a guest's behalf.
 *
 * One request per VCPU is in flight (the ATA model the IPVMM drives has
 * one command at a time anyway), so the state is a single slot under a
 * mutex: the VM thread fills it, a netlink handler empties it.  The
 * guest's buffer is checked when the request is made and remembered
 * here, so the owner's reply can never name a destination: it only
 * supplies bytes, exactly as many as were asked for.  Guest RAM lives as
 * long as the VM, so a reply that arrives while the guest runs simply
 * writes it, as a DMA engine would.
 */
#include "burnvmm.h"

#define BURN_SECTOR_SIZE	BURNVMM_BLOCK_SECTOR_SIZE

/* How many times (1 to 2 ms apart) a request retries a full socket. */
#define BURN_BLOCK_SEND_RETRIES	5000

/* Finish the slot with @status (the lock is held); tell the guest. */
static void burn_block_finish(struct burn_vcpu *vcpu, u32 status)
{
	lockdep_assert_held(&vcpu->block.lock);
	vcpu->block.busy = false;
	vcpu->block.status = status;
	vcpu->block.finished++;
	set_bit(BURN_EVENT_BLOCK, &vcpu->events);
}

/*
 * burn_block_check - may a guest with @mem_size bytes of RAM ask for @op
 * on @count sectors into or out of @buf?  0 or -BURN_HC_E*.
 */
int burn_block_check(u64 mem_size, u32 op, u32 count, u32 buf)
{
	switch (op) {
	case BURN_BLOCK_FLUSH:
		return count ? -BURN_HC_EINVAL : 0;
	case BURN_BLOCK_READ:
	case BURN_BLOCK_WRITE:
		break;
	default:
		return -BURN_HC_EINVAL;
	}
	if (!count || count > BURN_BLOCK_MAX_SECTORS)
		return -BURN_HC_EINVAL;
	if (!burn_gpa_range_ok(mem_size, gpa(buf),
			       (u64)count * BURN_SECTOR_SIZE))
		return -BURN_HC_EFAULT;
	return 0;
}

/*
 * BURN_HC_BLOCK_IO.  The event is sent outside the lock: a completion
 * cannot overtake it, since the owner only answers what it has read.
 * If the owner is gone or never reads, the request fails with EIO
 * rather than leaving the guest waiting forever.
 */
int burn_block_request(struct burn_vcpu *vcpu, u32 op, u64 sector, u32 count,
		       u32 buf)
{
	struct burn_block *b = &vcpu->block;
	int err, tries;

	if (!vcpu->upcall.page)
		return -BURN_HC_EINVAL;
	err = burn_block_check(vcpu->vm->mem_size, op, count, buf);
	if (err)
		return err;
	mutex_lock(&b->lock);
	if (b->busy) {
		mutex_unlock(&b->lock);
		return -BURN_HC_EBUSY;
	}
	b->busy = true;
	b->op = op;
	b->count = count;
	b->sector = sector;
	b->buf = gpa(buf);
	mutex_unlock(&b->lock);

	for (tries = 0; tries < BURN_BLOCK_SEND_RETRIES; tries++) {
		err = burn_netlink_block_request(vcpu->vm, op, sector, count,
						 gpa(buf));
		if (err != -EAGAIN || !burn_vcpu_wait_for_owner(vcpu))
			break;
	}
	if (err) {
		mutex_lock(&b->lock);
		if (b->busy)
			burn_block_finish(vcpu, EIO);
		mutex_unlock(&b->lock);
	}
	return 0;
}

/*
 * BLOCK_COMPLETE from the owner: @status, and for a read that worked
 * the bytes (@data, @len).  -ENOENT if nothing is in flight, -EINVAL if
 * the data does not match the request; then nothing changes.
 */
int burn_block_complete(struct burn_vm *vm, u32 status, const void *data,
			u32 len)
{
	struct burn_vcpu *vcpu = &vm->vcpu;
	struct burn_block *b = &vcpu->block;
	int err = 0;

	mutex_lock(&b->lock);
	if (!b->busy) {
		err = -ENOENT;
		goto out;
	}
	if (b->op == BURN_BLOCK_READ && !status) {
		if (!data || len != b->count * BURN_SECTOR_SIZE) {
			err = -EINVAL;
			goto out;
		}
		if (burn_gpa_write(vm, b->buf, data, len))
			status = EIO;	/* checked at request time: cannot happen */
	} else if (data) {
		err = -EINVAL;
		goto out;
	}
	burn_block_finish(vcpu, status);
out:
	mutex_unlock(&b->lock);
	if (!err)
		burn_vcpu_kick(vm);
	return err;
}

/*
 * Called by the VM thread when it merges BURN_EVENT_BLOCK: publish how
 * the finished request went in the guest's VCPU page.
 */
void burn_block_publish(struct burn_vcpu *vcpu, struct burn_vcpu_page *page)
{
	struct burn_block *b = &vcpu->block;

	mutex_lock(&b->lock);
	WRITE_ONCE(page->block_status, b->status);
	WRITE_ONCE(page->block_done, b->finished);
	mutex_unlock(&b->lock);
}

/* At VM creation. */
void burn_block_init(struct burn_vcpu *vcpu)
{
	mutex_init(&vcpu->block.lock);
}
