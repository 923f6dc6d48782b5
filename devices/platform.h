/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/platform.h - the PC a burnvmm guest sees: every device model
 * selected in Kconfig (CONFIG_BURNVMM_DEV_*), its ports and IRQ lines,
 * and the calls the in-place VMM makes into it.
 *
 * The IPVMM's contract:
 *   - an emulated IN/OUT becomes platform_port_read/write; an MMIO access
 *     platform_mmio_read/write;
 *   - before idling or returning to the guest it arms its host timer for
 *     platform_next_deadline_ns() and, when that time has come, calls
 *     platform_advance();
 *   - where the guest could take an interrupt it asks
 *     platform_intr_pending() and gets the vector from
 *     platform_intr_ack() (the PIC's INTA cycle);
 *   - back-end events come in through platform_console_input() and
 *     platform_disk_complete().
 * Nothing here allocates, and all state is in struct platform.
 */
#ifndef BURNVMM_DEVICES_PLATFORM_H
#define BURNVMM_DEVICES_PLATFORM_H

#include "dev.h"
#include "intlogic.h"
#include "i8254.h"
#include "uart16550.h"
#include "mc146818.h"
#include "i8042.h"
#include "pci.h"
#include "ata.h"
#include "sysctl.h"

/* ISA wiring of a PC. */
#define PLATFORM_IRQ_PIT	0
#define PLATFORM_IRQ_KBD	1
#define PLATFORM_IRQ_COM2	3
#define PLATFORM_IRQ_COM1	4
#define PLATFORM_IRQ_RTC	8
#define PLATFORM_IRQ_AUX	12
#define PLATFORM_IRQ_ATA	14

#define PLATFORM_NR_UARTS	2
#define PLATFORM_LOGGED_PORTS	8	/* distinct unhandled ports logged */
#define PLATFORM_LOGGED_PAGES	8	/* distinct unclaimed MMIO pages logged */
#define PLATFORM_MMIO_WINDOWS	4	/* MMIO device models (HPET, LAPIC) */
#define PLATFORM_PAGE_SHIFT	12

/*
 * An MMIO device model as the bus sees it: the registers in one window
 * of guest-physical space.  The platform calls these only for an access
 * that lies wholly inside the window, with @offset from its base and
 * @size 1, 2 or 4; read returns the value in its low @size bytes.
 */
struct platform_mmio_ops {
	u32 (*read)(void *dev, u32 offset, unsigned int size);
	void (*write)(void *dev, u32 offset, unsigned int size, u32 val);
};

struct platform_mmio_window {
	u64 base;
	u32 size;
	const struct platform_mmio_ops *ops;
	void *dev;
};

/* Bus-glue counters, for burnctl stat and for tests. */
struct platform_stats {
	u32 port_reads;
	u32 port_writes;
	u32 bad_size;		/* width not 1, 2 or 4: refused */
	u32 split;		/* wide access split into byte accesses */
	u32 unhandled;		/* byte accesses nobody decoded */
	u32 mmio_unhandled;
	u16 logged[PLATFORM_LOGGED_PORTS];
	u8 nr_logged;
	u8 nr_mmio_logged;
	u32 mmio_logged[PLATFORM_LOGGED_PAGES];	/* page numbers */
};

struct platform {
	struct dev_backend be;
	u64 ram_bytes;
	struct intlogic il;
#ifdef CONFIG_BURNVMM_DEV_PIT
	struct i8254 pit;
#endif
#ifdef CONFIG_BURNVMM_DEV_UART
	struct uart16550 uart[PLATFORM_NR_UARTS];
#endif
#ifdef CONFIG_BURNVMM_DEV_RTC
	struct mc146818 rtc;
#endif
#ifdef CONFIG_BURNVMM_DEV_I8042
	struct i8042 kbc;
#endif
#ifdef CONFIG_BURNVMM_DEV_PCI
	struct pci_host pci;
#endif
#ifdef CONFIG_BURNVMM_DEV_ATA
	struct ata_channel ata;
#endif
	struct sysctl sys;
	struct platform_mmio_window mmio[PLATFORM_MMIO_WINDOWS];
	u8 nr_mmio;
	struct platform_stats stats;
};

/* platform.c: */
int platform_init(struct platform *p, const struct dev_backend_ops *ops,
		  void *ctx, u64 ram_bytes,
		  void (*intr_notify)(void *ctx, bool intr), void *notify_ctx);
void platform_reset(struct platform *p);
int platform_port_read(struct platform *p, u16 port, unsigned int size,
		       u32 *val);
int platform_port_write(struct platform *p, u16 port, unsigned int size,
			u32 val);
bool platform_mmio_read(struct platform *p, gpa_t addr, unsigned int size,
			u32 *val);
bool platform_mmio_write(struct platform *p, gpa_t addr, unsigned int size,
			 u32 val);
int platform_mmio_map(struct platform *p, gpa_t base, u32 size,
		      const struct platform_mmio_ops *ops, void *dev);
u64 platform_next_deadline_ns(struct platform *p);
void platform_advance(struct platform *p, u64 now);
bool platform_intr_pending(const struct platform *p);
u8 platform_intr_ack(struct platform *p);
bool platform_console_input(struct platform *p, unsigned int port, u8 byte);
unsigned int platform_console_room(const struct platform *p,
				   unsigned int port);
void platform_disk_complete(struct platform *p, u32 tag, int err);
bool platform_a20(const struct platform *p);
bool platform_nmi_masked(const struct platform *p);

#endif /* BURNVMM_DEVICES_PLATFORM_H */
