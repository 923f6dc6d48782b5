// SPDX-License-Identifier: GPL-2.0
/*
 * escape.c - the console escape of `burnctl start` (see escape.h).
 */
#include "escape.h"

bool escape_filter(struct escape_state *st, const uint8_t *in, size_t len,
		   uint8_t *out, size_t *out_len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (!st->armed) {
			if (in[i] == ESCAPE_KEY)
				st->armed = true;
			else
				out[n++] = in[i];
			continue;
		}
		st->armed = false;
		if (in[i] == ESCAPE_STOP) {
			*out_len = n;
			return true;
		}
		/* Ctrl-a Ctrl-a is one Ctrl-a; anything else keeps both. */
		if (in[i] != ESCAPE_KEY)
			out[n++] = ESCAPE_KEY;
		out[n++] = in[i];
	}
	*out_len = n;
	return false;
}
