// SPDX-License-Identifier: GPL-2.0
/*
 * test_devices.c - the PC devices a guest kernel programs through I/O
 * ports: the 16550 UART (scratch register, FIFOs, loopback, string I/O),
 * the MC146818 RTC and CMOS NVRAM, PCI configuration mechanism #1 with a
 * scan of bus 0, and ATA PIO on the primary channel.
 *
 * Only architectural or datasheet behaviour is required: a host bridge
 * at 00:00.0 and well-formed functions, not one emulator's device list.
 * The ATA tests need the runner's test disk (docs/testguest.md) and are
 * skipped, under the same names, when no disk answers IDENTIFY.
 */
#include "guest.h"

#define COM1		0x3f8
#define UART_RBR	0
#define UART_IIR	2
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MCR_LOOP	0x10

#define PCI_ADDR	0xcf8
#define PCI_DATA	0xcfc

#define ATA_DATA	0x1f0
#define ATA_COUNT	0x1f2
#define ATA_LBA0	0x1f3
#define ATA_LBA1	0x1f4
#define ATA_LBA2	0x1f5
#define ATA_DRIVE	0x1f6
#define ATA_CMD		0x1f7
#define ATA_STATUS	0x1f7
#define ATA_CTRL	0x3f6
#define ATA_BSY		0x80
#define ATA_DRQ		0x08
#define ATA_ERR		0x01
#define ATA_DF		0x20
#define DISK_SECTORS	64
#define DISK_READ_LBA	5
#define DISK_WRITE_LBA	9

static bool lsr_wait(u8 bits)
{
	u32 spins = 0;

	while ((inb(COM1 + UART_LSR) & bits) != bits)
		if (++spins > 1000000)
			return false;
	return true;
}

static void test_uart(void)
{
	u8 a, b, iir, got[3] = { 0 }, msr_all, msr_dtr, out[4], in[3];
	unsigned int i;
	bool ok;

	outb(COM1 + UART_SCR, 0x5a);
	a = inb(COM1 + UART_SCR);
	outb(COM1 + UART_SCR, 0xa5);
	b = inb(COM1 + UART_SCR);
	tap_result(a == 0x5a && b == 0xa5,
		   "16550: the scratch register holds what was written");

	iir = inb(COM1 + UART_IIR);
	tap_result((iir & 0xc0) == 0xc0 && (iir & 0x01),
		   "16550: IIR reports enabled FIFOs (16550A) and no interrupt pending");

	tap_result(lsr_wait(LSR_THRE | LSR_TEMT),
		   "16550: LSR shows the transmitter empty after output");

	/* Loopback: the transmitter feeds the receiver, MCR drives MSR. */
	outb(COM1 + UART_MCR, MCR_LOOP | 0x0f);
	msr_all = inb(COM1 + UART_MSR);
	outb(COM1 + UART_MCR, MCR_LOOP | 0x01);
	msr_dtr = inb(COM1 + UART_MSR);
	for (i = 0; i < 16 && (inb(COM1 + UART_LSR) & LSR_DR); i++)
		inb(COM1 + UART_RBR);
	ok = true;
	for (i = 0; i < 3; i++) {
		ok = ok && lsr_wait(LSR_THRE);
		outb(COM1, (u8)('A' + i));
		ok = ok && lsr_wait(LSR_DR);
		got[i] = inb(COM1 + UART_RBR);
	}
	outb(COM1 + UART_MCR, 0x03);
	tap_result(ok && got[0] == 'A' && got[1] == 'B' && got[2] == 'C',
		   "16550 loopback: written bytes come back through RBR with LSR.DR");
	tap_result((msr_all & 0xf0) == 0xf0 && (msr_dtr & 0xf0) == 0x20,
		   "16550 loopback: modem control outputs read back as modem status");

	/* String I/O: rep outsb leaves the last byte, rep insb repeats it. */
	out[0] = 1;
	out[1] = 2;
	out[2] = 3;
	out[3] = 0x77;
	memset(in, 0, sizeof(in));
	{
		const u8 *src = out;
		u8 *dst = in;
		u32 n = 4;

		asm volatile("cld\n\trep outsb"
			     : "+S"(src), "+c"(n)
			     : "d"(COM1 + UART_SCR) : "memory");
		n = 3;
		asm volatile("cld\n\trep insb"
			     : "+D"(dst), "+c"(n)
			     : "d"(COM1 + UART_SCR) : "memory");
	}
	tap_result(in[0] == 0x77 && in[1] == 0x77 && in[2] == 0x77,
		   "ins/outs: rep outsb and rep insb through the UART scratch register");
}

static bool bcd_ok(u8 v, bool binary, u8 min, u8 max)
{
	if (!binary) {
		if ((v & 0x0f) > 9 || (v >> 4) > 9)
			return false;
		v = (u8)((v >> 4) * 10 + (v & 0x0f));
	}
	return v >= min && v <= max;
}

