// SPDX-License-Identifier: GPL-2.0
/*
 * devices/platform.c - bus glue: which port belongs to which model, how
 * wide accesses are split, which model drives which ISA IRQ, and the
 * state a PC BIOS leaves the devices in.
 *
 * Contents:
 *   (i)    ports of devices that take the whole access (16/32-bit data
 *          registers, PCI configuration, debug-exit, PM1 control)
 *   (ii)   ports of 8-bit devices: one compile-time switch
 *   (iii)  the access entry points: width checks, ISA splitting, counters
 *   (iv)   time: next deadline and advance
 *   (v)    reset and the "firmware" programming that follows it
 *
 * ISA splitting: an 8-bit device answers a 16- or 32-bit access as the
 * ISA bus does, as consecutive byte accesses at port, port + 1, ...,
 * each decoded on its own (so `outw %ax, $0x20` writes 0x20 then 0x21).
 */
#include "platform.h"

/* Port map (IBM PC/AT plus the chipset registers listed). */
#define PORT_PIC_PRIMARY	0x20	/* and 0x21 */
#define PORT_PIC_SECONDARY	0xa0	/* and 0xa1 */
#define PORT_ELCR		0x4d0	/* and 0x4d1 */
#define PORT_PIT		0x40	/* 0x40-0x43 */
#define PORT_KBC_DATA		0x60
#define PORT_SYS_CTRL_B		0x61	/* PIT gate 2, speaker, NMI status */
#define PORT_KBC_CMD		0x64
#define PORT_RTC		0x70	/* and 0x71 */
#define PORT_POST		0x80
#define PORT_SYS_CTRL_A		0x92	/* fast A20 and reset */
#define PORT_DEBUG_EXIT		0xf4	/* 0xf4-0xf7, as QEMU tests use it */
#define DEBUG_EXIT_SIZE		4
#define PORT_ATA		0x1f0	/* 0x1f0-0x1f7 */
#define PORT_ATA_CTL		0x3f6
#define PORT_COM2		0x2f8	/* 0x2f8-0x2ff */
#define PORT_COM1		0x3f8	/* 0x3f8-0x3ff */
#define PORT_PM1_CNT		0x604	/* 16-bit */
#define PORT_PCI		0xcf8	/* 0xcf8-0xcff */
#define PORT_RESET_CTRL		0xcf9	/* byte access only */

#define BIOS_PRIMARY_VECTOR	0x08	/* IRQ 0-7 -> INT 08h-0Fh */
#define BIOS_SECONDARY_VECTOR	0x70	/* IRQ 8-15 -> INT 70h-77h */
#define BIOS_PRIMARY_IMR	0xfb	/* all masked but the cascade */
#define BIOS_SECONDARY_IMR	0xff
#define BIOS_UART_LCR		0x03	/* 8 data bits, no parity, 1 stop */
#define BIOS_UART_MCR		0x03	/* DTR and RTS; OUT2 off: no IRQ */

static u32 all_ones(unsigned int size)
{
	return size == 4 ? 0xffffffffu : (1u << 8 * size) - 1;
}

static u64 now_ns(struct platform *p)
{
	return p->be.ops->now_ns(p->be.ctx);
}

/* (i) Returns true when the port belongs to a whole-access device. */
static bool wide_read(struct platform *p, u16 port, unsigned int size,
		      u32 *val)
{
	switch (port) {
#ifdef CONFIG_BURNVMM_DEV_ATA
	case PORT_ATA:
		*val = ata_read(&p->ata, ATA_REG_DATA, size);
		return true;
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	case PORT_PCI:
	case PORT_PCI + 2 ... PORT_PCI + 7:
		*val = pci_read(&p->pci, port - PORT_PCI, size);
		return true;
	case PORT_RESET_CTRL:
		if (size != 1) {
			*val = pci_read(&p->pci, port - PORT_PCI, size);
			return true;
		}
		return false;
#endif
#ifdef CONFIG_BURNVMM_DEV_DEBUGEXIT
	case PORT_DEBUG_EXIT ... PORT_DEBUG_EXIT + DEBUG_EXIT_SIZE - 1:
		*val = 0;
		return true;
#endif
	case PORT_PM1_CNT:
		if (size != 2)
			return false;
		*val = sysctl_pm1_read(&p->sys);
		return true;
	default:
#ifdef CONFIG_BURNVMM_DEV_PCI
		return pci_io_read(&p->pci, port, size, val);
#else
		return false;
#endif
	}
}

