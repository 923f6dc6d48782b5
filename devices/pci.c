// SPDX-License-Identifier: GPL-2.0
/*
 * devices/pci.c - PCI configuration mechanism #1 and the type 0
 * configuration header of table-declared functions.
 *
 * Written from the PCI Local Bus Specification 3.0 (3.2.2.3.2
 * "configuration mechanism #1", 6.1 "configuration space", 6.2.5.1 "base
 * address registers").  Contents:
 *
 *   (i)    table validation (a bad table is a build bug: init fails)
 *   (ii)   the header as a guest reads it, BAR sizing included
 *   (iii)  byte-wise writes with per-register write masks
 *   (iv)   CONFIG_ADDRESS / CONFIG_DATA
 *   (v)    decoding I/O and memory accesses through enabled BARs
 */
#include "pci.h"

/* CONFIG_ADDRESS (0xCF8) fields */
#define ADDR_ENABLE		0x80000000u	/* bit 31: do a config cycle */
#define ADDR_WRITABLE		0x80fffffcu	/* 30:24 reserved, 1:0 zero */
#define ADDR_BUS(a)		(((a) >> 16) & 0xff)
#define ADDR_DEVFN(a)		(((a) >> 8) & 0xff)
#define ADDR_REG(a)		((a) & 0xfc)

#define DEVFN(dev, fn)		((u8)(((dev) << 3) | (fn)))

/* Writable command bits: I/O, memory, bus master, parity, SERR, INTx. */
#define COMMAND_WRITABLE	0x0547
#define HEADER_MULTI_FUNCTION	0x80
#define BAR_IO_FLAG		0x01	/* BAR bit 0: I/O space */
#define BAR_IO_FLAGS_MASK	0x03
#define BAR_MEM_TYPE_64		0x04	/* BAR bits 2:1 = 10 */
#define BAR_MEM_PREFETCH	0x08
#define BAR_MEM_FLAGS_MASK	0x0f
#define BAR_IO_MIN		4u
#define BAR_MEM_MIN		16u

#define ALL_ONES		0xffffffffu

#define UNIMP_CFG_ACCESS	0

static bool is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

/* (i) A table with an impossible BAR or a duplicate function is refused. */
static bool bar_desc_ok(const struct pci_func_desc *d, unsigned int i)
{
	const struct pci_bar_desc *b = &d->bar[i];

	switch (b->kind) {
	case PCI_BAR_NONE:
		return true;
	case PCI_BAR_IO:
		return is_pow2(b->size) && b->size >= BAR_IO_MIN;
	case PCI_BAR_MEM32:
		return is_pow2(b->size) && b->size >= BAR_MEM_MIN;
	default:
		return is_pow2(b->size) && b->size >= BAR_MEM_MIN &&
		       i + 1 < PCI_NR_BARS &&
		       d->bar[i + 1].kind == PCI_BAR_NONE;
	}
}

static bool table_ok(const struct pci_func_desc *table, unsigned int nr)
{
	unsigned int i, j;

	if (nr > PCI_MAX_FUNCS)
		return false;
	for (i = 0; i < nr; i++) {
		if (table[i].dev >= 32 || table[i].fn >= 8 ||
		    table[i].irq_pin > 4)
			return false;
		for (j = 0; j < PCI_NR_BARS; j++)
			if (!bar_desc_ok(&table[i], j))
				return false;
		for (j = 0; j < i; j++)
			if (table[j].dev == table[i].dev &&
			    table[j].fn == table[i].fn)
				return false;
	}
	return true;
}

static int find_func(const struct pci_host *pci, u8 bus, u8 devfn)
{
	unsigned int i;

	if (bus != 0)
		return -1;
	for (i = 0; i < pci->nr; i++)
		if (DEVFN(pci->table[i].dev, pci->table[i].fn) == devfn)
			return (int)i;
	return -1;
}

static bool multi_function(const struct pci_host *pci, unsigned int i)
{
	unsigned int j;

	if (pci->table[i].fn != 0)
		return false;
	for (j = 0; j < pci->nr; j++)
		if (j != i && pci->table[j].dev == pci->table[i].dev)
			return true;
	return false;
}

/* Is BAR slot @i the upper half of a 64-bit BAR? */
static bool bar_is_upper(const struct pci_func_desc *d, unsigned int i)
{
	return i > 0 && d->bar[i - 1].kind == PCI_BAR_MEM64;
}

/*
 * (ii) A BAR as read: the address bits the size leaves writable, then
 * the read-only type bits.  Writing all ones and reading back therefore
 * gives ~(size - 1) | flags, the sizing protocol of spec 6.2.5.1.
 */
