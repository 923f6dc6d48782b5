// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-ata.c - the ATA channel against ATA/ATAPI-6: device
 * presence and signatures, IDENTIFY DEVICE contents, the PIO data-in and
 * data-out protocols with a back end that completes at once or later,
 * LBA28/LBA48/CHS addressing, READ/WRITE MULTIPLE, SET FEATURES, FLUSH,
 * errors, nIEN, software reset, and libata's ata_devchk() probe.
 */
#include "devtest.h"
#include "ata.h"

#define ST_BSY		0x80
#define ST_DRDY		0x40
#define ST_DSC		0x10
#define ST_DRQ		0x08
#define ST_ERR		0x01
#define ST_READY	(ST_DRDY | ST_DSC)

#define DISK_SECTORS	1024

struct ata_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct fake_line lines[FAKE_NR_LINES];
	struct ata_channel ch;
};

static void complete(void *target, u32 tag, int err)
{
	ata_complete(target, tag, err);
}

static struct ata_fixture *make(u64 master, u64 slave)
{
	struct ata_fixture *f = calloc(1, sizeof(*f));
	struct dev_irq irq = fake_irq(f->lines, 14);

	fake_backend_init(&f->fb);
	if (master) {
		fake_disk_create(&f->fb, 0, master);
		fake_disk_pattern(&f->fb, 0);
	}
	if (slave)
		fake_disk_create(&f->fb, 1, slave);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	f->fb.complete = complete;
	f->fb.complete_target = &f->ch;
	ata_init(&f->ch, &irq, &f->be);
	return f;
}

static int setup(void **state)
{
	*state = make(DISK_SECTORS, 0);
	return 0;
}

static int teardown(void **state)
{
	struct ata_fixture *f = *state;

	fake_backend_free(&f->fb);
	free(f);
	return 0;
}

static u8 rd(struct ata_fixture *f, unsigned int reg)
{
	return (u8)ata_read(&f->ch, reg, 1);
}

static void wr(struct ata_fixture *f, unsigned int reg, u8 val)
{
	ata_write(&f->ch, reg, 1, val);
}

static u16 rdw(struct ata_fixture *f)
{
	return (u16)ata_read(&f->ch, ATA_REG_DATA, 2);
}

/* Task file for an LBA28 command on device 0. */
static void lba28(struct ata_fixture *f, u32 lba, u8 count)
{
	wr(f, ATA_REG_DEVICE, (u8)(0xe0 | ((lba >> 24) & 0x0f)));
	wr(f, ATA_REG_NSECT, count);
	wr(f, ATA_REG_LBAL, (u8)lba);
	wr(f, ATA_REG_LBAM, (u8)(lba >> 8));
	wr(f, ATA_REG_LBAH, (u8)(lba >> 16));
}

/* Task file for an LBA48 command: high bytes first (HOB), then low. */
static void lba48(struct ata_fixture *f, u64 lba, u16 count)
{
	wr(f, ATA_REG_DEVICE, 0x40);
	wr(f, ATA_REG_NSECT, (u8)(count >> 8));
	wr(f, ATA_REG_LBAL, (u8)(lba >> 24));
	wr(f, ATA_REG_LBAM, (u8)(lba >> 32));
	wr(f, ATA_REG_LBAH, (u8)(lba >> 40));
	wr(f, ATA_REG_NSECT, (u8)count);
	wr(f, ATA_REG_LBAL, (u8)lba);
	wr(f, ATA_REG_LBAM, (u8)(lba >> 8));
	wr(f, ATA_REG_LBAH, (u8)(lba >> 16));
}

/* Read one DRQ block of @sectors and compare it with the pattern. */
static void read_block(struct ata_fixture *f, u64 lba, unsigned int sectors)
{
	unsigned int s, i;

	for (s = 0; s < sectors; s++) {
		for (i = 0; i < DEV_SECTOR_SIZE; i += 2) {
			u16 w = rdw(f);

			assert_int_equal(w & 0xff,
					 fake_disk_expected(lba + s, i));
			assert_int_equal(w >> 8,
					 fake_disk_expected(lba + s, i + 1));
		}
	}
}

