/* SPDX-License-Identifier: GPL-2.0 */
/* common.h - helpers shared by burnctl's commands; see common.c. */
#ifndef BURNCTL_COMMON_H
#define BURNCTL_COMMON_H

#include <stdint.h>
#include "netlink.h"

/* CLOCK_MONOTONIC in milliseconds, for timeouts. */
int64_t burnctl_now_ms(void);

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

/*
 * burnctl_vm_id_arg - the command line of a command that takes one VM id
 * and no options (info, destroy, stop): parse it into *@id.  Returns -1 to
 * go on, else the exit code to return at once (help shown, or a usage
 * error reported).
 */
int burnctl_vm_id_arg(const char *cmd, int argc, char **argv,
		      const char *const *usage, uint32_t *id);

/*
 * burnctl_vm_command - send @nl_cmd about VM @id, call @fn (may be NULL)
 * for the reply, report any error; returns the exit code.
 */
int burnctl_vm_command(const char *cmd, uint8_t nl_cmd, uint32_t id,
		       burn_nl_reply_fn fn);

#endif /* BURNCTL_COMMON_H */
