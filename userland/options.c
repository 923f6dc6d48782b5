// SPDX-License-Identifier: GPL-2.0
/*
 * options.c - the option parser behind every burnctl command (see
 * options.h).  Deliberately small: long options with "--name value" or
 * "--name=value", short options "-n value", booleans without a value.
 */
#include <string.h>
#include "options.h"
#include "parse.h"

void print_usage(FILE *f, const struct option *opts, const char *const *usage)
{
	const struct option *o;
	char lhs[64];

	for (; *usage; usage++)
		fprintf(f, "%s\n", *usage);
	fprintf(f, "\n");
	for (o = opts; o->type != OPT_END; o++) {
		snprintf(lhs, sizeof(lhs), "%s%c%s--%s%s%s",
			 o->short_name ? "-" : "",
			 o->short_name ? o->short_name : ' ',
			 o->short_name ? ", " : "  ", o->long_name,
			 o->argh ? " " : "", o->argh ? o->argh : "");
		fprintf(f, "    %-26s %s\n", lhs, o->help);
	}
	fprintf(f, "    %-26s %s\n", "-h, --help", "show this help");
}

static const struct option *find_long(const struct option *opts,
				      const char *name, size_t len)
{
	for (; opts->type != OPT_END; opts++)
		if (strlen(opts->long_name) == len &&
		    !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct option *find_short(const struct option *opts, char c)
{
	for (; opts->type != OPT_END; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

/* Store @arg into option @o; print an error and return -1 if invalid. */
static int set_option(const char *cmd, const struct option *o, const char *arg,
		      FILE *err)
{
	const char *why;

	switch (o->type) {
	case OPT_BOOL:
		*(bool *)o->value = true;
		return 0;
	case OPT_SIZE:
		if (parse_size(arg, o->value, &why)) {
			fprintf(err, "burnctl: %s: invalid --%s '%s': %s\n",
				cmd, o->long_name, arg, why);
			return -1;
		}
		return 0;
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_END:
		break;
	}
	return -1;
}

int parse_options(const char *cmd, int argc, char **argv,
		  const struct option *opts, const char *const *usage,
		  FILE *out, FILE *err)
{
	const struct option *o;
	int i, nargs = 0;
	bool only_operands = false;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;

		if (only_operands || a[0] != '-' || a[1] == '\0') {
			argv[nargs++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_usage(out, opts, usage);
			return OPTIONS_HELP;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			val = eq ? eq + 1 : NULL;
		} else {
			o = a[2] == '\0' ? find_short(opts, a[1]) : NULL;
		}
		if (!o) {
			fprintf(err, "burnctl: %s: unknown option '%s' (see 'burnctl %s --help')\n",
				cmd, a, cmd);
			return OPTIONS_ERROR;
		}
		if (o->type == OPT_BOOL && val) {
			fprintf(err, "burnctl: %s: option '--%s' takes no value\n",
				cmd, o->long_name);
			return OPTIONS_ERROR;
		}
		if (o->type != OPT_BOOL && !val) {
			if (i + 1 >= argc) {
				fprintf(err, "burnctl: %s: option '%s' needs a value\n",
					cmd, a);
				return OPTIONS_ERROR;
			}
			val = argv[++i];
		}
		if (set_option(cmd, o, val, err))
			return OPTIONS_ERROR;
	}
	return nargs;
}
