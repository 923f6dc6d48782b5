// SPDX-License-Identifier: GPL-2.0
/*
 * disk.c - the block back end of `burnctl start --disk FILE` (disk.h).
 *
 * Every request is checked against the disk's size before any I/O: the
 * guest chooses the sector, and a read past the end must fail, not read
 * whatever pread() finds (nothing) or grow the file on a write.
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "disk.h"
#include "netlink.h"

#define SECTOR BURNVMM_BLOCK_SECTOR_SIZE

void disk_none(struct disk *d)
{
	d->fd = -1;
	d->sectors = 0;
}

int disk_open(struct disk *d, const char *path, char *why, size_t n)
{
	struct stat st;

	disk_none(d);
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0) {
		snprintf(why, n, "%s", strerror(errno));
		return -1;
	}
	if (fstat(d->fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, n, "not a regular file");
		goto fail;
	}
	if (st.st_size < SECTOR) {
		snprintf(why, n, "smaller than one 512-byte sector");
		goto fail;
	}
	d->sectors = (uint64_t)st.st_size / SECTOR;
	return 0;
fail:
	close(d->fd);
	d->fd = -1;
	return -1;
}

void disk_close(struct disk *d)
{
	if (d->fd >= 0)
		close(d->fd);
	disk_none(d);
}

/* Is [sector, sector + count) inside the disk?  Overflow-safe. */
static int disk_range_ok(const struct disk *d, uint64_t sector, uint32_t count)
{
	return sector <= d->sectors && count <= d->sectors - sector;
}

uint32_t disk_do(struct disk *d, struct burn_block_req *r)
{
	size_t len = (size_t)r->count * SECTOR;
	off_t off = (off_t)(r->sector * SECTOR);

	if (d->fd < 0)
		return ENODEV;
	switch (r->op) {
	case BURNVMM_BLOCK_FLUSH:
		return fdatasync(d->fd) ? EIO : 0;
	case BURNVMM_BLOCK_READ:
	case BURNVMM_BLOCK_WRITE:
		break;
	default:
		return EINVAL;
	}
	if (!r->count || r->count > BURNVMM_BLOCK_MAX_SECTORS)
		return EINVAL;
	if (!disk_range_ok(d, r->sector, r->count))
		return EIO;
	if (r->op == BURNVMM_BLOCK_WRITE) {
		if (r->len != len)
			return EINVAL;
		return pwrite(d->fd, r->data, len, off) == (ssize_t)len ? 0 :
			EIO;
	}
	r->len = 0;
	if (pread(d->fd, r->data, len, off) != (ssize_t)len)
		return EIO;
	r->len = len;
	return 0;
}

int disk_serve(struct disk *d, struct burn_nl *nl, struct burn_block_req *r)
{
	uint32_t status = disk_do(d, r);
	struct nl_msg *msg;

	msg = burn_nl_msg(nl, BURNVMM_CMD_BLOCK_COMPLETE, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, r->id);
	burn_nl_put_u32(&msg, BURNVMM_A_BLOCK_STATUS, status);
	if (!status && r->op == BURNVMM_BLOCK_READ)
		burn_nl_put_data(&msg, BURNVMM_A_DATA, r->data, r->len);
	r->pending = false;
	return burn_nl_request(nl, msg, NULL, NULL);
}
