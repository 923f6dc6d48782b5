// SPDX-License-Identifier: GPL-2.0
/*
 * tests/devices/test-pic.c - the 8259A pair through intlogic: the
 * datasheet's modes, and the exact sequences Linux 6.1's i8259.c uses
 * (init_8259A, probe_8259A, i8259A_irq_pending, i8259A_irq_real and
 * mask_and_ack_8259A with its spurious-IRQ handling).
 */
#include "devtest.h"
#include "intlogic.h"

struct pic_fixture {
	struct fake_backend fb;
	struct dev_backend be;
	struct intlogic il;
	unsigned int notifies;
	bool intr;
};

static void notify(void *ctx, bool intr)
{
	struct pic_fixture *f = ctx;

	f->notifies++;
	f->intr = intr;
}

static int setup(void **state)
{
	struct pic_fixture *f = calloc(1, sizeof(*f));

	fake_backend_init(&f->fb);
	f->be.ops = &fake_backend_ops;
	f->be.ctx = &f->fb;
	intlogic_init(&f->il, &f->be, notify, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Port helpers with PC numbering: 0x20/0x21 primary, 0xa0/0xa1 secondary. */
static void outb(struct pic_fixture *f, u16 port, u8 val)
{
	struct i8259 *pic = &f->il.pic[port >= 0xa0];

	i8259_write(pic, port & 1, val);
}

static u8 inb(struct pic_fixture *f, u16 port)
{
	return i8259_read(&f->il.pic[port >= 0xa0], port & 1);
}

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1
#define LINUX_VECTOR0	0x30	/* ISA_IRQ_VECTOR(0) on x86 */

/* init_8259A(auto_eoi) as Linux 6.1 writes it; masks all but cascade. */
static void linux_init(struct pic_fixture *f, bool auto_eoi)
{
	outb(f, PIC_MASTER_IMR, 0xff);
	outb(f, PIC_SLAVE_IMR, 0xff);
	outb(f, PIC_MASTER_CMD, 0x11);
	outb(f, PIC_MASTER_IMR, LINUX_VECTOR0);
	outb(f, PIC_MASTER_IMR, 1u << 2);
	outb(f, PIC_MASTER_IMR, auto_eoi ? 0x03 : 0x01);
	outb(f, PIC_SLAVE_CMD, 0x11);
	outb(f, PIC_SLAVE_IMR, LINUX_VECTOR0 + 8);
	outb(f, PIC_SLAVE_IMR, 2);
	outb(f, PIC_SLAVE_IMR, 0x01);
	outb(f, PIC_MASTER_IMR, 0xfb);
	outb(f, PIC_SLAVE_IMR, 0xff);
}

static void unmask(struct pic_fixture *f, unsigned int irq)
{
	u16 port = irq < 8 ? PIC_MASTER_IMR : PIC_SLAVE_IMR;

	outb(f, port, inb(f, port) & ~(1u << (irq & 7)));
}

/* Linux's EOI for @irq: specific EOI, and to IR2 for the secondary. */
static void linux_eoi(struct pic_fixture *f, unsigned int irq)
{
	if (irq & 8) {
		outb(f, PIC_SLAVE_CMD, 0x60 + (irq & 7));
		outb(f, PIC_MASTER_CMD, 0x60 + 2);
	} else {
		outb(f, PIC_MASTER_CMD, 0x60 + irq);
	}
}

static void pulse(struct pic_fixture *f, unsigned int irq)
{
	intlogic_set_irq(&f->il, irq, true);
	intlogic_set_irq(&f->il, irq, false);
}

static void pic_reset_state_masks_all(void **state)
{
	struct pic_fixture *f = *state;

	assert_int_equal(inb(f, PIC_MASTER_IMR), 0xff);
	assert_int_equal(inb(f, PIC_SLAVE_IMR), 0xff);
	pulse(f, 1);
	assert_false(intlogic_pending(&f->il));
}

static void pic_linux_init_vectors(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	unmask(f, 0);
	unmask(f, 8);
	pulse(f, 0);
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0);
	linux_eoi(f, 0);
	pulse(f, 8);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 8);
	linux_eoi(f, 8);
	assert_false(intlogic_pending(&f->il));
	assert_int_equal(f->il.pic[0].isr | f->il.pic[1].isr, 0);
}

