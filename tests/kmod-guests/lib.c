// SPDX-License-Identifier: GPL-2.0
/*
 * lib.c - the runtime of the raw ring-1 test guests (kguest.h): console
 * output, numbered checks, TSC time, and the C half of upcalls.
 */
#include "kguest.h"

/*
 * The number in the first @digits characters of @s, in @base (10 or 16,
 * lower-case digits), up to the first character that is no digit: how
 * guests read the settings a test wrote into their RAM or disk.
 */
u32 k_parse_num(const volatile char *s, u32 base, u32 digits)
{
	u32 v = 0, d;

	while (digits--) {
		char c = *s++;

		if (c >= '0' && c <= '9')
			d = (u32)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (u32)(c - 'a' + 10);
		else
			break;
		v = v * base + d;
	}
	return v;
}

/*
 * xorshift64*: small, fast, and good enough to pick bytes; the next
 * 32 bits from *@state (never 0), the same sequence on every machine.
 */
u32 k_rand(u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (u32)((*state * 0x2545F4914F6CDD1DULL) >> 32);
}

u32 k_strlen(const char *s)
{
	u32 n = 0;

	while (s[n])
		n++;
	return n;
}

void con_puts(const char *s)
{
	hcall2(BURN_HC_CONSOLE_WRITE, (u32)s, k_strlen(s));
}

void con_u32(u32 v)
{
	char buf[11];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	con_puts(buf + i);
}

void con_hex(u32 v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[11] = "0x";
	int i;

	for (i = 0; i < 8; i++)
		buf[2 + i] = digits[(v >> (28 - 4 * i)) & 15];
	buf[10] = 0;
	con_puts(buf);
}

void *memcpy(void *dst, const void *src, u32 n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, u32 n)
{
	u8 *d = dst;

	while (n--)
		*d++ = (u8)c;
	return dst;
}

/* Numbered checks (kguest.h). */

static u32 t_count, t_fails;

static void t_line(int cond, const char *what)
{
	con_puts(cond ? "ok " : "not ok ");
	con_u32(++t_count);
	con_puts(" - ");
	con_puts(what);
	if (!cond)
		t_fails++;
}

void t_ok(int cond, const char *what)
{
	t_line(cond, what);
	con_puts("\n");
}

void t_eq(const char *what, u32 got, u32 want)
{
	t_line(got == want, what);
	if (got != want) {
		con_puts(": got ");
		con_hex(got);
		con_puts(", want ");
		con_hex(want);
	}
	con_puts("\n");
}

void t_skip(const char *what, const char *why)
{
	t_line(1, what);
	con_puts(" # SKIP ");
	con_puts(why);
	con_puts("\n");
}

u32 t_failed(void)
{
	return t_fails;
}

void t_num(const char *what, u32 value, const char *unit)
{
	con_puts("# ");
	con_puts(what);
	con_puts(": ");
	con_u32(value);
	con_puts(" ");
	con_puts(unit);
	con_puts("\n");
}

/* Time. */

u32 tsc_per_ms(void)
{
	return vcpu.tsc_khz ? vcpu.tsc_khz : 1000000;
}

void spin_ms(u32 ms)
{
	u32 t0 = (u32)rdtsc(), ticks = ms * tsc_per_ms();

	while ((u32)rdtsc() - t0 < ticks)
		asm volatile("" ::: "memory");
}

/* Upcalls (kguest.h, upcall.S). */

volatile struct burn_vcpu_page vcpu __attribute__((aligned(4096)));
static u32 upcall_stack[2048] __attribute__((aligned(16)));
u32 upcall_stack_top;
upcall_fn upcall_handler;
upcall_fn upcall_hook;
struct burn_upcall_frame last_frame;
struct burn_upcall_frame frame_log[FRAME_LOG];
volatile u32 frame_log_n;
volatile u32 upcall_count, event_count, timer_count, last_pending;
volatile u32 events_seen;
volatile u32 fixup_eip, timer_rearm_ns;
volatile u32 probe_at, probe_after, probe_esp;

/*
 * Called by kg_upcall_entry with a copy of the frame that the entry will
 * return to.  Events are taken off vcpu.pending one instruction at a
 * time (pending_clear()), so a bit the host sets meanwhile is not lost.
 */
static void upcall_default(struct burn_upcall_frame *f)
{
	upcall_count++;
	last_frame = *f;
	if (frame_log_n < FRAME_LOG)
		frame_log[frame_log_n++] = *f;
	if (f->vector == BURN_UPCALL_EVENTS) {
		u32 bits = vcpu.pending;

		pending_clear(bits);
		last_pending = bits;
		events_seen |= bits;
		event_count++;
		if (bits & (1u << BURN_EVENT_TIMER)) {
			timer_count++;
			if (timer_rearm_ns)
				hcall2(BURN_HC_SET_TIMER, timer_rearm_ns, 0);
		}
	} else if (fixup_eip) {
		f->eip = fixup_eip;
		fixup_eip = 0;
	} else if (f->vector != 1 && f->vector != 3 && f->vector != 4 &&
		   !(f->flags & BURN_FRAME_SOFTINT)) {
		/* A fault nobody expected would only repeat: stop here. */
		con_puts("not ok - unexpected upcall, vector ");
		con_u32(f->vector);
		con_puts(" at ");
		con_hex(f->eip);
		con_puts(" error ");
		con_hex(f->error_code);
		con_puts(" cr2 ");
		con_hex(f->cr2);
		con_puts("\n");
		hcall1(BURN_HC_SHUTDOWN, 100);
	}
	if (upcall_hook)
		upcall_hook(f);
}

void upcall_default_nocall(void)
{
	vcpu.nocall_start = (u32)kg_upcall_entry;
	vcpu.nocall_end = (u32)kg_upcall_entry_end;
}

int upcall_init(void)
{
	int ret;

	upcall_stack_top = (u32)(upcall_stack + 2048);
	upcall_handler = upcall_default;
	ret = hcall3(BURN_HC_SET_UPCALL, (u32)kg_upcall_entry, upcall_stack_top,
		     (u32)&vcpu);
	/* After the call: the page is the host's to initialise first. */
	upcall_default_nocall();
	return ret;
}

/* upcall.S hard-codes these offsets. */
#define KG_OFF(type, field) __builtin_offsetof(type, field)
_Static_assert(KG_OFF(struct burn_vcpu_page, irq_enabled) == 12, "upcall.S");
_Static_assert(KG_OFF(struct burn_vcpu_page, frame_busy) == 20, "upcall.S");
_Static_assert(KG_OFF(struct burn_vcpu_page, frame) == 64, "upcall.S");
_Static_assert(KG_OFF(struct burn_upcall_frame, edi) == 32, "upcall.S");
_Static_assert(KG_OFF(struct burn_upcall_frame, ds) == 64, "upcall.S");
_Static_assert(KG_OFF(struct burn_upcall_frame, eip) == 80, "upcall.S");
_Static_assert(KG_OFF(struct burn_upcall_frame, cs) == 84, "upcall.S");
_Static_assert(KG_OFF(struct burn_upcall_frame, esp) == 92, "upcall.S");
_Static_assert(sizeof(struct upcall_entry_regs) == 36, "upcall.S");
