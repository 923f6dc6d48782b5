/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/sysctl.h - the small system-control ports a PC guest uses to
 * end its life: isa-debug-exit (test guests), the reset control register
 * 0xCF9 and port 0x92 (reboot), a power-off register at 0x604, plus the
 * POST code port 0x80 that drivers write to as an I/O delay.
 */
#ifndef BURNVMM_DEVICES_SYSCTL_H
#define BURNVMM_DEVICES_SYSCTL_H

#include "dev.h"

struct sysctl {
	u8 cf9;			/* reset control register */
	u8 port92;		/* system control port A */
	u8 post;		/* last POST code */
	u16 pm1_cnt;		/* power-management control, as written */
	const struct dev_backend *be;
};

/* sysctl.c: */
void sysctl_init(struct sysctl *s, const struct dev_backend *be);
void sysctl_reset(struct sysctl *s);
void sysctl_debug_exit(struct sysctl *s, u32 val);
u8 sysctl_cf9_read(const struct sysctl *s);
void sysctl_cf9_write(struct sysctl *s, u8 val);
u8 sysctl_port92_read(const struct sysctl *s);
void sysctl_port92_write(struct sysctl *s, u8 val);
bool sysctl_a20(const struct sysctl *s);
u16 sysctl_pm1_read(const struct sysctl *s);
void sysctl_pm1_write(struct sysctl *s, u16 val);
u8 sysctl_post_read(const struct sysctl *s);
void sysctl_post_write(struct sysctl *s, u8 val);

#endif /* BURNVMM_DEVICES_SYSCTL_H */