/* probe_8259A: the mask written must read back, else "no PIC". */
static void pic_linux_probe_reads_mask_back(void **state)
{
	struct pic_fixture *f = *state;

	outb(f, PIC_SLAVE_IMR, 0xff);
	outb(f, PIC_MASTER_IMR, 0xfb);
	assert_int_equal(inb(f, PIC_MASTER_IMR), 0xfb);
	assert_int_equal(inb(f, PIC_SLAVE_IMR), 0xff);
}

static void pic_edge_is_latched(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	unmask(f, 3);
	pulse(f, 3);		/* gone before INTA: still latched */
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 3);
	linux_eoi(f, 3);
	assert_false(intlogic_pending(&f->il));
	/* A line held high gives no new edge. */
	intlogic_set_irq(&f->il, 3, true);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 3);
	linux_eoi(f, 3);
	assert_false(intlogic_pending(&f->il));
}

static void pic_level_follows_line(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	i8259_elcr_write(&f->il.pic[0], 1u << 5);	/* IRQ 5 level */
	unmask(f, 5);
	intlogic_set_irq(&f->il, 5, true);
	assert_true(intlogic_pending(&f->il));
	intlogic_set_irq(&f->il, 5, false);
	assert_false(intlogic_pending(&f->il));
	/* Still high after EOI: interrupts again. */
	intlogic_set_irq(&f->il, 5, true);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 5);
	linux_eoi(f, 5);
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 5);
}

/*
 * A secondary level line that drops clears the secondary's IRR, but the
 * primary has latched the cascade edge: INTR stays up (and INTA would
 * be a spurious IRQ 15, see below).
 */
static void pic_secondary_level_drop_keeps_cascade_edge(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	i8259_elcr_write(&f->il.pic[1], 1u << 2);	/* IRQ 10 level */
	unmask(f, 10);
	intlogic_set_irq(&f->il, 10, true);
	intlogic_set_irq(&f->il, 10, false);
	assert_int_equal(f->il.pic[1].irr, 0);
	assert_true(intlogic_pending(&f->il));
}

static void pic_elcr_reserved_bits(void **state)
{
	struct pic_fixture *f = *state;

	i8259_elcr_write(&f->il.pic[0], 0xff);
	i8259_elcr_write(&f->il.pic[1], 0xff);
	/* IRQ 0, 1, 2, 8, 13 are edge only on a PC. */
	assert_int_equal(i8259_elcr_read(&f->il.pic[0]), 0xf8);
	assert_int_equal(i8259_elcr_read(&f->il.pic[1]), 0xde);
}

static void pic_fixed_priority_and_nesting(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 5);
	pulse(f, 3);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 3);
	/* 5 is lower priority than 3 in service: blocked. */
	assert_false(intlogic_pending(&f->il));
	pulse(f, 1);		/* higher: nests */
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 1);
	outb(f, PIC_MASTER_CMD, 0x20);	/* non-specific EOI: clears 1 */
	assert_int_equal(f->il.pic[0].isr, 1u << 3);
	outb(f, PIC_MASTER_CMD, 0x20);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 5);
}

static void pic_specific_eoi_clears_one_bit(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 4);
	intlogic_ack(&f->il);
	pulse(f, 2 - 1);
	intlogic_ack(&f->il);
	assert_int_equal(f->il.pic[0].isr, 0x12);
	outb(f, PIC_MASTER_CMD, 0x64);	/* EOI 4 although 1 is higher */
	assert_int_equal(f->il.pic[0].isr, 0x02);
}

/* OCW3 selects IRR (0x0a) or ISR (0x0b) for command-port reads. */
static void pic_ocw3_reads_irr_and_isr(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 6);
	pulse(f, 7);
	assert_int_equal(inb(f, PIC_MASTER_CMD), 0xc0);	/* IRR default */
	intlogic_ack(&f->il);
	outb(f, PIC_MASTER_CMD, 0x0b);
	assert_int_equal(inb(f, PIC_MASTER_CMD), 0x40);	/* ISR: 6 */
	outb(f, PIC_MASTER_CMD, 0x0a);
	assert_int_equal(inb(f, PIC_MASTER_CMD), 0x80);	/* IRR: 7 */
}

