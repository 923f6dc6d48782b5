#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# stats.sh - a VM's counters (`burnctl stat`, VM_STATS) and their debugfs
# file, the tracepoints, and VM_EVENT as burnctl sends it (`burnctl irq`,
# standard input of `burnctl start`).  Expects burnvmm.ko loaded and the
# raw guests of tests/kmod-guests/ in /tests.  The netlink-level checks
# of both commands are in control_test.c.
. /tests/tap.sh
tap_plan 42
out=/tmp/st.out
g=/tests
dbg=/sys/kernel/debug/burnvmm

rc_is() { # rc_is WANT CMD... : CMD exits with WANT; output kept in $out
	want=$1
	shift
	"$@" >$out 2>&1
	got=$?
	[ "$got" = "$want" ] || { tap_diag "$*: exit $got, wanted $want"; sed 's/^/#   /' $out; return 1; }
}
vm_count() { burnctl list | tail -n +2 | wc -l; }
count_is() { [ "$(vm_count)" = "$1" ]; }
first_id() { burnctl list | awk 'NR == 2 { print $1 }'; }
# val NAME FILE: the value of counter NAME in a "name value" file
val() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }
one_line() { [ "$(wc -l <$out)" = 1 ] && grep -Eq "$1" $out; }
skip() { # skip N REASON: N tests that cannot run here
	i=0
	while [ $i -lt "$1" ]; do
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N - $2 # SKIP"
		i=$((i + 1))
	done
}

# Errors first: one line each, with the usual exit codes.
tap_check "stat of an unknown VM exits 4" rc_is 4 burnctl stat 4242
tap_check "with one line that says so" one_line '^burnctl: stat: no such VM$'
tap_check "stat with a bad id is a usage error" rc_is 129 burnctl stat 0
tap_check "stat without an id is a usage error" rc_is 129 burnctl stat
tap_check "irq of an unknown VM exits 4" rc_is 4 burnctl irq 4242 8

# A VM that has not started: every counter, all zero, and debugfs agrees.
burnctl create --mem 8M >/tmp/hold.out 2>&1 &
h=$!
wait_for count_is 1
id=$(first_id)
burnctl stat "$id" >/tmp/s0 2>&1
tap_check "stat prints every counter, 66 lines" [ "$(wc -l </tmp/s0)" = 66 ]
tap_check "in enum order, named from the enum" sh -c \
	"head -1 /tmp/s0 | grep -q '^exits 0$' && grep -q '^exits_hypercall 0$' /tmp/s0 && grep -q '^hc_3 0$' /tmp/s0 && grep -q '^exc_31 0$' /tmp/s0 && tail -1 /tmp/s0 | grep -q '^shadow_prefetches 0$'"
tap_check "all zero before the guest starts" sh -c "! awk '\$2 != 0' /tmp/s0 | grep -q ."
tap_check "--json prints the same counters" sh -c \
	"burnctl stat --json $id >$out && grep -q '\"id\": $id' $out && [ \$(grep -c '\": 0' $out) = 66 ]"
tap_check "stat needs no privileges" rc_is 0 su nobody -s /bin/sh -c "burnctl stat $id"
if [ -d $dbg ]; then
	tap_check "debugfs has vm$id/stats" test -r $dbg/vm$id/stats
	tap_check "debugfs says what burnctl stat says" cmp -s $dbg/vm$id/stats /tmp/s0
else
	skip 2 "no debugfs"
fi

# burnctl irq: bits 8..31, the owner's (or root's) to raise.
tap_check "irq on a VM that has not started" rc_is 0 burnctl irq "$id" 8
tap_check "irq bit 7 is refused by burnctl" rc_is 129 burnctl irq "$id" 7
tap_check "with a message naming the range" one_line "^burnctl: irq: invalid bit '7': event bit must be 8\\.\\.31"
tap_check "irq bit 32 is refused" rc_is 129 burnctl irq "$id" 32
tap_check "unprivileged irq exits 3" rc_is 3 su nobody -s /bin/sh -c "burnctl irq $id 8"
burnctl destroy "$id"
wait $h
if [ -d $dbg ]; then
	tap_check "debugfs directory gone after destroy" sh -c "[ ! -e $dbg/vm$id ]"
else
	skip 1 "no debugfs"
fi

# A running guest: 1000 null hypercalls, then it spins.
burnctl start --no-ipvmm --mem 8M $g/statspin.elf >/tmp/ss.out 2>&1 &
s=$!
tap_check "statspin runs its hypercalls" wait_for grep -q 'statspin: ready' /tmp/ss.out
id=$(first_id)
burnctl stat "$id" >/tmp/s1 2>&1
sleep 1
burnctl stat "$id" >/tmp/s2 2>&1
tap_diag "after 1 s: exits $(val exits /tmp/s2), host $(val exits_host /tmp/s2), hypercall $(val exits_hypercall /tmp/s2)"
tap_check "hc_0 counts the 1000 null hypercalls" [ "$(val hc_0 /tmp/s1)" = 1000 ]
tap_check "hc_1 counts the console write" [ "$(val hc_1 /tmp/s1)" = 1 ]
tap_check "exits_hypercall counts both kinds" [ "$(val exits_hypercall /tmp/s1)" = 1001 ]
tap_check "exits include them" [ "$(val exits /tmp/s1)" -ge 1001 ]
tap_check "exits keep growing while the guest spins" \
	[ "$(val exits /tmp/s2)" -gt "$(val exits /tmp/s1)" ]
