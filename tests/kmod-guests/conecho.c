// SPDX-License-Identifier: GPL-2.0
/*
 * conecho.c - console input end to end (tests/selftests/stats.sh): read
 * what burnctl forwards from its standard input with BURN_HC_CONSOLE_READ
 * and write every byte back, until a 'q' (echoed too); sleep in
 * BURN_HC_IDLE while nothing waits.  The host compares what comes out
 * with what went in, so a lost, doubled or reordered byte shows.
 */
#include "kguest.h"

int main(void)
{
	static char buf[256];
	int n, i;

	for (;;) {
		n = hcall2(BURN_HC_CONSOLE_READ, (u32)buf, sizeof(buf));
		if (n < 0)
			return 2;
		if (n == 0) {
			hcall0(BURN_HC_IDLE);
			continue;
		}
		for (i = 0; i < n && buf[i] != 'q'; i++)
			;
		if (i < n) {
			hcall2(BURN_HC_CONSOLE_WRITE, (u32)buf, i + 1);
			return 0;
		}
		hcall2(BURN_HC_CONSOLE_WRITE, (u32)buf, n);
	}
}
