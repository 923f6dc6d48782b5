// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - micro-benchmarks of the operations a VMM makes expensive,
 * printed as TAP diagnostics "# bench NAME=VALUE UNIT" (never test
 * results: emulated time says little, and two runs are compared with
 * these lines removed).
 *
 * Each value is TSC cycles per operation, the best of three rounds of a
 * loop (loop overhead included).  tsc_khz converts cycles to time.
 */
#include "guest.h"
#include "ring3.h"

#define ROUNDS		3
#define LOOPS		1000
#define FAULT_PAGES	256
#define COPY_PAGES	64

static void loop_cli_sti(u32 n)
{
	while (n--)
		asm volatile("cli\n\tsti" : : : "memory");
}

static void loop_pushf_popf(u32 n)
{
	while (n--)
		asm volatile("pushfl\n\tpopfl" : : : "memory", "cc");
}

static void loop_pic_eoi(u32 n)
{
	while (n--)
		outb(0x20, 0x20);
}

static void loop_uart_read(u32 n)
{
	while (n--)
		(void)inb(0x3fd);
}

static void loop_cr3(u32 n)
{
	while (n--)
		write_cr3(read_cr3());
}

static void loop_invlpg(u32 n)
{
	while (n--)
		invlpg(TEST_PT_VA);
}

static void loop_syscall(u32 n)
{
	user_run(r3_null_loop, n);
}

/* Best of ROUNDS runs of fn(n), in cycles per iteration. */
static u64 bench_best(void (*fn)(u32), u32 n)
{
	u64 best = ~0ull, t0, t;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		t0 = rdtsc();
		fn(n);
		t = rdtsc() - t0;
		if (t < best)
			best = t;
	}
	return udiv64(best, n);
}

static u64 bench_demand_fault(void)
{
	struct aspace as;
	u64 best = ~0ull, t0, t;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		aspace_create(&as);
		aspace_switch(&as);
		t0 = rdtsc();
		user_run(r3_touch, FAULT_PAGES);
		t = rdtsc() - t0;
		if (t < best)
			best = t;
	}
	aspace_switch(&kernel_as);
	return udiv64(best, FAULT_PAGES);
}

static u64 bench_aspace_copy(void)
{
	struct aspace src, dst;
	u64 best = ~0ull, t0, t;
	u32 i;
	int r;

	aspace_create(&src);
	for (i = 0; i < COPY_PAGES; i++)
		src.user_pt[i] = frame_alloc() | PTE_P | PTE_W | PTE_U;
	for (r = 0; r < ROUNDS; r++) {
		t0 = rdtsc();
		aspace_clone_cow(&dst, &src);
		t = rdtsc() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static volatile u32 bench_ticks;

static void bench_timer_irq(struct trap_frame *f)
{
	(void)f;
	bench_ticks++;
	pic_eoi(0);
}

/*
 * Timer interrupt round trip: spin reading the TSC with interrupts on.
 * Each iteration reads the tick count, the TSC, the tick count again; if
 * the first read differs from the previous iteration's second read, a
 * tick was taken between the two TSC reads, and that gap holds the whole
 * delivery, handler, EOI and iret.  Report the shortest such gap.
 */
static u64 bench_irq_roundtrip(void)
{
	u64 best = ~0ull, prev, now;
	u32 start, last, first, spins = 0;

	irq_set_handler(0, bench_timer_irq);
	pit_set_rate(1000);
	pic_set_mask(0xfffa);
	start = bench_ticks;
	irq_enable();
	prev = rdtsc();
	last = bench_ticks;
	while (last - start < 20 && spins++ < 100000000) {
		first = bench_ticks;
		now = rdtsc();
		if (first != last && now - prev < best)
			best = now - prev;
		last = bench_ticks;
		prev = now;
	}
	irq_disable();
	pic_set_mask(0xfffb);
	return best == ~0ull ? 0 : best;
}

static u64 run_cli_sti(void)
{
	return bench_best(loop_cli_sti, LOOPS);
}

static u64 run_pushf_popf(void)
{
	return bench_best(loop_pushf_popf, LOOPS);
}

static u64 run_pic_eoi(void)
{
	return bench_best(loop_pic_eoi, LOOPS);
}

static u64 run_uart_read(void)
{
	return bench_best(loop_uart_read, LOOPS);
}

static u64 run_cr3(void)
{
	return bench_best(loop_cr3, LOOPS);
}

static u64 run_invlpg(void)
{
	return bench_best(loop_invlpg, LOOPS);
}

static u64 run_syscall(void)
{
	return bench_best(loop_syscall, LOOPS);
}

/*
 * The benchmarks in the order they run.  ops is how many operations run
 * between the bench gates (all rounds), for counters per operation.
 */
static const struct {
	const char *name;
	u64 (*run)(void);
	u32 ops;
} benches[] = {
	{ "cli_sti", run_cli_sti, ROUNDS * LOOPS },
	{ "pushf_popf", run_pushf_popf, ROUNDS * LOOPS },
	{ "pic_eoi", run_pic_eoi, ROUNDS * LOOPS },
	{ "uart_lsr_read", run_uart_read, ROUNDS * LOOPS },
	{ "cr3_reload", run_cr3, ROUNDS * LOOPS },
	{ "invlpg", run_invlpg, ROUNDS * LOOPS },
	{ "null_syscall", run_syscall, ROUNDS * LOOPS },
	{ "demand_zero_fault", bench_demand_fault, ROUNDS * FAULT_PAGES },
	{ "timer_irq_roundtrip", bench_irq_roundtrip, 20 },
	{ "aspace_copy_64_pages", bench_aspace_copy, ROUNDS },
};

/*
 * The bench gate (boot option "bench-gate", docs/testguest.md): the
 * host counts burnvmm's exits, hypercalls and upcalls of each benchmark.
 * Before a benchmark the guest says "ready NAME ops=N" and waits, with
 * interrupts off, for a byte on COM1; the host reads `burnctl stat` and
 * sends one; the benchmark runs, silent; the guest says "done NAME" and
 * waits for another byte while the host reads the counters again.
 * Between the two readings the guest made only the console calls of the
 * "done" line and of fetching the first byte; everything else is the
 * benchmark's.  Its result is printed after the second byte.  Without
 * an answer within GATE_WAIT_S the guest goes on (and says so).
 */
#define GATE_WAIT_S	120

static void gate_wait(const char *what, const char *name, u32 ops)
{
	u32 flags = read_eflags();

	irq_disable();
	if (ops)
		tap_diag("bench gate: %s %s ops=%u", what, name, ops);
	else
		tap_diag("bench gate: %s %s", what, name);
	if (uart_getc_timeout((u64)tsc_khz * 1000 * GATE_WAIT_S) < 0)
		tap_diag("bench gate: no byte on COM1 within %u s",
			 GATE_WAIT_S);
	write_eflags(flags);
}

void bench_all(void)
{
	u32 flags = read_eflags();
	bool gate = boot_option("bench-gate");
	u32 i;
	u64 v;

	tap_bench("tsc_khz", tsc_khz, "kHz");
	for (i = 0; i < ARRAY_SIZE(benches); i++) {
		if (gate)
			gate_wait("ready", benches[i].name, benches[i].ops);
		v = benches[i].run();
		write_eflags(flags);
		if (gate)
			gate_wait("done", benches[i].name, 0);
		tap_bench(benches[i].name, v, "cycles");
	}
}
