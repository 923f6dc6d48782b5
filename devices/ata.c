// SPDX-License-Identifier: GPL-2.0
/*
 * devices/ata.c - register core of an ATA channel with PIO disks.
 *
 * Written from ATA/ATAPI-6 (T13 1410D): the register descriptions (7),
 * the command set (8), the PIO data-in/data-out and non-data protocols
 * (9.5-9.7) and software reset (9.2).  Contents:
 *
 *   (i)    task file registers, HOB, device selection
 *   (ii)   status and the interrupt line (nIEN, the selected device)
 *   (iii)  ending a command: success, error, signature after reset
 *   (iv)   the PIO state machine: blocks, back-end requests, completion
 *   (v)    IDENTIFY DEVICE data
 *   (vi)   command decoding
 *   (vii)  software reset through the device control register
 *
 * Protocol summary as a guest driver sees it.  Data-in (reads,
 * IDENTIFY): BSY while the back end fetches a block, then DRQ plus an
 * interrupt per block; after the last word, DRDY alone and no further
 * interrupt.  Data-out (writes): DRQ without interrupt for the first
 * block; BSY while the back end stores each block; then an interrupt
 * with DRQ for the next block, or without DRQ when done.
 */
#include "ata.h"

/* Status register */
#define ST_ERR			0x01	/* error: see the error register */
#define ST_DRQ			0x08	/* data request */
#define ST_DSC			0x10	/* seek complete (obsolete, set) */
#define ST_DF			0x20	/* device fault */
#define ST_DRDY			0x40	/* device ready */
#define ST_BSY			0x80	/* busy */
#define ST_READY		(ST_DRDY | ST_DSC)

/* Error register */
#define ERR_DIAG_PASSED		0x01	/* after reset / diagnostic */
#define ERR_ABRT		0x04	/* command aborted */
#define ERR_IDNF		0x10	/* address not found (out of range) */
#define ERR_UNC			0x40	/* uncorrectable data error */

/* Device register */
#define DEV_LBA			0x40	/* LBA addressing (else CHS) */
#define DEV_SELECT		0x10	/* 1 = device 1 (slave) */
#define DEV_HEAD_MASK		0x0f	/* head or LBA 27:24 */

/* Device control register */
#define CTL_NIEN		0x02	/* interrupts disabled */
#define CTL_SRST		0x04	/* software reset */
#define CTL_HOB			0x80	/* read the previous register bytes */

/* Commands (ATA/ATAPI-6 section 8) */
#define CMD_NOP			0x00
#define CMD_RECALIBRATE		0x10	/* 0x10-0x1f, obsolete */
#define CMD_READ		0x20
#define CMD_READ_NORETRY	0x21
#define CMD_READ_EXT		0x24
#define CMD_READ_MULTI_EXT	0x29
#define CMD_WRITE		0x30
#define CMD_WRITE_NORETRY	0x31
#define CMD_WRITE_EXT		0x34
#define CMD_WRITE_MULTI_EXT	0x39
#define CMD_VERIFY		0x40
#define CMD_VERIFY_NORETRY	0x41
#define CMD_VERIFY_EXT		0x42
#define CMD_SEEK		0x70	/* 0x70-0x7f */
#define CMD_DIAGNOSE		0x90
#define CMD_INIT_PARAMS		0x91
#define CMD_PACKET		0xa0
#define CMD_ID_PACKET		0xa1
#define CMD_READ_MULTI		0xc4
#define CMD_WRITE_MULTI		0xc5
#define CMD_SET_MULTI		0xc6
#define CMD_STANDBY_NOW		0xe0
#define CMD_IDLE_NOW		0xe1
#define CMD_STANDBY		0xe2
#define CMD_IDLE		0xe3
#define CMD_CHECK_POWER		0xe5
#define CMD_FLUSH		0xe7
#define CMD_FLUSH_EXT		0xea
#define CMD_IDENTIFY		0xec
#define CMD_SET_FEATURES	0xef

