#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ipvmm_inplace.sh - issue #7 item 4, proven by counters: during the
# test guest's benchmark phase, cli/sti, pushf/popf and PIC and UART port
# accesses are handled by the in-place VMM with no world switch.
#
# The guest is started with the boot option "bench-gate"
# (tests/guest/bench.c): it prints "bench gate: ready" and waits, with
# interrupts off, for a byte on its console; we read `burnctl stat`,
# send a byte; it runs the four loops (3 x 1000 iterations each), prints
# "bench gate: done" and waits again; we read the counters again and
# send another byte.  Between the two readings the guest itself made
# only console calls: fetching the first byte (hc_10) and printing the
# "done" line (hc_1).  Every other hypercall, every guest exception and
# every upcall would be the loops'.  Host interrupts (exits_host) are the
# host's business and are only reported.
#
# Expects burnvmm.ko loaded, /tests/testguest.elf and /bin/ipvmm.elf.
. /tests/tap.sh
tap_plan 9
g=/tests/testguest.elf
out=/tmp/inplace.out
err=/tmp/inplace.err
fifo=/tmp/inplace.in

have_files() { [ -r $g ] && [ -r /bin/ipvmm.elf ]; }
tap_check "testguest.elf and /bin/ipvmm.elf are packed" have_files

rm -f $fifo
mkfifo $fifo
timeout 300 burnctl start --mem 128M --append bench-gate $g <$fifo >$out 2>$err &
pid=$!
# Hold the console's write end open until the end, so that burnctl does
# not see end-of-input between the two bytes.
exec 3>$fifo

# wait_line TEXT SECONDS: the guest printed TEXT.
wait_line() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		grep -q "$1" $out && return 0
		kill -0 $pid 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
vm_id() { burnctl list | awk 'NR == 2 { print $1 }'; }
# val NAME FILE: counter NAME in a `burnctl stat` output
val() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }

tap_check "the guest reaches the bench gate" wait_line "bench gate: ready" 200
id=$(vm_id)
burnctl stat "$id" >/tmp/inplace.s1 2>&1
printf 'a' >&3
tap_check "the guest runs the loops and reaches the second gate" \
	wait_line "bench gate: done" 120
burnctl stat "$id" >/tmp/inplace.s2 2>&1
printf 'b' >&3
wait $pid
rc=$?
exec 3>&-
tap_diag "burnctl start exited $rc"
sed 's/^/#   err: /' $err | head -5

# delta NAME: how much counter NAME grew between the two readings
delta() {
	a=$(val "$1" /tmp/inplace.s1)
	b=$(val "$1" /tmp/inplace.s2)
	echo $((${b:-0} - ${a:-0}))
}
have_stats() { [ -n "$(val exits /tmp/inplace.s1)" ] && [ -n "$(val exits /tmp/inplace.s2)" ]; }
tap_check "burnctl stat read the VM's counters at both gates" have_stats
tap_diag "between the gates: exits $(delta exits), host $(delta exits_host), hypercall $(delta exits_hypercall) (console write $(delta hc_1), console read $(delta hc_10)), exception $(delta exits_exception), upcalls $(delta upcalls_exception)+$(delta upcalls_event)"
loops_ran() { grep -q '^# bench uart_lsr_read=' $out && ! grep -q 'no byte on COM1' $out; }
tap_check "the four loops ran between the gates" loops_ran
tap_check "no guest exception exits the world while they run" \
	[ "$(delta exits_exception)" = 0 ]
no_upcalls() { [ "$(delta upcalls_exception)" = 0 ] && [ "$(delta upcalls_event)" = 0 ]; }
tap_check "no upcall either" no_upcalls
console_only() {
	[ "$(delta exits_hypercall)" = $(($(delta hc_1) + $(delta hc_10))) ] &&
		[ "$(delta exits_hypercall)" -le 4 ]
}
tap_check "the only hypercalls are the gate's console calls (at most 4)" console_only
grep '^# bench \(cli_sti\|pushf_popf\|pic_eoi\|uart_lsr_read\)=' $out | sed 's/^# /#   /'
tap_check "the guest ran to its end" [ "$rc" -le 1 ]
tap_done
