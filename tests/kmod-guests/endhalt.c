// SPDX-License-Identifier: GPL-2.0
/* endhalt.c - BURN_HC_END with BURN_END_HALT: the VM ends "halted". */
#include "kguest.h"

int main(void)
{
	hcall2(BURN_HC_END, BURN_END_HALT, 0);
	return 3;	/* not reached */
}
