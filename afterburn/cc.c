// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/cc.c - afterburn-cc, a drop-in `CC=` for gcc that afterburns
 * everything it assembles.
 *
 * It runs the real gcc with every argument unchanged, plus
 * `-B <dir of afterburn-cc>/afterburn-libexec/`, where `as` is
 * afterburn-as (see as.c).  gcc looks for its subprograms in -B
 * directories first, so each .c (after cc1) and each .S (after the
 * preprocessor) is afterburnt before the real assembler sees it; -E,
 * -S, -M and link steps never reach `as` and behave exactly as with gcc.
 *
 * Environment: AFTERBURN_REAL_CC names the compiler (default gcc).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *cc = getenv("AFTERBURN_REAL_CC");
	char self[PATH_MAX], libexec[PATH_MAX + 32], probe[PATH_MAX + 40];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char **args;
	char *slash;
	int i;

	if (n <= 0) {
		fprintf(stderr, "afterburn-cc: cannot locate myself\n");
		return 1;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(libexec, sizeof(libexec), "%s/afterburn-libexec/", self);
	snprintf(probe, sizeof(probe), "%sas", libexec);
	if (access(probe, X_OK)) {
		fprintf(stderr, "afterburn-cc: %s: %s\n", probe,
			strerror(errno));
		return 1;
	}
	if (!cc || !*cc)
		cc = "gcc";
	args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args)
		return 1;
	args[0] = (char *)cc;
	args[1] = (char *)"-B";
	args[2] = libexec;
	for (i = 1; i < argc; i++)
		args[i + 2] = argv[i];
	execvp(cc, args);
	fprintf(stderr, "afterburn-cc: %s: %s\n", cc, strerror(errno));
	return 127;
}
