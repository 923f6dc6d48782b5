#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ipvmm_inplace.sh - issue #7 item 4, proven by counters: during the
# test guest's benchmark phase, cli/sti, pushf/popf and PIC and UART port
# accesses are handled by the in-place VMM with no world switch; and,
# for `make bench` (BENCH_LINES=1), every benchmark's exits, hypercalls
# and upcalls.
#
# The guest is started with the boot option "bench-gate"
# (tests/guest/bench.c): before each benchmark it prints "bench gate:
# ready NAME ops=N" and waits, with interrupts off, for a byte on its
# console; we read `burnctl stat` and send a byte; the benchmark runs,
# it prints "bench gate: done NAME" and waits again; we read the
# counters again and send another byte.  Between the two readings the
# guest itself made only console calls: fetching the first byte (hc_10)
# and printing the "done" line (hc_1).  Those are taken off; every other
# hypercall, guest exception and upcall is the benchmark's.  Host
# interrupts (exits_host) are the host's business and only reported.
#
# Expects burnvmm.ko loaded, /tests/testguest.elf and /bin/ipvmm.elf.
. /tests/tap.sh
g=/tests/testguest.elf
out=/tmp/inplace.out
err=/tmp/inplace.err
fifo=/tmp/inplace.in
dir=/tmp/inplace
INPLACE="cli_sti pushf_popf pic_eoi uart_lsr_read"
NBENCH=10

[ -n "${BENCH_LINES:-}" ] || tap_plan $((5 + 3 * 4))

have_files() { [ -r $g ] && [ -r /bin/ipvmm.elf ]; }
tap_check "testguest.elf and /bin/ipvmm.elf are packed" have_files

rm -rf $fifo $dir
mkdir -p $dir
mkfifo $fifo
timeout 600 burnctl start --mem 128M --append bench-gate $g <$fifo >$out 2>$err &
pid=$!
# Hold the console's write end open until the end, so that burnctl does
# not see end-of-input between two bytes.
exec 3>$fifo

# wait_count TEXT N SECONDS: the guest printed TEXT at least N times.
wait_count() {
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		[ "$(grep -c "$1" $out)" -ge "$2" ] && return 0
		kill -0 $pid 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
vm_id() { burnctl list | awk 'NR == 2 { print $1 }'; }
# val NAME FILE: counter NAME in a `burnctl stat` output
val() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }

# Walk the gates: for gate n, the n-th "ready" line names the benchmark.
names=
n=0
while [ $n -lt $NBENCH ]; do
	n=$((n + 1))
	wait_count "bench gate: ready" $n 300 || break
	line=$(grep "bench gate: ready" $out | sed -n "${n}p" | tr -d '\r')
	name=$(echo "$line" | sed 's/.*ready \([a-z0-9_]*\) ops=.*/\1/')
	ops=$(echo "$line" | sed 's/.*ops=\([0-9]*\).*/\1/')
	[ -z "${id:-}" ] && id=$(vm_id)
	burnctl stat "$id" >$dir/$name.s1 2>&1
	echo "$ops" >$dir/$name.ops
	printf 'a' >&3
	wait_count "bench gate: done" $n 300 || break
	burnctl stat "$id" >$dir/$name.s2 2>&1
	printf 'b' >&3
	names="$names $name"
done
wait $pid
rc=$?
exec 3>&-
tap_diag "burnctl start exited $rc after gates:$names"
grep '^not ok' $out | tr -d '\r' | sed 's/^/#   guest: /'
sed 's/^/#   err: /' $err | head -5

# delta NAME BENCH: how much counter NAME grew across BENCH, without the
# gate's own console calls (taken off every counter they add to).
delta() {
	a=$(val "$1" $dir/$2.s1)
	b=$(val "$1" $dir/$2.s2)
	d=$((${b:-0} - ${a:-0}))
	case $1 in
	exits | exits_hypercall) d=$((d - $(gate_calls "$2"))) ;;
	hc_1 | hc_10) d=0 ;;
	esac
	echo $d
}
gate_calls() {
	c=0
	for k in hc_1 hc_10; do
		a=$(val $k $dir/$1.s1)
		b=$(val $k $dir/$1.s2)
		c=$((c + ${b:-0} - ${a:-0}))
	done
	echo $c
}

all_gates() { [ "$(echo $names | wc -w)" = $NBENCH ]; }
tap_check "the guest stopped at all $NBENCH bench gates" all_gates
have_stats() { [ -n "$(val exits $dir/cli_sti.s1)" ] && [ -n "$(val exits $dir/cli_sti.s2)" ]; }
tap_check "burnctl stat read the VM's counters at the gates" have_stats
no_timeout() { ! grep -q 'no byte on COM1' $out; }
tap_check "no gate timed out" no_timeout

for b in $names; do
	tap_diag "$b ($(cat $dir/$b.ops) ops): exits $(delta exits $b) (host $(delta exits_host $b)), hypercall $(delta exits_hypercall $b), exception $(delta exits_exception $b), upcalls $(delta upcalls_exception $b)+$(delta upcalls_event $b); gate console calls $(gate_calls $b)"
done

# The in-place four: nothing but host interrupts.
for b in $INPLACE; do
	tap_check "$b: no guest exception exits the world" \
		[ "$(delta exits_exception $b)" = 0 ]
	no_upcalls() { [ "$(delta upcalls_exception $1)" = 0 ] && [ "$(delta upcalls_event $1)" = 0 ]; }
	tap_check "$b: no upcall" no_upcalls $b
	console_only() { [ "$(delta exits_hypercall $1)" = 0 ] && [ "$(gate_calls $1)" -le 4 ]; }
	tap_check "$b: no hypercall but the gate's console calls (at most 4)" console_only $b
done
grep '^# bench [a-z0-9_]*=' $out | tr -d '\r' | sed 's/^# /#   /'
tap_check "the guest ran to its end" [ "$rc" -le 1 ]

# For bench/vm-bench: the counters as bench/report reads them, the first
# reading as the baseline, the second without the gate's console calls.
if [ -n "${BENCH_LINES:-}" ]; then
	for b in $names; do
		ops=$(cat $dir/$b.ops)
		gc=$(gate_calls $b)
		sed "s/^/# BENCH stat suite=testguest name=$b run=baseline /" $dir/$b.s1
		awk -v gc="$gc" -v h1="$(val hc_1 $dir/$b.s1)" -v h10="$(val hc_10 $dir/$b.s1)" '
			$1 == "exits" || $1 == "exits_hypercall" { $2 -= gc }
			$1 == "hc_1" { $2 = h1 }
			$1 == "hc_10" { $2 = h10 }
			{ print }' $dir/$b.s2 >$dir/$b.s2adj
		sed "s/^/# BENCH stat suite=testguest name=$b run=sample /" $dir/$b.s2adj
		echo "# BENCH baseline side=burnvmm suite=testguest name=$b exits=$(val exits $dir/$b.s1) hypercalls=$(val exits_hypercall $dir/$b.s1)"
		echo "# BENCH counters side=burnvmm suite=testguest name=$b ops=$ops exits=$(val exits $dir/$b.s2adj) hypercalls=$(val exits_hypercall $dir/$b.s2adj)"
	done
fi
tap_done
