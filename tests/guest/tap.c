// SPDX-License-Identifier: GPL-2.0
/*
 * tap.c - TAP output of the test guest.
 *
 * Results are numbered as they are printed and the plan comes last
 * ("1..N" after the final result, which TAP allows): a guest that dies
 * half way then has no plan at all, which every TAP consumer counts as a
 * failure.  Benchmarks are diagnostics of the form "# bench NAME=VALUE
 * UNIT" so that comparisons of two runs can drop them with one pattern.
 */
#include "guest.h"

static u32 tap_count;
static u32 tap_fail_count;

static void tap_line(bool ok, const char *fmt, va_list ap)
{
	tap_count++;
	if (!ok)
		tap_fail_count++;
	kprintf("%s %u - ", ok ? "ok" : "not ok", tap_count);
	kvprintf(fmt, ap);
}

void tap_result(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(ok, fmt, ap);
	va_end(ap);
	kprintf("\n");
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(true, fmt, ap);
	va_end(ap);
	kprintf(" # SKIP %s\n", reason);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	kprintf("# ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
}

void tap_bench(const char *name, u64 value, const char *unit)
{
	kprintf("# bench %s=%llu %s\n", name, value, unit);
}

u32 tap_failed(void)
{
	return tap_fail_count;
}

void tap_finish(void)
{
	kprintf("1..%u\n", tap_count);
}
