// SPDX-License-Identifier: GPL-2.0
/*
 * endcrash.c - BURN_HC_END: an unknown kind and a message outside RAM
 * are refused and the guest goes on; then it crashes with a message
 * holding a newline and a control byte, which the reason shows as '?'.
 */
#include "kguest.h"

static int end(u32 how, u32 status, const char *msg, u32 len)
{
	int ret;

	asm volatile("int $0x82"
		     : "=a"(ret)
		     : "a"(BURN_HC_END), "b"(how), "c"(status), "d"((u32)msg),
		       "S"(len)
		     : "memory");
	return ret;
}

int main(void)
{
	static const char msg[] = "bad\nthing\x01 happened";

	if (end(9, 0, 0, 0) != -BURN_HC_EINVAL)
		return 1;
	if (end(BURN_END_CRASH, 0, (const char *)0x7ffffff0, 32) !=
	    -BURN_HC_EFAULT)
		return 2;
	con_puts("endcrash: refusals ok\n");
	end(BURN_END_CRASH, 7, msg, sizeof(msg) - 1);
	return 3;	/* not reached */
}