static void read_identify(struct ata_fixture *f, u16 *id)
{
	unsigned int i;

	wr(f, ATA_REG_COMMAND, 0xec);
	assert_int_equal(rd(f, ATA_REG_CTL), ST_READY | ST_DRQ);
	for (i = 0; i < 256; i++)
		id[i] = rdw(f);
}

static void ata_no_disks_float(void **state)
{
	struct ata_fixture *f = make(0, 0);
	unsigned int r;

	(void)state;
	for (r = 1; r <= ATA_REG_CTL; r++)
		assert_int_equal(rd(f, r), 0xff);
	assert_int_equal(ata_read(&f->ch, ATA_REG_DATA, 2), 0xffff);
	wr(f, ATA_REG_COMMAND, 0xec);	/* nobody executes it */
	assert_int_equal(f->lines[14].rises, 0);
	fake_backend_free(&f->fb);
	free(f);
}

static void ata_master_only_status(void **state)
{
	struct ata_fixture *f = *state;

	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	wr(f, ATA_REG_DEVICE, 0xb0);	/* select the absent slave */
	assert_int_equal(rd(f, ATA_REG_STATUS), 0);
	assert_int_equal(rd(f, ATA_REG_CTL), 0);
	wr(f, ATA_REG_COMMAND, 0xec);	/* absent: ignored */
	assert_int_equal(rd(f, ATA_REG_STATUS), 0);
}

/* ata_devchk(): the 0x55/0xaa pattern in nsect/lbal must stick. */
static void ata_linux_devchk(void **state)
{
	struct ata_fixture *f = *state;

	wr(f, ATA_REG_DEVICE, 0xa0);
	wr(f, ATA_REG_NSECT, 0x55);
	wr(f, ATA_REG_LBAL, 0xaa);
	wr(f, ATA_REG_NSECT, 0xaa);
	wr(f, ATA_REG_LBAL, 0x55);
	wr(f, ATA_REG_NSECT, 0x55);
	wr(f, ATA_REG_LBAL, 0xaa);
	assert_int_equal(rd(f, ATA_REG_NSECT), 0x55);
	assert_int_equal(rd(f, ATA_REG_LBAL), 0xaa);
}

/* ata_bus_softreset + ata_sff_dev_classify. */
static void ata_srst_signature(void **state)
{
	struct ata_fixture *f = *state;

	wr(f, ATA_REG_DEVICE, 0xa0);
	wr(f, ATA_REG_CTL, 0x08);
	wr(f, ATA_REG_CTL, 0x0c);	/* SRST */
	assert_int_equal(rd(f, ATA_REG_CTL), ST_BSY);
	wr(f, ATA_REG_DEVICE, 0xb0);	/* ignored while BSY */
	wr(f, ATA_REG_CTL, 0x08);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(rd(f, ATA_REG_DEVICE) & 0x10, 0);	/* dev 0 */
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x01);
	assert_int_equal(rd(f, ATA_REG_NSECT), 1);
	assert_int_equal(rd(f, ATA_REG_LBAL), 1);
	assert_int_equal(rd(f, ATA_REG_LBAM), 0);
	assert_int_equal(rd(f, ATA_REG_LBAH), 0);
	/* Device 1: signature readable but status 0 -> ATA_DEV_NONE. */
	wr(f, ATA_REG_DEVICE, 0xb0);
	assert_int_equal(rd(f, ATA_REG_STATUS), 0);
}

