// SPDX-License-Identifier: GPL-2.0
/* spin.c - never stops on its own: only stop, destroy or Ctrl-C end it. */
#include "kguest.h"

int main(void)
{
	con_puts("spin: spinning\n");
	for (;;)
		asm volatile("" ::: "memory");
}