static void test_rtc(void)
{
	u8 b = cmos_read(0x0b), d = cmos_read(0x0d), old, v1, v2, hours;
	bool bin = b & 0x04, ok;
	u32 spins = 0;

	while ((cmos_read(0x0a) & 0x80) && spins++ < 100000)
		;
	hours = cmos_read(0x04);
	if (!(b & 0x02))
		hours &= 0x7f;		/* 12-hour mode: bit 7 is PM */
	ok = bcd_ok(cmos_read(0x00), bin, 0, 59) &&
	     bcd_ok(cmos_read(0x02), bin, 0, 59) &&
	     bcd_ok(hours, bin, 0, 23) &&
	     bcd_ok(cmos_read(0x07), bin, 1, 31) &&
	     bcd_ok(cmos_read(0x08), bin, 1, 12) &&
	     bcd_ok(cmos_read(0x09), bin, 0, 99);
	tap_result(ok && (d & 0x80),
		   "RTC: time and date registers are in range, register D says valid");

	old = cmos_read(0x4e);
	cmos_write(0x4e, 0x5a);
	v1 = cmos_read(0x4e);
	cmos_write(0x4e, 0xa5);
	v2 = cmos_read(0x4e);
	cmos_write(0x4e, old);
	tap_result(v1 == 0x5a && v2 == 0xa5 && cmos_read(0x4e) == old,
		   "CMOS: an NVRAM byte holds what was written");
}

static u32 pci_addr(u32 bus, u32 dev, u32 fn, u32 reg)
{
	return 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xfc);
}

static u32 pci_read32(u32 bus, u32 dev, u32 fn, u32 reg)
{
	outl(PCI_ADDR, pci_addr(bus, dev, fn, reg));
	return inl(PCI_DATA);
}

static bool pci_function_ok(u32 dev, u32 fn, u32 id)
{
	u32 class = pci_read32(0, dev, fn, 0x08) >> 8;
	u32 hdr = (pci_read32(0, dev, fn, 0x0c) >> 16) & 0x7f;

	tap_diag("pci 00:%02x.%u %04x:%04x class %06x", dev, fn, id & 0xffff,
		 id >> 16, class);
	return (id >> 16) != 0xffff && (id & 0xffff) != 0 && hdr <= 2 &&
	       (class >> 16) != 0xff;
}

static void test_pci(void)
{
	u32 a1, a2, id, class, dev, fn, found = 0, bad = 0;
	u16 w0, w1;
	u8 b0, b3;

	outl(PCI_ADDR, 0x80000000);
	a1 = inl(PCI_ADDR);
	outl(PCI_ADDR, pci_addr(0, 3, 1, 0x10));
	a2 = inl(PCI_ADDR);
	tap_result(a1 == 0x80000000 && a2 == pci_addr(0, 3, 1, 0x10),
		   "PCI mechanism #1: the address register at 0xcf8 reads back");

	id = pci_read32(0, 0, 0, 0);
	class = pci_read32(0, 0, 0, 0x08) >> 16;
	tap_result((id & 0xffff) != 0xffff && (id & 0xffff) != 0 &&
		   class == 0x0600,
		   "PCI: a host bridge (class 06/00) at 00:00.0");

	/* 8, 16 and 32-bit accesses to the data port see the same bytes. */
	outl(PCI_ADDR, pci_addr(0, 0, 0, 0));
	w0 = inw(PCI_DATA);
	w1 = inw(PCI_DATA + 2);
	b0 = inb(PCI_DATA);
	b3 = inb(PCI_DATA + 3);
	tap_result(w0 == (id & 0xffff) && w1 == id >> 16 &&
		   b0 == (id & 0xff) && b3 == id >> 24,
		   "in: byte, word and dword reads of PCI config data agree");

	for (dev = 0; dev < 32; dev++) {
		u32 nfn = 1;

		for (fn = 0; fn < nfn; fn++) {
			id = pci_read32(0, dev, fn, 0);
			if ((id & 0xffff) == 0xffff)
				continue;
			if (fn == 0 && (pci_read32(0, dev, 0, 0x0c) &
					0x00800000))
				nfn = 8;
			found++;
			if (!pci_function_ok(dev, fn, id))
				bad++;
		}
	}
	tap_result(found >= 1 && !bad,
		   "PCI: every function found on bus 0 has a well-formed header");
}

static u8 ata_wait(u8 want, u32 limit)
{
	u8 st;

	do {
		st = inb(ATA_STATUS);
		if (!(st & ATA_BSY) && ((st & want) == want ||
					(st & (ATA_ERR | ATA_DF))))
			return st;
	} while (limit--);
	return st | ATA_ERR;
}

/* Program LBA28 address, count 1, and the command. */
static void ata_command(u32 lba, u8 cmd)
{
	outb(ATA_DRIVE, (u8)(0xe0 | ((lba >> 24) & 0x0f)));
	outb(ATA_COUNT, 1);
	outb(ATA_LBA0, (u8)lba);
	outb(ATA_LBA1, (u8)(lba >> 8));
	outb(ATA_LBA2, (u8)(lba >> 16));
	outb(ATA_CMD, cmd);
}

