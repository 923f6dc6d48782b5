/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disk.h - `burnctl start --disk FILE`: the guest's block back end.  The
 * module forwards each block request of the guest (BURN_HC_BLOCK_IO) as a
 * BLOCK_REQUEST event; disk_serve() does the file I/O and answers with
 * BLOCK_COMPLETE.  Without a disk every request fails with ENODEV, so a
 * guest that probes for one is told at once rather than left waiting.
 */
#ifndef BURNCTL_DISK_H
#define BURNCTL_DISK_H

#include <stddef.h>
#include <stdint.h>

struct burn_nl;
struct burn_block_req;

struct disk {
	int fd;			/* -1: no disk */
	uint64_t sectors;	/* size in 512-byte sectors, rounded down */
};

/* No disk. */
void disk_none(struct disk *d);
/* Open @path read-write; 0, or -1 with a one-line reason in @why. */
int disk_open(struct disk *d, const char *path, char *why, size_t n);
void disk_close(struct disk *d);
/*
 * Carry out @r against @d: a read fills r->data and r->len.  Returns the
 * status to report: 0, EIO (outside the disk, short or failed I/O),
 * ENODEV (no disk) or EINVAL (a request the module never makes).
 */
uint32_t disk_do(struct disk *d, struct burn_block_req *r);
/* disk_do() and the BLOCK_COMPLETE answer; 0 or a negative errno. */
int disk_serve(struct disk *d, struct burn_nl *nl, struct burn_block_req *r);

#endif /* BURNCTL_DISK_H */
