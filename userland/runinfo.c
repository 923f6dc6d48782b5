// SPDX-License-Identifier: GPL-2.0
/*
 * runinfo.c - the runtime records of detached VMs (see runinfo.h).
 *
 * Parsing and formatting are pure and unit-tested (tests/unit/); the
 * file functions add the checks that make a record trustworthy: a
 * directory and a file of our uid (or root's) that nobody else may
 * write, opened without following symbolic links.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "runinfo.h"

#define PTS_PREFIX	"/dev/pts/"

bool runinfo_pty_name_ok(const char *path)
{
	const char *p;
	size_t len = strnlen(path, RUNINFO_PTY_MAX);

	if (len >= RUNINFO_PTY_MAX ||
	    strncmp(path, PTS_PREFIX, strlen(PTS_PREFIX)))
		return false;
	p = path + strlen(PTS_PREFIX);
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int runinfo_format(const struct runinfo *ri, char *buf, size_t len)
{
	int n;

	if (!runinfo_pty_name_ok(ri->pty) || ri->pid <= 0)
		return -1;
	n = snprintf(buf, len, "%s\npid %" PRId32 "\nport %" PRIu32 "\n",
		     ri->pty, ri->pid, ri->port);
	return n < 0 || (size_t)n >= len ? -1 : n;
}

/* A decimal number of at most @max, the whole of [@s, @end); else -1. */
static int64_t parse_decimal(const char *s, const char *end, uint64_t max)
{
	uint64_t v = 0;

	if (s == end || end - s > 10)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v > max ? -1 : (int64_t)v;
}

/* One "key value" line, [@line, @end): pid and port; others skipped. */
static int parse_field(const char *line, const char *end, struct runinfo *ri,
		       unsigned int *seen)
{
	const char *sp = memchr(line, ' ', (size_t)(end - line));
	int64_t v;

	if (!sp)
		return 0;
	if (sp - line == 3 && !strncmp(line, "pid", 3)) {
		v = parse_decimal(sp + 1, end, INT32_MAX);
		if (v <= 0)
			return -1;
		ri->pid = (int32_t)v;
		*seen |= 1;
	} else if (sp - line == 4 && !strncmp(line, "port", 4)) {
		v = parse_decimal(sp + 1, end, UINT32_MAX);
		if (v < 0)
			return -1;
		ri->port = (uint32_t)v;
		*seen |= 2;
	}
	return 0;
}

int runinfo_parse(const char *text, struct runinfo *ri, const char **why)
{
	const char *line = text, *end = strchr(text, '\n');
	unsigned int seen = 0;
	size_t len;

	memset(ri, 0, sizeof(*ri));
	if (!end) {
		*why = "no complete first line";
		return -1;
	}
	len = (size_t)(end - text);
	if (len >= sizeof(ri->pty)) {
		*why = "the pty name is too long";
		return -1;
	}
	memcpy(ri->pty, text, len);
	ri->pty[len] = '\0';
	if (!runinfo_pty_name_ok(ri->pty)) {
		*why = "the first line is not a /dev/pts/N name";
		return -1;
	}
	for (line = end + 1; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end) {
			*why = "the last line is incomplete";
			return -1;
		}
		if (parse_field(line, end, ri, &seen)) {
			*why = "a bad pid or port";
			return -1;
		}
	}
	if (seen != 3) {
		*why = "no pid or no port";
		return -1;
	}
	return 0;
}

int runinfo_dir(char *buf, size_t len)
{
	const char *env = getenv("BURNVMM_RUNDIR");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (env && *env)
		n = snprintf(buf, len, "%s", env);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "/run/burnvmm");
	else if (xdg && *xdg)
		n = snprintf(buf, len, "%s/burnvmm", xdg);
	else
		n = snprintf(buf, len, "/tmp/burnvmm-%u",
			     (unsigned int)geteuid());
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int runinfo_path(char *buf, size_t len, const char *dir, uint32_t id,
		 const char *suffix)
{
	int n = snprintf(buf, len, "%s/vm%" PRIu32 ".%s", dir, id, suffix);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Ours or root's, and writable by nobody else. */
static bool owner_safe(const struct stat *st)
{
	return (st->st_uid == geteuid() || st->st_uid == 0) &&
	       !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* 0 for a safe directory; -2 if there is none; else -1 and why. */
static int dir_check(const char *dir, char *why, size_t n)
{
	struct stat st;
	int err;

	if (lstat(dir, &st)) {
		err = errno;
		snprintf(why, n, "%s: %s", dir, strerror(err));
		return err == ENOENT ? -2 : -1;
	}
	if (!S_ISDIR(st.st_mode) || !owner_safe(&st)) {
		snprintf(why, n, "%s: not a directory of this user that only it may write",
			 dir);
		return -1;
	}
	return 0;
}

int runinfo_dir_make(const char *dir, char *why, size_t n)
{
	char parent[PATH_MAX];

	if (snprintf(parent, sizeof(parent), "%s", dir) >= (int)sizeof(parent)) {
		snprintf(why, n, "the runtime directory's name is too long");
		return -1;
	}
	/* One level up only: /run is missing in a bare initramfs. */
	if (mkdir(dirname(parent), 0755) && errno != EEXIST) {
		snprintf(why, n, "%s: %s", parent, strerror(errno));
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(why, n, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return dir_check(dir, why, n) ? -1 : 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t w;

	while (len) {
		w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int runinfo_write(const char *dir, uint32_t id, const struct runinfo *ri,
		  char *why, size_t n)
{
	char text[RUNINFO_TEXT_MAX], path[PATH_MAX], tmp[PATH_MAX];
	int len = runinfo_format(ri, text, sizeof(text));
	int fd, err;

	if (len < 0 || runinfo_path(path, sizeof(path), dir, id, "pty") ||
	    runinfo_path(tmp, sizeof(tmp), dir, id, "pty.tmp")) {
		snprintf(why, n, "cannot make the record of VM %" PRIu32, id);
		return -1;
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0) {
		snprintf(why, n, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	err = write_all(fd, text, (size_t)len);
	if (close(fd))
		err = -1;
	if (err || rename(tmp, path)) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The text of the open record @fd, checked for owner, type and size. */
static int read_record(int fd, char *text, size_t size, uid_t *owner,
		       const char **why)
{
	struct stat st;
	ssize_t got;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !owner_safe(&st)) {
		*why = "not a file of this user that only it may write";
		return -1;
	}
	got = read(fd, text, size - 1);
	if (got < 0 || (size_t)got == size - 1) {
		*why = "unreadable, or too long for a record";
		return -1;
	}
	text[got] = '\0';
	*owner = st.st_uid;
	return 0;
}

int runinfo_read(const char *dir, uint32_t id, struct runinfo *ri,
		 uid_t *owner, char *why, size_t n)
{
	char text[RUNINFO_TEXT_MAX], path[PATH_MAX];
	const char *bad;
	int fd, err;

	if (runinfo_path(path, sizeof(path), dir, id, "pty")) {
		snprintf(why, n, "the runtime directory's name is too long");
		return -1;
	}
	err = dir_check(dir, why, n);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		snprintf(why, n, "%s: %s", path, strerror(err));
		return err == ENOENT ? -2 : -1;
	}
	err = read_record(fd, text, sizeof(text), owner, &bad);
	close(fd);
	if (err) {
		snprintf(why, n, "%s: %s", path, bad);
		return -1;
	}
	if (runinfo_parse(text, ri, &bad)) {
		snprintf(why, n, "%s: %s", path, bad);
		return -1;
	}
	return 0;
}
