/* SPDX-License-Identifier: GPL-2.0 */
/*
 * start-ipvmm.h - `burnctl start` of an afterburnt guest under the
 * in-place VMM (start-ipvmm.c), called by builtin-start.c.
 */
#ifndef BURNCTL_START_IPVMM_H
#define BURNCTL_START_IPVMM_H

#include <stddef.h>
#include <stdint.h>
#include "netlink.h"

struct start_ipvmm_opts {
	const char *ipvmm;	/* --ipvmm FILE, NULL: next to burnctl */
	const char *append;	/* --append ARGS, NULL: none */
	const char *initrd;	/* --initrd FILE: one Multiboot module */
};

/* builtin-start.c: write @len bytes at guest-physical @gpa. */
int write_guest(struct burn_nl *nl, uint32_t id, uint64_t gpa,
		const uint8_t *data, uint64_t len);

/*
 * start_ipvmm_load - place the guest file @buf (@len bytes, named
 * @file), ipvmm.elf, the boot block, the records, the command line and
 * the modules in VM @id's @mem bytes of RAM, set the boot registers and
 * start the VCPU.  Returns 0 or a negative errno with nl->errmsg set.
 */
int start_ipvmm_load(struct burn_nl *nl, uint32_t id, const char *file,
		     const uint8_t *buf, size_t len, uint64_t mem,
		     const struct start_ipvmm_opts *o);

#endif /* BURNCTL_START_IPVMM_H */
