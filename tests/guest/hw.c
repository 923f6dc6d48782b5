// SPDX-License-Identifier: GPL-2.0
/*
 * hw.c - drivers for the legacy PC devices the guest uses all along:
 * the 8259A PIC pair, the 8254 PIT (channel 0 as the tick, channel 2 to
 * calibrate the TSC) and the CMOS index/data ports.  The device *tests*
 * are in test_timer.c and test_devices.c.
 */
#include "guest.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define PIC_EOI		0x20
#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_HZ		1193182u
#define PORT_61		0x61
#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define CMOS_NMI_OFF	0x80

volatile u32 timer_ticks;
u32 tsc_khz;

/*
 * ICW1-4: edge triggered, cascaded, master at 0x20 with the slave on
 * IRQ2, slave at 0x28, 8086 mode.  Everything masked but the cascade.
 */
void pic_setup(void)
{
	outb(PIC1_CMD, 0x11);
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, VEC_IRQ0);
	outb(PIC2_DATA, VEC_IRQ0 + 8);
	outb(PIC1_DATA, 0x04);
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);
	outb(PIC2_DATA, 0x01);
	pic_set_mask(0xfffb);
}

void pic_set_mask(u16 mask)
{
	outb(PIC1_DATA, (u8)mask);
	outb(PIC2_DATA, (u8)(mask >> 8));
}

u16 pic_get_mask(void)
{
	return inb(PIC1_DATA) | (u16)(inb(PIC2_DATA) << 8);
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/* Channel 0, mode 2 (rate generator), lobyte/hibyte. */
void pit_set_rate(u32 hz)
{
	u32 div = PIT_HZ / hz;

	outb(PIT_MODE, 0x34);
	outb(PIT_CH0, (u8)div);
	outb(PIT_CH0, (u8)(div >> 8));
}

/*
 * Count TSC cycles while PIT channel 2 counts down 50 ms in mode 0 (its
 * OUT pin, visible in port 0x61 bit 5, goes high at terminal count).
 * Channel 2 is gated by port 0x61 bit 0; the speaker (bit 1) stays off.
 * Returns kHz, or 0 if OUT never rose.
 */
u32 pit_calibrate_tsc(void)
{
	const u32 count = PIT_HZ / 20;
	u64 t0, t1;
	u32 spins = 0;
	u8 p61 = inb(PORT_61);

	outb(PORT_61, p61 & ~0x03);		/* gate low: hold */
	outb(PIT_MODE, 0xb0);			/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, (u8)count);
	outb(PIT_CH2, (u8)(count >> 8));
	outb(PORT_61, (p61 & ~0x03) | 0x01);	/* gate high: count */
	t0 = rdtsc();
	while (!(inb(PORT_61) & 0x20) && spins < 100000000)
		spins++;
	t1 = rdtsc();
	outb(PORT_61, p61 & ~0x03);
	if (!(inb(PORT_61) & 0x20) && spins >= 100000000)
		return 0;
	return (u32)udiv64((t1 - t0) * 20, 1000);
}

/* Busy-wait on the TSC (interrupts unaffected). */
void delay_cycles(u64 cycles)
{
	u64 t0 = rdtsc();

	while (rdtsc() - t0 < cycles)
		;
}

u8 cmos_read(u8 index)
{
	outb(CMOS_INDEX, index | CMOS_NMI_OFF);
	return inb(CMOS_DATA);
}

void cmos_write(u8 index, u8 v)
{
	outb(CMOS_INDEX, index | CMOS_NMI_OFF);
	outb(CMOS_DATA, v);
}
