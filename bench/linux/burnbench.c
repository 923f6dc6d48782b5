// SPDX-License-Identifier: GPL-2.0
/*
 * burnbench.c - the Linux guest's workloads for `make bench`, a static
 * i386 program put into the guest's initramfs by bench/linux/mkinitrd.
 * Each workload times itself with CLOCK_MONOTONIC and prints
 *
 *	# bench linux_NAME=NS ns
 *
 * with NS the nanoseconds per operation; bench/linux/run-workloads (in
 * the guest) runs them all.  The same binary runs natively in
 * qemu-system-i386 and under burnvmm (bench/vm-bench), so
 * the two columns compare the same code.  What each operation is:
 *
 *	fork_exec  fork, exec of /bin/true (a busybox applet), wait
 *	pipe       one byte to a child and one byte back, over two pipes
 *	pgfault    a write to a fresh anonymous page (demand-zero fault)
 *	file_copy  copying 1 MiB of a file on the ext2 disk to another
 *	           file, read(2)/write(2) in 64 KiB blocks, then fsync
 *	cc_job     a compile-like CPU job: tokenise a generated 64 KiB C
 *	           text and count its identifiers in a hash table
 *
 * Usage: burnbench WORKLOAD [COUNT] [DIR] (DIR: file_copy's directory).
 *
 * With BURNBENCH_GATE=1 in the environment (bench/vm-bench types it
 * under burnvmm) each workload also stops at two gates, so that the
 * host can read the module's counters (`burnctl stat`) around exactly
 * the timed loop, as the test guest's bench-gate does:
 *
 *	# bench-gate ready NAME ops=COUNT   (set up; waits for a line)
 *	# bench-gate done NAME              (loop over; waits for a line)
 *
 * The host reads the counters while the guest waits, then types a
 * newline on the console.  The gates lie outside the timed interval,
 * so the times do not change; the counters between the two readings
 * are the loop's, plus the gates' own wake-up and console line.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int gated = -1;

/* Gates wanted?  Only under bench/vm-bench, which answers them. */
static bool gates_on(void)
{
	const char *e;

	if (gated < 0) {
		e = getenv("BURNBENCH_GATE");
		gated = e && !strcmp(e, "1");
	}
	return gated;
}

/*
 * Wait for the host's newline on standard input (the console, a tty in
 * canonical mode, so one line is what arrives).  End of input or an
 * error also lets the workload go on: a gate never hangs a native run.
 */
static void gate_wait(void)
{
	char c;

	while (read(0, &c, 1) == 1 && c != '\n')
		;
}

/* Open the gate before NAME's timed loop; returns its start time. */
static uint64_t gate_ready(const char *name, unsigned int ops)
{
	if (gates_on()) {
		printf("# bench-gate ready %s ops=%u\n", name, ops);
		fflush(stdout);
		gate_wait();
	}
	return now_ns();
}

/*
 * NS: the loop's time, taken by the caller before this runs, so the
 * done gate is not timed.
 */
static void report(const char *name, uint64_t ns, unsigned int ops)
{
	if (gates_on()) {
		printf("# bench-gate done %s\n", name);
		fflush(stdout);
		gate_wait();
	}
	printf("# bench linux_%s=%llu ns\n", name,
	       (unsigned long long)(ns / (ops ? ops : 1)));
	fflush(stdout);
}

static void die(const char *what)
{
	fprintf(stderr, "burnbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int bench_fork_exec(unsigned int n)
{
	unsigned int i;
	uint64_t t0;
	int status;
	pid_t pid;

	t0 = gate_ready("fork_exec", n);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || status != 0)
			die("/bin/true");
	}
	report("fork_exec", now_ns() - t0, n);
	return 0;
}

