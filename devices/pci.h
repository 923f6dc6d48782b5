/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/pci.h - PCI bus 0 with configuration mechanism #1 (ports
 * 0xCF8 address, 0xCFC-0xCFF data) and functions declared in a
 * compile-time table.
 *
 * A table entry gives the read-only identity (IDs, class, interrupt pin)
 * and the BARs (size and kind); the host keeps only what a guest may
 * write (command, cache line, latency, BAR bases, interrupt line).  A
 * function with BARs can name ops that receive accesses decoded by them.
 */
#ifndef BURNVMM_DEVICES_PCI_H
#define BURNVMM_DEVICES_PCI_H

#include "dev.h"

#define PCI_NR_BARS		6
#define PCI_MAX_FUNCS		8	/* functions per platform table */
#define PCI_CFG_ADDR		0	/* offset of 0xCF8 */
#define PCI_CFG_DATA		4	/* offset of 0xCFC */

/* Configuration space offsets used by the core and the tests. */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_CLASS_REVISION	0x08
#define PCI_CACHE_LINE_SIZE	0x0c
#define PCI_LATENCY_TIMER	0x0d
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_ROM_ADDRESS		0x30
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_COMMAND_IO		0x0001	/* decode I/O BARs */
#define PCI_COMMAND_MEMORY	0x0002	/* decode memory BARs */

enum pci_bar_kind {
	PCI_BAR_NONE,
	PCI_BAR_IO,		/* I/O space, size >= 4 */
	PCI_BAR_MEM32,		/* 32-bit memory, size >= 16 */
	PCI_BAR_MEM64,		/* 64-bit memory: takes this and next BAR */
};

struct pci_bar_desc {
	u32 size;		/* power of two */
	enum pci_bar_kind kind;
	bool prefetchable;
};

/* Accesses inside a BAR, offset from its base; size 1, 2 or 4. */
struct pci_bar_ops {
	u32 (*read)(void *ctx, unsigned int bar, u32 off, unsigned int size);
	void (*write)(void *ctx, unsigned int bar, u32 off, unsigned int size,
		      u32 val);
};

struct pci_func_desc {
	u8 dev;			/* 0-31 */
	u8 fn;			/* 0-7 */
	u16 vendor;
	u16 device;
	u16 subsys_vendor;
	u16 subsys;
	u32 class_rev;		/* class << 8 | revision */
	u8 irq_pin;		/* 0 none, 1-4 = INTA#-INTD# */
	u8 irq_line;		/* initial interrupt line (ISA IRQ) */
	struct pci_bar_desc bar[PCI_NR_BARS];
	const struct pci_bar_ops *ops;
	void *ctx;
};

struct pci_func_state {
	u16 command;
	u8 cache_line;
	u8 latency;
	u8 irq_line;
	u32 bar[PCI_NR_BARS];	/* as written; masked when read */
};

struct pci_host {
	u32 addr;		/* CONFIG_ADDRESS (0xCF8) */
	const struct pci_func_desc *table;
	unsigned int nr;
	struct pci_func_state st[PCI_MAX_FUNCS];
	const struct dev_backend *be;
	u32 unimp;
};

/* The platform's table (pci-table.c). */
extern const struct pci_func_desc pci_platform_table[];
extern const unsigned int pci_platform_table_size;

/* pci.c: */
int pci_init(struct pci_host *pci, const struct pci_func_desc *table,
	     unsigned int nr, const struct dev_backend *be);
void pci_reset(struct pci_host *pci);
u32 pci_config_read(struct pci_host *pci, u8 bus, u8 devfn, u8 reg,
		    unsigned int size);
void pci_config_write(struct pci_host *pci, u8 bus, u8 devfn, u8 reg,
		      unsigned int size, u32 val);
u32 pci_read(struct pci_host *pci, unsigned int off, unsigned int size);
void pci_write(struct pci_host *pci, unsigned int off, unsigned int size,
	       u32 val);
bool pci_io_read(struct pci_host *pci, u16 port, unsigned int size,
		 u32 *val);
bool pci_io_write(struct pci_host *pci, u16 port, unsigned int size,
		  u32 val);
bool pci_mmio_read(struct pci_host *pci, gpa_t addr, unsigned int size,
		   u32 *val);
bool pci_mmio_write(struct pci_host *pci, gpa_t addr, unsigned int size,
		    u32 val);

#endif /* BURNVMM_DEVICES_PCI_H */
