// SPDX-License-Identifier: GPL-2.0
/* exit42.c - the shutdown status reaches burnctl's exit code. */
#include "kguest.h"

int main(void)
{
	con_puts("exiting with 42\n");
	return 42;
}
