/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend/boot.h - checking the boot-information block burnctl hands the
 * IPVMM (include/burnvmm/ipvmm.h) before anything is built on it.
 */
#ifndef BURNVMM_FRONTEND_BOOT_H
#define BURNVMM_FRONTEND_BOOT_H

#include <burnvmm/ipvmm.h>
#include "rewrite.h"

/* boot.c: */
int ipvmm_boot_check(const struct ipvmm_boot_info *bi, struct rw_text *text,
		     const char **why);
void ipvmm_boot_upgrade(struct ipvmm_boot_info *bi);

#endif /* BURNVMM_FRONTEND_BOOT_H */
