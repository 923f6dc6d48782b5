// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest-linux/rootfs/burntest.c - the Linux guest's test helper:
 * what busybox cannot check by itself.  Built twice: static 32-bit for
 * the guest's /bin/burntest, and for the host, where the runner uses
 * only `pattern-check` to compare the guest's file on the disk image.
 *
 *   burntest pattern FILE SIZE SEED       write SIZE pattern bytes
 *   burntest pattern-check FILE SIZE SEED exit 0 iff FILE is that pattern
 *   burntest forkexec N                   fork/exec N children, check status
 *   burntest pipesig                      pipe, signal, fault and alarm
 *   burntest poweroff                     sync, write PM1a control (0x604)
 *
 * Results are TAP-style lines prefixed "burnvmm-tap: " on stdout, one
 * per check; the exit status is 0 only when every check passed.  The
 * prefix lets the host runner pick them out of the kernel's console
 * messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__i386__)
#include <sys/io.h>
#endif

#define TAP "burnvmm-tap: "
/* PM1a control on QEMU's PIIX4 PM (SeaBIOS puts it at 0x600) and burnvmm */
#define PM1A_CNT_PORT 0x604
/* SLP_EN with sleep type 0: QEMU and burnvmm power off */
#define PM1A_CNT_SLP_EN 0x2000
/* child exit status for forkexec: a function of its index, so mixing up
 * children shows
 */
#define CHILD_STATUS(i) (((i) * 7 + 3) & 0xff)
/* the pipe test moves more than a pipe buffer (64 KiB) to force blocking */
#define PIPE_BYTES (256 * 1024)
#define SIGNAL_ROUNDS 100

static int failures;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf(TAP "%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		failures++;
}

/* xorshift32: a pattern both the guest and the host can regenerate */
static uint32_t pattern_next(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static void pattern_fill(unsigned char *buf, size_t len, uint32_t *state)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)pattern_next(state);
}

static int cmd_pattern(const char *file, size_t size, uint32_t seed)
{
	unsigned char buf[4096];
	uint32_t state = seed ? seed : 1;
	FILE *f = fopen(file, "wb");
	size_t n;

	if (!f) {
		perror(file);
		return 1;
	}
	while (size) {
		n = size < sizeof(buf) ? size : sizeof(buf);
		pattern_fill(buf, n, &state);
		if (fwrite(buf, 1, n, f) != n)
			break;
		size -= n;
	}
	if (fclose(f) || size) {
		perror(file);
		return 1;
	}
	return 0;
}

static int cmd_pattern_check(const char *file, size_t size, uint32_t seed)
{
	unsigned char want[4096], got[4096];
	uint32_t state = seed ? seed : 1;
	size_t n, off = 0;
	FILE *f = fopen(file, "rb");

	if (!f) {
		perror(file);
		return 1;
	}
	while (off < size) {
		n = size - off < sizeof(want) ? size - off : sizeof(want);
		pattern_fill(want, n, &state);
		if (fread(got, 1, n, f) != n || memcmp(got, want, n))
			break;
		off += n;
	}
	if (off == size && fgetc(f) != EOF)
		off = size + 1;
	fclose(f);
	if (off != size)
		fprintf(stderr, "%s: differs from pattern near byte %zu\n",
			file, off);
	return off != size;
}

/* Run n children that exec this program; each must exit with its own
 * status.  Ten at a time, so the scheduler juggles several.
 */
static int cmd_forkexec(const char *self, int n)
{
	int i, j, batch, bad = 0, status;
	pid_t pid[10];
	char arg[16];

	for (i = 0; i < n; i += batch) {
		batch = n - i < 10 ? n - i : 10;
		for (j = 0; j < batch; j++) {
			pid[j] = fork();
			if (pid[j] == 0) {
				snprintf(arg, sizeof(arg), "%d", i + j);
				execl(self, "burntest", "child", arg,
				      (char *)NULL);
				_exit(255);
			}
			if (pid[j] < 0)
				bad++;
		}
		for (j = 0; j < batch; j++) {
			if (pid[j] < 0)
				continue;
			if (waitpid(pid[j], &status, 0) != pid[j] ||
			    !WIFEXITED(status) ||
			    WEXITSTATUS(status) != CHILD_STATUS(i + j))
				bad++;
		}
	}
	check(bad == 0, "fork/exec/wait %d children, %d wrong", n, bad);
	return bad != 0;
}

static volatile sig_atomic_t usr1_count;
static sigjmp_buf fault_env;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static volatile sig_atomic_t alarm_count;

static void on_alarm(int sig)
{
	(void)sig;
	alarm_count++;
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault_env, 1);
}

