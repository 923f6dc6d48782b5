/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reboot.h - `burnctl start`'s guard against a reboot loop.
 *
 * A guest reboot restarts the guest (builtin-start.c), as a real machine
 * or QEMU without -no-reboot would.  A guest that reboots at once, every
 * time, would then have burnctl create and load VMs for ever: a guest
 * that cannot get past its first steps (the in-place VMM resetting it, a
 * raw guest that only reboots).  So the REBOOT_LOOP_MAX-th reboot within
 * REBOOT_LOOP_MS of the first of them is not restarted: burnctl ends
 * with the reason.  A guest that runs for more than
 * REBOOT_LOOP_MS / (REBOOT_LOOP_MAX - 1), 1.1 s, per boot never meets
 * the limit: no real kernel boots faster.  One that panics and reboots
 * slower than that (Linux's panic=N) loops as it would on a machine,
 * until it is stopped.
 */
#ifndef BURNCTL_REBOOT_H
#define BURNCTL_REBOOT_H

#include <stdbool.h>
#include <stdint.h>

#define REBOOT_LOOP_MAX	10
#define REBOOT_LOOP_MS	10000

struct reboot_guard {
	/* When the last REBOOT_LOOP_MAX - 1 reboots came, as a ring. */
	int64_t at_ms[REBOOT_LOOP_MAX - 1];
	unsigned int count;	/* reboots so far */
};

/*
 * reboot_guard_allow - record a reboot at @now_ms (CLOCK_MONOTONIC);
 * true if the guest may be restarted, false if this reboot is the
 * REBOOT_LOOP_MAX-th within REBOOT_LOOP_MS.  Zero-initialise @g first.
 */
bool reboot_guard_allow(struct reboot_guard *g, int64_t now_ms);

#endif /* BURNCTL_REBOOT_H */