static bool wide_write(struct platform *p, u16 port, unsigned int size,
		       u32 val)
{
	switch (port) {
#ifdef CONFIG_BURNVMM_DEV_ATA
	case PORT_ATA:
		ata_write(&p->ata, ATA_REG_DATA, size, val);
		return true;
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	case PORT_PCI:
	case PORT_PCI + 2 ... PORT_PCI + 7:
		pci_write(&p->pci, port - PORT_PCI, size, val);
		return true;
	case PORT_RESET_CTRL:
		if (size != 1) {
			pci_write(&p->pci, port - PORT_PCI, size, val);
			return true;
		}
		return false;
#endif
#ifdef CONFIG_BURNVMM_DEV_DEBUGEXIT
	case PORT_DEBUG_EXIT ... PORT_DEBUG_EXIT + DEBUG_EXIT_SIZE - 1:
		sysctl_debug_exit(&p->sys, val);
		return true;
#endif
	case PORT_PM1_CNT:
		if (size != 2)
			return false;
		sysctl_pm1_write(&p->sys, (u16)val);
		return true;
	default:
#ifdef CONFIG_BURNVMM_DEV_PCI
		return pci_io_write(&p->pci, port, size, val);
#else
		return false;
#endif
	}
}

/* Nobody decoded a byte access: count it, log the first few ports. */
static void unhandled(struct platform *p, u16 port, bool write)
{
	struct platform_stats *st = &p->stats;
	unsigned int i;

	st->unhandled++;
	for (i = 0; i < st->nr_logged; i++)
		if (st->logged[i] == port)
			return;
	if (st->nr_logged >= PLATFORM_LOGGED_PORTS)
		return;
	st->logged[st->nr_logged++] = port;
	dev_log(&p->be, DEV_LOG_UNIMP, "platform",
		write ? "write to unhandled port" : "read of unhandled port",
		port);
}

/* (ii) Byte reads of 8-bit devices. */
static u8 byte_read(struct platform *p, u16 port, u64 now)
{
	(void)now;
	switch (port) {
#ifdef CONFIG_BURNVMM_DEV_PIC
	case PORT_PIC_PRIMARY ... PORT_PIC_PRIMARY + 1:
		return i8259_read(&p->il.pic[INTLOGIC_PRIMARY],
				  port - PORT_PIC_PRIMARY);
	case PORT_PIC_SECONDARY ... PORT_PIC_SECONDARY + 1:
		return i8259_read(&p->il.pic[INTLOGIC_SECONDARY],
				  port - PORT_PIC_SECONDARY);
	case PORT_ELCR ... PORT_ELCR + 1:
		return i8259_elcr_read(&p->il.pic[port - PORT_ELCR]);
#endif
#ifdef CONFIG_BURNVMM_DEV_PIT
	case PORT_PIT ... PORT_PIT + 3:
		return i8254_read(&p->pit, port - PORT_PIT, now);
	case PORT_SYS_CTRL_B:
		return i8254_port61_read(&p->pit, now);
#endif
#ifdef CONFIG_BURNVMM_DEV_I8042
	case PORT_KBC_DATA:
		return i8042_read(&p->kbc, I8042_DATA);
	case PORT_KBC_CMD:
		return i8042_read(&p->kbc, I8042_CMD);
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	case PORT_RTC ... PORT_RTC + 1:
		return rtc_read(&p->rtc, port - PORT_RTC, now);
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	case PORT_COM1 ... PORT_COM1 + UART_NR_REGS - 1:
		return uart_read(&p->uart[0], port - PORT_COM1, now);
	case PORT_COM2 ... PORT_COM2 + UART_NR_REGS - 1:
		return uart_read(&p->uart[1], port - PORT_COM2, now);
#endif
#ifdef CONFIG_BURNVMM_DEV_ATA
	case PORT_ATA + 1 ... PORT_ATA + 7:
		return (u8)ata_read(&p->ata, port - PORT_ATA, 1);
	case PORT_ATA_CTL:
		return (u8)ata_read(&p->ata, ATA_REG_CTL, 1);
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	case PORT_RESET_CTRL:
		return sysctl_cf9_read(&p->sys);
#endif
	case PORT_POST:
		return sysctl_post_read(&p->sys);
	case PORT_SYS_CTRL_A:
		return sysctl_port92_read(&p->sys);
	case PORT_PM1_CNT ... PORT_PM1_CNT + 1:
		return (u8)(sysctl_pm1_read(&p->sys) >>
			    8 * (port - PORT_PM1_CNT));
	default:
		unhandled(p, port, false);
		return 0xff;
	}
}