/* SET FEATURES subcommands (feature register) */
#define SF_WCACHE_ON		0x02
#define SF_XFER_MODE		0x03	/* mode in the sector count */
#define SF_RLA_OFF		0x55	/* read look-ahead */
#define SF_REVERT_OFF		0x66	/* keep settings over reset */
#define SF_WCACHE_OFF		0x82
#define SF_RLA_ON		0xaa
#define SF_REVERT_ON		0xcc
#define XFER_PIO_DEFAULT	0x00
#define XFER_PIO_NO_IORDY	0x01
#define XFER_PIO_0		0x08
#define XFER_PIO_4		0x0c

#define POWER_ACTIVE		0xff	/* CHECK POWER MODE: active/idle */

/* Geometry reported for CHS addressing (the IDE BIOS limits). */
#define DEFAULT_HEADS		16
#define DEFAULT_SPT		63
#define MAX_CYLINDERS		16383
#define LBA28_MAX		0x0fffffffu
#define LBA48_MAX		0xffffffffffffull

#define ATA_NO_DEVICE		0xff	/* floating bus: nobody drives it */

#define UNIMP_COMMAND		0
#define UNIMP_DATA_WIDTH	1
#define GUEST_BAD_DATA		2
#define GUEST_BUSY_WRITE	3

static struct ata_unit *sel_unit(struct ata_channel *ch)
{
	return &ch->unit[(ch->tf.device & DEV_SELECT) ? 1 : 0];
}

static bool any_present(const struct ata_channel *ch)
{
	return ch->unit[0].present || ch->unit[1].present;
}

static bool busy(const struct ata_channel *ch)
{
	return ch->state == ATA_WAIT_IO || ch->state == ATA_RESET;
}

static bool drq(const struct ata_channel *ch)
{
	return ch->state == ATA_DATA_IN || ch->state == ATA_DATA_OUT;
}

/* (ii) Status of the selected device; 0 when only the other exists. */
static u8 status_value(struct ata_channel *ch)
{
	struct ata_unit *u = sel_unit(ch);

	if (!u->present)
		return 0;
	if (busy(ch))
		return ST_BSY;
	return (u8)(u->status | (drq(ch) ? ST_DRQ : 0));
}

/* (ii) INTRQ is driven by the selected device, unless nIEN is set. */
void ata_update_irq(struct ata_channel *ch)
{
	struct ata_unit *u = sel_unit(ch);

	dev_irq_set(&ch->irq, u->present && u->intrq &&
		    !(ch->tf.ctl & CTL_NIEN));
}

static void raise_intrq(struct ata_channel *ch)
{
	ch->unit[ch->cur].intrq = true;
}

/* (iii) A command ended well or badly; both interrupt. */
static void end_ok(struct ata_channel *ch)
{
	ch->state = ATA_IDLE;
	ch->unit[ch->cur].status = ST_READY;
	raise_intrq(ch);
}

static void end_error(struct ata_channel *ch, u8 error)
{
	ch->state = ATA_IDLE;
	ch->unit[ch->cur].status = ST_READY | ST_ERR;
	ch->unit[ch->cur].error = error;
	raise_intrq(ch);
}

/* Report the failing sector in the LBA registers (ATA-6 8.x "Error"). */
static void put_lba(struct ata_channel *ch, u64 lba, bool lba48)
{
	ch->tf.lbal = (u8)lba;
	ch->tf.lbam = (u8)(lba >> 8);
	ch->tf.lbah = (u8)(lba >> 16);
	if (lba48) {
		ch->tf.hob_lbal = (u8)(lba >> 24);
		ch->tf.hob_lbam = (u8)(lba >> 32);
		ch->tf.hob_lbah = (u8)(lba >> 40);
	} else {
		ch->tf.device = (u8)((ch->tf.device & ~DEV_HEAD_MASK) |
				     ((lba >> 24) & DEV_HEAD_MASK));
	}
}

/* (iii) Signature of an ATA device (9.12): count 1, LBA 1, 0, 0. */
static void signature(struct ata_channel *ch)
{
	ch->tf.nsect = 1;
	ch->tf.lbal = 1;
	ch->tf.lbam = 0;
	ch->tf.lbah = 0;
	ch->tf.device = 0;
}

