// SPDX-License-Identifier: GPL-2.0
/*
 * blockio.c - the block back end end to end: BURN_HC_BLOCK_IO requests
 * go to `burnctl start --disk FILE`, which answers them, and the guest
 * sees each completion in its VCPU page (block_done, block_status) with
 * BURN_EVENT_BLOCK pending.  It flushes, writes sectors 5-6 with a
 * letter pattern tests/selftests/block.sh finds in the file, reads them
 * back, reads past the end (EIO) and makes the requests the module must
 * refuse.  Exits 0; 3 when the first request says there is no disk.
 */
#include "kguest.h"
#include "burnvmm/vcpu.h"

#define SECTOR 512
#define ENODEV 19
#define EIO 5

static struct burn_vcpu_page page __attribute__((aligned(4096)));
static u8 wbuf[2 * SECTOR], rbuf[2 * SECTOR];
static u8 upcall_stack[1024] __attribute__((aligned(16)));
static int failed;

static int block_io(u32 op, u32 sector, u32 count, void *buf)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(BURN_HC_BLOCK_IO), "b"(op), "c"(sector), "d"(0),
		       "S"(count), "D"((u32)buf)
		     : "memory");
	return ret;
}

/* Nothing here should fault: any upcall ends the guest with 99. */
static void upcall_entry(void)
{
	hcall2(BURN_HC_SHUTDOWN, 99, 0);
}

/* Sleep until request number @n has finished; its status. */
static u32 wait_done(u32 n)
{
	while (page.block_done < n)
		hcall0(BURN_HC_IDLE);
	page.pending &= ~(1u << BURN_EVENT_BLOCK);
	return page.block_status;
}

static void check(int ok, const char *what)
{
	con_puts(ok ? "ok - " : "FAIL - ");
	con_puts(what);
	con_puts("\n");
	if (!ok)
		failed = 1;
}

int main(void)
{
	u32 i, n = 0, st;
	int r;

	r = hcall2(BURN_HC_NULL, 0, 0);
	asm volatile("int $0x82" : "=a"(r)
		     : "a"(BURN_HC_SET_UPCALL), "b"((u32)upcall_entry),
		       "c"((u32)upcall_stack + sizeof(upcall_stack)),
		       "d"((u32)&page) : "memory");
	check(r == 0, "VCPU page registered");
	check(block_io(BURN_BLOCK_FLUSH, 0, 0, wbuf) == 0, "flush queued");
	st = wait_done(++n);
	if (st == ENODEV) {
		con_puts("blockio: no disk\n");
		return 3;
	}
	check(st == 0, "flush done");
	for (i = 0; i < sizeof(wbuf); i++)
		wbuf[i] = 'A' + i % 26;
	check(block_io(BURN_BLOCK_WRITE, 5, 2, wbuf) == 0, "write queued");
	check(wait_done(++n) == 0, "write of sectors 5-6 done");
	check(block_io(BURN_BLOCK_READ, 5, 2, rbuf) == 0, "read queued");
	check(wait_done(++n) == 0, "read of sectors 5-6 done");
	for (i = 0; i < sizeof(rbuf) && rbuf[i] == wbuf[i]; i++)
		;
	check(i == sizeof(rbuf), "read back what was written");
	check(block_io(BURN_BLOCK_READ, 0x100000, 1, rbuf) == 0,
	      "read past the end queued");
	check(wait_done(++n) == EIO, "read past the end fails with EIO");
	check(block_io(BURN_BLOCK_READ, 0, 0, rbuf) == -BURN_HC_EINVAL,
	      "zero sectors refused");
	check(block_io(BURN_BLOCK_READ, 0, BURN_BLOCK_MAX_SECTORS + 1, rbuf) ==
	      -BURN_HC_EINVAL, "too many sectors refused");
	check(block_io(7, 0, 1, rbuf) == -BURN_HC_EINVAL, "unknown op refused");
	check(block_io(BURN_BLOCK_FLUSH, 0, 1, rbuf) == -BURN_HC_EINVAL,
	      "a flush with sectors refused");
	check(block_io(BURN_BLOCK_READ, 0, 2, (void *)0xfffffe00) ==
	      -BURN_HC_EFAULT, "buffer beyond RAM refused");
	/* Back to back: the second finds the first in flight, or done. */
	check(block_io(BURN_BLOCK_READ, 5, 1, rbuf) == 0, "read queued");
	r = block_io(BURN_BLOCK_READ, 6, 1, rbuf + SECTOR);
	check(r == -BURN_HC_EBUSY || r == 0, "one request at a time");
	wait_done(++n);
	if (r == 0)
		wait_done(++n);
	con_puts(failed ? "blockio: FAILED\n" : "blockio: all ok\n");
	return failed;
}