/* i8259A_irq_pending reads IRR from the command port of either chip. */
static void pic_linux_irq_pending(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	intlogic_set_irq(&f->il, 12, true);	/* masked, still in IRR */
	assert_true(inb(f, PIC_SLAVE_CMD) & (1u << 4));
	assert_false(inb(f, PIC_MASTER_CMD) & (1u << 1));
	assert_false(intlogic_pending(&f->il));
}

/*
 * A request that goes away before INTA: the primary answers with its
 * IR7 vector and sets no ISR bit, which is what i8259A_irq_real() then
 * reads (ISR bit clear -> spurious).
 */
static void pic_spurious_irq7(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	i8259_elcr_write(&f->il.pic[0], 1u << 5);	/* IRQ 5 level */
	unmask(f, 5);
	intlogic_set_irq(&f->il, 5, true);
	assert_true(intlogic_pending(&f->il));
	intlogic_set_irq(&f->il, 5, false);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 7);
	outb(f, PIC_MASTER_CMD, 0x0b);
	assert_int_equal(inb(f, PIC_MASTER_CMD) & 0x80, 0);
	outb(f, PIC_MASTER_CMD, 0x0a);
	assert_int_equal(f->il.spurious, 1);
}

/* Spurious IRQ 15: the secondary has nothing, the primary's IR2 is set. */
static void pic_spurious_irq15(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	i8259_elcr_write(&f->il.pic[1], 1u << 2);	/* IRQ 10 level */
	unmask(f, 10);
	intlogic_set_irq(&f->il, 10, true);
	intlogic_set_irq(&f->il, 10, false);
	/* The primary latched the cascade edge; INTA finds no source. */
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 15);
	assert_int_equal(f->il.pic[1].isr, 0);
	assert_int_equal(f->il.pic[0].isr, 1u << 2);
	outb(f, PIC_MASTER_CMD, 0x62);	/* Linux EOIs the cascade */
	assert_int_equal(f->il.pic[0].isr, 0);
}

/* mask_and_ack_8259A for IRQ 12: dummy IMR read, mask, two EOIs. */
static void pic_linux_mask_and_ack_cascade(void **state)
{
	struct pic_fixture *f = *state;
	unsigned int irq = 12;
	u8 cached_slave = 0xff & ~(1u << 4);

	linux_init(f, false);
	unmask(f, irq);
	pulse(f, irq);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + irq);
	assert_int_equal(f->il.pic[1].isr, 1u << 4);
	cached_slave |= 1u << 4;
	(void)inb(f, PIC_SLAVE_IMR);
	outb(f, PIC_SLAVE_IMR, cached_slave);
	outb(f, PIC_SLAVE_CMD, 0x60 + (irq & 7));
	outb(f, PIC_MASTER_CMD, 0x60 + 2);
	assert_int_equal(f->il.pic[0].isr | f->il.pic[1].isr, 0);
	pulse(f, irq);			/* masked now */
	assert_false(intlogic_pending(&f->il));
}

static void pic_auto_eoi(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, true);
	unmask(f, 1);
	pulse(f, 1);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 1);
	assert_int_equal(f->il.pic[0].isr, 0);
	pulse(f, 1);
	assert_true(intlogic_pending(&f->il));	/* nothing in service */
}

/* Rotate on non-specific EOI: the serviced level becomes lowest. */
static void pic_rotate_on_nonspecific_eoi(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 1);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 1);
	outb(f, PIC_MASTER_CMD, 0xa0);
	pulse(f, 0);
	pulse(f, 3);
	/* Order is now 2, 3, ..., 7, 0, 1: 3 before 0. */
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 3);
}

