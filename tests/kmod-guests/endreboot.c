// SPDX-License-Identifier: GPL-2.0
/* endreboot.c - BURN_HC_END with BURN_END_REBOOT ends the VM as a reboot. */
#include "kguest.h"

int main(void)
{
	hcall2(BURN_HC_END, BURN_END_REBOOT, 0);
	return 3;	/* not reached */
}
