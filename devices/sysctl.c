// SPDX-License-Identifier: GPL-2.0
/*
 * devices/sysctl.c - debug-exit, reset and power-off registers.
 *
 * Sources: QEMU's documented isa-debug-exit semantics (a write of V ends
 * the VM with status (V << 1) | 1, so a test guest can never fake exit
 * status 0); the Intel PIIX/ICH datasheets for 0xCF9 (reset control:
 * bit 2 rising starts the reset, bits 1 and 3 pick its kind) and port
 * 0x92 (system control port A: bit 0 rising is a fast reset, bit 1 is
 * A20); ACPI PM1a_CNT for power-off (SLP_EN, bit 13), at 0x604 where
 * hobby kernels written for QEMU's PIIX4 look for it.
 */
#include "sysctl.h"

#define CF9_SYS_RST		0x02	/* hard (system) rather than soft */
#define CF9_RST_CPU		0x04	/* 0 -> 1 starts the reset */
#define CF9_FULL_RST		0x08	/* also cycle power */
#define CF9_WRITABLE		(CF9_SYS_RST | CF9_RST_CPU | CF9_FULL_RST)

#define P92_FAST_RESET		0x01	/* 0 -> 1 resets the CPU */
#define P92_A20			0x02	/* A20 gate */
#define P92_WRITABLE		(P92_FAST_RESET | P92_A20)

#define PM1_SLP_EN		0x2000	/* enter the sleep type: off */

static void event(struct sysctl *s, enum dev_sys_event ev, u32 code)
{
	s->be->ops->system_event(s->be->ctx, ev, code);
}

void sysctl_debug_exit(struct sysctl *s, u32 val)
{
	event(s, DEV_SYS_DEBUG_EXIT, (val << 1) | 1);
}

u8 sysctl_cf9_read(const struct sysctl *s)
{
	return s->cf9;
}

void sysctl_cf9_write(struct sysctl *s, u8 val)
{
	bool rising = (val & CF9_RST_CPU) && !(s->cf9 & CF9_RST_CPU);

	s->cf9 = val & CF9_WRITABLE;
	if (rising) {
		/* The bit self-clears as the machine resets. */
		s->cf9 &= (u8)~CF9_RST_CPU;
		event(s, DEV_SYS_RESET, val);
	}
}

u8 sysctl_port92_read(const struct sysctl *s)
{
	return s->port92;
}

void sysctl_port92_write(struct sysctl *s, u8 val)
{
	bool rising = (val & P92_FAST_RESET) && !(s->port92 & P92_FAST_RESET);

	s->port92 = val & P92_WRITABLE;
	if (rising)
		event(s, DEV_SYS_RESET, val);
}

bool sysctl_a20(const struct sysctl *s)
{
	return s->port92 & P92_A20;
}

u16 sysctl_pm1_read(const struct sysctl *s)
{
	return s->pm1_cnt;
}

void sysctl_pm1_write(struct sysctl *s, u16 val)
{
	s->pm1_cnt = val & (u16)~PM1_SLP_EN;
	if (val & PM1_SLP_EN)
		event(s, DEV_SYS_POWEROFF, val);
}

u8 sysctl_post_read(const struct sysctl *s)
{
	return s->post;
}

void sysctl_post_write(struct sysctl *s, u8 val)
{
	s->post = val;
}

void sysctl_reset(struct sysctl *s)
{
	s->cf9 = 0;
	s->port92 = 0;
	s->post = 0;
	s->pm1_cnt = 0;
}

void sysctl_init(struct sysctl *s, const struct dev_backend *be)
{
	dev_memset(s, 0, sizeof(*s));
	s->be = be;
}
