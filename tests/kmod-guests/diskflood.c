// SPDX-License-Identifier: GPL-2.0
/*
 * diskflood.c - a guest that floods the disk back end: BURN_HC_BLOCK_IO
 * requests as fast as it can, good and bad, while `burnctl start --disk`
 * serves them (tests/selftests/diskflood.sh).  The point is the host:
 * the module's one-request slot, the BLOCK_REQUEST events on burnctl's
 * socket and burnctl's back end, under a guest that never waits politely,
 * and (from the script) a burnctl killed with SIGKILL in the middle.
 *
 * Its orders are in sector 0 of the disk, written by the script:
 * "DISKFLOOD n=NNNNNNNN s=SSSSSSSS seed=XXXXXXXX": N requests (0: for
 * ever, until the VM is stopped or its owner killed), a disk of S
 * sectors (at most MAX_SECTORS), the PRNG's seed.  Sector 0 is never
 * written.
 *
 * Each request is, at random:
 *  - a read or write of 1..64 sectors inside the disk, into or out of a
 *    random place in a buffer area; writes stamp every sector with a
 *    pattern from (sector, generation), reads check every sector against
 *    the last generation written there (zeroes if none): the data must
 *    be exactly right whatever else is going on;
 *  - a flush;
 *  - sectors beyond the disk (just past the end, far past, the sector's
 *    high word set, 2^64 - 1): queued, then EIO from burnctl;
 *  - 0 or more than 64 sectors, an unknown op, a flush with sectors:
 *    -EINVAL at once;
 *  - a buffer beyond RAM, across its end, at 4 GiB - 512: -EFAULT at once.
 * Half of the time, while a request is in flight, 1..8 more are thrown
 * at once (reads into a scratch area, good or bad): -EBUSY, or 0 when the
 * first had finished already.  Every immediate answer and every
 * completion status is checked against what the request deserves.
 *
 * It prints "diskflood: N requests" every 1000, then its figures, and
 * shuts down with 0, or 1 if anything was not as it must be.
 */
#include "kguest.h"
#include "burnvmm/vcpu.h"

#define SECTOR		512u
#define MAX_SECTORS	4096u	/* 2 MiB disks at most */
#define AREA_SECTORS	512u	/* the buffer area: 256 KiB */
#define EIO		5
#define ENODEV		19

static u8 area[AREA_SECTORS * SECTOR] __attribute__((aligned(4096)));
static u8 scratch[BURN_BLOCK_MAX_SECTORS * SECTOR] __attribute__((aligned(16)));
/* The generation last written to each sector; 0: never (zeroes). */
static u32 gen[MAX_SECTORS];
static u32 generation;

static u32 disk_sectors, ram_size, queued;
static u64 rng_state;

/* What happened, for the figures. */
static u32 n_req, n_ok, n_einval, n_efault, n_ebusy, n_eio, n_queued_behind;
static u32 n_reads_checked, n_writes, n_flushes, n_bad_immediate,
	n_bad_status, n_mismatch;

static u32 rnd(void)
{
	return k_rand(&rng_state);
}

static u32 rnd_below(u32 n)
{
	return rnd() % n;
}

static int one_in(u32 n)
{
	return rnd_below(n) == 0;
}

static int block_io(u32 op, u64 sector, u32 count, u32 buf)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(BURN_HC_BLOCK_IO), "b"(op), "c"((u32)sector),
		       "d"((u32)(sector >> 32)), "S"(count), "D"(buf)
		     : "memory");
	return ret;
}

/* Sleep until every request queued so far has finished; the last status. */
static u32 wait_all(void)
{
	while (vcpu.block_done != queued)
		hcall0(BURN_HC_IDLE);
	pending_clear(1u << BURN_EVENT_BLOCK);
	return vcpu.block_status;
}

static u32 pattern(u32 sector, u32 g, u32 i)
{
	return g ? (sector * 0x9e3779b9u) ^ (g * 0x85ebca6bu) ^ i : 0;
}

static void stamp(u8 *buf, u32 sector, u32 count)
{
	u32 k, i;

	generation++;
	for (k = 0; k < count; k++) {
		u32 *w = (u32 *)(buf + k * SECTOR);

		for (i = 0; i < SECTOR / 4; i++)
			w[i] = pattern(sector + k, generation, i);
	}
}

