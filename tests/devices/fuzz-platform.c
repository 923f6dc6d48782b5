// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/fuzz-platform.c - libFuzzer target: random port, MMIO,
 * clock and back-end event sequences into the whole platform, built with
 * ASan and UBSan.  A guest may do anything, so any crash, sanitizer
 * report or broken invariant below is a bug in the models.
 *
 * Invariants checked after every operation:
 *   - once platform_advance(now) ran, no deadline is at or before now;
 *   - a UART never holds more than its FIFO, the 8042 its queue;
 *   - the ATA channel, in a data phase, points inside its buffer, and
 *     never has more than one request out at the back end;
 *   - the fake back end aborts on any request outside the disk.
 * Debug-exit, reset and power-off are recorded, not obeyed, so a run
 * continues past them (the IPVMM would stop the VM there).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake-backend.h"
#include "fuzz-input.h"
#include "platform.h"

static struct fake_backend fb;
static struct platform plat;
/* Disk 0's patterned contents, copied back before every input. */
static u8 disk0_template[64 * DEV_SECTOR_SIZE];

/* Consume @n bytes little endian; false when the input is exhausted. */
static bool take(const uint8_t **d, size_t *len, unsigned int n, u32 *v)
{
	unsigned int i;

	if (*len < n)
		return false;
	*v = 0;
	for (i = 0; i < n; i++)
		*v |= (u32)(*d)[i] << 8 * i;
	*d += n;
	*len -= n;
	return true;
}

static bool take_port(const uint8_t **d, size_t *len, u16 *port)
{
	u32 idx, raw;

	if (!take(d, len, 1, &idx))
		return false;
	if (idx < FUZZ_NR_PORTS) {
		*port = fuzz_ports[idx];
		return true;
	}
	if (!take(d, len, 2, &raw))
		return false;
	*port = (u16)raw;
	return true;
}

static void complete(void *target, u32 tag, int err)
{
	platform_disk_complete(target, tag, err);
}

static void check_invariants(void)
{
	const struct ata_channel *ch = &plat.ata;
	unsigned int i;

	for (i = 0; i < PLATFORM_NR_UARTS; i++)
		if (plat.uart[i].rx_count > UART_FIFO_SIZE)
			abort();
	if (plat.kbc.count > I8042_QUEUE_SIZE)
		abort();
	if ((ch->state == ATA_DATA_IN || ch->state == ATA_DATA_OUT) &&
	    (ch->block == 0 || ch->pos >= ch->block * DEV_SECTOR_SIZE))
		abort();
	if (ch->block > ATA_MAX_MULTIPLE || fb.nr_pending > 1)
		abort();
}

static void advance_to(u64 t)
{
	if (t < fb.now)
		return;
	fb.now = t;
	platform_advance(&plat, t);
	if (platform_next_deadline_ns(&plat) <= t)
		abort();
}

static void fail_oldest(void)
{
	struct dev_disk_req req;

	if (!fb.nr_pending)
		return;
	req = fb.pending[0];
	memmove(&fb.pending[0], &fb.pending[1],
		(fb.nr_pending - 1) * sizeof(req));
	fb.nr_pending--;
	platform_disk_complete(&plat, req.tag, -DEV_EIO);
}

static void one_op(u8 op, const uint8_t **d, size_t *len)
{
	static const unsigned int widths[] = { 1, 2, 4, 1 };
	unsigned int w = widths[(op >> FUZZ_WIDTH_SHIFT) & 3];
	u16 port;
	u32 v, a;

	switch ((op & 0x0f) % FUZZ_NR_OPS) {
	case FUZZ_OUT:
		if (take_port(d, len, &port) && take(d, len, w, &v))
			platform_port_write(&plat, port, w, v);
		break;
	case FUZZ_IN:
		if (take_port(d, len, &port))
			platform_port_read(&plat, port, w, &v);
		break;
	case FUZZ_ADVANCE:
		if (take(d, len, 3, &v))
			advance_to(fb.now + (u64)v * 16);
		break;
	case FUZZ_CONSOLE:
		if (take(d, len, 1, &v))
			platform_console_input(&plat, (op >> 6) & 1, (u8)v);
		break;
	case FUZZ_DISK_DONE:
		fake_complete_one(&fb);
		break;
	case FUZZ_INTA:
		if (platform_intr_pending(&plat))
			platform_intr_ack(&plat);
		break;
	case FUZZ_MMIO_READ:
		if (take(d, len, 4, &a))
			platform_mmio_read(&plat, gpa(a), w, &v);
		break;
	case FUZZ_MMIO_WRITE:
		if (take(d, len, 4, &a) && take(d, len, w, &v))
			platform_mmio_write(&plat, gpa(a), w, v);
		break;
	case FUZZ_TO_DEADLINE:
		if (platform_next_deadline_ns(&plat) != DEV_U64_MAX)
			advance_to(platform_next_deadline_ns(&plat));
		break;
	case FUZZ_DISK_FAIL:
		fail_oldest();
		break;
	default:
		platform_reset(&plat);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u32 op;

	fb.now = 1000;
	fb.step_ns = 0;
	fb.wallclock = 1795559963;
	fb.async = true;
	fb.nr_pending = 0;
	fb.nr_requests = 0;
	fb.complete = complete;
	fb.complete_target = &plat;
	fb.console_len[0] = 0;
	fb.console_len[1] = 0;
	memcpy(fb.disk[0].data, disk0_template, sizeof(disk0_template));
	memset(fb.disk[1].data, 0, 16 * DEV_SECTOR_SIZE);
	if (platform_init(&plat, &fake_backend_ops, &fb, 64 << 20, NULL,
			  NULL))
		abort();
	while (take(&data, &size, 1, &op)) {
		one_op((u8)op, &data, &size);
		check_invariants();
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fake_backend_init(&fb);
	fake_disk_create(&fb, 0, 64);
	fake_disk_create(&fb, 1, 16);
	fake_disk_pattern(&fb, 0);
	memcpy(disk0_template, fb.disk[0].data, sizeof(disk0_template));
	return 0;
}