static void ata_identify_contents(void **state)
{
	struct ata_fixture *f = *state;
	u16 id[256];
	char model[41];
	unsigned int i;
	u8 sum = 0;

	read_identify(f, id);
	assert_int_equal(id[0], 0x0040);
	for (i = 0; i < 20; i++) {
		model[2 * i] = (char)(id[27 + i] >> 8);
		model[2 * i + 1] = (char)id[27 + i];
	}
	model[40] = 0;
	assert_string_equal(model,
			    "burnvmm virtual ATA disk                ");
	assert_int_equal(id[10], ('B' << 8) | 'U');
	assert_int_equal(id[47] & 0xff, ATA_MAX_MULTIPLE);
	assert_true(id[49] & (1u << 9));		/* LBA */
	assert_true(id[83] & (1u << 10));		/* LBA48 */
	assert_int_equal(id[60] | id[61] << 16, DISK_SECTORS);
	assert_int_equal(id[100] | id[101] << 16, DISK_SECTORS);
	assert_int_equal(id[102] | id[103], 0);
	assert_int_equal(id[1], DISK_SECTORS / (16 * 63));
	assert_int_equal(id[3], 16);
	assert_int_equal(id[6], 63);
	assert_int_equal(id[64] & 0x3, 0x3);		/* PIO 3, 4 */
	assert_int_equal(id[88], 0);			/* no UDMA */
	for (i = 0; i < 256; i++)
		sum = (u8)(sum + (id[i] & 0xff) + (id[i] >> 8));
	assert_int_equal(sum, 0);
	assert_int_equal(id[255] & 0xff, 0xa5);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
}

static void ata_identify_protocol(void **state)
{
	struct ata_fixture *f = *state;
	unsigned int i;

	wr(f, ATA_REG_COMMAND, 0xec);
	assert_true(f->lines[14].level);
	assert_int_equal(rd(f, ATA_REG_CTL), ST_READY | ST_DRQ);
	assert_true(f->lines[14].level);	/* alt status: no ack */
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_DRQ);
	assert_false(f->lines[14].level);	/* status: ack */
	for (i = 0; i < 255; i++)
		rdw(f);
	assert_true(rd(f, ATA_REG_CTL) & ST_DRQ);
	rdw(f);
	assert_int_equal(rd(f, ATA_REG_CTL), ST_READY);
	assert_int_equal(f->lines[14].rises, 1);	/* no end interrupt */
}

static void ata_large_disk_identify(void **state)
{
	struct ata_fixture *f = *state;
	u16 id[256];

	/* Capacity only matters to IDENTIFY here; no data is read. */
	f->ch.unit[0].sectors = 0x123456789ull;
	read_identify(f, id);
	assert_int_equal(id[60] | id[61] << 16, 0x0fffffff);
	assert_int_equal(id[100], 0x6789);
	assert_int_equal(id[101], 0x2345);
	assert_int_equal(id[102], 0x0001);
	assert_int_equal(id[1], 16383);
}

static void ata_read_sectors_sync(void **state)
{
	struct ata_fixture *f = *state;
	unsigned int s;

	lba28(f, 100, 3);
	wr(f, ATA_REG_COMMAND, 0x20);
	for (s = 0; s < 3; s++) {
		assert_int_equal(f->lines[14].rises, s + 1);
		assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_DRQ);
		read_block(f, 100 + s, 1);
	}
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(f->fb.nr_requests, 3);
	assert_true(f->fb.last_req.lba == 102);
}

static void ata_read_sectors_async_bsy(void **state)
{
	struct ata_fixture *f = *state;

	f->fb.async = true;
	lba28(f, 7, 2);
	wr(f, ATA_REG_COMMAND, 0x20);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_BSY);
	assert_false(f->lines[14].level);
	assert_int_equal(fake_complete_all(&f->fb), 1);
	assert_true(f->lines[14].level);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_DRQ);
	read_block(f, 7, 1);
	assert_int_equal(rd(f, ATA_REG_CTL), ST_BSY);	/* next block */
	fake_complete_all(&f->fb);
	read_block(f, 8, 1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
}

static void write_pattern_sector(struct ata_fixture *f, u8 seed)
{
	unsigned int i;

	for (i = 0; i < DEV_SECTOR_SIZE; i += 2)
		ata_write(&f->ch, ATA_REG_DATA, 2,
			  (u16)(((seed + i) & 0xff) |
				((seed + i + 1) & 0xff) << 8));
}

