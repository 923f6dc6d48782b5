/* SPDX-License-Identifier: GPL-2.0 */
/*
 * burnctl.h - what burnctl's files share: the command table entry, exit
 * codes, and error reporting.
 *
 * Every message burnctl prints about a failure is one line on stderr,
 * "burnctl: <command>: <what went wrong>", and every failure has an exit
 * code that tells a script which kind it was (docs/burnctl.1 lists them).
 */
#ifndef BURNCTL_H
#define BURNCTL_H

#define BURNCTL_VERSION "0.1.0"

/* Exit codes.  Stable: scripts and the selftests depend on them. */
enum burnctl_exit {
	EXIT_OK = 0,
	EXIT_FAILURE_GENERIC = 1,	/* anything not listed below */
	EXIT_NO_MODULE = 2,		/* burnvmm.ko is not loaded */
	EXIT_PERM = 3,			/* permission denied */
	EXIT_NO_VM = 4,			/* no such VM */
	EXIT_LIMIT = 5,			/* a module limit or host memory */
	EXIT_GUEST_ENDED = 6,		/* start: the guest did not shut down */
	EXIT_GUEST_HALTED = 7,		/* start: the guest halted for good */
	EXIT_USAGE = 129,		/* bad command line */
};

/*
 * A subcommand: `burnctl NAME ARGS...` calls fn(argc, argv) with argv[0]
 * the command name; fn returns an exit code.
 */
struct burnctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

int cmd_version(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_irq(int argc, char **argv);

/* Print "burnctl: CMD: message" on stderr. */
void burnctl_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* BURNCTL_H */
