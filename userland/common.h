/* SPDX-License-Identifier: GPL-2.0 */
/* common.h - helpers shared by burnctl's commands; see common.c. */
#ifndef BURNCTL_COMMON_H
#define BURNCTL_COMMON_H

#include "netlink.h"

/* The exit code for a negative errno from the module. */
int burnctl_exit_code(int err);

/*
 * Print the module's error for command @cmd (its extack message when there
 * is one, else strerror) and return the matching exit code.
 */
int burnctl_report(struct burn_nl *nl, const char *cmd, int err);

/* Open the control socket, printing why not; returns an exit code. */
int burnctl_open(struct burn_nl *nl, const char *cmd);

/* The VM table of list and info: a header, then one row per VM. */
void burnctl_print_vm_header(void);
int burnctl_print_vm(struct nlattr **tb, void *arg);

/* builtin-destroy.c: send VM_DESTROY for @id; returns the kernel's error. */
int burnctl_destroy_vm(struct burn_nl *nl, uint32_t id);

#endif /* BURNCTL_COMMON_H */