static void ata_write_sectors_protocol(void **state)
{
	struct ata_fixture *f = *state;
	unsigned int i;

	f->fb.async = true;
	lba28(f, 500, 2);
	wr(f, ATA_REG_COMMAND, 0x30);
	/* First block: DRQ at once, no interrupt. */
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_DRQ);
	assert_int_equal(f->lines[14].rises, 0);
	write_pattern_sector(f, 1);
	assert_int_equal(rd(f, ATA_REG_CTL), ST_BSY);
	fake_complete_all(&f->fb);
	assert_int_equal(f->lines[14].rises, 1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_DRQ);
	write_pattern_sector(f, 2);
	fake_complete_all(&f->fb);
	assert_int_equal(f->lines[14].rises, 2);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	for (i = 0; i < DEV_SECTOR_SIZE; i++) {
		assert_int_equal(f->fb.disk[0].data[500 * 512 + i],
				 (u8)(1 + i));
		assert_int_equal(f->fb.disk[0].data[501 * 512 + i],
				 (u8)(2 + i));
	}
}

static void ata_read_ext_lba48(void **state)
{
	struct ata_fixture *f = *state;

	lba48(f, 1000, 2);
	wr(f, ATA_REG_COMMAND, 0x24);
	read_block(f, 1000, 1);
	read_block(f, 1001, 1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	/* A high LBA byte set puts it beyond the disk: IDNF. */
	lba48(f, 1ull << 32, 1);
	wr(f, ATA_REG_COMMAND, 0x24);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x10);
}

static void ata_hob_readback(void **state)
{
	struct ata_fixture *f = *state;

	lba48(f, 0x0000aabbccddull, 0x1234);
	assert_int_equal(rd(f, ATA_REG_NSECT), 0x34);
	wr(f, ATA_REG_CTL, 0x80);	/* HOB */
	assert_int_equal(rd(f, ATA_REG_NSECT), 0x12);
	assert_int_equal(rd(f, ATA_REG_LBAL), 0xaa);
	assert_int_equal(rd(f, ATA_REG_LBAM), 0x00);
	wr(f, ATA_REG_FEATURE, 0);	/* any write clears HOB */
	assert_int_equal(rd(f, ATA_REG_LBAL), 0xdd);
}

static void ata_out_of_range_idnf(void **state)
{
	struct ata_fixture *f = *state;

	lba28(f, DISK_SECTORS - 1, 2);
	wr(f, ATA_REG_COMMAND, 0x20);
	assert_true(f->lines[14].level);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x10);
	assert_int_equal(f->fb.nr_requests, 0);
	/* The next command clears the error. */
	lba28(f, DISK_SECTORS - 1, 1);
	wr(f, ATA_REG_COMMAND, 0x20);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_DRQ);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0);
}

static void ata_count_zero_is_256(void **state)
{
	struct ata_fixture *f = *state;
	unsigned int s;

	lba28(f, 10, 0);
	wr(f, ATA_REG_COMMAND, 0x20);
	for (s = 0; s < 256; s++) {
		rd(f, ATA_REG_STATUS);	/* the driver's IRQ handler */
		read_block(f, 10 + s, 1);
	}
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(f->lines[14].rises, 256);
}

static void ata_read_multiple(void **state)
{
	struct ata_fixture *f = *state;

	lba28(f, 0, 10);
	wr(f, ATA_REG_COMMAND, 0xc4);	/* no SET MULTIPLE yet */
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
	wr(f, ATA_REG_NSECT, 4);
	wr(f, ATA_REG_COMMAND, 0xc6);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	lba28(f, 20, 10);
	wr(f, ATA_REG_COMMAND, 0xc4);
	rd(f, ATA_REG_STATUS);
	read_block(f, 20, 4);
	rd(f, ATA_REG_STATUS);
	read_block(f, 24, 4);
	rd(f, ATA_REG_STATUS);
	read_block(f, 28, 2);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	/* One interrupt per block, one request per block. */
	assert_int_equal(f->lines[14].rises, 2 + 3);
	assert_int_equal(f->fb.nr_requests, 3);
	assert_int_equal(f->fb.last_req.count, 2);
}

