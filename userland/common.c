// SPDX-License-Identifier: GPL-2.0
/*
 * common.c - what several burnctl commands need: error lines, turning a
 * kernel errno into an exit code with a message a user can act on, and
 * opening the control socket with the right diagnostics.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <netlink/attr.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

void burnctl_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "burnctl: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int64_t burnctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int burnctl_exit_code(int err)
{
	switch (err) {
	case 0:
		return EXIT_OK;
	case -EPERM:
	case -EACCES:
		return EXIT_PERM;
	case -ENOENT:
		return EXIT_NO_VM;
	case -E2BIG:
	case -ENOSPC:
	case -ENOMEM:
		return EXIT_LIMIT;
	case -EINVAL:
	case -ERANGE:
		return EXIT_USAGE;
	default:
		return EXIT_FAILURE_GENERIC;
	}
}

int burnctl_report(struct burn_nl *nl, const char *cmd, int err)
{
	const char *hint = "";

	if (err == -EPERM || err == -EACCES)
		hint = " (needs CAP_NET_ADMIN, e.g. run as root)";
	if (nl->errmsg[0])
		burnctl_err(cmd, "%s%s", nl->errmsg, hint);
	else
		burnctl_err(cmd, "%s%s", strerror(-err), hint);
	return burnctl_exit_code(err);
}

int burnctl_open(struct burn_nl *nl, const char *cmd)
{
	int err = burn_nl_open(nl);

	if (err == -ENOENT) {
		burnctl_err(cmd, "burnvmm.ko is not loaded (try: insmod burnvmm.ko)");
		return EXIT_NO_MODULE;
	}
	if (err) {
		burnctl_err(cmd, "cannot open a generic netlink socket: %s",
			    strerror(-err));
		return EXIT_FAILURE_GENERIC;
	}
	return EXIT_OK;
}

void burnctl_print_vm_header(void)
{
	printf("%-5s %-8s %-8s %-10s %-6s %s\n", "ID", "MEM", "STATE", "OWNER",
	       "UID", "AGE");
}

static const char *vm_state_name(uint32_t state)
{
	switch (state) {
	case BURNVMM_VM_CREATED:
		return "created";
	case BURNVMM_VM_RUNNING:
		return "running";
	case BURNVMM_VM_STOPPED:
		return "stopped";
	}
	return "unknown";
}

/* A reply callback: print one VM as a row under burnctl_print_vm_header. */
int burnctl_print_vm(struct nlattr **tb, void *arg)
{
	uint64_t age_s = 0;
	struct timespec now;
	char mem[32];

	(void)arg;
	if (!tb[BURNVMM_A_VM_ID] || !tb[BURNVMM_A_MEM_SIZE] ||
	    !tb[BURNVMM_A_STATE])
		return -EPROTO;
	if (tb[BURNVMM_A_CREATED_NS] &&
	    !clock_gettime(CLOCK_BOOTTIME, &now)) {
		uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000ULL +
				  (uint64_t)now.tv_nsec;
		uint64_t made = nla_get_u64(tb[BURNVMM_A_CREATED_NS]);

		age_s = now_ns > made ? (now_ns - made) / 1000000000ULL : 0;
	}
	printf("%-5u %-8s %-8s %-10u %-6u %llus\n",
	       nla_get_u32(tb[BURNVMM_A_VM_ID]),
	       format_size(nla_get_u64(tb[BURNVMM_A_MEM_SIZE]), mem,
			   sizeof(mem)),
	       vm_state_name(nla_get_u32(tb[BURNVMM_A_STATE])),
	       tb[BURNVMM_A_OWNER_PORT] ?
	       nla_get_u32(tb[BURNVMM_A_OWNER_PORT]) : 0,
	       tb[BURNVMM_A_OWNER_UID] ? nla_get_u32(tb[BURNVMM_A_OWNER_UID]) : 0,
	       (unsigned long long)age_s);
	return 0;
}

int burnctl_vm_id_arg(const char *cmd, int argc, char **argv,
		      const char *const *usage, uint32_t *id)
{
	static const struct option no_opts[] = { OPT_TERMINATOR };
	const char *why;
	int n;

	n = parse_options(cmd, argc, argv, no_opts, usage, stdout, stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1) {
		burnctl_err(cmd, "expected one VM id (see 'burnctl %s --help')",
			    cmd);
		return EXIT_USAGE;
	}
	if (parse_vm_id(argv[0], id, &why)) {
		burnctl_err(cmd, "invalid VM id '%s': %s", argv[0], why);
		return EXIT_USAGE;
	}
	return -1;
}

int burnctl_vm_command(const char *cmd, uint8_t nl_cmd, uint32_t id,
		       burn_nl_reply_fn fn)
{
	struct burn_nl nl;
	struct nl_msg *msg;
	int rc, err;

	rc = burnctl_open(&nl, cmd);
	if (rc)
		return rc;
	msg = burn_nl_msg(&nl, nl_cmd, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	err = burn_nl_request(&nl, msg, fn, NULL);
	rc = err ? burnctl_report(&nl, cmd, err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}