/* A child streams PIPE_BYTES of pattern; the parent checks every byte. */
static void test_pipe(void)
{
	unsigned char buf[4096], want[4096];
	uint32_t tx = 7, rx = 7;
	size_t got = 0;
	ssize_t n;
	int fd[2], status, same = 1;
	pid_t pid;

	pid = pipe(fd) ? -1 : fork();
	if (pid < 0) {
		check(0, "pipe: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(fd[0]);
		for (got = 0; got < PIPE_BYTES; got += sizeof(buf)) {
			pattern_fill(buf, sizeof(buf), &tx);
			if (write(fd[1], buf, sizeof(buf)) != sizeof(buf))
				_exit(1);
		}
		_exit(0);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0) {
		pattern_fill(want, (size_t)n, &rx);
		same &= !memcmp(buf, want, (size_t)n);
		got += (size_t)n;
	}
	close(fd[0]);
	waitpid(pid, &status, 0);
	check(same && got == PIPE_BYTES && WIFEXITED(status) &&
	      !WEXITSTATUS(status), "pipe carries %zu bytes intact", got);
}

/* The child sends SIGUSR1 and waits for an acknowledgement each round,
 * so no signal coalesces; the parent counts them in its handler.
 */
static void test_signals(void)
{
	int ack[2], status, i;
	sigset_t usr1, old;
	pid_t parent = getpid(), pid;
	char c = 0;

	signal(SIGUSR1, on_usr1);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	pid = pipe(ack) ? -1 : fork();
	if (pid < 0) {
		check(0, "signals: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		for (i = 0; i < SIGNAL_ROUNDS; i++)
			if (kill(parent, SIGUSR1) || read(ack[0], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < SIGNAL_ROUNDS; i++) {
		sigsuspend(&old);
		if (write(ack[1], &c, 1) != 1)
			break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	waitpid(pid, &status, 0);
	check(usr1_count == SIGNAL_ROUNDS && WIFEXITED(status) &&
	      !WEXITSTATUS(status), "%d SIGUSR1 delivered and handled",
	      (int)usr1_count);
	close(ack[0]);
	close(ack[1]);
}

/* A child sleeping in pause() dies of SIGTERM, and the parent sees it. */
static void test_kill(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	usleep(20000);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	check(pid > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	      "SIGTERM kills a child in pause()");
}

/* A user page fault on an unmapped address becomes SIGSEGV. */
static void test_fault(void)
{
	/* parsed at run time, so the compiler cannot prove the fault */
	volatile int *bad = (volatile int *)strtoul("16", NULL, 0);
	volatile int faulted = 0;

	signal(SIGSEGV, on_segv);
	if (sigsetjmp(fault_env, 1) == 0)
		(void)*bad;
	else
		faulted = 1;
	signal(SIGSEGV, SIG_DFL);
	check(faulted, "user page fault delivers SIGSEGV");
}

/* alarm(2) fires once, through a timer interrupt, into pause(). */
static void test_alarm(void)
{
	signal(SIGALRM, on_alarm);
	alarm(1);
	while (!alarm_count)
		pause();
	signal(SIGALRM, SIG_DFL);
	check(alarm_count == 1, "alarm(1) delivers SIGALRM into pause()");
}

static int cmd_pipesig(void)
{
	test_pipe();
	test_signals();
	test_kill();
	test_fault();
	test_alarm();
	return failures != 0;
}

static int cmd_poweroff(void)
{
	sync();
#if defined(__i386__)
	time_t t0;

	if (ioperm(PM1A_CNT_PORT, 2, 1)) {
		perror("burntest: ioperm");
		return 1;
	}
	printf("burntest: powering off through PM1a control\n");
	fflush(stdout);
	outw(PM1A_CNT_SLP_EN, PM1A_CNT_PORT);
	/* the machine stops asynchronously: give it 5 s, spinning, since
	 * a sleep may return early and let the caller report a failure
	 */
	t0 = time(NULL);
	while (time(NULL) - t0 < 5)
		sched_yield();
#endif
	fprintf(stderr, "burntest: still running after power-off\n");
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: burntest pattern|pattern-check FILE SIZE SEED"
		" | forkexec N | pipesig | poweroff | child I\n");
	return 129;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "pattern"))
		return cmd_pattern(argv[2], strtoul(argv[3], NULL, 0),
				   strtoul(argv[4], NULL, 0));
	if (argc == 5 && !strcmp(argv[1], "pattern-check"))
		return cmd_pattern_check(argv[2], strtoul(argv[3], NULL, 0),
					 strtoul(argv[4], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "child"))
		return CHILD_STATUS(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "forkexec"))
		return cmd_forkexec("/proc/self/exe", atoi(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "pipesig"))
		return cmd_pipesig();
	if (argc == 2 && !strcmp(argv[1], "poweroff"))
		return cmd_poweroff();
	return usage();
}
