// SPDX-License-Identifier: GPL-2.0
/*
 * builtin-stat.c - `burnctl stat [--json] ID`: a VM's counters
 * (BURNVMM_CMD_VM_STATS), one "name value" line each in the module's
 * order, with the names debugfs uses (<burnvmm/statnames.h>).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <netlink/attr.h>
#include "burnvmm/statnames.h"
#include "burnctl.h"
#include "common.h"
#include "options.h"
#include "parse.h"

static const char *const stat_usage[] = {
	"usage: burnctl stat [--json] ID",
	"",
	"Print the counters of VM ID, one \"name value\" line each: world",
	"switches by kind (exits, exits_host, exits_hypercall, ...), shadow",
	"paging work, upcalls, console bytes, each hypercall number (hc_N)",
	"and each exception vector (exc_N).  They count from the guest's start.",
	"--json prints one JSON object instead.  Needs no privileges.",
	NULL
};

/* Counters beyond this many (a much newer module) are not printed. */
#define STAT_MAX	1024

struct stat_reply {
	unsigned int n;
	uint32_t type[STAT_MAX];	/* attribute type: counter + 1 */
	uint64_t value[STAT_MAX];
};

/* The reply: VM_ID and the STATS nest, kept in the order it came. */
static int stat_collect(struct nlattr **tb, void *arg)
{
	struct stat_reply *r = arg;
	struct nlattr *nla;
	int rem;

	if (!tb[BURNVMM_A_STATS])
		return -EPROTO;
	nla_for_each_nested(nla, tb[BURNVMM_A_STATS], rem) {
		/* Type 0 is padding; anything not a u64 is not a counter. */
		if (!nla_type(nla) || nla_len(nla) != sizeof(uint64_t))
			continue;
		if (r->n == STAT_MAX)
			break;
		r->type[r->n] = (uint32_t)nla_type(nla);
		r->value[r->n] = nla_get_u64(nla);
		r->n++;
	}
	return 0;
}

static void stat_print(const struct stat_reply *r, uint32_t id, bool json)
{
	char name[BURN_STAT_NAME_LEN];
	unsigned int i;

	if (json)
		printf("{\n  \"id\": %u,\n  \"stats\": {", id);
	for (i = 0; i < r->n; i++) {
		burn_stat_name(r->type[i] - 1, name, sizeof(name));
		if (json)
			printf("%s\n    \"%s\": %" PRIu64, i ? "," : "", name,
			       r->value[i]);
		else
			printf("%s %" PRIu64 "\n", name, r->value[i]);
	}
	if (json)
		printf("\n  }\n}\n");
}

int cmd_stat(int argc, char **argv)
{
	static struct stat_reply reply;
	bool json = false;
	const struct option opts[] = {
		OPT_BOOLEAN(0, "json", &json, "print a JSON object"),
		OPT_TERMINATOR
	};
	struct burn_nl nl;
	struct nl_msg *msg;
	const char *why;
	uint32_t id;
	int n, rc, err;

	n = parse_options("stat", argc, argv, opts, stat_usage, stdout, stderr);
	if (n == OPTIONS_HELP)
		return EXIT_OK;
	if (n < 0)
		return EXIT_USAGE;
	if (n != 1) {
		burnctl_err("stat", "expected one VM id (see 'burnctl stat --help')");
		return EXIT_USAGE;
	}
	if (parse_vm_id(argv[0], &id, &why)) {
		burnctl_err("stat", "invalid VM id '%s': %s", argv[0], why);
		return EXIT_USAGE;
	}
	rc = burnctl_open(&nl, "stat");
	if (rc)
		return rc;
	msg = burn_nl_msg(&nl, BURNVMM_CMD_VM_STATS, false);
	burn_nl_put_u32(&msg, BURNVMM_A_VM_ID, id);
	err = burn_nl_request(&nl, msg, stat_collect, &reply);
	if (err)
		rc = burnctl_report(&nl, "stat", err);
	else
		stat_print(&reply, id, json);
	burn_nl_close(&nl);
	return rc;
}
