/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - a VCPU's counters (enum burnvmm_stat in the UAPI header names
 * them).  Only the VM thread increments them, so plain u64 adds suffice;
 * readers (netlink, debugfs) may see a value a moment old, never a torn
 * one on a 64-bit host.
 */
#ifndef BURNVMM_STATS_H
#define BURNVMM_STATS_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <uapi/linux/burnvmm.h>

struct burn_vcpu_stats {
	u64 count[BURNVMM_STAT_COUNT];
};

static inline void burn_stat_add(struct burn_vcpu_stats *s,
				 enum burnvmm_stat which, u64 n)
{
	WRITE_ONCE(s->count[which], s->count[which] + n);
}

static inline void burn_stat_inc(struct burn_vcpu_stats *s,
				 enum burnvmm_stat which)
{
	burn_stat_add(s, which, 1);
}

static inline u64 burn_stat_read(const struct burn_vcpu_stats *s,
				 enum burnvmm_stat which)
{
	return READ_ONCE(s->count[which]);
}

#endif /* BURNVMM_STATS_H */
