// SPDX-License-Identifier: GPL-2.0
/*
 * fpu.c - the guest's SSE registers, MXCSR and x87 control word survive
 * exits, sleeps and other guests.  It loads a pattern drawn from its own
 * TSC into XMM0-7, sets MXCSR and the x87 control word to unusual
 * values, then for a few hundred rounds sleeps in the idle hypercall
 * (so its VM thread gives up the CPU, and other guests run on it) and
 * spins through null hypercalls, checking everything after each round.
 * tests/selftests/kmod_guests_fpu.sh runs several at once, so the
 * threads share CPUs.  Exits 0, or 1 naming the first register that
 * changed.
 */
#include "kguest.h"

#define ROUNDS 300

static u32 want[8][4], got[8][4];

/* XMM0-7 from/to an array of 8 x 16 bytes. */
static void xmm_load(u32 (*v)[4])
{
	asm volatile("movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\t"
		     "movdqu 32(%0), %%xmm2\n\tmovdqu 48(%0), %%xmm3\n\t"
		     "movdqu 64(%0), %%xmm4\n\tmovdqu 80(%0), %%xmm5\n\t"
		     "movdqu 96(%0), %%xmm6\n\tmovdqu 112(%0), %%xmm7"
		     : : "r"(v) : "memory");
}

static void xmm_store(u32 (*v)[4])
{
	asm volatile("movdqu %%xmm0, 0(%0)\n\tmovdqu %%xmm1, 16(%0)\n\t"
		     "movdqu %%xmm2, 32(%0)\n\tmovdqu %%xmm3, 48(%0)\n\t"
		     "movdqu %%xmm4, 64(%0)\n\tmovdqu %%xmm5, 80(%0)\n\t"
		     "movdqu %%xmm6, 96(%0)\n\tmovdqu %%xmm7, 112(%0)"
		     : : "r"(v) : "memory");
}

static u32 mxcsr_get(void)
{
	u32 v;

	asm volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static u16 fcw_get(void)
{
	u16 v;

	asm volatile("fnstcw %0" : "=m"(v));
	return v;
}

static int check(u32 mxcsr, u16 fcw)
{
	u32 i, j;

	xmm_store(got);
	for (i = 0; i < 8; i++)
		for (j = 0; j < 4; j++)
			if (got[i][j] != want[i][j]) {
				con_puts("fpu: XMM");
				con_u32(i);
				con_puts(" changed\n");
				return 1;
			}
	if (mxcsr_get() != mxcsr) {
		con_puts("fpu: MXCSR changed\n");
		return 1;
	}
	if (fcw_get() != fcw) {
		con_puts("fpu: x87 control word changed\n");
		return 1;
	}
	return 0;
}

int main(void)
{
	u32 seed = (u32)rdtsc() | 1, i, j, round;
	/* Round toward zero, all exceptions masked: not the reset 0x1f80. */
	u32 mxcsr = 0x7f80;
	u16 fcw = 0x0c7f;	/* round toward zero, extended precision */

	for (i = 0; i < 8; i++)
		for (j = 0; j < 4; j++) {
			seed = seed * 1103515245u + 12345u;
			want[i][j] = seed;
		}
	if (mxcsr_get() != 0x1f80 || fcw_get() != 0x037f) {
		con_puts("fpu: not the reset state at start\n");
		return 1;
	}
	xmm_load(want);
	asm volatile("ldmxcsr %0\n\tfldcw %1" : : "m"(mxcsr), "m"(fcw));
	for (round = 0; round < ROUNDS; round++) {
		hcall2(BURN_HC_SET_TIMER, 200000, 0);	/* 0.2 ms */
		hcall0(BURN_HC_IDLE);
		for (i = 0; i < 50; i++)
			hcall0(BURN_HC_NULL);
		if (check(mxcsr, fcw))
			return 1;
	}
	con_puts("fpu: registers intact after ");
	con_u32(ROUNDS);
	con_puts(" sleeps\n");
	return 0;
}