static u32 bar_value(const struct pci_host *pci, unsigned int f,
		     unsigned int i)
{
	const struct pci_func_desc *d = &pci->table[f];
	const struct pci_bar_desc *b = &d->bar[i];
	u32 raw = pci->st[f].bar[i];

	if (bar_is_upper(d, i))
		return raw;	/* sizes are below 4 GiB: all bits writable */
	switch (b->kind) {
	case PCI_BAR_IO:
		return (raw & ~(b->size - 1) & ~BAR_IO_FLAGS_MASK) |
		       BAR_IO_FLAG;
	case PCI_BAR_MEM32:
	case PCI_BAR_MEM64:
		return (raw & ~(b->size - 1) & ~BAR_MEM_FLAGS_MASK) |
		       (b->kind == PCI_BAR_MEM64 ? BAR_MEM_TYPE_64 : 0) |
		       (b->prefetchable ? BAR_MEM_PREFETCH : 0);
	default:
		return 0;
	}
}

static u32 header_dword(const struct pci_host *pci, unsigned int f, u8 reg)
{
	const struct pci_func_desc *d = &pci->table[f];
	const struct pci_func_state *s = &pci->st[f];

	switch (reg) {
	case PCI_VENDOR_ID:
		return (u32)d->device << 16 | d->vendor;
	case PCI_COMMAND:
		return s->command;	/* status reads 0: no capabilities */
	case PCI_CLASS_REVISION:
		return d->class_rev;
	case PCI_CACHE_LINE_SIZE:
		return (u32)(multi_function(pci, f) ? HEADER_MULTI_FUNCTION
						    : 0) << 16 |
		       (u32)s->latency << 8 | s->cache_line;
	case PCI_BAR0 ... PCI_BAR0 + 4 * (PCI_NR_BARS - 1):
		return bar_value(pci, f, (reg - PCI_BAR0) / 4);
	case PCI_SUBSYSTEM_VENDOR_ID:
		return (u32)d->subsys << 16 | d->subsys_vendor;
	case PCI_INTERRUPT_LINE:
		return (u32)d->irq_pin << 8 | s->irq_line;
	default:
		/* ROM BAR, capabilities pointer, ...: not implemented. */
		return 0;
	}
}

u32 pci_config_read(struct pci_host *pci, u8 bus, u8 devfn, u8 reg,
		    unsigned int size)
{
	int f = find_func(pci, bus, devfn);
	u32 v;

	if (f < 0)
		return ALL_ONES >> (32 - 8 * size);
	v = header_dword(pci, (unsigned int)f, reg & 0xfc) >> 8 * (reg & 3);
	return size == 4 ? v : v & ((1u << 8 * size) - 1);
}

/* (iii) One byte of a write; read-only bytes ignore it. */
static void write_byte(struct pci_host *pci, unsigned int f, u8 off, u8 val)
{
	struct pci_func_state *s = &pci->st[f];
	unsigned int shift = 8 * (off & 3), bar;

	switch (off) {
	case PCI_COMMAND:
	case PCI_COMMAND + 1:
		s->command = (u16)((s->command & ~(0xff << shift)) |
				   (val << shift));
		s->command &= COMMAND_WRITABLE;
		break;
	case PCI_CACHE_LINE_SIZE:
		s->cache_line = val;
		break;
	case PCI_LATENCY_TIMER:
		s->latency = val;
		break;
	case PCI_BAR0 ... PCI_BAR0 + 4 * PCI_NR_BARS - 1:
		bar = (off - PCI_BAR0) / 4;
		s->bar[bar] = (s->bar[bar] & ~(0xffu << shift)) |
			      ((u32)val << shift);
		break;
	case PCI_INTERRUPT_LINE:
		s->irq_line = val;
		break;
	default:
		break;
	}
}

void pci_config_write(struct pci_host *pci, u8 bus, u8 devfn, u8 reg,
		      unsigned int size, u32 val)
{
	int f = find_func(pci, bus, devfn);
	unsigned int i;

	if (f < 0)
		return;
	for (i = 0; i < size && (reg & 3) + i < 4; i++)
		write_byte(pci, (unsigned int)f, (u8)(reg + i),
			   (u8)(val >> 8 * i));
}

/*
 * (iv) The two windows.  CONFIG_ADDRESS takes only dword accesses (byte
 * accesses to 0xCF8-0xCFB belong to other chipset registers, such as
 * 0xCF9 reset control, and are routed by the platform); CONFIG_DATA
 * takes byte, word or dword at any offset that stays within the dword.
 */
u32 pci_read(struct pci_host *pci, unsigned int off, unsigned int size)
{
	unsigned int data_off = off - PCI_CFG_DATA;

	if (off == PCI_CFG_ADDR)
		return size == 4 ? pci->addr : ALL_ONES >> (32 - 8 * size);
	if (off < PCI_CFG_DATA || data_off + size > 4 ||
	    !(pci->addr & ADDR_ENABLE)) {
		if (off < PCI_CFG_DATA)
			dev_unimp_once(pci->be, &pci->unimp, UNIMP_CFG_ACCESS,
				       "pci", "sub-dword CONFIG_ADDRESS read",
				       off);
		return ALL_ONES >> (32 - 8 * size);
	}
	return pci_config_read(pci, (u8)ADDR_BUS(pci->addr),
			       (u8)ADDR_DEVFN(pci->addr),
			       (u8)(ADDR_REG(pci->addr) + data_off), size);
}

