/* SPDX-License-Identifier: GPL-2.0 */
/*
 * options.h - declarative command-line options for burnctl's commands.
 *
 * Each command describes its options once, in a table of OPT_* entries;
 * parsing and the --help text both come from that table, so they cannot
 * disagree.
 */
#ifndef BURNCTL_OPTIONS_H
#define BURNCTL_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum opt_type {
	OPT_END,
	OPT_BOOL,	/* value: bool *, set to true */
	OPT_SIZE,	/* value: uint64_t *, parse_size() */
	OPT_STRING,	/* value: const char **, the argument itself */
};

struct option {
	enum opt_type type;
	char short_name;	/* 0 if none */
	const char *long_name;
	void *value;
	const char *argh;	/* name of the argument in --help */
	const char *help;
};

#define OPT_BOOLEAN(s, l, v, h) { OPT_BOOL, (s), (l), (v), NULL, (h) }
#define OPT_SIZE_ARG(s, l, v, a, h) { OPT_SIZE, (s), (l), (v), (a), (h) }
#define OPT_STRING_ARG(s, l, v, a, h) { OPT_STRING, (s), (l), (v), (a), (h) }
#define OPT_TERMINATOR { OPT_END, 0, NULL, NULL, NULL, NULL }

/* parse_options() results other than an argument index. */
#define OPTIONS_HELP (-2)	/* --help was given and printed */
#define OPTIONS_ERROR (-1)	/* a one-line error was printed */

/*
 * parse_options - parse argv[1..argc-1] of command @cmd against @opts.
 * Options and operands may be mixed; "--" ends options.  On success the
 * operands are moved to the front of argv (from argv[0] on) and their
 * count is returned.  -h/--help prints @usage and the option table to
 * @out and returns OPTIONS_HELP; an error prints one line to @err and
 * returns OPTIONS_ERROR.
 */
int parse_options(const char *cmd, int argc, char **argv,
		  const struct option *opts, const char *const *usage,
		  FILE *out, FILE *err);

void print_usage(FILE *f, const struct option *opts,
		 const char *const *usage);

#endif /* BURNCTL_OPTIONS_H */