/*
 * (iii) End of a reset or EXECUTE DEVICE DIAGNOSTIC: device 0 selected,
 * both present devices ready with "diagnostic passed".
 */
static void finish_reset(struct ata_channel *ch)
{
	unsigned int i;

	ch->state = ATA_IDLE;
	ch->reset_pending = false;
	ch->pos = 0;
	ch->block = 0;
	ch->remaining = 0;
	for (i = 0; i < ATA_NR_UNITS; i++) {
		ch->unit[i].status = ST_READY;
		ch->unit[i].error = ERR_DIAG_PASSED;
		ch->unit[i].intrq = false;
	}
	signature(ch);
}

static bool is_lba48(u8 cmd)
{
	switch (cmd) {
	case CMD_READ_EXT:
	case CMD_READ_MULTI_EXT:
	case CMD_WRITE_EXT:
	case CMD_WRITE_MULTI_EXT:
	case CMD_VERIFY_EXT:
	case CMD_FLUSH_EXT:
		return true;
	default:
		return false;
	}
}

static bool is_multiple(u8 cmd)
{
	return cmd == CMD_READ_MULTI || cmd == CMD_WRITE_MULTI ||
	       cmd == CMD_READ_MULTI_EXT || cmd == CMD_WRITE_MULTI_EXT;
}

/*
 * (iv) Address and count of a read/write/verify from the task file.
 * Returns false (and ends the command with IDNF) when the range is not
 * on the medium: a guest may ask for anything.
 */
static bool decode_range(struct ata_channel *ch, u64 *lba, u32 *count)
{
	struct ata_unit *u = &ch->unit[ch->cur];
	struct ata_taskfile *tf = &ch->tf;
	u32 cyl, head, sector;

	if (is_lba48(ch->cmd)) {
		*lba = (u64)tf->hob_lbah << 40 | (u64)tf->hob_lbam << 32 |
		       (u64)tf->hob_lbal << 24 | (u64)tf->lbah << 16 |
		       (u64)tf->lbam << 8 | tf->lbal;
		*count = (u32)tf->hob_nsect << 8 | tf->nsect;
		if (*count == 0)
			*count = 65536;
	} else {
		*count = tf->nsect ? tf->nsect : 256;
		if (tf->device & DEV_LBA) {
			*lba = (u64)(tf->device & DEV_HEAD_MASK) << 24 |
			       (u64)tf->lbah << 16 | (u64)tf->lbam << 8 |
			       tf->lbal;
		} else {
			cyl = (u32)tf->lbah << 8 | tf->lbam;
			head = tf->device & DEV_HEAD_MASK;
			sector = tf->lbal;
			if (sector == 0 || sector > u->spt || head >= u->heads)
				goto bad;
			*lba = ((u64)cyl * u->heads + head) * u->spt +
			       sector - 1;
		}
	}
	if (*lba < u->sectors && *count <= u->sectors - *lba)
		return true;
bad:
	end_error(ch, ERR_IDNF);
	return false;
}

/* (iv) Hand the current block to the back end; BSY until it returns. */
static void submit(struct ata_channel *ch, enum dev_disk_op op)
{
	struct dev_disk_req req = {
		.op = op,
		.unit = ch->cur,
		.lba = ch->lba,
		.count = op == DEV_DISK_FLUSH ? 0 : ch->block,
		.buf = ch->buf,
	};
	int err;

	ch->state = ATA_WAIT_IO;
	ch->io_outstanding = true;
	req.tag = ++ch->tag;
	err = ch->be->ops->disk_submit(ch->be->ctx, &req);
	if (err && ch->io_outstanding && ch->tag == req.tag)
		ata_complete(ch, req.tag, err);
}

static u32 next_block(const struct ata_channel *ch)
{
	u32 per = 1;

	if (is_multiple(ch->cmd))
		per = ch->unit[ch->cur].multiple;
	return ch->remaining < per ? ch->remaining : per;
}