void pci_write(struct pci_host *pci, unsigned int off, unsigned int size,
	       u32 val)
{
	unsigned int data_off = off - PCI_CFG_DATA;

	if (off == PCI_CFG_ADDR && size == 4) {
		pci->addr = val & ADDR_WRITABLE;
		return;
	}
	if (off < PCI_CFG_DATA || data_off + size > 4 ||
	    !(pci->addr & ADDR_ENABLE))
		return;
	pci_config_write(pci, (u8)ADDR_BUS(pci->addr),
			 (u8)ADDR_DEVFN(pci->addr),
			 (u8)(ADDR_REG(pci->addr) + data_off), size, val);
}

/* (v) Base address of an enabled BAR, or 0 when it does not decode. */
static u64 bar_base(const struct pci_host *pci, unsigned int f,
		    unsigned int i, bool io)
{
	const struct pci_func_desc *d = &pci->table[f];
	u16 cmd = pci->st[f].command;
	u64 base;

	if (bar_is_upper(d, i) || d->bar[i].kind == PCI_BAR_NONE)
		return 0;
	if (io != (d->bar[i].kind == PCI_BAR_IO))
		return 0;
	if (io && !(cmd & PCI_COMMAND_IO))
		return 0;
	if (!io && !(cmd & PCI_COMMAND_MEMORY))
		return 0;
	base = bar_value(pci, f, i) &
	       ~(u32)(io ? BAR_IO_FLAGS_MASK : BAR_MEM_FLAGS_MASK);
	if (d->bar[i].kind == PCI_BAR_MEM64)
		base |= (u64)pci->st[f].bar[i + 1] << 32;
	return base;
}

/*
 * (v) Find the function and BAR that decode [addr, addr + size).  An
 * access that straddles the end of a BAR is not decoded (it would reach
 * the device past its window).
 */
static bool decode(const struct pci_host *pci, u64 addr, unsigned int size,
		   bool io, unsigned int *pf, unsigned int *pbar, u32 *poff)
{
	unsigned int f, i;

	for (f = 0; f < pci->nr; f++) {
		if (!pci->table[f].ops)
			continue;
		for (i = 0; i < PCI_NR_BARS; i++) {
			u64 base = bar_base(pci, f, i, io);
			u32 len = pci->table[f].bar[i].size;

			if (!base || addr < base || addr - base >= len ||
			    addr - base + size > len)
				continue;
			*pf = f;
			*pbar = i;
			*poff = (u32)(addr - base);
			return true;
		}
	}
	return false;
}

static bool bar_read(struct pci_host *pci, u64 addr, unsigned int size,
		     bool io, u32 *val)
{
	unsigned int f, bar;
	u32 off;
	const struct pci_func_desc *d;

	if (!decode(pci, addr, size, io, &f, &bar, &off))
		return false;
	d = &pci->table[f];
	*val = d->ops->read ? d->ops->read(d->ctx, bar, off, size) : ALL_ONES;
	return true;
}

static bool bar_write(struct pci_host *pci, u64 addr, unsigned int size,
		      bool io, u32 val)
{
	unsigned int f, bar;
	u32 off;
	const struct pci_func_desc *d;

	if (!decode(pci, addr, size, io, &f, &bar, &off))
		return false;
	d = &pci->table[f];
	if (d->ops->write)
		d->ops->write(d->ctx, bar, off, size, val);
	return true;
}

bool pci_io_read(struct pci_host *pci, u16 port, unsigned int size,
		 u32 *val)
{
	return bar_read(pci, port, size, true, val);
}

bool pci_io_write(struct pci_host *pci, u16 port, unsigned int size,
		  u32 val)
{
	return bar_write(pci, port, size, true, val);
}

bool pci_mmio_read(struct pci_host *pci, gpa_t addr, unsigned int size,
		   u32 *val)
{
	return bar_read(pci, gpa_val(addr), size, false, val);
}

bool pci_mmio_write(struct pci_host *pci, gpa_t addr, unsigned int size,
		    u32 val)
{
	return bar_write(pci, gpa_val(addr), size, false, val);
}

/* Reset: decoding off, BARs zero, interrupt lines from the table. */
void pci_reset(struct pci_host *pci)
{
	unsigned int i;

	pci->addr = 0;
	for (i = 0; i < pci->nr; i++) {
		dev_memset(&pci->st[i], 0, sizeof(pci->st[i]));
		pci->st[i].irq_line = pci->table[i].irq_line;
	}
}

int pci_init(struct pci_host *pci, const struct pci_func_desc *table,
	     unsigned int nr, const struct dev_backend *be)
{
	dev_memset(pci, 0, sizeof(*pci));
	pci->be = be;
	if (!table_ok(table, nr))
		return -DEV_EINVAL;
	pci->table = table;
	pci->nr = nr;
	pci_reset(pci);
	return 0;
}