static void pm1_byte_write(struct platform *p, unsigned int byte, u8 val)
{
	u16 v = sysctl_pm1_read(&p->sys);

	v = (u16)((v & ~(0xff << 8 * byte)) | val << 8 * byte);
	sysctl_pm1_write(&p->sys, v);
}

/* (ii) Byte writes of 8-bit devices. */
static void byte_write(struct platform *p, u16 port, u8 val, u64 now)
{
	(void)now;
	switch (port) {
#ifdef CONFIG_BURNVMM_DEV_PIC
	case PORT_PIC_PRIMARY ... PORT_PIC_PRIMARY + 1:
		i8259_write(&p->il.pic[INTLOGIC_PRIMARY],
			    port - PORT_PIC_PRIMARY, val);
		break;
	case PORT_PIC_SECONDARY ... PORT_PIC_SECONDARY + 1:
		i8259_write(&p->il.pic[INTLOGIC_SECONDARY],
			    port - PORT_PIC_SECONDARY, val);
		break;
	case PORT_ELCR ... PORT_ELCR + 1:
		i8259_elcr_write(&p->il.pic[port - PORT_ELCR], val);
		break;
#endif
#ifdef CONFIG_BURNVMM_DEV_PIT
	case PORT_PIT ... PORT_PIT + 3:
		i8254_write(&p->pit, port - PORT_PIT, val, now);
		break;
	case PORT_SYS_CTRL_B:
		i8254_port61_write(&p->pit, val, now);
		break;
#endif
#ifdef CONFIG_BURNVMM_DEV_I8042
	case PORT_KBC_DATA:
		i8042_write(&p->kbc, I8042_DATA, val);
		break;
	case PORT_KBC_CMD:
		i8042_write(&p->kbc, I8042_CMD, val);
		break;
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	case PORT_RTC ... PORT_RTC + 1:
		rtc_write(&p->rtc, port - PORT_RTC, val, now);
		break;
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	case PORT_COM1 ... PORT_COM1 + UART_NR_REGS - 1:
		uart_write(&p->uart[0], port - PORT_COM1, val, now);
		break;
	case PORT_COM2 ... PORT_COM2 + UART_NR_REGS - 1:
		uart_write(&p->uart[1], port - PORT_COM2, val, now);
		break;
#endif
#ifdef CONFIG_BURNVMM_DEV_ATA
	case PORT_ATA + 1 ... PORT_ATA + 7:
		ata_write(&p->ata, port - PORT_ATA, 1, val);
		break;
	case PORT_ATA_CTL:
		ata_write(&p->ata, ATA_REG_CTL, 1, val);
		break;
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	case PORT_RESET_CTRL:
		sysctl_cf9_write(&p->sys, val);
		break;
#endif
	case PORT_POST:
		sysctl_post_write(&p->sys, val);
		break;
	case PORT_SYS_CTRL_A:
		sysctl_port92_write(&p->sys, val);
		break;
	case PORT_PM1_CNT ... PORT_PM1_CNT + 1:
		pm1_byte_write(p, port - PORT_PM1_CNT, val);
		break;
	default:
		unhandled(p, port, true);
		break;
	}
}

static bool size_ok(unsigned int size)
{
	return size == 1 || size == 2 || size == 4;
}

/*
 * (iii) An IN of @size bytes.  A bad width is the IPVMM's bug, not the
 * guest's (the decoder only produces 1, 2, 4): refused with -EINVAL.
 */