static void pic_set_priority_and_rotate_specific(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	outb(f, PIC_MASTER_CMD, 0xc4);	/* 4 lowest: 5 highest */
	pulse(f, 0);
	pulse(f, 6);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 6);
	outb(f, PIC_MASTER_CMD, 0xe6);	/* rotate on specific EOI 6 */
	assert_int_equal(f->il.pic[0].lowest_prio, 6);
	assert_int_equal(f->il.pic[0].isr, 0);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 0);
}

static void pic_rotate_in_auto_eoi(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, true);
	outb(f, PIC_MASTER_IMR, 0x00);
	outb(f, PIC_MASTER_CMD, 0x80);	/* rotate in AEOI: set */
	pulse(f, 3);
	intlogic_ack(&f->il);
	assert_int_equal(f->il.pic[0].lowest_prio, 3);
	outb(f, PIC_MASTER_CMD, 0x00);	/* clear */
	pulse(f, 5);
	intlogic_ack(&f->il);
	assert_int_equal(f->il.pic[0].lowest_prio, 3);
}

static void pic_poll_mode(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_CMD, 0x0c);
	assert_int_equal(inb(f, PIC_MASTER_CMD), 0);	/* nothing */
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 6);
	outb(f, PIC_MASTER_CMD, 0x0c);
	assert_int_equal(inb(f, PIC_MASTER_CMD), 0x86);
	assert_int_equal(f->il.pic[0].isr, 1u << 6);
	/* The poll is one-shot: the next read is IRR again. */
	assert_int_equal(inb(f, PIC_MASTER_CMD), 0);
}

static void pic_special_mask_mode(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 3);
	intlogic_ack(&f->il);
	pulse(f, 5);
	assert_false(intlogic_pending(&f->il));
	outb(f, PIC_MASTER_IMR, 1u << 3);	/* mask own level */
	outb(f, PIC_MASTER_CMD, 0x68);		/* set SMM */
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 5);
	outb(f, PIC_MASTER_CMD, 0x48);		/* reset SMM */
	assert_false(f->il.pic[0].special_mask);
}

/* SFNM: the primary lets a higher secondary request nest on IR2. */
static void pic_special_fully_nested(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_CMD, 0x11);
	outb(f, PIC_MASTER_IMR, LINUX_VECTOR0);
	outb(f, PIC_MASTER_IMR, 0x04);
	outb(f, PIC_MASTER_IMR, 0x11);	/* ICW4: SFNM */
	outb(f, PIC_MASTER_IMR, 0x00);
	outb(f, PIC_SLAVE_IMR, 0x00);
	pulse(f, 9);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 9);
	pulse(f, 8);
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 8);
}

static void pic_without_sfnm_cascade_blocks(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	outb(f, PIC_SLAVE_IMR, 0x00);
	pulse(f, 9);
	intlogic_ack(&f->il);
	pulse(f, 8);
	assert_false(intlogic_pending(&f->il));
	linux_eoi(f, 9);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 8);
}

static void pic_imr_masks_and_unmask_delivers(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	pulse(f, 4);
	assert_false(intlogic_pending(&f->il));
	unmask(f, 4);
	assert_true(intlogic_pending(&f->il));
}

static void pic_notify_follows_intr(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	unmask(f, 4);
	f->notifies = 0;
	pulse(f, 4);
	assert_true(f->intr);
	intlogic_ack(&f->il);
	assert_false(f->intr);
	assert_int_equal(f->notifies, 2);
}

static void pic_icw1_without_icw4_logs(void **state)
{
	struct pic_fixture *f = *state;

	outb(f, PIC_MASTER_CMD, 0x10);	/* no IC4 */
	outb(f, PIC_MASTER_CMD, 0x10);
	assert_int_equal(f->fb.logs[DEV_LOG_UNIMP], 1);
	outb(f, PIC_MASTER_IMR, 0x40);	/* ICW2 */
	outb(f, PIC_MASTER_IMR, 0x04);	/* ICW3, then operational */
	assert_int_equal(f->il.pic[0].init_step, 0);
	assert_int_equal(f->il.pic[0].vector_base, 0x40);
}

