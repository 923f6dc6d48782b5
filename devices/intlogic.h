/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/intlogic.h - the platform's interrupt logic: ISA IRQ lines 0-15
 * routed to the PC's 8259A pair, and the CPU side of it (is INTR asserted,
 * and the INTA cycle that turns it into a vector).
 *
 * Devices hold a struct dev_irq made by intlogic_line(); the virtual CPU
 * asks intlogic_pending() at every point where it could take an interrupt
 * and calls intlogic_ack() to get the vector.  An I/O APIC can later be
 * added behind the same three calls.
 */
#ifndef BURNVMM_DEVICES_INTLOGIC_H
#define BURNVMM_DEVICES_INTLOGIC_H

#include "dev.h"
#include "i8259.h"

#define INTLOGIC_NR_IRQS	16
#define INTLOGIC_CASCADE_IRQ	2	/* secondary INT -> primary IR2 */
#define INTLOGIC_PRIMARY	0
#define INTLOGIC_SECONDARY	1

/*
 * ELCR bits that exist.  IRQ 0, 1, 2 (timer, keyboard, cascade) and 8, 13
 * (RTC, FPU error) are always edge triggered on a PC, so their ELCR bits
 * are read-only zero (Intel PIIX/ICH datasheets, ELCR1/ELCR2).
 */
#define INTLOGIC_ELCR_MASK_PRIMARY	0xf8
#define INTLOGIC_ELCR_MASK_SECONDARY	0xde

struct intlogic {
	struct i8259 pic[2];	/* primary, secondary */
	u16 levels;		/* IRQ line levels as devices drive them */
	u32 spurious;		/* INTA cycles that found no request */
	/* Told when the CPU's INTR input changes (may be NULL). */
	void (*notify)(void *ctx, bool intr);
	void *notify_ctx;
};

/* intlogic.c: */
void intlogic_init(struct intlogic *il, const struct dev_backend *be,
		   void (*notify)(void *ctx, bool intr), void *notify_ctx);
void intlogic_reset(struct intlogic *il);
void intlogic_set_irq(struct intlogic *il, unsigned int irq, bool level);
struct dev_irq intlogic_line(struct intlogic *il, unsigned int irq);
bool intlogic_pending(const struct intlogic *il);
u8 intlogic_ack(struct intlogic *il);

#endif /* BURNVMM_DEVICES_INTLOGIC_H */
