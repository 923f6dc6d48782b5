// SPDX-License-Identifier: GPL-2.0
/*
 * detach.c - `burnctl start --detach`: the daemon and its pty console
 * (see detach.h for the sequence).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "burnctl.h"
#include "detach.h"

/* Inherited descriptors below this are closed in the daemon. */
#define DETACH_FD_SCAN	1024

/* What the daemon tells the process waiting for it, through the pipe. */
struct detach_verdict {
	int32_t rc;		/* 0: the guest runs */
	uint32_t id;
	char pty[RUNINFO_PTY_MAX];
};

/*
 * A new pty in raw mode: no echo (the guest's output must not come back
 * as its input), no line editing, no signals, 8-bit clean.  The master
 * never blocks: detach_console_out() drops what does not fit.
 */
static int open_pty(struct detach *d)
{
	struct termios t;

	d->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (d->master < 0 || grantpt(d->master) || unlockpt(d->master) ||
	    ptsname_r(d->master, d->pty, sizeof(d->pty)) ||
	    !runinfo_pty_name_ok(d->pty))
		return -1;
	d->slave = open(d->pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (d->slave < 0 || tcgetattr(d->slave, &t))
		return -1;
	cfmakeraw(&t);
	if (tcsetattr(d->slave, TCSANOW, &t))
		return -1;
	return fcntl(d->master, F_SETFL,
		     fcntl(d->master, F_GETFL) | O_NONBLOCK);
}

static void close_pty(struct detach *d)
{
	if (d->slave >= 0)
		close(d->slave);
	if (d->master >= 0)
		close(d->master);
	d->slave = -1;
	d->master = -1;
}

int detach_prepare(struct detach *d)
{
	char why[PATH_MAX + 100];

	memset(d, 0, sizeof(*d));
	d->ready_fd = -1;
	d->master = -1;
	d->slave = -1;
	if (runinfo_dir(d->dir, sizeof(d->dir))) {
		burnctl_err("start", "the runtime directory's name is too long");
		return EXIT_FAILURE_GENERIC;
	}
	if (runinfo_dir_make(d->dir, why, sizeof(why))) {
		burnctl_err("start", "--detach: %s", why);
		return EXIT_FAILURE_GENERIC;
	}
	if (open_pty(d)) {
		burnctl_err("start", "--detach: cannot open a pseudo-terminal: %s (is devpts mounted on /dev/pts?)",
			    strerror(errno));
		close_pty(d);
		return EXIT_FAILURE_GENERIC;
	}
	return -1;
}

/* The first process: wait for the daemon's verdict and report it. */
static int await_verdict(struct detach *d, int fd, pid_t middle)
{
	struct detach_verdict v;
	ssize_t n;

	close_pty(d);
	do {
		n = read(fd, &v, sizeof(v));
	} while (n < 0 && errno == EINTR);
	close(fd);
	waitpid(middle, NULL, 0);
	if (n != (ssize_t)sizeof(v)) {
		burnctl_err("start", "the daemon ended before the guest ran");
		return EXIT_FAILURE_GENERIC;
	}
	if (v.rc)
		return v.rc;	/* the daemon has said why */
	v.pty[sizeof(v.pty) - 1] = '\0';
	printf("vm %" PRIu32 " console %s\n", v.id, v.pty);
	return EXIT_OK;
}

/*
 * The daemon keeps no descriptor it inherited but its own (@keep and the
 * pty): one left open could be the write end of a pipe that somebody
 * reads to its end, e.g. a test harness's, and hold it open for as long
 * as the VM runs.
 */
static void close_inherited(const struct detach *d, int keep)
{
	int fd;

	for (fd = STDERR_FILENO + 1; fd < DETACH_FD_SCAN; fd++)
		if (fd != keep && fd != d->ready_fd && fd != d->master &&
		    fd != d->slave)
			close(fd);
}

int detach_fork(struct detach *d, int keep_fd)
{
	int pipefd[2];
	pid_t pid;

	/* Whatever is buffered must not be written twice. */
	fflush(stdout);
	fflush(stderr);
	if (pipe2(pipefd, O_CLOEXEC)) {
		burnctl_err("start", "--detach: pipe: %s", strerror(errno));
		close_pty(d);
		return EXIT_FAILURE_GENERIC;
	}
	pid = fork();
	if (pid < 0) {
		burnctl_err("start", "--detach: fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		close_pty(d);
		return EXIT_FAILURE_GENERIC;
	}
	if (pid > 0) {
		close(pipefd[1]);
		return await_verdict(d, pipefd[0], pid);
	}
	/* The middle process: a session of its own, then make way. */
	close(pipefd[0]);
	if (setsid() < 0)
		_exit(EXIT_FAILURE_GENERIC);
	pid = fork();
	if (pid < 0)
		_exit(EXIT_FAILURE_GENERIC);
	if (pid > 0)
		_exit(EXIT_OK);
	/* The daemon.  A first process gone early must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	if (chdir("/"))
		_exit(EXIT_FAILURE_GENERIC);
	d->ready_fd = pipefd[1];
	close_inherited(d, keep_fd);
	return -1;
}

static void send_verdict(struct detach *d, int rc)
{
	struct detach_verdict v = { .rc = rc, .id = d->id };
	ssize_t n;

	if (d->ready_fd < 0)
		return;
	snprintf(v.pty, sizeof(v.pty), "%s", d->pty);
	do {
		n = write(d->ready_fd, &v, sizeof(v));
	} while (n < 0 && errno == EINTR);
	close(d->ready_fd);
	d->ready_fd = -1;
}

/* Standard input from /dev/null, standard output and error to @log. */
static int redirect_stdio(const char *log)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
		       O_NOFOLLOW | O_CLOEXEC, 0644);

	if (out < 0)
		out = null;
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0)
		return -1;
	if (out != null)
		close(out);
	close(null);
	return 0;
}