static void pic_icw1_resets_state(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 3);
	intlogic_ack(&f->il);
	pulse(f, 5);
	outb(f, PIC_MASTER_CMD, 0x0b);
	linux_init(f, false);
	/* ISR, IRR (edge), IMR and the read selection are all reset. */
	assert_int_equal(f->il.pic[0].isr, 0);
	assert_int_equal(f->il.pic[0].irr, 0);
	assert_false(f->il.pic[0].read_isr);
	assert_int_equal(f->il.pic[0].lowest_prio, 7);
}

/* Single mode (ICW1 SNGL): no ICW3, no cascade. */
static void pic_single_mode(void **state)
{
	struct pic_fixture *f = *state;

	outb(f, PIC_MASTER_CMD, 0x13);	/* SNGL, IC4 */
	outb(f, PIC_MASTER_IMR, 0x50);
	outb(f, PIC_MASTER_IMR, 0x01);	/* ICW4 directly */
	outb(f, PIC_MASTER_IMR, 0x00);
	pulse(f, 2);
	assert_int_equal(intlogic_ack(&f->il), 0x52);
}

/* The secondary in auto-EOI with two requests: both are delivered. */
static void pic_secondary_aeoi_back_to_back(void **state)
{
	struct pic_fixture *f = *state;

	linux_init(f, false);
	outb(f, PIC_SLAVE_CMD, 0x11);
	outb(f, PIC_SLAVE_IMR, LINUX_VECTOR0 + 8);
	outb(f, PIC_SLAVE_IMR, 2);
	outb(f, PIC_SLAVE_IMR, 0x03);	/* AEOI */
	outb(f, PIC_SLAVE_IMR, 0x00);
	unmask(f, 2);
	pulse(f, 11);
	pulse(f, 9);
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 9);
	outb(f, PIC_MASTER_CMD, 0x62);
	assert_true(intlogic_pending(&f->il));
	assert_int_equal(intlogic_ack(&f->il), LINUX_VECTOR0 + 11);
}

/* LTIM in ICW1 makes every input level triggered, ignoring the ELCR. */
static void pic_ltim_all_level(void **state)
{
	struct pic_fixture *f = *state;

	outb(f, PIC_MASTER_CMD, 0x19);
	outb(f, PIC_MASTER_IMR, 0x20);
	outb(f, PIC_MASTER_IMR, 0x04);
	outb(f, PIC_MASTER_IMR, 0x01);
	outb(f, PIC_MASTER_IMR, 0x00);
	intlogic_set_irq(&f->il, 0, true);
	assert_true(intlogic_pending(&f->il));
	intlogic_set_irq(&f->il, 0, false);
	assert_false(intlogic_pending(&f->il));
}

int run_pic_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(pic_reset_state_masks_all),
		T(pic_linux_init_vectors),
		T(pic_linux_probe_reads_mask_back),
		T(pic_edge_is_latched),
		T(pic_level_follows_line),
		T(pic_secondary_level_drop_keeps_cascade_edge),
		T(pic_elcr_reserved_bits),
		T(pic_fixed_priority_and_nesting),
		T(pic_specific_eoi_clears_one_bit),
		T(pic_ocw3_reads_irr_and_isr),
		T(pic_linux_irq_pending),
		T(pic_spurious_irq7),
		T(pic_spurious_irq15),
		T(pic_linux_mask_and_ack_cascade),
		T(pic_auto_eoi),
		T(pic_rotate_on_nonspecific_eoi),
		T(pic_set_priority_and_rotate_specific),
		T(pic_rotate_in_auto_eoi),
		T(pic_poll_mode),
		T(pic_special_mask_mode),
		T(pic_special_fully_nested),
		T(pic_without_sfnm_cascade_blocks),
		T(pic_imr_masks_and_unmask_delivers),
		T(pic_notify_follows_intr),
		T(pic_icw1_without_icw4_logs),
		T(pic_icw1_resets_state),
		T(pic_single_mode),
		T(pic_secondary_aeoi_back_to_back),
		T(pic_ltim_all_level),
#undef T
	};

	return cmocka_run_group_tests_name("pic", tests, NULL, NULL);
}