int platform_port_read(struct platform *p, u16 port, unsigned int size,
		       u32 *val)
{
	u64 now;
	unsigned int i;
	u32 v = 0;

	if (!size_ok(size)) {
		p->stats.bad_size++;
		*val = 0xffffffffu;
		return -DEV_EINVAL;
	}
	p->stats.port_reads++;
	if (wide_read(p, port, size, val))
		return 0;
	if (size > 1)
		p->stats.split++;
	now = now_ns(p);
	for (i = 0; i < size; i++)
		v |= (u32)byte_read(p, (u16)(port + i), now) << 8 * i;
	*val = v;
	return 0;
}

int platform_port_write(struct platform *p, u16 port, unsigned int size,
			u32 val)
{
	u64 now;
	unsigned int i;

	if (!size_ok(size)) {
		p->stats.bad_size++;
		return -DEV_EINVAL;
	}
	p->stats.port_writes++;
	val &= all_ones(size);
	if (wide_write(p, port, size, val))
		return 0;
	if (size > 1)
		p->stats.split++;
	now = now_ns(p);
	for (i = 0; i < size; i++)
		byte_write(p, (u16)(port + i), (u8)(val >> 8 * i), now);
	return 0;
}

/* MMIO reaches only PCI BARs today; false means "nobody is there". */
bool platform_mmio_read(struct platform *p, gpa_t addr, unsigned int size,
			u32 *val)
{
	(void)addr;
	if (size_ok(size)) {
#ifdef CONFIG_BURNVMM_DEV_PCI
		if (pci_mmio_read(&p->pci, addr, size, val))
			return true;
#endif
	} else {
		p->stats.bad_size++;
		size = 4;
	}
	p->stats.mmio_unhandled++;
	*val = all_ones(size);
	return false;
}

bool platform_mmio_write(struct platform *p, gpa_t addr, unsigned int size,
			 u32 val)
{
	(void)addr;
	(void)val;
	if (size_ok(size)) {
#ifdef CONFIG_BURNVMM_DEV_PCI
		if (pci_mmio_write(&p->pci, addr, size, val & all_ones(size)))
			return true;
#endif
	} else {
		p->stats.bad_size++;
	}
	p->stats.mmio_unhandled++;
	return false;
}

static inline u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

#ifdef CONFIG_BURNVMM_DEV_PIT
/* Is ISA IRQ 0 masked at the primary 8259 (or is there no 8259)? */
static bool irq0_masked(const struct platform *p)
{
#ifdef CONFIG_BURNVMM_DEV_PIC
	return p->il.pic[INTLOGIC_PRIMARY].imr & 1;
#else
	(void)p;
	return true;
#endif
}

/* The vector INTA returns for IRQ 0, or one no INTA returns. */
static unsigned int irq0_vector(const struct platform *p)
{
#ifdef CONFIG_BURNVMM_DEV_PIC
	return p->il.pic[INTLOGIC_PRIMARY].vector_base;
#else
	(void)p;
	return 0x100;
#endif
}
#endif

/* (iv) The earliest time a model needs attention, or U64 max. */
u64 platform_next_deadline_ns(struct platform *p)
{
	u64 now = now_ns(p), t = DEV_U64_MAX;

	(void)now;
#ifdef CONFIG_BURNVMM_DEV_PIT
	/*
	 * A masked IRQ 0 needs no timer: its edge is latched lazily by the
	 * next platform_advance(), and waking the host for it every period
	 * would be a world switch each for nothing.
	 */
	if (!irq0_masked(p))
		t = min_u64(t, i8254_next_deadline(&p->pit, now));
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	t = min_u64(t, rtc_next_deadline(&p->rtc, now));
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	t = min_u64(t, uart_next_deadline(&p->uart[0], now));
	t = min_u64(t, uart_next_deadline(&p->uart[1], now));
#endif
	return t;
}

/* (iv) Raise whatever became due by @now. */
void platform_advance(struct platform *p, u64 now)
{
	(void)p;
	(void)now;
#ifdef CONFIG_BURNVMM_DEV_PIT
	i8254_update_irq(&p->pit, now);
	if (irq0_masked(p))
		i8254_forget_owed(&p->pit);
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	rtc_update_irq(&p->rtc, now);
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	uart_update_irq(&p->uart[0], now);
	uart_update_irq(&p->uart[1], now);
#endif
}

