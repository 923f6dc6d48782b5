/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnvmm/statnames.h - the names of a VCPU's counters (enum burnvmm_stat
 * in <linux/burnvmm.h>), as burnvmm.ko's debugfs file and `burnctl stat`
 * print them: the enum name in lower case without BURNVMM_STAT_, and hc_N
 * and exc_N for the per-hypercall and per-vector ranges.  One table for
 * both sides, so that the two outputs can never disagree.
 */
#ifndef BURNVMM_STATNAMES_H
#define BURNVMM_STATNAMES_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <uapi/linux/burnvmm.h>
#else
#include <stddef.h>
#include <stdio.h>
#include <linux/burnvmm.h>
#endif

/*
 * burn_stat_name - write the name of counter @stat into @buf (@len bytes)
 * and return it.  A number this header does not know (a newer module's
 * counter) is called "stat_N", so that it is still printed, not lost.
 */
static inline const char *burn_stat_name(unsigned int stat, char *buf,
					 size_t len)
{
	static const char *const fixed[BURNVMM_STAT_HC_FIRST] = {
		[BURNVMM_STAT_EXITS] = "exits",
		[BURNVMM_STAT_EXITS_HOST] = "exits_host",
		[BURNVMM_STAT_EXITS_HYPERCALL] = "exits_hypercall",
		[BURNVMM_STAT_EXITS_EXCEPTION] = "exits_exception",
		[BURNVMM_STAT_SHADOW_FILLS] = "shadow_fills",
		[BURNVMM_STAT_SHADOW_ROOT_HITS] = "shadow_root_hits",
		[BURNVMM_STAT_SHADOW_ROOT_MISSES] = "shadow_root_misses",
		[BURNVMM_STAT_UPCALLS_EXCEPTION] = "upcalls_exception",
		[BURNVMM_STAT_UPCALLS_EVENT] = "upcalls_event",
		[BURNVMM_STAT_EVENTS_DEFERRED] = "events_deferred",
		[BURNVMM_STAT_RESTARTS] = "restarts",
		[BURNVMM_STAT_TIMER_FIRES] = "timer_fires",
		[BURNVMM_STAT_IDLE_SLEEPS] = "idle_sleeps",
		[BURNVMM_STAT_IDLE_NS] = "idle_ns",
		[BURNVMM_STAT_CONSOLE_OUT_BYTES] = "console_out_bytes",
		[BURNVMM_STAT_CONSOLE_IN_BYTES] = "console_in_bytes",
		[BURNVMM_STAT_HC_OTHER] = "hc_other",
	};

	if (stat < BURNVMM_STAT_HC_FIRST && fixed[stat])
		snprintf(buf, len, "%s", fixed[stat]);
	else if (stat == BURNVMM_STAT_SHADOW_PREFETCHES)
		snprintf(buf, len, "shadow_prefetches");
	else if (stat >= BURNVMM_STAT_HC_FIRST && stat < BURNVMM_STAT_EXC_FIRST)
		snprintf(buf, len, "hc_%u", stat - BURNVMM_STAT_HC_FIRST);
	else if (stat >= BURNVMM_STAT_EXC_FIRST &&
		 stat < BURNVMM_STAT_EXC_FIRST + 32)
		snprintf(buf, len, "exc_%u", stat - BURNVMM_STAT_EXC_FIRST);
	else
		snprintf(buf, len, "stat_%u", stat);
	return buf;
}

/* Long enough for every name above, "stat_4294967295" included. */
#define BURN_STAT_NAME_LEN	32

#endif /* BURNVMM_STATNAMES_H */
