/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices/uart16550.h - National Semiconductor PC16550D UART (the
 * "16550A" Linux's 8250 driver detects): register core.
 *
 * Transmission is instantaneous: a byte written to THR goes to the back
 * end (or, in loopback, to the receiver) at once, so THRE and TEMT are
 * always set.  Reception comes from the back end through uart_receive();
 * the receiver FIFO, trigger levels and the character timeout are timed
 * with the back end's clock, passed in as @now.
 */
#ifndef BURNVMM_DEVICES_UART16550_H
#define BURNVMM_DEVICES_UART16550_H

#include "dev.h"

#define UART_FIFO_SIZE		16
#define UART_NR_REGS		8

/* Register offsets from the base port. */
#define UART_RBR		0	/* DLAB=0 read: receiver buffer */
#define UART_THR		0	/* DLAB=0 write: transmitter holding */
#define UART_DLL		0	/* DLAB=1: divisor latch LSB */
#define UART_IER		1	/* DLAB=0: interrupt enable */
#define UART_DLM		1	/* DLAB=1: divisor latch MSB */
#define UART_IIR		2	/* read: interrupt identification */
#define UART_FCR		2	/* write: FIFO control */
#define UART_LCR		3	/* line control */
#define UART_MCR		4	/* modem control */
#define UART_LSR		5	/* line status */
#define UART_MSR		6	/* modem status */
#define UART_SCR		7	/* scratch */

struct uart16550 {
	u8 rx_fifo[UART_FIFO_SIZE];
	u8 rx_head;		/* index of the oldest byte */
	u8 rx_count;		/* bytes in the receiver FIFO */
	u8 ier;
	u8 lcr;
	u8 mcr;
	u8 lsr;			/* sticky error bits; DR/THRE computed */
	u8 msr;
	u8 scr;
	u8 dll;
	u8 dlm;
	u8 fcr;			/* FIFO enable, DMA mode, trigger level */
	bool thr_ipending;	/* THRE interrupt not yet acknowledged */
	u64 rx_activity_ns;	/* last byte into or out of the RX FIFO */
	unsigned int index;	/* console port number for the back end */
	struct dev_irq irq;
	const struct dev_backend *be;
	u32 unimp;
};

/* uart16550.c: */
void uart_init(struct uart16550 *u, unsigned int index,
	       const struct dev_irq *irq, const struct dev_backend *be);
void uart_reset(struct uart16550 *u, u64 now);
u8 uart_read(struct uart16550 *u, unsigned int off, u64 now);
void uart_write(struct uart16550 *u, unsigned int off, u8 val, u64 now);
bool uart_receive(struct uart16550 *u, u8 byte, u64 now);
unsigned int uart_rx_room(const struct uart16550 *u);
u8 uart_iir(const struct uart16550 *u, u64 now);
void uart_update_irq(struct uart16550 *u, u64 now);
u64 uart_next_deadline(const struct uart16550 *u, u64 now);
u64 uart_char_time_ns(const struct uart16550 *u);

#endif /* BURNVMM_DEVICES_UART16550_H */