static void check_read(const u8 *buf, u32 sector, u32 count)
{
	u32 k, i;

	for (k = 0; k < count; k++) {
		const u32 *w = (const u32 *)(buf + k * SECTOR);
		u32 g = gen[sector + k];

		for (i = 0; i < SECTOR / 4; i++) {
			if (w[i] != pattern(sector + k, g, i)) {
				if (n_mismatch++ < 4) {
					con_puts("diskflood: sector ");
					con_u32(sector + k);
					con_puts(" word ");
					con_u32(i);
					con_puts(" is ");
					con_hex(w[i]);
					con_puts(", not ");
					con_hex(pattern(sector + k, g, i));
					con_puts("\n");
				}
				break;
			}
		}
	}
	n_reads_checked++;
}

/* An immediate answer that is not the one the request deserves. */
static void bad_immediate(int got, int want)
{
	if (n_bad_immediate++ < 4) {
		con_puts("diskflood: request ");
		con_u32(n_req);
		con_puts(" answered ");
		con_hex((u32)got);
		con_puts(", not ");
		con_hex((u32)want);
		con_puts("\n");
	}
}

static void count_answer(int ret)
{
	if (ret == 0)
		n_ok++;
	else if (ret == -BURN_HC_EINVAL)
		n_einval++;
	else if (ret == -BURN_HC_EFAULT)
		n_efault++;
	else if (ret == -BURN_HC_EBUSY)
		n_ebusy++;
}

/* A bad request of any kind; what it must get at once, 0 if queued. */
static int bad_request(u32 buf_base)
{
	u32 buf = buf_base + SECTOR * rnd_below(8);
	u32 op = rnd_below(2), count = 1 + rnd_below(BURN_BLOCK_MAX_SECTORS);
	u64 sector;
	int ret, want;

	switch (rnd_below(4)) {
	case 0:		/* beyond the disk: queued, then EIO */
		switch (rnd_below(4)) {
		case 0:
			sector = disk_sectors - rnd_below(count);
			break;
		case 1:
			sector = disk_sectors + rnd();
			break;
		case 2:
			sector = ((u64)(1 + rnd()) << 32) | rnd();
			break;
		default:
			sector = ~0ull - rnd_below(count);
		}
		/* Not beyond after all (no wrap: 2^64 - 1 must stay). */
		if (sector < disk_sectors && sector + count <= disk_sectors)
			sector = disk_sectors;
		ret = block_io(op, sector, count, (u32)scratch);
		want = 0;
		break;
	case 1:		/* a count or op the module refuses */
		sector = 1;
		switch (rnd_below(4)) {
		case 0:
			count = 0;
			break;
		case 1:
			count = BURN_BLOCK_MAX_SECTORS + 1 + rnd_below(1000);
			break;
		case 2:
			count = 0x80000000u | rnd();
			break;
		default:	/* a flush with sectors, an op that does not exist */
			if (one_in(3))
				op = BURN_BLOCK_FLUSH;
			else
				op = 3 + rnd_below(one_in(2) ? 8 : 0xfffffff0u);
		}
		ret = block_io(op, sector, count, buf);
		want = -BURN_HC_EINVAL;
		break;
	default:	/* a buffer the guest does not have */
		switch (rnd_below(3)) {
		case 0:
			buf = ram_size + SECTOR * rnd_below(1024);
			break;
		case 1:		/* across the end of RAM */
			buf = ram_size - 1 - rnd_below(count * SECTOR - 1);
			break;
		default:
			buf = 0xfffffe00u - rnd_below(4) * SECTOR;
			if (count < 2)
				count = 2;
		}
		ret = block_io(op, 1, count, buf);
		want = -BURN_HC_EFAULT;
	}
	if (ret != want && !(want == 0 && ret == -BURN_HC_EBUSY))
		bad_immediate(ret, want);
	return ret;
}

/*
 * One good request, waited for (so that it starts with the slot free and
 * its status is its own, unless one thrown behind it was queued), maybe
 * with a burst thrown at it while it is in flight.
 */
