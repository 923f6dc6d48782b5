/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/devices/fuzz-input.h - the byte format the platform fuzzer reads,
 * shared by the target (fuzz-platform.c) and the seed generator
 * (fuzz-seeds.c), which writes real guest sequences in it.
 *
 * An input is a sequence of operations.  Each starts with one opcode
 * byte: the low nibble is the operation, bits 5:4 pick the access width
 * (1, 2, 4, 1 bytes).  Ports are named by an index into fuzz_ports[]; an
 * index past its end is followed by a raw 16-bit port (little endian).
 * Values are little endian with the access width.  A truncated final
 * operation is ignored.
 */
#ifndef BURNVMM_TESTS_DEVICES_FUZZ_INPUT_H
#define BURNVMM_TESTS_DEVICES_FUZZ_INPUT_H

enum fuzz_op {
	FUZZ_OUT = 0,		/* port, value */
	FUZZ_IN = 1,		/* port */
	FUZZ_ADVANCE = 2,	/* 3-byte ns delta * 16, then advance */
	FUZZ_CONSOLE = 3,	/* byte; bit 6 of the opcode picks COM2 */
	FUZZ_DISK_DONE = 4,	/* complete the oldest back-end request */
	FUZZ_INTA = 5,		/* acknowledge if INTR is asserted */
	FUZZ_MMIO_READ = 6,	/* 4-byte address */
	FUZZ_MMIO_WRITE = 7,	/* 4-byte address, value */
	FUZZ_TO_DEADLINE = 8,	/* jump the clock to the next deadline */
	FUZZ_DISK_FAIL = 9,	/* fail the oldest back-end request */
	FUZZ_RESET = 10,	/* platform_reset() */
	FUZZ_NR_OPS,
};

#define FUZZ_WIDTH_SHIFT	4
#define FUZZ_RAW_PORT		0xff	/* index meaning "raw port follows" */

/* Ports worth hitting often: every register the platform decodes. */
static const unsigned short fuzz_ports[] = {
	0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1,			/* PIC */
	0x40, 0x41, 0x42, 0x43, 0x61,				/* PIT */
	0x60, 0x64,						/* 8042 */
	0x70, 0x71,						/* RTC */
	0x3f8, 0x3f9, 0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x3fe, 0x3ff,	/* COM1 */
	0x2f8, 0x2f9, 0x2fa, 0x2fb, 0x2fc, 0x2fd, 0x2fe, 0x2ff,	/* COM2 */
	0x1f0, 0x1f1, 0x1f2, 0x1f3, 0x1f4, 0x1f5, 0x1f6, 0x1f7,	/* ATA */
	0x3f6,
	0xcf8, 0xcf9, 0xcfa, 0xcfb, 0xcfc, 0xcfd, 0xcfe, 0xcff,	/* PCI */
	0x80, 0x92, 0x604, 0x605,				/* misc */
};

#define FUZZ_NR_PORTS	(sizeof(fuzz_ports) / sizeof(fuzz_ports[0]))

#endif /* BURNVMM_TESTS_DEVICES_FUZZ_INPUT_H */