/* (iv) Start a PIO data-in or data-out disk command. */
static void start_xfer(struct ata_channel *ch, bool write)
{
	u64 lba;
	u32 count;

	if (is_multiple(ch->cmd) && !ch->unit[ch->cur].multiple) {
		end_error(ch, ERR_ABRT);
		return;
	}
	if (!decode_range(ch, &lba, &count))
		return;
	ch->disk_xfer = true;
	ch->is_write = write;
	ch->lba = lba;
	ch->remaining = count;
	ch->block = next_block(ch);
	ch->pos = 0;
	if (write)
		ch->state = ATA_DATA_OUT;	/* first block: no interrupt */
	else
		submit(ch, DEV_DISK_READ);
}

/* (iv) The guest moved the last byte of a block. */
static void block_done(struct ata_channel *ch)
{
	if (ch->disk_xfer && ch->is_write) {
		submit(ch, DEV_DISK_WRITE);
		return;
	}
	ch->lba += ch->block;
	ch->remaining -= ch->block;
	if (!ch->remaining || !ch->disk_xfer) {
		/* Data-in ends without an interrupt after the last block. */
		ch->state = ATA_IDLE;
		ch->unit[ch->cur].status = ST_READY;
		return;
	}
	ch->block = next_block(ch);
	ch->pos = 0;
	submit(ch, DEV_DISK_READ);
}

/* (iv) The back end finished request @tag with @err (0 or -errno). */
void ata_complete(struct ata_channel *ch, u32 tag, int err)
{
	if (!ch->io_outstanding || tag != ch->tag) {
		dev_log(ch->be, DEV_LOG_GUEST_ERROR, "ata",
			"completion for no outstanding request", tag);
		return;
	}
	ch->io_outstanding = false;
	if (ch->reset_pending) {
		/* SRST arrived meanwhile: the result is discarded. */
		if (!(ch->tf.ctl & CTL_SRST))
			finish_reset(ch);
		ata_update_irq(ch);
		return;
	}
	if (err) {
		put_lba(ch, ch->lba, is_lba48(ch->cmd));
		end_error(ch, ch->is_write || ch->cmd == CMD_FLUSH ||
			  ch->cmd == CMD_FLUSH_EXT ? ERR_ABRT : ERR_UNC);
	} else if (ch->cmd == CMD_FLUSH || ch->cmd == CMD_FLUSH_EXT) {
		end_ok(ch);
	} else if (!ch->is_write) {
		ch->state = ATA_DATA_IN;
		ch->pos = 0;
		raise_intrq(ch);
	} else {
		ch->lba += ch->block;
		ch->remaining -= ch->block;
		if (!ch->remaining) {
			end_ok(ch);
		} else {
			ch->block = next_block(ch);
			ch->pos = 0;
			ch->state = ATA_DATA_OUT;
			raise_intrq(ch);
		}
	}
	ata_update_irq(ch);
}

/* (v) ATA strings: two characters per word, first in the high byte. */
static void id_string(u16 *id, unsigned int word, unsigned int words,
		      const char *s)
{
	unsigned int i;
	u8 c[2];

	for (i = 0; i < words; i++) {
		c[0] = *s ? (u8)*s++ : ' ';
		c[1] = *s ? (u8)*s++ : ' ';
		id[word + i] = (u16)(c[0] << 8 | c[1]);
	}
}

static void id_put32(u16 *id, unsigned int word, u32 v)
{
	id[word] = (u16)v;
	id[word + 1] = (u16)(v >> 16);
}

/* (v) CHS geometry as the default translation reports it. */
static u32 id_cylinders(const struct ata_unit *u)
{
	u64 c = dev_div64_32(u->sectors, DEFAULT_HEADS * DEFAULT_SPT, NULL);

	return c > MAX_CYLINDERS ? MAX_CYLINDERS : (u32)c;
}

