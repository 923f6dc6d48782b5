// SPDX-License-Identifier: GPL-2.0
/*
 * console_tty.c - `burnctl start` on a terminal, inside the test host VM:
 * raw mode while the guest runs, keys reaching the guest, the Ctrl-a
 * escape, and the terminal's mode given back on every way out (Ctrl-a x,
 * SIGTERM, SIGQUIT).  TAP output.
 *
 * The terminal is a pseudo-terminal whose slave becomes the controlling
 * terminal of a new session running burnctl in the foreground, as a
 * shell would start it; the test plays the user on the master side.
 * Last, `burnctl console` plays the same part for a VM that `burnctl
 * start --detach` runs, where Ctrl-a x detaches instead of stopping.  The
 * guest is tests/kmod-guests/conecho.c, which echoes what it reads, so
 * what we type comes back on the master.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define GUEST "/tests/conecho.elf"
#define PLANNED 17

static int test_nr, failed;

static void tap(bool ok, const char *name)
{
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++test_nr, name);
	if (!ok)
		failed++;
}

/* A burnctl start running on the slave of @master. */
struct session {
	int master;
	pid_t pid;
	struct termios before;
	char out[8192];		/* everything read from the master */
	size_t len;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read what the master has for up to @ms, appending to s->out. */
static void drain(struct session *s, int ms)
{
	struct pollfd p = { .fd = s->master, .events = POLLIN };
	int64_t end = now_ms() + ms;
	ssize_t n;

	while (now_ms() < end && s->len < sizeof(s->out) - 1) {
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			break;
		n = read(s->master, s->out + s->len, sizeof(s->out) - 1 - s->len);
		if (n <= 0)
			break;
		s->len += (size_t)n;
		s->out[s->len] = '\0';
	}
}

/* Wait up to @ms for @what in the output. */
static bool wait_output(struct session *s, const char *what, int ms)
{
	int64_t end = now_ms() + ms;

	while (!memmem(s->out, s->len, what, strlen(what)) && now_ms() < end)
		drain(s, 100);
	return memmem(s->out, s->len, what, strlen(what)) != NULL;
}

/* burnctl start of the echoing guest, in the foreground. */
static const char *const start_argv[] = { "burnctl", "start", "--no-ipvmm", "--mem",
				    "8M", GUEST, NULL };

/* The child: a new session whose controlling terminal is the slave. */
static void run_burnctl(const char *slave, const char *const argv[])
{
	int fd;

	setsid();
	fd = open(slave, O_RDWR);	/* becomes the controlling terminal */
	if (fd < 0)
		_exit(127);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	/* execv() takes char *const[] but does not write the strings. */
	execv("/bin/burnctl", (char *const *)argv);
	_exit(127);
}

static int open_session(struct session *s, const char *const argv[])
{
	const char *slave;

	memset(s, 0, sizeof(*s));
	s->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (s->master < 0 || grantpt(s->master) || unlockpt(s->master))
		return -1;
	slave = ptsname(s->master);
	if (!slave || tcgetattr(s->master, &s->before))
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0)
		run_burnctl(slave, argv);
	return 0;
}

/* The slave's mode, as the master sees it. */
static bool is_raw(struct session *s)
{
	struct termios t;

	return !tcgetattr(s->master, &t) && !(t.c_lflag & (ICANON | ECHO | ISIG));
}

static bool wait_raw(struct session *s, int ms)
{
	int64_t end = now_ms() + ms;

	while (!is_raw(s) && now_ms() < end) {
		drain(s, 0);
		usleep(20000);
	}
	return is_raw(s);
}

static bool restored(struct session *s)
{
	struct termios t;

	return !tcgetattr(s->master, &t) &&
	       t.c_lflag == s->before.c_lflag &&
	       t.c_iflag == s->before.c_iflag &&
	       t.c_oflag == s->before.c_oflag;
}

/* Wait for burnctl to exit; its wait status, or -1 after @ms (killed). */
static int reap(struct session *s, int ms)
{
	int64_t end = now_ms() + ms;
	int status;

	while (waitpid(s->pid, &status, WNOHANG) == 0) {
		if (now_ms() > end) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			return -1;
		}
		drain(s, 50);
	}
	drain(s, 100);
	return status;
}

static void close_session(struct session *s)
{
	if (s->len)
		printf("# output: %.*s\n", (int)(s->len > 300 ? 300 : s->len),
		       s->out);
	close(s->master);
}

