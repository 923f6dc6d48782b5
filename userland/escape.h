/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escape.h - the console escape of `burnctl start` on a terminal, as a
 * pure filter over the bytes typed (unit-tested in tests/unit/).
 *
 * With the terminal in raw mode every key goes to the guest, Ctrl-C
 * included, so burnctl needs a key of its own: Ctrl-a, as in screen and
 * QEMU.  Ctrl-a x stops the VM; Ctrl-a Ctrl-a sends one Ctrl-a; Ctrl-a
 * followed by anything else sends both keys, so nothing typed is lost.
 */
#ifndef BURNCTL_ESCAPE_H
#define BURNCTL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ESCAPE_KEY	0x01	/* Ctrl-a */
#define ESCAPE_STOP	'x'

/* The filter's state between two reads: was the last byte Ctrl-a? */
struct escape_state {
	bool armed;
};

/*
 * escape_filter - pass @len typed bytes from @in through the escape into
 * @out, which has room for 2 * @len bytes (a pending Ctrl-a and the key
 * after it may both come out), and set *@out_len.  Returns true when
 * Ctrl-a x was typed: the bytes before it are in @out, the rest of @in is
 * dropped.
 */
bool escape_filter(struct escape_state *st, const uint8_t *in, size_t len,
		   uint8_t *out, size_t *out_len);

#endif /* BURNCTL_ESCAPE_H */
