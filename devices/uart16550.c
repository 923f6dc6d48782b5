// SPDX-License-Identifier: GPL-2.0
/*
 * devices/uart16550.c - register core of the PC16550D UART.
 *
 * Written from the National Semiconductor PC16550D datasheet.  Contents:
 *
 *   (i)    line timing: one character time from LCR and the divisor
 *   (ii)   the receiver FIFO and the character timeout
 *   (iii)  interrupt identification, in the datasheet's priority order
 *   (iv)   modem status, including loopback wiring
 *   (v)    register reads and writes
 *
 * Behaviour Linux's 8250 driver relies on, and where it is handled:
 * the IER probe (bits 7:4 read as zero, (v)), the loopback MSR probe
 * ((iv)), IIR bits 7:6 = 11 with FIFOs on and bit 5 = 0 (no 64-byte
 * FIFO, so "16550A", (iii)), and the THRE test of serial8250_do_startup:
 * enabling ETBEI while THR is empty raises THRI again every time, and
 * reading IIR that reports THRI clears it ((v)).
 */
#include "uart16550.h"

/* IER */
#define IER_ERBFI		0x01	/* received data available */
#define IER_ETBEI		0x02	/* THR empty */
#define IER_ELSI		0x04	/* receiver line status */
#define IER_EDSSI		0x08	/* modem status */
#define IER_WRITABLE		0x0f	/* bits 7:4 are always 0 */

/* IIR */
#define IIR_NO_INT		0x01	/* no interrupt pending */
#define IIR_MSI			0x00	/* modem status */
#define IIR_THRI		0x02	/* THR empty */
#define IIR_RDI			0x04	/* received data available */
#define IIR_RLSI		0x06	/* receiver line status */
#define IIR_CTI			0x0c	/* character timeout */
#define IIR_FIFOS_ON		0xc0	/* both bits set when FCR0 = 1 */

/* FCR */
#define FCR_ENABLE		0x01	/* FIFOs on; other bits need it */
#define FCR_CLEAR_RX		0x02	/* self-clearing */
#define FCR_CLEAR_TX		0x04	/* self-clearing */
#define FCR_DMA_MODE		0x08	/* RXRDY/TXRDY pin mode: stored */
#define FCR_TRIGGER_MASK	0xc0	/* receiver trigger level */
#define FCR_STORED		(FCR_ENABLE | FCR_DMA_MODE | FCR_TRIGGER_MASK)

/* LCR */
#define LCR_WLEN_MASK		0x03	/* word length - 5 */
#define LCR_STOP		0x04	/* 2 stop bits (1.5 for 5-bit words) */
#define LCR_PARITY		0x08	/* parity bit present */
#define LCR_SBC			0x40	/* set break: line held at spacing */
#define LCR_DLAB		0x80	/* divisor latch access */

/* MCR */
#define MCR_DTR			0x01
#define MCR_RTS			0x02
#define MCR_OUT1		0x04
#define MCR_OUT2		0x08	/* PC: enables the IRQ line driver */
#define MCR_LOOP		0x10
#define MCR_WRITABLE		0x1f	/* bits 7:5 are always 0 */

/* LSR */
#define LSR_DR			0x01	/* data ready */
#define LSR_OE			0x02	/* overrun error */
#define LSR_PE			0x04	/* parity error */
#define LSR_FE			0x08	/* framing error */
#define LSR_BI			0x10	/* break interrupt */
#define LSR_THRE		0x20	/* THR empty */
#define LSR_TEMT		0x40	/* transmitter empty */
#define LSR_ERRORS		(LSR_OE | LSR_PE | LSR_FE | LSR_BI)

/* MSR */
#define MSR_DCTS		0x01
#define MSR_DDSR		0x02
#define MSR_TERI		0x04	/* RI went from on to off */
#define MSR_DDCD		0x08
#define MSR_DELTAS		0x0f
#define MSR_CTS			0x10
#define MSR_DSR			0x20
#define MSR_RI			0x40
#define MSR_DCD			0x80
/* A console back end is an attached, ready terminal: CTS, DSR, DCD on. */
#define MSR_LINES_ATTACHED	(MSR_CTS | MSR_DSR | MSR_DCD)

/* Baud clock: 1.8432 MHz crystal, 16 samples per bit. */
#define UART_XTAL_HZ		1843200u
#define UART_SAMPLES_PER_BIT	16u
/* Character timeout: four character times without FIFO activity. */
#define CTI_CHARS		4u
/* Divisor a PC BIOS leaves for 9600 baud; the datasheet leaves it open. */
#define RESET_DIVISOR		12u

#define UART_NONE		DEV_U64_MAX

#define UNIMP_DMA_MODE		0
#define UNIMP_BREAK		1

static const u8 rx_trigger_levels[4] = { 1, 4, 8, 14 };

static bool fifo_on(const struct uart16550 *u)
{
	return u->fcr & FCR_ENABLE;
}

static unsigned int rx_capacity(const struct uart16550 *u)
{
	/* With FIFOs off the receiver is a single holding register. */
	return fifo_on(u) ? UART_FIFO_SIZE : 1;
}