static int bench_pipe(unsigned int n)
{
	int down[2], up[2], status;
	unsigned int i;
	uint64_t t0;
	char c = 'x';
	pid_t pid;

	if (pipe(down) || pipe(up))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		while (read(down[0], &c, 1) == 1)
			if (write(up[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	t0 = gate_ready("pipe", n);
	for (i = 0; i < n; i++)
		if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1)
			die("pipe ping-pong");
	report("pipe", now_ns() - t0, n);
	close(down[1]);
	waitpid(pid, &status, 0);
	close(up[0]);
	return 0;
}

static int bench_pgfault(unsigned int pages)
{
	size_t len = (size_t)pages * 4096;
	unsigned int i;
	uint64_t t0;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	t0 = gate_ready("pgfault", pages);
	for (i = 0; i < pages; i++)
		p[(size_t)i * 4096] = 1;
	report("pgfault", now_ns() - t0, pages);
	munmap(p, len);
	return 0;
}

static void write_file(const char *path, size_t len)
{
	static char buf[65536];
	size_t done;
	int fd;

	memset(buf, 0x5a, sizeof(buf));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(path);
	for (done = 0; done < len; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			die(path);
	if (fsync(fd) || close(fd))
		die(path);
}

static int bench_file_copy(unsigned int mib, const char *dir)
{
	static char buf[65536];
	char src[256], dst[256];
	int in, out;
	ssize_t got;
	uint64_t t0;

	snprintf(src, sizeof(src), "%s/burnbench.src", dir);
	snprintf(dst, sizeof(dst), "%s/burnbench.dst", dir);
	write_file(src, (size_t)mib << 20);
	t0 = gate_ready("file_copy", mib);
	in = open(src, O_RDONLY);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || out < 0)
		die("open for copy");
	while ((got = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)got) != got)
			die(dst);
	if (got < 0 || fsync(out) || close(out) || close(in))
		die("copy");
	report("file_copy", now_ns() - t0, mib);
	unlink(src);
	unlink(dst);
	return 0;
}

/* Deterministic pseudo-C text: statements over a few hundred names. */
static size_t gen_text(char *buf, size_t size)
{
	static const char *const kw[] = { "int", "return", "if",    "while",
					  "for", "static", "struct" };
	uint32_t x = 12345;
	size_t n = 0;

	while (n + 64 < size) {
		x = x * 1103515245u + 12345u;
		n += (size_t)snprintf(buf + n, size - n,
				      "%s v%u = f%u(a%u, %u);\n",
				      kw[(x >> 8) % 7], (x >> 12) % 300,
				      (x >> 4) % 50, (x >> 20) % 40, x % 1000);
	}
	buf[n] = 0;
	return n;
}

#define HASH_SIZE 1024

struct sym {
	char name[32];
	unsigned int count;
};

static unsigned int cc_job_once(const char *text)
{
	static struct sym table[HASH_SIZE];
	unsigned int idents = 0, h, len;
	const char *p = text, *s;

	memset(table, 0, sizeof(table));
	while (*p) {
		if ((*p >= 'a' && *p <= 'z') || *p == '_') {
			s = p;
			h = 5381;
			while ((*p >= 'a' && *p <= 'z') || *p == '_' ||
			       (*p >= '0' && *p <= '9'))
				h = h * 33 + (unsigned char)*p++;
			len = (unsigned int)(p - s);
			if (len >= sizeof(table[0].name))
				len = sizeof(table[0].name) - 1;
			for (h %= HASH_SIZE; table[h].count &&
					     (strncmp(table[h].name, s, len) ||
					      table[h].name[len]);
			     h = (h + 1) % HASH_SIZE)
				;
			if (!table[h].count)
				memcpy(table[h].name, s, len);
			table[h].count++;
			idents++;
		} else {
			p++;
		}
	}
	return idents;
}

static int bench_cc_job(unsigned int n)
{
	static char text[65536];
	unsigned int i, sum = 0;
	uint64_t t0;

	gen_text(text, sizeof(text));
	t0 = gate_ready("cc_job", n);
	for (i = 0; i < n; i++)
		sum += cc_job_once(text);
	report("cc_job", now_ns() - t0, n);
	return sum ? 0 : 1;
}

static unsigned int count_arg(int argc, char **argv, unsigned int dflt)
{
	return argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 10) : dflt;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 3 ? argv[3] : "/tmp";

	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "fork_exec"))
		return bench_fork_exec(count_arg(argc, argv, 200));
	if (!strcmp(argv[1], "pipe"))
		return bench_pipe(count_arg(argc, argv, 5000));
	if (!strcmp(argv[1], "pgfault"))
		return bench_pgfault(count_arg(argc, argv, 4096));
	if (!strcmp(argv[1], "file_copy"))
		return bench_file_copy(count_arg(argc, argv, 8), dir);
	if (!strcmp(argv[1], "cc_job"))
		return bench_cc_job(count_arg(argc, argv, 20));
usage:
	fprintf(stderr,
		"usage: burnbench fork_exec|pipe|pgfault|file_copy|cc_job "
		"[COUNT] [DIR]\n");
	return 2;
}