static void good_request(void)
{
	u32 op = rnd_below(5), count = 1 + rnd_below(BURN_BLOCK_MAX_SECTORS);
	u32 sector, off, k, st, behind = 0, burst;
	u8 *buf;
	int ret;

	if (count > disk_sectors - 1)
		count = disk_sectors - 1;
	sector = 1 + rnd_below(disk_sectors - count);
	off = rnd_below(AREA_SECTORS - count + 1) * SECTOR;
	if (one_in(8))		/* unaligned: the module does not care */
		off += 1 + rnd_below(SECTOR - 1);
	if (off + count * SECTOR > sizeof(area))
		off = 0;
	buf = area + off;
	if (op == 4) {
		op = BURN_BLOCK_FLUSH;
		n_flushes++;
		ret = block_io(op, 0, 0, 0);
	} else {
		op = op < 2 ? BURN_BLOCK_READ : BURN_BLOCK_WRITE;
		if (op == BURN_BLOCK_WRITE) {
			stamp(buf, sector, count);
			n_writes++;
		}
		ret = block_io(op, sector, count, (u32)buf);
	}
	count_answer(ret);
	if (ret) {
		bad_immediate(ret, 0);
		return;
	}
	queued++;
	if (one_in(2)) {
		burst = 1 + rnd_below(8);
		while (burst--) {
			n_req++;
			if (one_in(2))
				ret = block_io(BURN_BLOCK_READ,
					       1 + rnd_below(disk_sectors - 1), 1,
					       (u32)scratch);
			else
				ret = bad_request((u32)scratch);
			count_answer(ret);
			if (ret == 0) {
				queued++;
				behind++;
			}
		}
	}
	st = wait_all();
	if (behind) {
		/* The slot was free again: our request had finished. */
		n_queued_behind += behind;
		st = 0;
	}
	if (st) {
		if (n_bad_status++ < 4) {
			con_puts("diskflood: a good request ended ");
			con_u32(st);
			con_puts("\n");
		}
		return;
	}
	if (op == BURN_BLOCK_WRITE)
		for (k = 0; k < count; k++)
			gen[sector + k] = generation;
	else if (op == BURN_BLOCK_READ)
		check_read(buf, sector, count);
}

/* A bad request alone, and its completion if it was queued. */
static void lone_bad_request(void)
{
	int ret = bad_request((u32)area);
	u32 st;

	count_answer(ret);
	if (ret)
		return;
	queued++;
	st = wait_all();
	if (st == EIO)
		n_eio++;
	else if (n_bad_status++ < 4) {
		con_puts("diskflood: a request beyond the disk ended ");
		con_u32(st);
		con_puts("\n");
	}
}

static void figure(const char *name, u32 v)
{
	con_puts(" ");
	con_puts(name);
	con_puts(" ");
	con_u32(v);
}

int main(void)
{
	static const char magic[] = "DISKFLOOD n=";
	const char *conf = (const char *)scratch;
	u32 max, i, st, report = 1000;

	if (boot_eax != 0x2BADB002) {
		con_puts("diskflood: no Multiboot information\n");
		return 2;
	}
	ram_size = (((volatile u32 *)boot_ebx)[2] + 1024) * 1024;
	if (upcall_init()) {
		con_puts("diskflood: no VCPU page\n");
		return 2;
	}
	/* The orders, from sector 0. */
	if (block_io(BURN_BLOCK_READ, 0, 1, (u32)scratch)) {
		con_puts("diskflood: cannot read sector 0\n");
		return 2;
	}
	queued = 1;
	st = wait_all();
	if (st == ENODEV) {
		con_puts("diskflood: no disk\n");
		return 3;
	}
	for (i = 0; magic[i] && conf[i] == magic[i]; i++)
		;
	if (st || magic[i]) {
		con_puts("diskflood: no orders in sector 0\n");
		return 2;
	}
	max = k_parse_num(conf + 12, 10, 8);
	disk_sectors = k_parse_num(conf + 23, 10, 8);
	rng_state = k_parse_num(conf + 37, 16, 8) | 0x100000000ull;
	if (disk_sectors < 2 || disk_sectors > MAX_SECTORS) {
		con_puts("diskflood: a disk of 2..4096 sectors, please\n");
		return 2;
	}
	con_puts("diskflood: flooding, requests ");
	con_u32(max);
	con_puts(" sectors ");
	con_u32(disk_sectors);
	con_puts("\n");

	for (n_req = 0; !max || n_req < max; ) {
		n_req++;
		if (rnd_below(4))
			good_request();
		else
			lone_bad_request();
		if (n_req >= report) {
			con_puts("diskflood: ");
			con_u32(report);
			con_puts(" requests\n");
			report += 1000;
		}
	}
	con_puts("diskflood: done");
	figure("requests", n_req);
	figure("ok", n_ok);
	figure("einval", n_einval);
	figure("efault", n_efault);
	figure("ebusy", n_ebusy);
	figure("eio", n_eio);
	figure("behind", n_queued_behind);
	figure("writes", n_writes);
	figure("reads-checked", n_reads_checked);
	figure("flushes", n_flushes);
	con_puts("\ndiskflood: wrong");
	figure("answers", n_bad_immediate);
	figure("statuses", n_bad_status);
	figure("data", n_mismatch);
	con_puts("\n");
	return n_bad_immediate || n_bad_status || n_mismatch ? 1 : 0;
}