/* (v) IDENTIFY DEVICE words (ATA/ATAPI-6 table 27). */
static void identify_words(const struct ata_channel *ch, unsigned int unit,
			   u16 *id)
{
	const struct ata_unit *u = &ch->unit[unit];
	u64 n48 = u->sectors > LBA48_MAX ? LBA48_MAX : u->sectors;
	u32 cyl = id_cylinders(u), cur_cyl;
	unsigned int i;
	u8 sum = 0;

	dev_memset(id, 0, DEV_SECTOR_SIZE);
	id[0] = 0x0040;			/* ATA device, not removable */
	id[1] = (u16)cyl;
	id[3] = DEFAULT_HEADS;
	id[6] = DEFAULT_SPT;
	id_string(id, 10, 10, unit ? "BURNVMM-DISK-1" : "BURNVMM-DISK-0");
	id_string(id, 23, 4, "1.0");
	id_string(id, 27, 20, "burnvmm virtual ATA disk");
	id[47] = 0x8000 | ATA_MAX_MULTIPLE;	/* max sectors per block */
	id[49] = 0x0a00;		/* LBA, IORDY supported */
	id[50] = 0x4000;		/* bit 14 shall be one */
	id[51] = 0x0200;		/* PIO mode 2 timing (obsolete) */
	id[53] = 0x0003;		/* words 54-58 and 64-70 valid */
	cur_cyl = u->heads && u->spt ?
		  (u32)dev_div64_32(u->sectors, (u32)u->heads * u->spt, NULL) :
		  0;
	if (cur_cyl > MAX_CYLINDERS)
		cur_cyl = MAX_CYLINDERS;
	id[54] = (u16)cur_cyl;
	id[55] = u->heads;
	id[56] = u->spt;
	id_put32(id, 57, cur_cyl * u->heads * u->spt);
	if (u->multiple)
		id[59] = 0x0100 | u->multiple;	/* setting valid */
	id_put32(id, 60, u->sectors > LBA28_MAX ? LBA28_MAX :
			 (u32)u->sectors);
	id[64] = 0x0003;		/* PIO modes 3 and 4 */
	for (i = 65; i <= 68; i++)
		id[i] = 120;		/* cycle times in ns */
	id[80] = 0x007e;		/* ATA-1 .. ATA-6 */
	id[82] = 0x4020;		/* NOP, write cache */
	id[83] = 0x7400;		/* FLUSH EXT, FLUSH, 48-bit */
	id[84] = 0x4000;
	id[85] = (u16)(0x4000 | (u->write_cache ? 0x0020 : 0));
	id[86] = 0x3400;
	id[87] = 0x4000;
	id_put32(id, 100, (u32)n48);
	id_put32(id, 102, (u32)(n48 >> 32));
	/* Word 255: signature A5h and a checksum making all bytes sum 0. */
	id[255] = 0x00a5;
	for (i = 0; i < 255; i++)
		sum = (u8)(sum + (id[i] & 0xff) + (id[i] >> 8));
	sum = (u8)(sum + 0xa5);
	id[255] |= (u16)((u8)-sum << 8);
}

static void start_identify(struct ata_channel *ch)
{
	u16 id[DEV_SECTOR_SIZE / 2];
	unsigned int i;

	identify_words(ch, ch->cur, id);
	for (i = 0; i < DEV_SECTOR_SIZE / 2; i++) {
		ch->buf[2 * i] = (u8)id[i];
		ch->buf[2 * i + 1] = (u8)(id[i] >> 8);
	}
	ch->disk_xfer = false;
	ch->is_write = false;
	ch->block = 1;
	ch->remaining = 1;
	ch->pos = 0;
	ch->state = ATA_DATA_IN;
	raise_intrq(ch);
}