static void ata_set_multiple_validation(void **state)
{
	struct ata_fixture *f = *state;
	u16 id[256];

	wr(f, ATA_REG_NSECT, 3);
	wr(f, ATA_REG_COMMAND, 0xc6);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
	wr(f, ATA_REG_NSECT, 32);
	wr(f, ATA_REG_COMMAND, 0xc6);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
	wr(f, ATA_REG_NSECT, 16);
	wr(f, ATA_REG_COMMAND, 0xc6);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	read_identify(f, id);
	assert_int_equal(id[59], 0x0110);
}

static void ata_write_multiple_ext(void **state)
{
	struct ata_fixture *f = *state;
	unsigned int s;

	wr(f, ATA_REG_NSECT, 2);
	wr(f, ATA_REG_COMMAND, 0xc6);
	lba48(f, 40, 3);
	wr(f, ATA_REG_COMMAND, 0x39);
	for (s = 0; s < 3; s++) {
		assert_true(rd(f, ATA_REG_STATUS) & ST_DRQ);
		write_pattern_sector(f, (u8)(0x40 + s));
	}
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(f->fb.nr_requests, 2);	/* blocks of 2 and 1 */
	assert_int_equal(f->fb.disk[0].data[42 * 512 + 5], 0x42 + 5);
}

static void ata_set_features(void **state)
{
	struct ata_fixture *f = *state;
	u16 id[256];

	wr(f, ATA_REG_FEATURE, 0x03);
	wr(f, ATA_REG_NSECT, 0x0c);	/* PIO 4 */
	wr(f, ATA_REG_COMMAND, 0xef);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	wr(f, ATA_REG_NSECT, 0x45);	/* UDMA 5 */
	wr(f, ATA_REG_COMMAND, 0xef);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
	wr(f, ATA_REG_FEATURE, 0x82);	/* write cache off */
	wr(f, ATA_REG_COMMAND, 0xef);
	read_identify(f, id);
	assert_int_equal(id[85] & 0x20, 0);
	wr(f, ATA_REG_FEATURE, 0x02);
	wr(f, ATA_REG_COMMAND, 0xef);
	read_identify(f, id);
	assert_int_equal(id[85] & 0x20, 0x20);
	wr(f, ATA_REG_FEATURE, 0x77);	/* unknown subcommand */
	wr(f, ATA_REG_COMMAND, 0xef);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
}

static void ata_flush_cache(void **state)
{
	struct ata_fixture *f = *state;

	f->fb.async = true;
	wr(f, ATA_REG_COMMAND, 0xe7);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_BSY);
	assert_int_equal(f->fb.last_req.op, DEV_DISK_FLUSH);
	fake_complete_all(&f->fb);
	assert_true(f->lines[14].level);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	wr(f, ATA_REG_COMMAND, 0xea);
	fake_complete_all(&f->fb);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(f->fb.nr_requests, 2);
}

static void ata_nien_masks_intrq(void **state)
{
	struct ata_fixture *f = *state;

	wr(f, ATA_REG_CTL, 0x02);
	wr(f, ATA_REG_COMMAND, 0xe5);	/* CHECK POWER MODE */
	assert_false(f->lines[14].level);
	assert_int_equal(rd(f, ATA_REG_NSECT), 0xff);
	wr(f, ATA_REG_CTL, 0x00);	/* pending INTRQ now visible */
	assert_true(f->lines[14].level);
	rd(f, ATA_REG_STATUS);
	assert_false(f->lines[14].level);
}

static void ata_media_error_reports_lba(void **state)
{
	struct ata_fixture *f = *state;

	f->fb.disk[0].fail_lba = 301;
	lba28(f, 300, 4);
	wr(f, ATA_REG_COMMAND, 0x20);
	read_block(f, 300, 1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x40);	/* UNC */
	assert_int_equal(rd(f, ATA_REG_LBAL), 301 & 0xff);
	assert_int_equal(rd(f, ATA_REG_LBAM), 301 >> 8);
	/* Write failures abort. */
	lba28(f, 301, 1);
	wr(f, ATA_REG_COMMAND, 0x30);
	write_pattern_sector(f, 0);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
}

