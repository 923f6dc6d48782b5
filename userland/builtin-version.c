// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-version.c - `burnctl version`: burnctl's version and, when the
 * module is loaded, the module's version, ABI and limits.
 */
#include <errno.h>
#include <stdio.h>
#include <netlink/attr.h>
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const version_usage[] = {
	"usage: burnctl version",
	"",
	"Print the versions of burnctl and of the loaded burnvmm.ko, the",
	"control ABI each speaks, and the module's limits and usage.",
	NULL
};

static int print_module_info(struct nlattr **tb, void *arg)
{
	char max_mem[32], in_use[32];

	(void)arg;
	if (!tb[BURNVMM_A_ABI_VERSION] || !tb[BURNVMM_A_MODULE_VERSION] ||
	    !tb[BURNVMM_A_MAX_MEM] || !tb[BURNVMM_A_MAX_VMS] ||
	    !tb[BURNVMM_A_NR_VMS] || !tb[BURNVMM_A_MEM_IN_USE])
		return -EPROTO;
	printf("burnvmm.ko %s (ABI %u): max_mem %s per VM, max_vms %u, %u VMs, %s guest RAM in use\n",
	       nla_get_string(tb[BURNVMM_A_MODULE_VERSION]),
	       nla_get_u32(tb[BURNVMM_A_ABI_VERSION]),
	       format_size(nla_get_u64(tb[BURNVMM_A_MAX_MEM]), max_mem,
			   sizeof(max_mem)),
	       nla_get_u32(tb[BURNVMM_A_MAX_VMS]),
	       nla_get_u32(tb[BURNVMM_A_NR_VMS]),
	       format_size(nla_get_u64(tb[BURNVMM_A_MEM_IN_USE]), in_use,
			   sizeof(in_use)));
	return 0;
}

int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = { OPT_TERMINATOR };
	struct burn_nl nl;
	int n, rc, err;

	n = parse_options("version", argc, argv, opts, version_usage, stdout,
			  stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n > 0) {
		burnctl_err("version", "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	printf("burnctl %s (ABI %d)\n", BURNCTL_VERSION, BURNVMM_GENL_VERSION);
	fflush(stdout);
	rc = burnctl_open(&nl, "version");
	if (rc)
		return rc;
	err = burn_nl_request(&nl, burn_nl_msg(&nl, BURNVMM_CMD_GET_INFO, false),
			      print_module_info, NULL);
	rc = err ? burnctl_report(&nl, "version", err) : EXIT_OK;
	burn_nl_close(&nl);
	return rc;
}
