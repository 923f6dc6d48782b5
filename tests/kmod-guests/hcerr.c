// SPDX-License-Identifier: GPL-2.0
/*
 * hcerr.c - hypercalls with bad numbers and arguments return errors and
 * leave the guest running.  Prints one line per check; the status is the
 * number of failed checks.
 */
#include "kguest.h"

static int failed;

static void check(const char *what, int got, int want)
{
	con_puts(got == want ? "ok " : "FAIL ");
	con_puts(what);
	con_puts(": ");
	con_hex((u32)got);
	con_puts("\n");
	if (got != want)
		failed++;
}

int main(void)
{
	u32 ram = boot_esp;	/* the host puts ESP at the top of RAM */
	static const char msg[] = "console ok\n";

	check("unknown number", hcall0(12345), -BURN_HC_ENOSYS);
	check("number -1", hcall0(0xffffffff), -BURN_HC_ENOSYS);
	check("console too long",
	      hcall2(BURN_HC_CONSOLE_WRITE, (u32)msg, BURN_HC_CONSOLE_MAX + 1),
	      -BURN_HC_EINVAL);
	check("console wraps 4 GiB",
	      hcall2(BURN_HC_CONSOLE_WRITE, 0xfffffff0, 32), -BURN_HC_EFAULT);
	check("console beyond RAM",
	      hcall2(BURN_HC_CONSOLE_WRITE, ram - 1, 2), -BURN_HC_EFAULT);
	check("console at RAM's end",
	      hcall2(BURN_HC_CONSOLE_WRITE, ram - 1, 1), 1);
	con_puts("\n");
	check("console empty", hcall2(BURN_HC_CONSOLE_WRITE, 0, 0), 0);
	check("console", hcall2(BURN_HC_CONSOLE_WRITE, (u32)msg, 11), 11);
	return failed;
}