bool platform_intr_pending(const struct platform *p)
{
	return intlogic_pending(&p->il);
}

/*
 * The INTA cycle.  Taking IRQ 0 is when the 8254 may pulse the next tick
 * it owes (i8254.c, (vi)): the PIC holds it until the guest's EOI.
 */
u8 platform_intr_ack(struct platform *p)
{
	u8 vector = intlogic_ack(&p->il);

#ifdef CONFIG_BURNVMM_DEV_PIT
	if (vector == irq0_vector(p))
		i8254_irq0_taken(&p->pit);
#endif
	return vector;
}

/* A byte from the console back end for serial port @port. */
bool platform_console_input(struct platform *p, unsigned int port, u8 byte)
{
#ifdef CONFIG_BURNVMM_DEV_UART
	if (port < PLATFORM_NR_UARTS)
		return uart_receive(&p->uart[port], byte, now_ns(p));
#endif
	(void)p;
	(void)port;
	(void)byte;
	return false;
}

/* How many bytes the back end may send now without an overrun. */
unsigned int platform_console_room(const struct platform *p,
				   unsigned int port)
{
#ifdef CONFIG_BURNVMM_DEV_UART
	if (port < PLATFORM_NR_UARTS)
		return uart_rx_room(&p->uart[port]);
#endif
	(void)p;
	(void)port;
	return 0;
}

void platform_disk_complete(struct platform *p, u32 tag, int err)
{
#ifdef CONFIG_BURNVMM_DEV_ATA
	ata_complete(&p->ata, tag, err);
#else
	(void)p;
	(void)tag;
	(void)err;
#endif
}

/* A20 is on if either the 8042 or port 0x92 enables it. */
bool platform_a20(const struct platform *p)
{
#ifdef CONFIG_BURNVMM_DEV_I8042
	if (i8042_a20(&p->kbc))
		return true;
#endif
	return sysctl_a20(&p->sys);
}

bool platform_nmi_masked(const struct platform *p)
{
#ifdef CONFIG_BURNVMM_DEV_RTC
	return p->rtc.nmi_masked;
#else
	(void)p;
	return false;
#endif
}

/*
 * (v) What a PC BIOS leaves behind, programmed through the models' own
 * register interfaces so it is exactly what a guest could have done:
 * the PICs at vectors 08h/70h with everything but the cascade masked,
 * PIT counter 0 at 18.2 Hz (mode 3, count 65536), counter 1 as the DRAM
 * refresh divider, counter 2 ready for the speaker, the UARTs at 9600
 * 8N1 with their IRQs off.
 */
static void firmware_setup(struct platform *p, u64 now)
{
	(void)p;
	(void)now;
#ifdef CONFIG_BURNVMM_DEV_PIC
	struct i8259 *pri = &p->il.pic[INTLOGIC_PRIMARY];
	struct i8259 *sec = &p->il.pic[INTLOGIC_SECONDARY];

	i8259_write(pri, I8259_CMD, 0x11);	/* ICW1: cascade, ICW4 */
	i8259_write(pri, I8259_DATA, BIOS_PRIMARY_VECTOR);
	i8259_write(pri, I8259_DATA, 1u << INTLOGIC_CASCADE_IRQ);
	i8259_write(pri, I8259_DATA, 0x01);	/* ICW4: 8086 mode */
	i8259_write(pri, I8259_DATA, BIOS_PRIMARY_IMR);
	i8259_write(sec, I8259_CMD, 0x11);
	i8259_write(sec, I8259_DATA, BIOS_SECONDARY_VECTOR);
	i8259_write(sec, I8259_DATA, INTLOGIC_CASCADE_IRQ);
	i8259_write(sec, I8259_DATA, 0x01);
	i8259_write(sec, I8259_DATA, BIOS_SECONDARY_IMR);
#endif
#ifdef CONFIG_BURNVMM_DEV_PIT
	i8254_write(&p->pit, I8254_CONTROL, 0x36, now);	/* c0 LSB/MSB m3 */
	i8254_write(&p->pit, 0, 0x00, now);
	i8254_write(&p->pit, 0, 0x00, now);
	i8254_write(&p->pit, I8254_CONTROL, 0x54, now);	/* c1 LSB m2 */
	i8254_write(&p->pit, 1, 18, now);
	i8254_write(&p->pit, I8254_CONTROL, 0xb6, now);	/* c2 LSB/MSB m3 */
	i8254_write(&p->pit, 2, 0x33, now);		/* 896 Hz beep */
	i8254_write(&p->pit, 2, 0x05, now);
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	uart_write(&p->uart[0], UART_LCR, BIOS_UART_LCR, now);
	uart_write(&p->uart[0], UART_MCR, BIOS_UART_MCR, now);
	uart_write(&p->uart[1], UART_LCR, BIOS_UART_LCR, now);
	uart_write(&p->uart[1], UART_MCR, BIOS_UART_MCR, now);
#endif
}

