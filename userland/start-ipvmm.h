/* SPDX-License-Identifier: GPL-2.0 */
/*
 * start-ipvmm.h - `burnctl start` of an afterburnt guest under the
 * in-place VMM (start-ipvmm.c), called by builtin-start.c.
 */
#ifndef BURNCTL_START_IPVMM_H
#define BURNCTL_START_IPVMM_H

#include <stddef.h>
#include <stdint.h>
#include "ipvmm-layout.h"
#include "netlink.h"

struct start_ipvmm_opts {
	const char *ipvmm;	/* --ipvmm FILE, NULL: next to burnctl */
	const char *append;	/* --append ARGS, NULL: none */
	const char *initrd;	/* --initrd FILE: one Multiboot module */
	uint64_t disk_sectors;	/* --disk FILE's size; 0: no disk */
};

/* builtin-start.c: write @len bytes at guest-physical @gpa. */
int write_guest(struct burn_nl *nl, uint32_t id, uint64_t gpa,
		const uint8_t *data, uint64_t len);

/* What start_ipvmm_prepare() read and planned, for start_ipvmm_load(). */
struct start_ipvmm {
	uint8_t *ipvmm;
	uint8_t *initrd;
	struct ipvmm_layout lay;
};

/*
 * start_ipvmm_prepare - read ipvmm.elf and the --initrd module and plan
 * the guest file @buf (@len bytes, named @file) in @mem bytes of RAM,
 * before any VM exists.  Returns 0, or -1 with one line for the user in
 * @why.  start_ipvmm_free() in either case.
 */
int start_ipvmm_prepare(struct start_ipvmm *s, const char *file,
			const uint8_t *buf, size_t len, uint64_t mem,
			const struct start_ipvmm_opts *o, char *why,
			size_t why_len);
/*
 * start_ipvmm_load - write the plan into VM @id's RAM, set the boot
 * registers (EIP = the IPVMM's entry, EBX = its boot block) and start
 * the VCPU.  Returns 0 or a negative errno (nl->errmsg may say more).
 */
int start_ipvmm_load(struct burn_nl *nl, uint32_t id,
		     const struct start_ipvmm *s);
void start_ipvmm_free(struct start_ipvmm *s);

#endif /* BURNCTL_START_IPVMM_H */
