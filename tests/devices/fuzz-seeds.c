// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/fuzz-seeds.c - writes the platform fuzzer's seed inputs:
 * the register sequences real guests use (Linux's PIC init and PIT
 * periodic timer, the 8250 probe and console, RTC reads, 8042 init,
 * the PCI probe, libata's probe and a PIO read), in the format of
 * fuzz-input.h.  Starting from these, the fuzzer spends its time near
 * the states guests reach instead of rediscovering them.
 *
 * Usage: devices-fuzz-seeds DIR   (writes DIR/seed-*.bin)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-input.h"

static unsigned char buf[4096];
static size_t len;

static void byte(unsigned int b)
{
	if (len >= sizeof(buf)) {
		fprintf(stderr, "fuzz-seeds: seed too long\n");
		exit(1);
	}
	buf[len++] = (unsigned char)b;
}

static unsigned int port_index(unsigned int port)
{
	unsigned int i;

	for (i = 0; i < FUZZ_NR_PORTS; i++)
		if (fuzz_ports[i] == port)
			return i;
	fprintf(stderr, "fuzz-seeds: port %#x not in fuzz_ports\n", port);
	exit(1);
}

static void outb(unsigned int port, unsigned int v)
{
	byte(FUZZ_OUT);
	byte(port_index(port));
	byte(v);
}

static void outw(unsigned int port, unsigned int v)
{
	byte(FUZZ_OUT | 1 << FUZZ_WIDTH_SHIFT);
	byte(port_index(port));
	byte(v & 0xff);
	byte(v >> 8);
}

static void outl(unsigned int port, unsigned int v)
{
	byte(FUZZ_OUT | 2 << FUZZ_WIDTH_SHIFT);
	byte(port_index(port));
	byte(v & 0xff);
	byte((v >> 8) & 0xff);
	byte((v >> 16) & 0xff);
	byte(v >> 24);
}

static void inb(unsigned int port)
{
	byte(FUZZ_IN);
	byte(port_index(port));
}

static void inw(unsigned int port)
{
	byte(FUZZ_IN | 1 << FUZZ_WIDTH_SHIFT);
	byte(port_index(port));
}

static void op(unsigned int o)
{
	byte(o);
}

static void save(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%s.bin", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "fuzz-seeds: %s: cannot write\n", path);
		exit(1);
	}
	len = 0;
}