/* Ctrl-a x: keys reach the guest, the escape works, the mode comes back. */
static void test_escape(void)
{
	struct session s;
	int status;

	if (open_session(&s, start_argv)) {
		tap(false, "a pseudo-terminal session starts");
		return;
	}
	tap(wait_raw(&s, 20000), "the terminal is raw while the guest runs");
	/* Enter is \r in raw mode, and the guest echoes it as it came. */
	tap(write(s.master, "hello\r", 6) == 6 && wait_output(&s, "hello\r", 10000),
	    "typed keys reach the guest (echoed back)");
	tap(write(s.master, "\001\001", 2) == 2 && wait_output(&s, "\r\001", 10000),
	    "Ctrl-a Ctrl-a sends one Ctrl-a");
	tap(write(s.master, "\001x", 2) == 2, "Ctrl-a x typed");
	status = reap(&s, 20000);
	tap(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 6 &&
	    wait_output(&s, "stopped on request", 1000),
	    "Ctrl-a x stops the guest: exit 6, stopped on request");
	tap(restored(&s), "the terminal's mode is back after Ctrl-a x");
	close_session(&s);
}

/* A signal: handled (SIGTERM) or fatal (SIGQUIT); the mode comes back. */
static void test_signal(int sig, const char *name)
{
	char what[100];
	struct session s;
	int status;

	if (open_session(&s, start_argv)) {
		tap(false, "a pseudo-terminal session starts");
		return;
	}
	snprintf(what, sizeof(what), "raw before %s", name);
	tap(wait_raw(&s, 20000), what);
	kill(s.pid, sig);
	status = reap(&s, 20000);
	if (sig == SIGTERM)
		snprintf(what, sizeof(what), "%s stops the guest: exit 6", name);
	else
		snprintf(what, sizeof(what), "%s kills burnctl", name);
	tap(status >= 0 && (sig == SIGTERM ?
			    WIFEXITED(status) && WEXITSTATUS(status) == 6 :
			    WIFSIGNALED(status) && WTERMSIG(status) == sig),
	    what);
	snprintf(what, sizeof(what), "the terminal's mode is back after %s",
		 name);
	tap(restored(&s), what);
	close_session(&s);
}

/* Is a VM running?  (burnctl list, through the shell.) */
static bool vm_running(void)
{
	return system("/bin/burnctl list | grep -q running") == 0;
}

/* Wait up to @ms for no VM to be running. */
static bool wait_no_vm(int ms)
{
	int64_t end = now_ms() + ms;

	while (vm_running() && now_ms() < end)
		usleep(100000);
	return !vm_running();
}

/*
 * burnctl console on a terminal, attached to a detached VM: raw mode,
 * keys to the guest, and Ctrl-a x detaching with exit 0 while the VM
 * runs on.  Then `burnctl stop` ends the VM and its daemon.
 */
static void test_console_detach(void)
{
	char id[16] = "", line[128] = "", cmd[64];
	const char *const argv[] = { "burnctl", "console", id, NULL };
	struct session s;
	FILE *p;
	int status;

	p = popen("/bin/burnctl start --detach --no-ipvmm --mem 8M " GUEST,
		  "r");
	if (p && !fgets(line, sizeof(line), p))
		line[0] = '\0';
	status = p ? pclose(p) : -1;
	if (status || sscanf(line, "vm %15[0-9] console /dev/pts/", id) != 1 ||
	    open_session(&s, argv)) {
		printf("# start --detach said: %s\n", line);
		tap(false, "burnctl console on a terminal starts");
		return;
	}
	tap(wait_raw(&s, 20000), "burnctl console: the terminal is raw");
	tap(write(s.master, "again\r", 6) == 6 && wait_output(&s, "again\r", 10000),
	    "burnctl console: typed keys reach the detached guest");
	tap(write(s.master, "\001x", 2) == 2, "burnctl console: Ctrl-a x typed");
	status = reap(&s, 20000);
	tap(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    restored(&s) && vm_running(),
	    "Ctrl-a x detaches: exit 0, the mode is back, the VM runs on");
	close_session(&s);
	snprintf(cmd, sizeof(cmd), "/bin/burnctl stop %s", id);
	tap(system(cmd) == 0 && wait_no_vm(10000),
	    "burnctl stop ends the detached VM");
}

/* /dev/pts, which the test VM's init does not mount. */
static int mount_devpts(void)
{
	mkdir("/dev/pts", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, "ptmxmode=0666") &&
	    errno != EBUSY)
		return -1;
	return access("/dev/ptmx", R_OK | W_OK);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..%d\n", PLANNED);
	if (mount_devpts() || access(GUEST, R_OK)) {
		printf("ok 1 - console on a terminal # SKIP no pseudo-terminals or no %s\n",
		       GUEST);
		for (test_nr = 2; test_nr <= PLANNED; test_nr++)
			printf("ok %d - # SKIP\n", test_nr);
		return 0;
	}
	test_escape();
	test_signal(SIGTERM, "SIGTERM");
	test_signal(SIGQUIT, "SIGQUIT");
	test_console_detach();
	if (test_nr != PLANNED)
		printf("# ran %d tests, planned %d\n", test_nr, PLANNED);
	return failed ? 1 : 0;
}