static void set_features(struct ata_channel *ch)
{
	struct ata_unit *u = &ch->unit[ch->cur];
	u8 mode = ch->tf.nsect;

	switch (ch->tf.feature) {
	case SF_XFER_MODE:
		/* PIO only: DMA modes are refused. */
		if (mode == XFER_PIO_DEFAULT || mode == XFER_PIO_NO_IORDY ||
		    (mode >= XFER_PIO_0 && mode <= XFER_PIO_4))
			end_ok(ch);
		else
			end_error(ch, ERR_ABRT);
		return;
	case SF_WCACHE_ON:
	case SF_WCACHE_OFF:
		u->write_cache = ch->tf.feature == SF_WCACHE_ON;
		end_ok(ch);
		return;
	case SF_RLA_ON:
	case SF_RLA_OFF:
	case SF_REVERT_ON:
	case SF_REVERT_OFF:
		end_ok(ch);
		return;
	default:
		end_error(ch, ERR_ABRT);
		return;
	}
}

static void set_multiple(struct ata_channel *ch)
{
	u8 n = ch->tf.nsect;

	/* A power of two up to the maximum, or 0 to turn it off. */
	if (n > ATA_MAX_MULTIPLE || (n & (n - 1))) {
		end_error(ch, ERR_ABRT);
		return;
	}
	ch->unit[ch->cur].multiple = n;
	end_ok(ch);
}

static void init_params(struct ata_channel *ch)
{
	struct ata_unit *u = &ch->unit[ch->cur];

	if (ch->tf.nsect == 0) {
		end_error(ch, ERR_ABRT);
		return;
	}
	u->heads = (u8)((ch->tf.device & DEV_HEAD_MASK) + 1);
	u->spt = ch->tf.nsect;
	end_ok(ch);
}

static void verify(struct ata_channel *ch)
{
	u64 lba;
	u32 count;

	if (decode_range(ch, &lba, &count))
		end_ok(ch);
}

static void flush(struct ata_channel *ch)
{
	ch->disk_xfer = false;
	ch->is_write = true;
	ch->lba = 0;
	ch->block = 0;
	ch->pos = 0;
	submit(ch, DEV_DISK_FLUSH);
}

/* EXECUTE DEVICE DIAGNOSTIC: like a reset, and it interrupts. */
static void diagnose(struct ata_channel *ch)
{
	finish_reset(ch);
	ch->cur = 0;
	raise_intrq(ch);
}

/* (vi) */
static void execute(struct ata_channel *ch, u8 cmd)
{
	struct ata_unit *u = sel_unit(ch);

	ch->cmd = cmd;
	ch->cur = u == &ch->unit[1];
	u->error = 0;
	u->status = ST_READY;
	switch (cmd) {
	case CMD_READ:
	case CMD_READ_NORETRY:
	case CMD_READ_EXT:
	case CMD_READ_MULTI:
	case CMD_READ_MULTI_EXT:
		start_xfer(ch, false);
		break;
	case CMD_WRITE:
	case CMD_WRITE_NORETRY:
	case CMD_WRITE_EXT:
	case CMD_WRITE_MULTI:
	case CMD_WRITE_MULTI_EXT:
		start_xfer(ch, true);
		break;
	case CMD_VERIFY:
	case CMD_VERIFY_NORETRY:
	case CMD_VERIFY_EXT:
		verify(ch);
		break;
	case CMD_IDENTIFY:
		start_identify(ch);
		break;
	case CMD_SET_FEATURES:
		set_features(ch);
		break;
	case CMD_SET_MULTI:
		set_multiple(ch);
		break;
	case CMD_INIT_PARAMS:
		init_params(ch);
		break;
	case CMD_FLUSH:
	case CMD_FLUSH_EXT:
		flush(ch);
		break;
	case CMD_DIAGNOSE:
		diagnose(ch);
		break;
	case CMD_CHECK_POWER:
		ch->tf.nsect = POWER_ACTIVE;
		end_ok(ch);
		break;
	case CMD_RECALIBRATE ... CMD_RECALIBRATE + 0x0f:
	case CMD_SEEK ... CMD_SEEK + 0x0f:
	case CMD_STANDBY_NOW:
	case CMD_IDLE_NOW:
	case CMD_STANDBY:
	case CMD_IDLE:
		end_ok(ch);
		break;
	case CMD_NOP:			/* NOP always aborts (8.21) */
	case CMD_PACKET:		/* not a packet device */
	case CMD_ID_PACKET:
		end_error(ch, ERR_ABRT);
		break;
	default:
		dev_unimp_once(ch->be, &ch->unimp, UNIMP_COMMAND, "ata",
			       "command aborted as unsupported", cmd);
		end_error(ch, ERR_ABRT);
		break;
	}
}

