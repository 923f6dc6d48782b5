// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest-linux/init.c - /init of the afterburnt Linux guest's
 * initramfs: a static 32-bit program with no libc that proves user space
 * runs.  It writes a marker and what uname(2) reports to the console,
 * then asks the kernel to reboot (QEMU runs with -no-reboot, so it
 * exits).  Freestanding so it needs nothing but gcc -m32.
 */

#define SYS_EXIT 1
#define SYS_WRITE 4
#define SYS_OPEN 5
#define SYS_REBOOT 88
#define SYS_UNAME 122

/* reboot(2) magic numbers and the "restart" command */
#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793
#define REBOOT_CMD_RESTART 0x01234567

/* struct new_utsname: six 65-byte fields */
struct utsname {
	char f[6][65];
};

static long syscall3(long nr, long a, long b, long c)
{
	long ret;

	/* i386 Linux system call: number in eax, arguments ebx ecx edx */
	asm volatile("int $0x80"
		     : "=a"(ret)			/* result */
		     : "a"(nr), "b"(a), "c"(b), "d"(c)	/* nr, args */
		     : "memory");
	return ret;
}

static unsigned long len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void say(const char *s)
{
	syscall3(SYS_WRITE, 1, (long)s, (long)len(s));
}

void _start(void);

void _start(void)
{
	static struct utsname u;

	/* the kernel gives /init no open files without /dev/console */
	if (syscall3(SYS_WRITE, 1, (long)"", 0) < 0)
		syscall3(SYS_OPEN, (long)"/dev/console", 2, 0);
	say("\nburnvmm-guest-linux: init reached\n");
	if (syscall3(SYS_UNAME, (long)&u, 0, 0) == 0) {
		say("burnvmm-guest-linux: ");
		say(u.f[0]);
		say(" ");
		say(u.f[2]);
		say(" ");
		say(u.f[4]);
		say("\n");
	}
	syscall3(SYS_REBOOT, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_RESTART);
	syscall3(SYS_EXIT, 0, 0, 0);
	for (;;)
		;
}