static void pic_init(void)
{
	static const unsigned int seq[][2] = {
		{ 0x21, 0xff }, { 0xa1, 0xff }, { 0x20, 0x11 }, { 0x21, 0x30 },
		{ 0x21, 0x04 }, { 0x21, 0x01 }, { 0xa0, 0x11 }, { 0xa1, 0x38 },
		{ 0xa1, 0x02 }, { 0xa1, 0x01 }, { 0x21, 0x00 }, { 0xa1, 0x00 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		outb(seq[i][0], seq[i][1]);
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: devices-fuzz-seeds DIR\n");
		return 129;
	}
	/* Timer: PIC init, PIT mode 2 at HZ=100, ticks with EOIs. */
	pic_init();
	outb(0x43, 0x34);
	outb(0x40, 11932 & 0xff);
	outb(0x40, 11932 >> 8);
	for (i = 0; i < 4; i++) {
		op(FUZZ_TO_DEADLINE);
		op(FUZZ_INTA);
		outb(0x20, 0x60);
	}
	save(argv[1], "timer");

	/* TSC calibration on counter 2 through port 0x61. */
	inb(0x61);
	outb(0x61, 0x01);
	outb(0x43, 0xb0);
	outb(0x42, 0xff);
	outb(0x42, 0xff);
	for (i = 0; i < 8; i++) {
		inb(0x42);
		inb(0x42);
		inb(0x61);
		op(FUZZ_ADVANCE);
		byte(0x40);
		byte(0x00);
		byte(0x00);
	}
	save(argv[1], "calibrate");

	/* 8250 probe, FIFO setup, console output and input. */
	inb(0x3f9);
	outb(0x3f9, 0);
	outb(0x80, 0xff);
	inb(0x3f9);
	outb(0x3f9, 0x0f);
	outb(0x80, 0);
	inb(0x3f9);
	outb(0x3fc, 0x1a);
	inb(0x3fe);
	outb(0x3fc, 0x00);
	outb(0x3fb, 0xbf);
	outb(0x3fa, 0x00);
	outb(0x3fb, 0x00);
	outb(0x3fa, 0x81);
	inb(0x3fa);
	outb(0x3fb, 0x83);
	outb(0x3f8, 0x01);
	outb(0x3f9, 0x00);
	outb(0x3fb, 0x03);
	outb(0x3fc, 0x0b);
	outb(0x3f9, 0x03);
	for (i = 0; i < 5; i++) {
		outb(0x3f8, 'a' + i);
		op(FUZZ_CONSOLE);
		byte('A' + i);
	}
	op(FUZZ_TO_DEADLINE);
	inb(0x3fa);
	inb(0x3fd);
	inb(0x3f8);
	save(argv[1], "serial");

	/* RTC: time read, periodic interrupt, register C. */
	pic_init();
	outb(0x70, 0x0a);
	inb(0x71);
	outb(0x70, 0x00);
	inb(0x71);
	outb(0x70, 0x0b);
	outb(0x71, 0x52);
	op(FUZZ_TO_DEADLINE);
	op(FUZZ_INTA);
	outb(0x70, 0x0c);
	inb(0x71);
	save(argv[1], "rtc");

	/* 8042: self test, CTR read/write, keyboard reset and identify. */
	outb(0x64, 0xaa);
	inb(0x60);
	outb(0x64, 0x20);
	inb(0x60);
	outb(0x64, 0x60);
	outb(0x60, 0x47);
	outb(0x60, 0xff);
	inb(0x60);
	inb(0x60);
	outb(0x60, 0xf2);
	inb(0x60);
	inb(0x60);
	inb(0x60);
	outb(0x64, 0xd3);
	outb(0x60, 0x5a);
	inb(0x64);
	inb(0x60);
	save(argv[1], "i8042");

	/* PCI mechanism #1 probe and a header walk. */
	outb(0xcfb, 0x01);
	outl(0xcf8, 0x80000000);
	for (i = 0; i < 16; i++) {
		outl(0xcf8, 0x80000000 | i * 4);
		inw(0xcfc);
		inw(0xcfe);
	}
	outl(0xcf8, 0x80000010);
	outl(0xcfc, 0xffffffff);
	save(argv[1], "pci");

	/* libata: softreset, IDENTIFY, READ SECTORS x2, WRITE SECTORS. */
	pic_init();
	outb(0x3f6, 0x08);
	outb(0x3f6, 0x0c);
	outb(0x3f6, 0x08);
	outb(0x1f6, 0xa0);
	inb(0x1f7);
	outb(0x1f7, 0xec);
	op(FUZZ_INTA);
	inb(0x1f7);
	for (i = 0; i < 256; i++)
		inw(0x1f0);
	outb(0x1f6, 0xe0);
	outb(0x1f2, 2);
	outb(0x1f3, 5);
	outb(0x1f4, 0);
	outb(0x1f5, 0);
	outb(0x1f7, 0x20);
	op(FUZZ_DISK_DONE);
	for (i = 0; i < 256; i++)
		inw(0x1f0);
	op(FUZZ_DISK_DONE);
	for (i = 0; i < 256; i++)
		inw(0x1f0);
	outb(0x1f2, 1);
	outb(0x1f7, 0x30);
	for (i = 0; i < 256; i++)
		outw(0x1f0, i);
	op(FUZZ_DISK_DONE);
	inb(0x1f7);
	save(argv[1], "ata");
	return 0;
}