/* (vii) Device control: nIEN, HOB, and SRST edges. */
static void ctl_write(struct ata_channel *ch, u8 val)
{
	bool was_reset = ch->tf.ctl & CTL_SRST;
	unsigned int i;

	ch->tf.ctl = val;
	if ((val & CTL_SRST) && !was_reset) {
		/* Abandon any command; I/O in flight finishes first. */
		ch->state = ATA_RESET;
		ch->reset_pending = ch->io_outstanding;
		for (i = 0; i < ATA_NR_UNITS; i++)
			ch->unit[i].intrq = false;
	} else if (!(val & CTL_SRST) && was_reset && !ch->io_outstanding) {
		finish_reset(ch);
	}
}

/* (i) Command block writes latch into both devices' task files. */
static void tf_write(struct ata_channel *ch, unsigned int reg, u8 val)
{
	struct ata_taskfile *tf = &ch->tf;

	/* Any command block write clears HOB (7.9). */
	tf->ctl &= (u8)~CTL_HOB;
	switch (reg) {
	case ATA_REG_FEATURE:
		tf->hob_feature = tf->feature;
		tf->feature = val;
		break;
	case ATA_REG_NSECT:
		tf->hob_nsect = tf->nsect;
		tf->nsect = val;
		break;
	case ATA_REG_LBAL:
		tf->hob_lbal = tf->lbal;
		tf->lbal = val;
		break;
	case ATA_REG_LBAM:
		tf->hob_lbam = tf->lbam;
		tf->lbam = val;
		break;
	case ATA_REG_LBAH:
		tf->hob_lbah = tf->lbah;
		tf->lbah = val;
		break;
	default:
		tf->device = val;
		break;
	}
}

static u8 tf_read(struct ata_channel *ch, unsigned int reg)
{
	const struct ata_taskfile *tf = &ch->tf;
	bool hob = tf->ctl & CTL_HOB;

	switch (reg) {
	case ATA_REG_ERROR:
		return sel_unit(ch)->present ? sel_unit(ch)->error : 0;
	case ATA_REG_NSECT:
		return hob ? tf->hob_nsect : tf->nsect;
	case ATA_REG_LBAL:
		return hob ? tf->hob_lbal : tf->lbal;
	case ATA_REG_LBAM:
		return hob ? tf->hob_lbam : tf->lbam;
	case ATA_REG_LBAH:
		return hob ? tf->hob_lbah : tf->lbah;
	default:
		return tf->device;
	}
}

/* (iv) One 16-bit word through the data register. */
static u16 data_read16(struct ata_channel *ch)
{
	u16 w;

	if (ch->state != ATA_DATA_IN) {
		dev_log_once(ch->be, &ch->unimp, GUEST_BAD_DATA,
			     DEV_LOG_GUEST_ERROR, "ata",
			     "data register used without DRQ", ch->state);
		return 0xffff;
	}
	w = (u16)(ch->buf[ch->pos] | ch->buf[ch->pos + 1] << 8);
	ch->pos += 2;
	if (ch->pos >= ch->block * DEV_SECTOR_SIZE)
		block_done(ch);
	return w;
}

static void data_write16(struct ata_channel *ch, u16 w)
{
	if (ch->state != ATA_DATA_OUT) {
		dev_log_once(ch->be, &ch->unimp, GUEST_BAD_DATA,
			     DEV_LOG_GUEST_ERROR, "ata",
			     "data register used without DRQ", ch->state);
		return;
	}
	ch->buf[ch->pos] = (u8)w;
	ch->buf[ch->pos + 1] = (u8)(w >> 8);
	ch->pos += 2;
	if (ch->pos >= ch->block * DEV_SECTOR_SIZE)
		block_done(ch);
}

