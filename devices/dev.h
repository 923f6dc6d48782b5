/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/dev.h - what every device model shares: the narrow back-end
 * interface (clock, console, disk, system events, log), the interrupt-line
 * handle, and a few freestanding helpers (64-bit division without libgcc,
 * BCD conversion, "unimp" logging once).
 *
 * Why one small header: the models are freestanding C linked both into the
 * 32-bit in-place VMM and into 64-bit host tests.  Nothing here may reach a
 * C library, and everything a model needs from the outside world comes in
 * through the structs below.  The IPVMM implements them with hypercalls;
 * the unit tests implement them with fakes (STYLE.md 11-12).
 */
#ifndef BURNVMM_DEVICES_DEV_H
#define BURNVMM_DEVICES_DEV_H

#include <burnvmm/types.h>
#include <burnvmm_config.h>

#define DEV_U64_MAX		(~(u64)0)
#define DEV_NS_PER_SEC		1000000000u
#define DEV_SECTOR_SIZE		512u

/* Elements in an array (not a pointer). */
#define DEV_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Linux errno values, for code that has no <errno.h>. */
#define DEV_EIO			5
#define DEV_EBUSY		16
#define DEV_EINVAL		22
#define DEV_ENOSPC		28

/* What a guest asked the machine to do as a whole. */
enum dev_sys_event {
	DEV_SYS_RESET,		/* 8042 pulse, port 0x92 or 0xCF9 */
	DEV_SYS_POWEROFF,	/* power-off port */
	DEV_SYS_DEBUG_EXIT,	/* isa-debug-exit; code = (value << 1) | 1 */
};

enum dev_disk_op {
	DEV_DISK_READ,
	DEV_DISK_WRITE,
	DEV_DISK_FLUSH,
};

/*
 * One block request.  buf belongs to the model and stays valid and
 * untouched by it until the back end reports completion with the same
 * tag; for a read the back end fills buf before it completes.
 */
struct dev_disk_req {
	enum dev_disk_op op;
	unsigned int unit;	/* 0 = master, 1 = slave */
	u64 lba;
	u32 count;		/* sectors; 0 for a flush */
	u8 *buf;		/* count * DEV_SECTOR_SIZE bytes */
	u32 tag;		/* handed back in the completion */
};

enum dev_log_kind {
	DEV_LOG_UNIMP,		/* guest used something we do not model */
	DEV_LOG_GUEST_ERROR,	/* guest broke the device's rules */
	DEV_LOG_INFO,
};

/*
 * The back end.  Every member must be set (tests use fakes).  Calls may
 * happen from inside a port access; disk_submit may complete the request
 * synchronously (by calling the completion before it returns) or later.
 */
struct dev_backend_ops {
	/* Monotonic time in ns; the only clock models ever see. */
	u64 (*now_ns)(void *ctx);
	/* Seconds since 1970-01-01 UTC, read at reset to seed the RTC. */
	u64 (*wallclock_s)(void *ctx);
	/* One byte transmitted by serial port @port (0 = COM1). */
	void (*console_tx)(void *ctx, unsigned int port, u8 byte);
	/* Capacity in sectors of disk @unit; 0 means no disk there. */
	u64 (*disk_sectors)(void *ctx, unsigned int unit);
	/* Start a request; 0 or a negative errno (then no completion). */
	int (*disk_submit)(void *ctx, const struct dev_disk_req *req);
	void (*system_event)(void *ctx, enum dev_sys_event ev, u32 code);
	void (*log)(void *ctx, enum dev_log_kind kind, const char *dev,
		    const char *msg, u32 val);
};

struct dev_backend {
	const struct dev_backend_ops *ops;
	void *ctx;
};

/*
 * An interrupt line as a device sees it: a level it drives.  The platform
 * points set() at the interrupt logic; unit tests point it at a recorder.
 */
struct dev_irq {
	void (*set)(void *ctx, unsigned int line, bool level);
	void *ctx;
	unsigned int line;
	bool level;		/* last level driven */
};

static inline void dev_irq_set(struct dev_irq *irq, bool level)
{
	if (irq->level == level)
		return;
	irq->level = level;
	if (irq->set)
		irq->set(irq->ctx, irq->line, level);
}

/* An edge for an edge-triggered input: high, then back low. */
static inline void dev_irq_pulse(struct dev_irq *irq)
{
	dev_irq_set(irq, false);
	dev_irq_set(irq, true);
	dev_irq_set(irq, false);
}

/*
 * Internal invariants only, never guest input (STYLE.md 7).  A failed
 * assertion traps: inside the IPVMM the host sees a fault and kills the
 * guest; under the fuzzer it is a finding.
 */
#if CONFIG_BURNVMM_ASSERT_LEVEL >= 1
#define DEV_ASSERT(cond)			\
	do {					\
		if (!(cond))			\
			__builtin_trap();	\
	} while (0)
#else
#define DEV_ASSERT(cond) do { } while (0)
#endif

/* dev.c: */
u64 dev_div64_32(u64 n, u32 d, u32 *rem);
u64 dev_muldiv64(u64 a, u32 mul, u32 div);
u64 dev_muldiv64_ceil(u64 a, u32 mul, u32 div);
u8 dev_bcd_to_bin(u8 v);
u8 dev_bin_to_bcd(u8 v);
void dev_log(const struct dev_backend *be, enum dev_log_kind kind,
	     const char *dev, const char *msg, u32 val);
void dev_log_once(const struct dev_backend *be, u32 *seen, unsigned int bit,
		  enum dev_log_kind kind, const char *dev, const char *msg,
		  u32 val);
void dev_unimp_once(const struct dev_backend *be, u32 *seen,
		    unsigned int bit, const char *dev, const char *msg,
		    u32 val);
void dev_memset(void *dst, int c, size_t n);
void dev_memcpy(void *dst, const void *src, size_t n);

#endif /* BURNVMM_DEVICES_DEV_H */