static void ata_submit_failure(void **state)
{
	struct ata_fixture *f = *state;

	f->fb.submit_error = -DEV_EIO;
	lba28(f, 1, 1);
	wr(f, ATA_REG_COMMAND, 0x20);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_false(f->ch.io_outstanding);
}

/* SRST during I/O: BSY until the request returns, then the signature. */
static void ata_srst_waits_for_outstanding_io(void **state)
{
	struct ata_fixture *f = *state;

	f->fb.async = true;
	lba28(f, 5, 1);
	wr(f, ATA_REG_COMMAND, 0x20);
	wr(f, ATA_REG_CTL, 0x04);
	wr(f, ATA_REG_CTL, 0x00);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_BSY);
	fake_complete_all(&f->fb);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(rd(f, ATA_REG_NSECT), 1);
	assert_false(f->lines[14].level);
	/* The channel works again. */
	lba28(f, 6, 1);
	wr(f, ATA_REG_COMMAND, 0x20);
	fake_complete_all(&f->fb);
	read_block(f, 6, 1);
}

static void ata_stale_completion_ignored(void **state)
{
	struct ata_fixture *f = *state;

	ata_complete(&f->ch, 1234, 0);
	assert_int_equal(f->fb.logs[DEV_LOG_GUEST_ERROR], 1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
}

static void ata_unknown_and_nop_abort(void **state)
{
	struct ata_fixture *f = *state;

	wr(f, ATA_REG_COMMAND, 0x00);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
	wr(f, ATA_REG_COMMAND, 0xa1);	/* IDENTIFY PACKET: not ATAPI */
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x04);
	wr(f, ATA_REG_COMMAND, 0xb0);	/* SMART: not modelled */
	wr(f, ATA_REG_COMMAND, 0xb1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY | ST_ERR);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
}

static void ata_chs_addressing(void **state)
{
	struct ata_fixture *f = *state;

	/* INITIALIZE DEVICE PARAMETERS: 4 heads, 17 sectors per track. */
	wr(f, ATA_REG_DEVICE, 0xa3);
	wr(f, ATA_REG_NSECT, 17);
	wr(f, ATA_REG_COMMAND, 0x91);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	/* C=2 H=1 S=5: LBA (2 * 4 + 1) * 17 + 4 = 157. */
	wr(f, ATA_REG_DEVICE, 0xa1);
	wr(f, ATA_REG_NSECT, 1);
	wr(f, ATA_REG_LBAL, 5);
	wr(f, ATA_REG_LBAM, 2);
	wr(f, ATA_REG_LBAH, 0);
	wr(f, ATA_REG_COMMAND, 0x20);
	read_block(f, 157, 1);
	/* Sector 0 does not exist in CHS. */
	wr(f, ATA_REG_LBAL, 0);
	wr(f, ATA_REG_COMMAND, 0x20);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x10);
}

static void ata_execute_diagnostic(void **state)
{
	struct ata_fixture *f = *state;

	wr(f, ATA_REG_NSECT, 0x99);
	wr(f, ATA_REG_COMMAND, 0x90);
	assert_true(f->lines[14].level);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x01);
	assert_int_equal(rd(f, ATA_REG_NSECT), 1);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
}

static void ata_dword_data_access(void **state)
{
	struct ata_fixture *f = *state;
	u32 d;

	lba28(f, 3, 1);
	wr(f, ATA_REG_COMMAND, 0x20);
	d = ata_read(&f->ch, ATA_REG_DATA, 4);
	assert_int_equal(d & 0xff, fake_disk_expected(3, 0));
	assert_int_equal(d >> 24, fake_disk_expected(3, 3));
	/* A byte access is not a transfer: logged, position unchanged. */
	assert_int_equal(ata_read(&f->ch, ATA_REG_DATA, 1), 0xff);
	assert_int_equal(f->ch.pos, 4);
}

