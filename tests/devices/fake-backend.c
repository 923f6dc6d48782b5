// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/fake-backend.c - a deterministic back end for tests.
 *
 * Disk requests either complete inside disk_submit() (like a back end
 * that has the data at hand) or are parked until the test calls
 * fake_complete_one()/fake_complete_all(), which is how the tests see
 * the ATA model hold BSY while a request is with the host.
 */
#include <stdlib.h>
#include <string.h>

#include "fake-backend.h"

static u64 fb_now(void *ctx)
{
	struct fake_backend *fb = ctx;
	u64 t = fb->now;

	fb->now += fb->step_ns;
	return t;
}

static u64 fb_wallclock(void *ctx)
{
	struct fake_backend *fb = ctx;

	return fb->wallclock;
}

static void fb_console_tx(void *ctx, unsigned int port, u8 byte)
{
	struct fake_backend *fb = ctx;

	if (port < 2 && fb->console_len[port] < FAKE_CONSOLE_MAX)
		fb->console[port][fb->console_len[port]++] = byte;
}

static u64 fb_disk_sectors(void *ctx, unsigned int unit)
{
	struct fake_backend *fb = ctx;

	return unit < FAKE_NR_DISKS ? fb->disk[unit].sectors : 0;
}

/* Carry out @req against the RAM disk; 0 or -EIO. */
static int fb_do_io(struct fake_backend *fb, const struct dev_disk_req *req)
{
	struct fake_disk *d;
	size_t off, len;

	if (req->unit >= FAKE_NR_DISKS)
		return -DEV_EIO;
	d = &fb->disk[req->unit];
	if (req->op == DEV_DISK_FLUSH)
		return 0;
	if (req->lba > d->sectors || req->count > d->sectors - req->lba)
		abort();	/* the model let an out-of-range request out */
	if (d->fail_lba >= req->lba && d->fail_lba < req->lba + req->count)
		return -DEV_EIO;
	off = (size_t)req->lba * DEV_SECTOR_SIZE;
	len = (size_t)req->count * DEV_SECTOR_SIZE;
	if (req->op == DEV_DISK_READ)
		memcpy(req->buf, d->data + off, len);
	else
		memcpy(d->data + off, req->buf, len);
	return 0;
}

static int fb_disk_submit(void *ctx, const struct dev_disk_req *req)
{
	struct fake_backend *fb = ctx;

	fb->nr_requests++;
	fb->last_req = *req;
	if (fb->submit_error)
		return fb->submit_error;
	if (fb->async) {
		if (fb->nr_pending >= FAKE_MAX_PENDING)
			abort();	/* the model overlapped requests */
		fb->pending[fb->nr_pending++] = *req;
		return 0;
	}
	if (fb->complete)
		fb->complete(fb->complete_target, req->tag, fb_do_io(fb, req));
	return 0;
}

unsigned int fake_complete_one(struct fake_backend *fb)
{
	struct dev_disk_req req;

	if (!fb->nr_pending)
		return 0;
	req = fb->pending[0];
	memmove(&fb->pending[0], &fb->pending[1],
		(fb->nr_pending - 1) * sizeof(req));
	fb->nr_pending--;
	if (fb->complete)
		fb->complete(fb->complete_target, req.tag, fb_do_io(fb, &req));
	return 1;
}

unsigned int fake_complete_all(struct fake_backend *fb)
{
	unsigned int n = 0;

	while (fake_complete_one(fb))
		n++;
	return n;
}

static void fb_system_event(void *ctx, enum dev_sys_event ev, u32 code)
{
	struct fake_backend *fb = ctx;

	fb->events++;
	fb->last_event = ev;
	fb->last_code = code;
}

static void fb_log(void *ctx, enum dev_log_kind kind, const char *dev,
		   const char *msg, u32 val)
{
	struct fake_backend *fb = ctx;

	(void)dev;
	if ((unsigned int)kind < 3)
		fb->logs[kind]++;
	fb->last_log = msg;
	fb->last_log_val = val;
}

const struct dev_backend_ops fake_backend_ops = {
	.now_ns = fb_now,
	.wallclock_s = fb_wallclock,
	.console_tx = fb_console_tx,
	.disk_sectors = fb_disk_sectors,
	.disk_submit = fb_disk_submit,
	.system_event = fb_system_event,
	.log = fb_log,
};

void fake_backend_init(struct fake_backend *fb)
{
	memset(fb, 0, sizeof(*fb));
	fb->disk[0].fail_lba = DEV_U64_MAX;
	fb->disk[1].fail_lba = DEV_U64_MAX;
}

void fake_backend_free(struct fake_backend *fb)
{
	unsigned int i;

	for (i = 0; i < FAKE_NR_DISKS; i++) {
		free(fb->disk[i].data);
		fb->disk[i].data = NULL;
	}
}

void fake_disk_create(struct fake_backend *fb, unsigned int unit,
		      u64 sectors)
{
	struct fake_disk *d = &fb->disk[unit];

	free(d->data);
	d->data = calloc((size_t)sectors, DEV_SECTOR_SIZE);
	if (!d->data && sectors)
		abort();
	d->sectors = sectors;
	d->fail_lba = DEV_U64_MAX;
}

/* Byte @byte of sector @lba in a patterned disk: tests recompute it. */
u8 fake_disk_expected(u64 lba, unsigned int byte)
{
	return (u8)(lba * 7 + byte * 13 + (lba >> 8));
}

void fake_disk_pattern(struct fake_backend *fb, unsigned int unit)
{
	struct fake_disk *d = &fb->disk[unit];
	u64 lba;
	unsigned int i;

	for (lba = 0; lba < d->sectors; lba++)
		for (i = 0; i < DEV_SECTOR_SIZE; i++)
			d->data[lba * DEV_SECTOR_SIZE + i] =
				fake_disk_expected(lba, i);
}

void fake_line_set(void *ctx, unsigned int line, bool level)
{
	struct fake_line *l = (struct fake_line *)ctx + line;

	if (level && !l->level)
		l->rises++;
	if (!level && l->level)
		l->falls++;
	l->level = level;
}

struct dev_irq fake_irq(struct fake_line *lines, unsigned int line)
{
	struct dev_irq irq = {
		.set = fake_line_set, .ctx = lines, .line = line,
	};

	return irq;
}
