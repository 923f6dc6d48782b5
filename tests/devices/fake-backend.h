/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/devices/fake-backend.h - the device back end as the host tests
 * (and the fuzzer) implement it: a clock that moves only when told, a
 * console that records, RAM disks that complete at once or on demand,
 * and recorders for system events, log lines and IRQ lines.
 *
 * Plain C with libc and no cmocka, so the fuzzer can link it too.
 */
#ifndef BURNVMM_TESTS_DEVICES_FAKE_BACKEND_H
#define BURNVMM_TESTS_DEVICES_FAKE_BACKEND_H

#include "dev.h"

#define FAKE_CONSOLE_MAX	8192
#define FAKE_MAX_PENDING	8
#define FAKE_NR_DISKS		2
#define FAKE_NR_LINES		16

struct fake_disk {
	u8 *data;		/* sectors * 512 bytes, owned */
	u64 sectors;
	u64 fail_lba;		/* a request covering it fails; ~0 = none */
};

struct fake_backend {
	u64 now;		/* what now_ns() returns */
	u64 step_ns;		/* added after every now_ns() call */
	u64 wallclock;		/* seconds since 1970 for wallclock_s() */

	u8 console[2][FAKE_CONSOLE_MAX];
	unsigned int console_len[2];

	struct fake_disk disk[FAKE_NR_DISKS];
	bool async;		/* hold requests until fake_complete_*() */
	int submit_error;	/* disk_submit() returns this if non-zero */
	struct dev_disk_req pending[FAKE_MAX_PENDING];
	unsigned int nr_pending;
	unsigned int nr_requests;
	struct dev_disk_req last_req;
	/* Where completions go: ata_complete or platform_disk_complete. */
	void (*complete)(void *target, u32 tag, int err);
	void *complete_target;

	unsigned int events;
	enum dev_sys_event last_event;
	u32 last_code;

	unsigned int logs[3];	/* per enum dev_log_kind */
	const char *last_log;
	u32 last_log_val;
};

/* One recorded interrupt line. */
struct fake_line {
	bool level;
	unsigned int rises;
	unsigned int falls;
};

extern const struct dev_backend_ops fake_backend_ops;

void fake_backend_init(struct fake_backend *fb);
void fake_backend_free(struct fake_backend *fb);
void fake_disk_create(struct fake_backend *fb, unsigned int unit,
		      u64 sectors);
void fake_disk_pattern(struct fake_backend *fb, unsigned int unit);
u8 fake_disk_expected(u64 lba, unsigned int byte);
unsigned int fake_complete_one(struct fake_backend *fb);
unsigned int fake_complete_all(struct fake_backend *fb);
void fake_line_set(void *ctx, unsigned int line, bool level);
struct dev_irq fake_irq(struct fake_line *lines, unsigned int line);

#endif /* BURNVMM_TESTS_DEVICES_FAKE_BACKEND_H */
