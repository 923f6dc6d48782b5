/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/ata.h - one ATA channel (task file at 0x1F0-0x1F7, control
 * block at 0x3F6) with up to two PIO-only disks, master and slave.
 *
 * Sector data comes from the back end, which may answer a request at once
 * or much later: the channel shows BSY until ata_complete() arrives with
 * the request's tag.  Only one command runs on a channel at a time, as on
 * real hardware, so one sector buffer per channel is enough.
 */
#ifndef BURNVMM_DEVICES_ATA_H
#define BURNVMM_DEVICES_ATA_H

#include "dev.h"

#define ATA_NR_UNITS		2
#define ATA_MAX_MULTIPLE	16	/* sectors per READ/WRITE MULTIPLE block */
#define ATA_BUF_SIZE		(ATA_MAX_MULTIPLE * DEV_SECTOR_SIZE)

/* Register offsets: 0-7 command block, ATA_REG_CTL the control block. */
#define ATA_REG_DATA		0
#define ATA_REG_ERROR		1	/* read */
#define ATA_REG_FEATURE		1	/* write */
#define ATA_REG_NSECT		2
#define ATA_REG_LBAL		3
#define ATA_REG_LBAM		4
#define ATA_REG_LBAH		5
#define ATA_REG_DEVICE		6
#define ATA_REG_STATUS		7	/* read */
#define ATA_REG_COMMAND		7	/* write */
#define ATA_REG_CTL		8	/* alt status / device control */

enum ata_state {
	ATA_IDLE,		/* waiting for a command */
	ATA_WAIT_IO,		/* BSY: back end owns the buffer */
	ATA_DATA_IN,		/* DRQ: guest reads the buffer */
	ATA_DATA_OUT,		/* DRQ: guest fills the buffer */
	ATA_RESET,		/* BSY: SRST asserted or reset pending */
};

struct ata_unit {
	bool present;
	u64 sectors;		/* capacity from the back end */
	u8 status;		/* DRDY, DSC, ERR; BSY/DRQ come from state */
	u8 error;
	u8 multiple;		/* SET MULTIPLE count; 0 = disabled */
	u8 heads;		/* current CHS translation */
	u8 spt;
	bool intrq;		/* interrupt pending */
	bool write_cache;	/* SET FEATURES 02h/82h */
};

/* The task file: each register is two deep for 48-bit commands. */
struct ata_taskfile {
	u8 feature, nsect, lbal, lbam, lbah;
	u8 hob_feature, hob_nsect, hob_lbal, hob_lbam, hob_lbah;
	u8 device;
	u8 ctl;			/* device control */
};

struct ata_channel {
	struct ata_unit unit[ATA_NR_UNITS];
	struct ata_taskfile tf;
	enum ata_state state;
	u8 cmd;			/* command being executed */
	unsigned int cur;	/* unit executing it */
	bool disk_xfer;		/* buffer moves to/from the back end */
	bool is_write;
	bool io_outstanding;	/* a request is with the back end */
	bool reset_pending;	/* finish SRST when the I/O returns */
	u64 lba;		/* first sector of the current block */
	u32 remaining;		/* sectors left, current block included */
	u32 block;		/* sectors in the current block */
	u32 pos;		/* bytes of the block already moved */
	u32 tag;		/* tag of the outstanding request */
	u8 buf[ATA_BUF_SIZE];
	struct dev_irq irq;	/* IRQ 14 */
	const struct dev_backend *be;
	u32 unimp;
};

/* ata.c: */
void ata_init(struct ata_channel *ch, const struct dev_irq *irq,
	      const struct dev_backend *be);
void ata_reset(struct ata_channel *ch);
u32 ata_read(struct ata_channel *ch, unsigned int reg, unsigned int size);
void ata_write(struct ata_channel *ch, unsigned int reg, unsigned int size,
	       u32 val);
void ata_complete(struct ata_channel *ch, u32 tag, int err);
void ata_update_irq(struct ata_channel *ch);

#endif /* BURNVMM_DEVICES_ATA_H */
