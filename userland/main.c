// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - burnctl's entry: find the subcommand in the table and run it.
 *
 * burnctl controls burnvmm.ko over generic netlink.  Each subcommand lives
 * in its own builtin-<name>.c with its usage text and option table; this
 * file only dispatches and prints the overview.
 */
#include <stdio.h>
#include <string.h>
#include "burnctl.h"

static const struct burnctl_cmd burnctl_cmds[] = {
	{ "version", cmd_version, "show burnctl's and the module's version" },
	{ "list", cmd_list, "list VMs" },
	{ "info", cmd_info, "show one VM" },
	{ "create", cmd_create, "create an empty VM and hold it" },
	{ "destroy", cmd_destroy, "destroy a VM" },
	{ "start", cmd_start, "run a guest in a new VM" },
	{ "stop", cmd_stop, "stop a running guest" },
	{ "console", cmd_console, "attach to a detached VM's console" },
	{ "stat", cmd_stat, "show a VM's counters" },
	{ "irq", cmd_irq, "raise an event bit in a guest (for tests)" },
};

#define NR_CMDS (sizeof(burnctl_cmds) / sizeof(burnctl_cmds[0]))

static void print_overview(FILE *f)
{
	size_t i;

	fprintf(f, "usage: burnctl COMMAND [ARGS]\n\n");
	fprintf(f, "Control burnvmm, the virtual machine monitor for pre-virtualized\n");
	fprintf(f, "32-bit x86 guests.  Commands:\n\n");
	for (i = 0; i < NR_CMDS; i++)
		fprintf(f, "    %-10s %s\n", burnctl_cmds[i].name,
			burnctl_cmds[i].help);
	fprintf(f, "\n'burnctl COMMAND --help' describes a command; see also burnctl(1).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *help_argv[] = { argv[2], (char *)"--help", NULL };

			for (i = 0; i < NR_CMDS; i++)
				if (!strcmp(argv[2], burnctl_cmds[i].name))
					return burnctl_cmds[i].fn(2, help_argv);
		}
		print_overview(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		argv[1] = (char *)"version";
	for (i = 0; i < NR_CMDS; i++)
		if (!strcmp(argv[1], burnctl_cmds[i].name))
			return burnctl_cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "burnctl: unknown command '%s' (see 'burnctl --help')\n",
		argv[1]);
	return EXIT_USAGE;
}
