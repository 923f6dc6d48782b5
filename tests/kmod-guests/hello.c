// SPDX-License-Identifier: GPL-2.0
/* hello.c - the smallest guest: one console line, shutdown status 0. */
#include "kguest.h"

int main(void)
{
	con_puts("hello from ring 1\n");
	return 0;
}