int detach_ready(struct detach *d, uint32_t id, uint32_t port)
{
	struct runinfo ri = { .pid = (int32_t)getpid(), .port = port };
	char why[PATH_MAX + 100], log[PATH_MAX];

	snprintf(ri.pty, sizeof(ri.pty), "%s", d->pty);
	if (runinfo_path(log, sizeof(log), d->dir, id, "log") ||
	    runinfo_write(d->dir, id, &ri, why, sizeof(why))) {
		burnctl_err("start", "--detach: %s", why);
		return -1;
	}
	d->id = id;
	fflush(stdout);
	fflush(stderr);
	if (redirect_stdio(log)) {
		burnctl_err("start", "--detach: %s: %s", log, strerror(errno));
		return -1;
	}
	fprintf(stderr, "burnctl: start: VM %" PRIu32 " runs, daemon %d, console %s\n",
		id, (int)getpid(), d->pty);
	send_verdict(d, EXIT_OK);
	return 0;
}

int detach_moved(struct detach *d, uint32_t id, uint32_t port)
{
	struct runinfo ri = { .pid = (int32_t)getpid(), .port = port };
	char why[PATH_MAX + 100], old[PATH_MAX], log[PATH_MAX];
	int err = 0;

	snprintf(ri.pty, sizeof(ri.pty), "%s", d->pty);
	/* The old record names a VM that is gone, whatever happens next. */
	if (!runinfo_path(old, sizeof(old), d->dir, d->id, "pty"))
		unlink(old);
	if (runinfo_write(d->dir, id, &ri, why, sizeof(why))) {
		burnctl_err("start", "--detach: %s", why);
		err = -1;
	}
	if (!runinfo_path(old, sizeof(old), d->dir, d->id, "log") &&
	    !runinfo_path(log, sizeof(log), d->dir, id, "log") &&
	    rename(old, log))
		burnctl_err("start", "--detach: %s: %s", log, strerror(errno));
	d->id = id;
	return err;
}

void detach_end(struct detach *d, int rc)
{
	char path[PATH_MAX];

	send_verdict(d, rc ? rc : EXIT_FAILURE_GENERIC);
	if (d->dropped)
		fprintf(stderr, "burnctl: start: VM %" PRIu32 ": %" PRIu64 " console bytes dropped: nobody read the console\n",
			d->id, d->dropped);
	if (d->id && !runinfo_path(path, sizeof(path), d->dir, d->id, "pty"))
		unlink(path);
	close_pty(d);
}

void detach_console_out(uint32_t id, const void *data, size_t len, void *arg)
{
	struct detach *d = arg;
	const char *p = data;
	ssize_t w;

	/*
	 * Only our VM's events reach the socket that owns it; they may come
	 * before detach_ready() knows the id, with VCPU_START's answer.
	 */
	(void)id;
	while (len) {
		w = write(d->master, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		len -= (size_t)w;
	}
	d->dropped += len;
}