if [ -d $dbg ]; then
	tap_check "debugfs follows the running guest" \
		[ "$(val hc_0 $dbg/vm$id/stats)" = 1000 ]
else
	skip 1 "no debugfs"
fi
tap_check "irq on a running guest" rc_is 0 burnctl irq "$id" 31
burnctl stop "$id"
wait $s
rc=$?
tap_check "statspin stops on request" sh -c "[ $rc = 6 ] && grep -q 'stopped on request' /tmp/ss.out"
tap_check "and its debugfs directory goes with it" wait_for sh -c "[ ! -e $dbg/vm$id ]"

# Standard input of burnctl start is console input.
printf 'abc\n' | burnctl start --no-ipvmm --mem 8M $g/hello.elf >$out 2>/tmp/err.out
rc=$?
tap_check "piped input to a guest that shuts down" sh -c \
	"[ $rc = 0 ] && grep -q 'hello from ring 1' $out && [ ! -s /tmp/err.out ]"
burnctl start --no-ipvmm --mem 8M $g/hello.elf <&- >$out 2>/tmp/err.out
rc=$?
tap_check "closed standard input forwards nothing" sh -c "[ $rc = 0 ] && [ ! -s /tmp/err.out ]"
tap_check "--console none" rc_is 0 burnctl start --no-ipvmm --mem 8M --console none $g/hello.elf
tap_check "--console with a bad mode is a usage error" \
	rc_is 129 burnctl start --no-ipvmm --mem 8M --console tty $g/hello.elf
(printf 'x'; sleep 1) | burnctl start --no-ipvmm --mem 8M $g/spin.elf >/tmp/sp.out 2>&1 &
p=$!
wait_for count_is 1
sleep 2
tap_check "the guest keeps running after its input ends" \
	sh -c "burnctl list | grep -q running"
kill -TERM $p
wait $p
tap_check "and stops on SIGTERM" grep -q 'stopped on request' /tmp/sp.out

# End to end: console input and event bits reach a guest that reads them.
# Each guest gets a watchdog, so a lost byte or bit fails instead of hanging.
# 8000 bytes is eight times the VM's input buffer: burnctl must wait for
# room (-EAGAIN, partial takes) without losing or reordering a byte.
awk 'BEGIN { for (i = 0; i < 500; i++) printf "%015d\n", i; printf "q" }' >/tmp/in.dat
echo_run() { # echo_run CMD...: conecho with its output in /tmp/echo.out
	"$@" >/tmp/echo.out 2>/tmp/err.out &
	e=$!
	(sleep 120; kill -TERM $e 2>/dev/null) &
	k=$!
	wait $e
	rc=$?
	kill $k 2>/dev/null
	[ $rc = 0 ] && [ ! -s /tmp/err.out ] && cmp -s /tmp/in.dat /tmp/echo.out && return 0
	tap_diag "exit $rc, $(wc -c </tmp/echo.out) bytes back of $(wc -c </tmp/in.dat)"
	sed 's/^/#   err: /' /tmp/err.out
	return 1
}
tap_check "8001 bytes from a file reach the guest in order" \
	echo_run sh -c "exec burnctl start --no-ipvmm --mem 8M $g/conecho.elf </tmp/in.dat"
tap_check "and from a pipe" \
	echo_run sh -c "cat /tmp/in.dat | burnctl start --no-ipvmm --mem 8M $g/conecho.elf"
burnctl start --no-ipvmm --mem 8M --console none $g/irqwait.elf >/tmp/iw.out 2>&1 &
w=$!
(sleep 60; kill -TERM $w 2>/dev/null) &
k=$!
wait_for grep -q 'irqwait: waiting' /tmp/iw.out
burnctl irq "$(first_id)" 20
wait $w
rc=$?
kill $k 2>/dev/null
irq_woke() {
	[ "$rc" = 0 ] && grep -q '^irqwait: bits 0x00100000$' /tmp/iw.out && return 0
	tap_diag "exit $rc"
	sed 's/^/#   /' /tmp/iw.out
	return 1
}
tap_check "burnctl irq wakes an idle guest with its bit" irq_woke

# Tracepoints, where the kernel has tracefs.
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
if [ -d $t/events/burnvmm ]; then
	echo >$t/trace
	echo 1 >$t/events/burnvmm/enable
	burnctl start --no-ipvmm --mem 8M $g/hello.elf >/dev/null 2>&1
	echo 0 >$t/events/burnvmm/enable
	grep burnvmm_ $t/trace >/tmp/trace.out
	tap_diag "$(wc -l </tmp/trace.out) burnvmm trace events; first: $(head -1 /tmp/trace.out)"
	tap_check "burnvmm_entry events" grep -Eq 'burnvmm_entry: vm [0-9]+ eip 0x[0-9a-f]{8} cs 0x' /tmp/trace.out
	tap_check "burnvmm_exit events for hypercalls" grep -Eq 'burnvmm_exit: vm [0-9]+ vector 0x82 eip 0x[0-9a-f]{8} hypercall' /tmp/trace.out
	tap_check "burnvmm_hypercall for the console write" grep -Eq 'burnvmm_hypercall: vm [0-9]+ nr 1 ret 18' /tmp/trace.out
	tap_check "burnvmm_upcall is declared" test -d $t/events/burnvmm/burnvmm_upcall
else
	skip 4 "no tracefs"
fi
tap_check "no VM is left" wait_for count_is 0
tap_done