static unsigned int rx_trigger(const struct uart16550 *u)
{
	return rx_trigger_levels[(u->fcr & FCR_TRIGGER_MASK) >> 6];
}

/* (i) Start bit, data bits, parity, stop bits; counted in half bits. */
u64 uart_char_time_ns(const struct uart16550 *u)
{
	u32 divisor = (u32)u->dlm << 8 | u->dll;
	u32 half_bits = 2 + 2 * (5 + (u->lcr & LCR_WLEN_MASK));

	if (u->lcr & LCR_PARITY)
		half_bits += 2;
	if (!(u->lcr & LCR_STOP))
		half_bits += 2;
	else if ((u->lcr & LCR_WLEN_MASK) == 0)
		half_bits += 3;
	else
		half_bits += 4;
	/* A zero divisor divides by 65536 (16-bit counter wraps). */
	if (divisor == 0)
		divisor = 65536;
	return dev_muldiv64((u64)half_bits * divisor * UART_SAMPLES_PER_BIT,
			    DEV_NS_PER_SEC, 2 * UART_XTAL_HZ);
}

/* (ii) Has the receiver sat idle with data for four characters? */
static bool rx_timed_out(const struct uart16550 *u, u64 now)
{
	if (!fifo_on(u) || u->rx_count == 0)
		return false;
	return now >= u->rx_activity_ns &&
	       now - u->rx_activity_ns >= CTI_CHARS * uart_char_time_ns(u);
}

static void rx_clear(struct uart16550 *u, u64 now)
{
	u->rx_head = 0;
	u->rx_count = 0;
	u->rx_activity_ns = now;
}

static u8 rx_pop(struct uart16550 *u, u64 now)
{
	u8 b;

	if (u->rx_count == 0)
		return 0;
	b = u->rx_fifo[u->rx_head];
	u->rx_head = (u8)((u->rx_head + 1) % UART_FIFO_SIZE);
	u->rx_count--;
	u->rx_activity_ns = now;
	return b;
}

unsigned int uart_rx_room(const struct uart16550 *u)
{
	return rx_capacity(u) - u->rx_count;
}

/*
 * (ii) A byte arrived from the line (back end or loopback).  With the
 * receiver full the new byte is lost and OE reports it (datasheet: the
 * shift register is overwritten, the FIFO is kept).
 */
