#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmod_guests_fpu.sh - the guest's FPU/SSE state is its own: several fpu
# guests (tests/kmod-guests/fpu.c), each with its own register pattern,
# run at once so their VM threads share the host's CPUs and sleep in the
# idle hypercall hundreds of times; each must find its registers intact.
# Without the module's save and restore around every trip (S:640 in
# kmod/x86/core.c) one guest's registers leak into another's.  Expects
# burnvmm.ko loaded.
. /tests/tap.sh
GUESTS=3
tap_plan $((GUESTS + 1))

i=1
while [ $i -le $GUESTS ]; do
	burnctl start --no-ipvmm --mem 4M /tests/fpu.elf \
		>/tmp/fpu.$i.out 2>&1 &
	eval "pid$i=\$!"
	i=$((i + 1))
done
i=1
while [ $i -le $GUESTS ]; do
	eval "wait \$pid$i"
	rc=$?
	if [ $rc = 0 ] && grep -q 'registers intact' /tmp/fpu.$i.out; then
		tap_check "fpu guest $i kept its registers" true
	else
		tap_diag "exit $rc"
		sed 's/^/#   /' /tmp/fpu.$i.out
		tap_check "fpu guest $i kept its registers" false
	fi
	i=$((i + 1))
done
tap_check "no VM left behind" sh -c '[ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]'
tap_done
