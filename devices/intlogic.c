// SPDX-License-Identifier: GPL-2.0
/*
 * devices/intlogic.c - wires two 8259A cores into the PC's cascade and
 * presents the CPU's view: the INTR pin and the INTA cycle.
 *
 * PC wiring: ISA IRQ 0-7 go to the primary's IR0-7, IRQ 8-15 to the
 * secondary's IR0-7, and the secondary's INT output drives the primary's
 * IR2.  On INTA the primary names a line; if that line has a secondary
 * behind it (ICW3), the secondary supplies the vector.  A request that
 * vanished before INTA yields the chip's level-7 vector with no ISR bit
 * set: "spurious IRQ 7" from the primary, "spurious IRQ 15" from the
 * secondary (with the primary's cascade bit in service, as on hardware,
 * which is why Linux sends the primary an EOI for a spurious IRQ 15).
 */
#include "intlogic.h"

#define SPURIOUS_LINE		7	/* vector offset of a spurious INTA */

#ifdef CONFIG_BURNVMM_DEV_PIC

/* The secondary's INT pin is the primary's IR2 input. */
static void secondary_out(void *ctx, unsigned int line, bool level)
{
	struct intlogic *il = ctx;

	(void)line;
	i8259_set_line(&il->pic[INTLOGIC_PRIMARY], INTLOGIC_CASCADE_IRQ,
		       level);
}

/* The primary's INT pin is the CPU's INTR. */
static void primary_out(void *ctx, unsigned int line, bool level)
{
	struct intlogic *il = ctx;

	(void)line;
	if (il->notify)
		il->notify(il->notify_ctx, level);
}

void intlogic_init(struct intlogic *il, const struct dev_backend *be,
		   void (*notify)(void *ctx, bool intr), void *notify_ctx)
{
	struct dev_irq out = { .set = primary_out, .ctx = il };

	dev_memset(il, 0, sizeof(*il));
	il->notify = notify;
	il->notify_ctx = notify_ctx;
	i8259_init(&il->pic[INTLOGIC_PRIMARY], true,
		   INTLOGIC_ELCR_MASK_PRIMARY, &out, be);
	out.set = secondary_out;
	i8259_init(&il->pic[INTLOGIC_SECONDARY], false,
		   INTLOGIC_ELCR_MASK_SECONDARY, &out, be);
}

void intlogic_reset(struct intlogic *il)
{
	il->spurious = 0;
	i8259_reset(&il->pic[INTLOGIC_SECONDARY]);
	i8259_reset(&il->pic[INTLOGIC_PRIMARY]);
}

void intlogic_set_irq(struct intlogic *il, unsigned int irq, bool level)
{
	if (irq >= INTLOGIC_NR_IRQS)
		return;
	if (level)
		il->levels |= (u16)(1u << irq);
	else
		il->levels &= (u16)~(1u << irq);
	i8259_set_line(&il->pic[irq / 8], irq % 8, level);
}

bool intlogic_pending(const struct intlogic *il)
{
	return il->pic[INTLOGIC_PRIMARY].out.level;
}

/*
 * The INTA cycle.  If the secondary still asserts INT afterwards (it
 * has another request that its in-service state does not block, e.g. in
 * auto-EOI mode), the primary must see that as a new request on IR2; an
 * edge-triggered IR2 would otherwise lose it, because the INTA just
 * cleared the latched edge.
 */
u8 intlogic_ack(struct intlogic *il)
{
	struct i8259 *pri = &il->pic[INTLOGIC_PRIMARY];
	struct i8259 *sec = &il->pic[INTLOGIC_SECONDARY];
	int line, sline;

	line = i8259_acknowledge(pri);
	if (line < 0) {
		il->spurious++;
		return (u8)(pri->vector_base + SPURIOUS_LINE);
	}
	if (pri->single || !(pri->icw3 & (1u << line)))
		return (u8)(pri->vector_base + line);

	sline = i8259_acknowledge(sec);
	if (sec->out.level) {
		i8259_set_line(pri, (unsigned int)line, false);
		i8259_set_line(pri, (unsigned int)line, true);
	}
	if (sline < 0) {
		il->spurious++;
		return (u8)(sec->vector_base + SPURIOUS_LINE);
	}
	return (u8)(sec->vector_base + sline);
}

#else /* !CONFIG_BURNVMM_DEV_PIC */

/* Without a PIC the lines are recorded and nothing ever interrupts. */
void intlogic_init(struct intlogic *il, const struct dev_backend *be,
		   void (*notify)(void *ctx, bool intr), void *notify_ctx)
{
	(void)be;
	dev_memset(il, 0, sizeof(*il));
	il->notify = notify;
	il->notify_ctx = notify_ctx;
}

void intlogic_reset(struct intlogic *il)
{
	il->spurious = 0;
}

void intlogic_set_irq(struct intlogic *il, unsigned int irq, bool level)
{
	if (irq >= INTLOGIC_NR_IRQS)
		return;
	if (level)
		il->levels |= (u16)(1u << irq);
	else
		il->levels &= (u16)~(1u << irq);
}

bool intlogic_pending(const struct intlogic *il)
{
	(void)il;
	return false;
}

u8 intlogic_ack(struct intlogic *il)
{
	il->spurious++;
	return 0;
}

#endif /* CONFIG_BURNVMM_DEV_PIC */

static void line_set(void *ctx, unsigned int line, bool level)
{
	intlogic_set_irq(ctx, line, level);
}

/* A handle a device keeps to drive ISA IRQ @irq. */
struct dev_irq intlogic_line(struct intlogic *il, unsigned int irq)
{
	struct dev_irq l = { .set = line_set, .ctx = il, .line = irq };

	return l;
}