static u32 data_read(struct ata_channel *ch, unsigned int size)
{
	u32 lo;

	if (size == 2)
		return data_read16(ch);
	if (size == 4) {
		/* A dword is two consecutive words (32-bit PIO). */
		lo = data_read16(ch);
		return lo | (u32)data_read16(ch) << 16;
	}
	dev_unimp_once(ch->be, &ch->unimp, UNIMP_DATA_WIDTH, "ata",
		       "byte access to the data register", size);
	return 0xff;
}

static void data_write(struct ata_channel *ch, unsigned int size, u32 val)
{
	if (size == 2) {
		data_write16(ch, (u16)val);
	} else if (size == 4) {
		data_write16(ch, (u16)val);
		data_write16(ch, (u16)(val >> 16));
	} else {
		dev_unimp_once(ch->be, &ch->unimp, UNIMP_DATA_WIDTH, "ata",
			       "byte access to the data register", size);
	}
}

/*
 * Register reads.  With no device on the channel nothing drives the
 * bus and every register reads all ones (how drivers see "empty").
 */
u32 ata_read(struct ata_channel *ch, unsigned int reg, unsigned int size)
{
	u32 v;

	if (!any_present(ch))
		return size == 4 ? 0xffffffffu : (size == 2 ? 0xffff : 0xff);
	switch (reg) {
	case ATA_REG_DATA:
		v = data_read(ch, size);
		break;
	case ATA_REG_STATUS:
		v = status_value(ch);
		/* Reading status acknowledges the interrupt (7.15). */
		if (!busy(ch))
			sel_unit(ch)->intrq = false;
		break;
	case ATA_REG_CTL:
		v = status_value(ch);	/* alternate status: no side effect */
		break;
	default:
		v = tf_read(ch, reg);
		break;
	}
	ata_update_irq(ch);
	return v;
}

void ata_write(struct ata_channel *ch, unsigned int reg, unsigned int size,
	       u32 val)
{
	if (reg == ATA_REG_CTL) {
		ctl_write(ch, (u8)val);
	} else if (reg == ATA_REG_DATA) {
		data_write(ch, size, val);
	} else if (busy(ch) || drq(ch)) {
		/* 7.x: no register writes while BSY or DRQ; ignored. */
		dev_log_once(ch->be, &ch->unimp, GUEST_BUSY_WRITE,
			     DEV_LOG_GUEST_ERROR, "ata",
			     "task file written while BSY or DRQ", reg);
	} else if (reg == ATA_REG_COMMAND) {
		/* Writing a command acknowledges a pending interrupt. */
		sel_unit(ch)->intrq = false;
		if (sel_unit(ch)->present)
			execute(ch, (u8)val);
	} else {
		tf_write(ch, reg, (u8)val);
	}
	ata_update_irq(ch);
}

/* Power-on / hardware reset: disks as the back end reports them. */
void ata_reset(struct ata_channel *ch)
{
	unsigned int i;

	dev_memset(&ch->tf, 0, sizeof(ch->tf));
	for (i = 0; i < ATA_NR_UNITS; i++) {
		struct ata_unit *u = &ch->unit[i];

		dev_memset(u, 0, sizeof(*u));
		u->sectors = ch->be->ops->disk_sectors(ch->be->ctx, i);
		u->present = u->sectors != 0;
		u->heads = DEFAULT_HEADS;
		u->spt = DEFAULT_SPT;
		u->write_cache = true;
	}
	ch->cur = 0;
	if (ch->io_outstanding) {
		ch->state = ATA_RESET;
		ch->reset_pending = true;
	} else {
		finish_reset(ch);
	}
	ata_update_irq(ch);
}

void ata_init(struct ata_channel *ch, const struct dev_irq *irq,
	      const struct dev_backend *be)
{
	dev_memset(ch, 0, sizeof(*ch));
	ch->irq = *irq;
	ch->irq.level = false;
	ch->be = be;
	ata_reset(ch);
}