static bool ata_read(u32 lba, u16 *buf)
{
	u32 n = 256;

	ata_command(lba, 0x20);			/* READ SECTORS */
	if (ata_wait(ATA_DRQ, 1000000) & (ATA_ERR | ATA_DF))
		return false;
	asm volatile("cld\n\trep insw"
		     : "+D"(buf), "+c"(n) : "d"(ATA_DATA) : "memory");
	return true;
}

static bool ata_write(u32 lba, const u16 *buf)
{
	u32 n = 256;

	ata_command(lba, 0x30);			/* WRITE SECTORS */
	if (ata_wait(ATA_DRQ, 1000000) & (ATA_ERR | ATA_DF))
		return false;
	asm volatile("cld\n\trep outsw"
		     : "+S"(buf), "+c"(n) : "d"(ATA_DATA) : "memory");
	if (ata_wait(0, 1000000) & (ATA_ERR | ATA_DF))
		return false;
	outb(ATA_CMD, 0xe7);			/* FLUSH CACHE */
	return !(ata_wait(0, 1000000) & (ATA_ERR | ATA_DF));
}

/*
 * IDENTIFY DEVICE on the primary master.  Returns false if no ATA disk
 * answers: floating bus (0xff), no device (status 0), or a packet
 * device (its signature in LBA1/LBA2).
 */
static bool ata_identify(u16 *id)
{
	u32 n = 256;
	u8 st;

	outb(ATA_CTRL, 0x02);			/* nIEN: polled */
	if (inb(ATA_STATUS) == 0xff)
		return false;
	outb(ATA_DRIVE, 0xa0);
	inb(ATA_CTRL);
	inb(ATA_CTRL);
	inb(ATA_CTRL);
	inb(ATA_CTRL);
	outb(ATA_COUNT, 0);
	outb(ATA_LBA0, 0);
	outb(ATA_LBA1, 0);
	outb(ATA_LBA2, 0);
	outb(ATA_CMD, 0xec);
	if (inb(ATA_STATUS) == 0)
		return false;
	st = ata_wait(0, 1000000);
	if ((st & ATA_BSY) || inb(ATA_LBA1) || inb(ATA_LBA2))
		return false;
	st = ata_wait(ATA_DRQ, 1000000);
	if (st & (ATA_ERR | ATA_DF))
		return false;
	asm volatile("cld\n\trep insw"
		     : "+D"(id), "+c"(n) : "d"(ATA_DATA) : "memory");
	return true;
}

static u32 disk_word(u32 lba, u32 k)
{
	return 0xb0000000u | lba << 16 | k;
}

static void test_ata(void)
{
	static u16 id[256];
	static u32 sector[128];
	const char *reason = "no ATA disk on the primary channel";
	bool model_ok = true, ok;
	u32 k, sectors;

	if (!ata_identify(id)) {
		tap_skip(reason, "ATA: IDENTIFY DEVICE describes the 64-sector test disk");
		tap_skip(reason, "ATA: READ SECTORS (PIO) returns the test pattern");
		tap_skip(reason, "ATA: WRITE SECTORS (PIO) then READ SECTORS returns the data");
		return;
	}
	for (k = 27; k < 47; k++) {
		u8 hi = (u8)(id[k] >> 8), lo = (u8)id[k];

		if (hi < 0x20 || hi > 0x7e || lo < 0x20 || lo > 0x7e)
			model_ok = false;
	}
	sectors = id[60] | (u32)id[61] << 16;
	tap_result(!(id[0] & 0x8000) && sectors == DISK_SECTORS && model_ok,
		   "ATA: IDENTIFY DEVICE describes the 64-sector test disk");

	memset(sector, 0, sizeof(sector));
	ok = ata_read(DISK_READ_LBA, (u16 *)sector);
	for (k = 0; k < 128; k++)
		if (sector[k] != disk_word(DISK_READ_LBA, k))
			ok = false;
	tap_result(ok, "ATA: READ SECTORS (PIO) returns the test pattern");

	for (k = 0; k < 128; k++)
		sector[k] = ~disk_word(DISK_WRITE_LBA, k);
	ok = ata_write(DISK_WRITE_LBA, (u16 *)sector);
	memset(sector, 0, sizeof(sector));
	ok = ok && ata_read(DISK_WRITE_LBA, (u16 *)sector);
	for (k = 0; k < 128; k++)
		if (sector[k] != ~disk_word(DISK_WRITE_LBA, k))
			ok = false;
	tap_result(ok, "ATA: WRITE SECTORS (PIO) then READ SECTORS returns the data");
}

void test_devices(void)
{
	test_uart();
	test_rtc();
	test_pci();
	test_ata();
}