static void ata_writes_while_busy_ignored(void **state)
{
	struct ata_fixture *f = *state;

	f->fb.async = true;
	lba28(f, 9, 1);
	wr(f, ATA_REG_COMMAND, 0x20);
	wr(f, ATA_REG_LBAL, 0x77);
	wr(f, ATA_REG_DEVICE, 0xb0);
	wr(f, ATA_REG_COMMAND, 0xec);
	assert_int_equal(rd(f, ATA_REG_LBAL), 9);
	assert_int_equal(f->fb.logs[DEV_LOG_GUEST_ERROR], 1);
	fake_complete_all(&f->fb);
	read_block(f, 9, 1);
}

static void ata_data_without_drq(void **state)
{
	struct ata_fixture *f = *state;

	assert_int_equal(ata_read(&f->ch, ATA_REG_DATA, 2), 0xffff);
	ata_write(&f->ch, ATA_REG_DATA, 2, 0x1234);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(f->fb.logs[DEV_LOG_GUEST_ERROR], 1);
}

static void ata_master_and_slave(void **state)
{
	struct ata_fixture *f = make(DISK_SECTORS, 2048);
	u16 id[256];

	(void)state;
	wr(f, ATA_REG_DEVICE, 0xb0);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	read_identify(f, id);
	assert_int_equal(id[60], 2048);
	assert_int_equal(id[16], ('-' << 8) | '1');
	wr(f, ATA_REG_DEVICE, 0xa0);
	read_identify(f, id);
	assert_int_equal(id[60], DISK_SECTORS);
	rd(f, ATA_REG_STATUS);		/* acknowledge the master's IRQ */
	/* Only the selected device drives INTRQ. */
	wr(f, ATA_REG_DEVICE, 0xb0);
	wr(f, ATA_REG_COMMAND, 0xe5);
	assert_true(f->lines[14].level);
	wr(f, ATA_REG_DEVICE, 0xa0);
	assert_false(f->lines[14].level);
	fake_backend_free(&f->fb);
	free(f);
}

static void ata_verify_checks_range(void **state)
{
	struct ata_fixture *f = *state;

	lba28(f, 10, 5);
	wr(f, ATA_REG_COMMAND, 0x40);
	assert_int_equal(rd(f, ATA_REG_STATUS), ST_READY);
	assert_int_equal(f->fb.nr_requests, 0);
	lba28(f, DISK_SECTORS, 1);
	wr(f, ATA_REG_COMMAND, 0x40);
	assert_int_equal(rd(f, ATA_REG_ERROR), 0x10);
}

int run_ata_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		cmocka_unit_test(ata_no_disks_float),
		T(ata_master_only_status),
		T(ata_linux_devchk),
		T(ata_srst_signature),
		T(ata_identify_contents),
		T(ata_identify_protocol),
		T(ata_large_disk_identify),
		T(ata_read_sectors_sync),
		T(ata_read_sectors_async_bsy),
		T(ata_write_sectors_protocol),
		T(ata_read_ext_lba48),
		T(ata_hob_readback),
		T(ata_out_of_range_idnf),
		T(ata_count_zero_is_256),
		T(ata_read_multiple),
		T(ata_set_multiple_validation),
		T(ata_write_multiple_ext),
		T(ata_set_features),
		T(ata_flush_cache),
		T(ata_nien_masks_intrq),
		T(ata_media_error_reports_lba),
		T(ata_submit_failure),
		T(ata_srst_waits_for_outstanding_io),
		T(ata_stale_completion_ignored),
		T(ata_unknown_and_nop_abort),
		T(ata_chs_addressing),
		T(ata_execute_diagnostic),
		T(ata_dword_data_access),
		T(ata_writes_while_busy_ignored),
		T(ata_data_without_drq),
		cmocka_unit_test(ata_master_and_slave),
		T(ata_verify_checks_range),
#undef T
	};

	return cmocka_run_group_tests_name("ata", tests, NULL, NULL);
}
