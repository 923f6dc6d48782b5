// SPDX-License-Identifier: GPL-2.0
/*
 * lib.c - the test guest's tiny C library: formatted output to COM1,
 * memory helpers, 64-bit division without libgcc, and the exit path
 * through the debug-exit port.
 *
 * Output is polled (no UART interrupts) so that it works at any point,
 * including inside trap handlers and before the IDT exists.
 */
#include "guest.h"

#define COM1		0x3f8
#define UART_THR	0
#define UART_RBR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20

void uart_init(void)
{
	outb(COM1 + UART_IER, 0x00);		/* no interrupts */
	outb(COM1 + UART_LCR, 0x80);		/* DLAB: set divisor */
	outb(COM1 + 0, 0x01);			/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03);		/* 8N1 */
	outb(COM1 + UART_FCR, 0xc7);		/* FIFOs on, cleared */
	outb(COM1 + UART_MCR, 0x03);		/* DTR, RTS */
}

void uart_putc(char c)
{
	unsigned int spins = 0;

	/* Bounded wait: a missing UART must not hang the guest. */
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE) && spins < 100000)
		spins++;
	outb(COM1 + UART_THR, (u8)c);
}

/*
 * A byte from COM1, polled with whatever IF the caller has, or -1 when
 * none came within @cycles TSC cycles.  Only the bench gate reads input.
 */
int uart_getc_timeout(u64 cycles)
{
	u64 t0 = rdtsc();

	while (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		if (rdtsc() - t0 >= cycles)
			return -1;
	return inb(COM1 + UART_RBR);
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = (u8)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

/* Shift-and-subtract division: gcc would call libgcc's __udivdi3. */
u64 udiv64(u64 n, u64 d)
{
	u64 q = 0, r = 0;
	int i;

	if (!d)
		return ~0ull;
	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	return q;
}

static void put_str(const char *s, int width, int *count)
{
	int len = 0;

	while (s[len])
		len++;
	for (; width > len; width--, (*count)++)
		uart_putc(' ');
	for (; *s; s++, (*count)++)
		uart_putc(*s);
}

static void put_num(u64 v, unsigned int base, int width, char pad,
		    bool neg, int *count)
{
	char buf[24];
	int i = 0;

	do {
		unsigned int digit = (unsigned int)(v - udiv64(v, base) * base);

		buf[i++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
		v = udiv64(v, base);
	} while (v);
	if (neg)
		buf[i++] = '-';
	for (; width > i; width--, (*count)++)
		uart_putc(pad);
	while (i--) {
		uart_putc(buf[i]);
		(*count)++;
	}
}

/*
 * A printf subset: %s %c %d %u %x with an optional 0 flag, a width and
 * the ll length modifier; that is all the guest prints.
 */
int kvprintf(const char *fmt, va_list ap)
{
	int count = 0;

	for (; *fmt; fmt++) {
		int width = 0, longs = 0;
		char pad = ' ';
		u64 v;

		if (*fmt != '%') {
			if (*fmt == '\n') {
				uart_putc('\r');
				count++;
			}
			uart_putc(*fmt);
			count++;
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			put_str(va_arg(ap, const char *), width, &count);
			break;
		case 'c':
			uart_putc((char)va_arg(ap, int));
			count++;
			break;
		case 'd':
			if (longs >= 2) {
				s64 sv = va_arg(ap, s64);

				put_num(sv < 0 ? -(u64)sv : (u64)sv, 10, width,
					pad, sv < 0, &count);
			} else {
				int sv = va_arg(ap, int);

				put_num(sv < 0 ? -(u64)sv : (u64)sv, 10, width,
					pad, sv < 0, &count);
			}
			break;
		case 'u':
		case 'x':
			v = longs >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
			put_num(v, *fmt == 'x' ? 16 : 10, width, pad, false,
				&count);
			break;
		case '%':
			uart_putc('%');
			count++;
			break;
		default:
			/* Unknown conversion: print it, never walk off. */
			uart_putc('%');
			if (!*fmt)
				return count + 1;
			uart_putc(*fmt);
			count += 2;
			break;
		}
	}
	return count;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Report the result to the debug-exit device: QEMU's isa-debug-exit (and
 * burnvmm's model of it) ends the VM with exit status 2*status+1.  If no
 * such device is there, stop the CPU for good.
 */
void guest_exit(u32 status)
{
	outl(DEBUG_EXIT_PORT, status);
	for (;;) {
		irq_disable();
		halt();
	}
}

void panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("Bail out! ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	guest_exit(EXIT_PANIC);
}
