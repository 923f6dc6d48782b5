// SPDX-License-Identifier: GPL-2.0
/*
 * reboot.c - the reboot-loop guard of `burnctl start` (see reboot.h).
 * Pure, so that tests/unit/ checks it with made-up times.
 */
#include "reboot.h"

bool reboot_guard_allow(struct reboot_guard *g, int64_t now_ms)
{
	/*
	 * The slot this reboot takes holds the reboot REBOOT_LOOP_MAX - 1
	 * before it, once there was one: with this one, REBOOT_LOOP_MAX.
	 */
	unsigned int slot = g->count % (REBOOT_LOOP_MAX - 1);
	bool loop = g->count >= REBOOT_LOOP_MAX - 1 &&
		    now_ms - g->at_ms[slot] < REBOOT_LOOP_MS;

	g->at_ms[slot] = now_ms;
	g->count++;
	return !loop;
}