bool uart_receive(struct uart16550 *u, u8 byte, u64 now)
{
	if (u->rx_count >= rx_capacity(u)) {
		u->lsr |= LSR_OE;
		uart_update_irq(u, now);
		return false;
	}
	u->rx_fifo[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
	u->rx_count++;
	u->rx_activity_ns = now;
	uart_update_irq(u, now);
	return true;
}

/* (iii) IIR as the chip would show it now, highest priority first. */
u8 uart_iir(const struct uart16550 *u, u64 now)
{
	u8 fifo_bits = fifo_on(u) ? IIR_FIFOS_ON : 0;
	bool rx_full;

	rx_full = fifo_on(u) ? u->rx_count >= rx_trigger(u) : u->rx_count;
	if ((u->ier & IER_ELSI) && (u->lsr & LSR_ERRORS))
		return fifo_bits | IIR_RLSI;
	if ((u->ier & IER_ERBFI) && rx_full)
		return fifo_bits | IIR_RDI;
	if ((u->ier & IER_ERBFI) && rx_timed_out(u, now))
		return fifo_bits | IIR_CTI;
	if ((u->ier & IER_ETBEI) && u->thr_ipending)
		return fifo_bits | IIR_THRI;
	if ((u->ier & IER_EDSSI) && (u->msr & MSR_DELTAS))
		return fifo_bits | IIR_MSI;
	return fifo_bits | IIR_NO_INT;
}

/*
 * The one place the IRQ line is driven.  PC wiring: the UART's INTRPT
 * reaches the ISA bus only through a driver enabled by OUT2, and in
 * loopback OUT2 is cut off from its pin, so loopback silences the IRQ.
 */
void uart_update_irq(struct uart16550 *u, u64 now)
{
	bool pending = !(uart_iir(u, now) & IIR_NO_INT);
	bool gate = (u->mcr & MCR_OUT2) && !(u->mcr & MCR_LOOP);

	dev_irq_set(&u->irq, pending && gate);
}

/* The character timeout is the UART's only timed event. */
u64 uart_next_deadline(const struct uart16550 *u, u64 now)
{
	u64 when;

	if (!(u->ier & IER_ERBFI) || !fifo_on(u) || u->rx_count == 0 ||
	    u->rx_count >= rx_trigger(u))
		return UART_NONE;
	when = u->rx_activity_ns + CTI_CHARS * uart_char_time_ns(u);
	return when > now ? when : UART_NONE;
}

/* (iv) Modem inputs: the terminal, or in loopback our own outputs. */
static u8 msr_lines(const struct uart16550 *u)
{
	u8 m = 0;

	if (!(u->mcr & MCR_LOOP))
		return MSR_LINES_ATTACHED;
	if (u->mcr & MCR_RTS)
		m |= MSR_CTS;
	if (u->mcr & MCR_DTR)
		m |= MSR_DSR;
	if (u->mcr & MCR_OUT1)
		m |= MSR_RI;
	if (u->mcr & MCR_OUT2)
		m |= MSR_DCD;
	return m;
}

static void msr_refresh(struct uart16550 *u)
{
	u8 old = u->msr, now_lines = msr_lines(u);
	u8 changed = (old ^ now_lines) & ~MSR_DELTAS;

	if (changed & MSR_CTS)
		u->msr |= MSR_DCTS;
	if (changed & MSR_DSR)
		u->msr |= MSR_DDSR;
	if ((old & MSR_RI) && !(now_lines & MSR_RI))
		u->msr |= MSR_TERI;
	if (changed & MSR_DCD)
		u->msr |= MSR_DDCD;
	u->msr = (u8)((u->msr & MSR_DELTAS) | now_lines);
}

static u8 lsr_value(const struct uart16550 *u)
{
	u8 v = (u->lsr & LSR_ERRORS) | LSR_THRE | LSR_TEMT;

	if (u->rx_count)
		v |= LSR_DR;
	return v;
}

/* (v) Reads; some of them have side effects, as on the chip. */
u8 uart_read(struct uart16550 *u, unsigned int off, u64 now)
{
	u8 v;

	switch (off) {
	case UART_RBR:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		v = rx_pop(u, now);
		break;
	case UART_IER:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case UART_IIR:
		v = uart_iir(u, now);
		/* Reading IIR that names THRI is its acknowledge. */
		if ((v & ~IIR_FIFOS_ON) == IIR_THRI)
			u->thr_ipending = false;
		break;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		v = lsr_value(u);
		u->lsr &= (u8)~LSR_ERRORS;
		break;
	case UART_MSR:
		v = u->msr;
		u->msr &= (u8)~MSR_DELTAS;
		break;
	default:
		return u->scr;
	}
	uart_update_irq(u, now);
	return v;
}

static void thr_write(struct uart16550 *u, u8 val, u64 now)
{
	if (u->lcr & LCR_DLAB) {
		u->dll = val;
		return;
	}
	if (u->mcr & MCR_LOOP)
		uart_receive(u, val, now);
	else if (u->be && u->be->ops->console_tx)
		u->be->ops->console_tx(u->be->ctx, u->index, val);
	/* Sent at once: THR is empty again, and says so. */
	u->thr_ipending = true;
}

static void ier_write(struct uart16550 *u, u8 val)
{
	u8 old = u->ier;

	if (u->lcr & LCR_DLAB) {
		u->dlm = val;
		return;
	}
	u->ier = val & IER_WRITABLE;
	/* Enabling ETBEI with THR empty raises THRI (the 8250 THRE test). */
	if (!(old & IER_ETBEI) && (u->ier & IER_ETBEI))
		u->thr_ipending = true;
}

static void fcr_write(struct uart16550 *u, u8 val, u64 now)
{
	if ((val ^ u->fcr) & FCR_ENABLE)
		rx_clear(u, now);
	if (!(val & FCR_ENABLE)) {
		/* FCR0 = 0: the other bits are not programmed. */
		u->fcr = 0;
		return;
	}
	if (val & FCR_CLEAR_RX)
		rx_clear(u, now);
	if (val & FCR_DMA_MODE)
		dev_unimp_once(u->be, &u->unimp, UNIMP_DMA_MODE, "uart",
			       "FCR DMA mode (no RXRDY/TXRDY pins)", val);
	u->fcr = val & FCR_STORED;
}

void uart_write(struct uart16550 *u, unsigned int off, u8 val, u64 now)
{
	switch (off) {
	case UART_THR:
		thr_write(u, val, now);
		break;
	case UART_IER:
		ier_write(u, val);
		break;
	case UART_FCR:
		fcr_write(u, val, now);
		break;
	case UART_LCR:
		if (val & LCR_SBC)
			dev_unimp_once(u->be, &u->unimp, UNIMP_BREAK, "uart",
				       "LCR break is not sent to the back end",
				       val);
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & MCR_WRITABLE;
		msr_refresh(u);
		break;
	case UART_LSR:
	case UART_MSR:
		/* Factory test registers: writes are not defined for use. */
		break;
	default:
		u->scr = val;
		break;
	}
	uart_update_irq(u, now);
}

/* Master reset, per the datasheet's reset table; SCR keeps its value. */
void uart_reset(struct uart16550 *u, u64 now)
{
	u->ier = 0;
	u->lcr = 0;
	u->mcr = 0;
	u->lsr = 0;
	u->fcr = 0;
	u->dll = RESET_DIVISOR;
	u->dlm = 0;
	u->thr_ipending = false;
	rx_clear(u, now);
	u->msr = msr_lines(u);
	uart_update_irq(u, now);
}

void uart_init(struct uart16550 *u, unsigned int index,
	       const struct dev_irq *irq, const struct dev_backend *be)
{
	dev_memset(u, 0, sizeof(*u));
	u->index = index;
	u->irq = *irq;
	u->irq.level = false;
	u->be = be;
	uart_reset(u, 0);
}