/* (v) Machine reset: every model, then the firmware state. */
void platform_reset(struct platform *p)
{
	u64 now = now_ns(p);

	intlogic_reset(&p->il);
#ifdef CONFIG_BURNVMM_DEV_PIT
	i8254_reset(&p->pit, now);
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	uart_reset(&p->uart[0], now);
	uart_reset(&p->uart[1], now);
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	rtc_reset(&p->rtc, now, p->be.ops->wallclock_s(p->be.ctx));
	rtc_set_memory(&p->rtc, p->ram_bytes);
#endif
#ifdef CONFIG_BURNVMM_DEV_I8042
	i8042_reset(&p->kbc);
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	pci_reset(&p->pci);
#endif
#ifdef CONFIG_BURNVMM_DEV_ATA
	ata_reset(&p->ata);
#endif
	sysctl_reset(&p->sys);
	firmware_setup(p, now);
	dev_memset(&p->stats, 0, sizeof(p->stats));
}

static bool ops_complete(const struct dev_backend_ops *ops)
{
	return ops && ops->now_ns && ops->wallclock_s && ops->console_tx &&
	       ops->disk_sectors && ops->disk_submit && ops->system_event &&
	       ops->log;
}

/*
 * Wire every model to the back end and to its ISA IRQ, then reset.
 * Returns -EINVAL when the back end is incomplete or the PCI table is
 * malformed (a build bug).
 */
int platform_init(struct platform *p, const struct dev_backend_ops *ops,
		  void *ctx, u64 ram_bytes,
		  void (*intr_notify)(void *ctx, bool intr), void *notify_ctx)
{
	struct dev_irq line;

	dev_memset(p, 0, sizeof(*p));
	if (!ops_complete(ops))
		return -DEV_EINVAL;
	p->be.ops = ops;
	p->be.ctx = ctx;
	p->ram_bytes = ram_bytes;
	intlogic_init(&p->il, &p->be, intr_notify, notify_ctx);
#ifdef CONFIG_BURNVMM_DEV_PIT
	line = intlogic_line(&p->il, PLATFORM_IRQ_PIT);
	i8254_init(&p->pit, &line, &p->be);
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	line = intlogic_line(&p->il, PLATFORM_IRQ_COM1);
	uart_init(&p->uart[0], 0, &line, &p->be);
	line = intlogic_line(&p->il, PLATFORM_IRQ_COM2);
	uart_init(&p->uart[1], 1, &line, &p->be);
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	line = intlogic_line(&p->il, PLATFORM_IRQ_RTC);
	rtc_init(&p->rtc, &line, &p->be);
#endif
#ifdef CONFIG_BURNVMM_DEV_I8042
	{
		struct dev_irq aux = intlogic_line(&p->il, PLATFORM_IRQ_AUX);

		line = intlogic_line(&p->il, PLATFORM_IRQ_KBD);
		i8042_init(&p->kbc, &line, &aux, &p->be);
	}
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	if (pci_init(&p->pci, pci_platform_table, pci_platform_table_size,
		     &p->be))
		return -DEV_EINVAL;
#endif
#ifdef CONFIG_BURNVMM_DEV_ATA
	line = intlogic_line(&p->il, PLATFORM_IRQ_ATA);
	ata_init(&p->ata, &line, &p->be);
#endif
	(void)line;
	sysctl_init(&p->sys, &p->be);
	platform_reset(p);
	return 0;
}
