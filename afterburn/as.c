// SPDX-License-Identifier: GPL-2.0
/*
 * afterburn/as.c - afterburn-as, installed as `as` in the directory
 * that afterburn-cc hands to gcc with -B, so gcc runs it instead of the
 * real assembler.
 *
 * Why a stand-in assembler rather than re-implementing gcc's driver:
 * gcc then keeps doing everything it always does (-MD/-MF, -o, -x, -E,
 * -S, @file, -pipe, -save-temps, -Wa,...), and the assembly it was about
 * to assemble -- cc1's output for .c, the preprocessed text for .S -- is
 * exactly what we afterburn.  This is the `.c -> -S -> afterburn -> as`
 * and `.S -> -E -> afterburn -> as` pipeline with no flag parsing.
 *
 * Behaviour: with --32 (what gcc -m32/-m16 pass) the input is afterburnt
 * to a temporary file which the real `as` then assembles with the same
 * arguments.  Anything else (--64, --version, no 32-bit marker) is
 * handed to the real `as` untouched: only i386 guests are afterburnt.
 *
 * Environment:
 *   AFTERBURN_AS     the real assembler (default: first `as` in PATH
 *                    that is not this program)
 *   AFTERBURN_STATS  append one line of statistics per run to this file
 *                    (bytes, microseconds, sites per class)
 *   AFTERBURN_WERROR=1  warnings are errors
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ab.h"

/* gas options that take their value as the next argument. */
static bool takes_value(const char *a)
{
	static const char *const opts[] = {
		"-o", "-I", "--defsym", "--debug-prefix-map", "--MD",
		"--hash-size", "--listing-lhs-width", "--listing-rhs-width",
		"--listing-lhs-width2", "--listing-cont-lines",
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(a, opts[i]))
			return true;
	return false;
}

/* The real `as`: $AFTERBURN_AS, or the first in PATH that is not us. */
static char *find_real_as(void)
{
	const char *env = getenv("AFTERBURN_AS"), *path = getenv("PATH");
	char self[PATH_MAX], cand[PATH_MAX], real[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *dirs, *d, *save = NULL;

	if (env && *env)
		return strdup(env);
	self[n > 0 ? n : 0] = '\0';
	dirs = strdup(path && *path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(cand, sizeof(cand), "%s/as", d);
		if (access(cand, X_OK) || !realpath(cand, real) ||
		    !strcmp(real, self))
			continue;
		free(dirs);
		return strdup(cand);
	}
	free(dirs);
	return NULL;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* One line per run, appended with a single write (O_APPEND): safe with
 * parallel make. */
static void log_stats(const char *name, const struct ab_stats *st,
		      double us)
{
	const char *path = getenv("AFTERBURN_STATS");
	struct ab_buf b = { 0 };
	int c, fd;

	if (!path || !*path)
		return;
	ab_buf_printf(&b, "file=%s bytes=%lu us=%.0f", name, st->bytes, us);
	for (c = 1; c < AB_NR_CLASSES; c++)
		if (st->sites[c])
			ab_buf_printf(&b, " %s=%lu", ab_class_name(c),
				      st->sites[c]);
	ab_buf_printf(&b, " raw16=%lu rawreq=%lu args=%lu gas=%lu\n",
		      st->raw16, st->raw_requested, st->arg_sites,
		      st->ambiguous);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd >= 0) {
		if (write(fd, b.data, b.len) < 0)
			perror(path);
		close(fd);
	}
	ab_buf_free(&b);
}

static int run(char *const *argv)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("afterburn-as: fork");
		return 1;
	}
	if (!pid) {
		execv(argv[0], argv);
		fprintf(stderr, "afterburn-as: %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* Afterburn in_path into a new temporary file; returns its name. */
static char *afterburn_to_temp(const char *in_path)
{
	struct ab_opts opts = { .werror = getenv("AFTERBURN_WERROR") &&
				!strcmp(getenv("AFTERBURN_WERROR"), "1") };
	struct ab_stats st = { 0 };
	struct ab_buf in = { 0 }, out = { 0 };
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = NULL;
	double t0 = now_us();
	int fd, err;

	err = ab_read_file(in_path, &in);
	if (err) {
		fprintf(stderr, "afterburn-as: %s: %s\n", in_path,
			strerror(-err));
		goto out;
	}
	if (ab_process(strcmp(in_path, "-") ? in_path : "<stdin>", in.data,
		       in.len, &out, &opts, &st))
		goto out;
	log_stats(in_path, &st, now_us() - t0);
	if (asprintf(&tmp, "%s/afterburn-XXXXXX.s",
		     tmpdir && *tmpdir ? tmpdir : "/tmp") < 0) {
		tmp = NULL;
		goto out;
	}
	fd = mkstemps(tmp, 2);
	if (fd < 0 || close(fd) || ab_write_file(tmp, &out)) {
		fprintf(stderr, "afterburn-as: %s: %s\n", tmp, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		tmp = NULL;
	}
out:
	ab_buf_free(&in);
	ab_buf_free(&out);
	return tmp;
}

int main(int argc, char **argv)
{
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	char *real = find_real_as(), *tmp;
	bool is32 = false, other = false;
	int i, nin = 0, in_idx = -1, ret;

	if (!args || !real) {
		fprintf(stderr, "afterburn-as: cannot find the real `as' "
			"(set AFTERBURN_AS)\n");
		return 1;
	}
	args[0] = real;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		args[i] = argv[i];
		if (!strcmp(a, "--32"))
			is32 = true;
		else if (!strcmp(a, "--64") || !strcmp(a, "--x32") ||
			 !strcmp(a, "--version") || !strcmp(a, "-v") ||
			 !strcmp(a, "--help"))
			other = true;
		else if (takes_value(a) && i + 1 < argc) {
			args[i + 1] = argv[i + 1];
			i++;
		}
		else if (a[0] != '-' || !strcmp(a, "-")) {
			nin++;
			in_idx = i;
		}
	}
	if (!is32 || other) {
		execv(real, args);
		fprintf(stderr, "afterburn-as: %s: %s\n", real, strerror(errno));
		return 127;
	}
	if (nin > 1) {
		fprintf(stderr, "afterburn-as: more than one input file is not "
			"supported\n");
		return 1;
	}
	tmp = afterburn_to_temp(nin ? argv[in_idx] : "-");
	if (!tmp)
		return 1;
	if (nin) {
		args[in_idx] = tmp;
	} else {
		args[argc] = tmp;
		args[argc + 1] = NULL;
	}
	ret = run(args);
	unlink(tmp);
	free(tmp);
	free(real);
	free(args);
	return ret;
}
