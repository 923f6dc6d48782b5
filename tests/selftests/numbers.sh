#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# numbers.sh - the module's costs as TAP diagnostics (issue figures, not
# pass marks): the null hypercall round trip, an upcall round trip, a
# shadow-fault fill and a CR3 switch, each in guest TSC cycles per
# operation, from the bench guests of tests/kmod-guests/ (which report
# one "# bench" line and then park until stopped), plus exits per second
# under a 1 ms guest timer from the timerload guest's run in
# kmod_guests.sh.  Under TCG the cycles are emulated time: compare them
# with each other, not with hardware.  Each test only checks that the
# figure was produced.  Expects burnvmm.ko loaded.
. /tests/tap.sh
tap_plan 4

# figure GUEST: run a parking bench guest until it reports, then stop it.
figure() {
	out=/tmp/numbers.$1
	burnctl start --no-ipvmm --mem 8M --console none "/tests/$1.elf" \
		>$out 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 300 ] && ! grep -q '^# bench ' $out; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -TERM $pid 2>/dev/null
	wait $pid 2>/dev/null
	if grep -q '^# bench ' $out; then
		tap_diag "$(grep '^# bench ' $out | sed 's/^# //')"
		return 0
	fi
	sed 's/^/#   /' $out
	return 1
}

tap_check "null hypercall round trip measured" figure bench-nullhc
tap_check "upcall round trip (int3 to the entry and back) measured" \
	figure bench-upcall
tap_check "shadow-fault fill measured" figure bench-pgfill
tap_check "CR3 switch measured" figure bench-cr3
tap_done
