#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest_fuzz.sh [SEQUENTIAL PAIRS MS [SEED]] - the guest fuzzer
# (tests/kmod-guests/fuzz.c): SEQUENTIAL fuzz VMs one after the other,
# then PAIRS pairs of two at once, each fuzzing for MS milliseconds with
# its own seed.  Every VM must end with a reason: its own completion or
# shutdown, an end reason from the module, or "stopped on request" when
# the harness stops it (below).  Failures: a VM that does not end within
# STOP_BOUND seconds of being stopped (the stop path is broken), a
# burnctl failure, any VM, thread or guest memory left behind afterwards,
# a module that will not unload and load again.  The host kernel's log
# (oops, WARNING, lockdep, KASAN) is checked by the VM harness.
# Defaults: the bounded run of `make check` (4 sequential, 1 pair, 3 s
# each).
#
# Why the harness stops guests: the fuzzed code runs at ring 1 with
# random registers and `int $0x82` in its instruction table, so it can
# make any hypercall the guest can, with EAX computed at run time:
# BURN_HC_SET_TIMER pushes the guest's own watchdog (its only way back
# from an endless loop) decades away or cancels it, BURN_HC_IDLE with
# the timer cancelled sleeps for ever, BURN_HC_SET_UPCALL points its
# exceptions and events at random code.  Filtering in the generator
# cannot prevent that, and a guest that spins for ever is legitimate
# guest behaviour; what the host owes is that such a guest can be
# stopped and leaves nothing.  So a VM still running at its budget plus
# GRACE seconds is a runaway: the harness records its counters twice,
# 2 s apart (what it was doing: spinning, sleeping, taking events), sends
# burnctl SIGTERM (which stops the VM with BURNVMM_CMD_VCPU_STOP), and
# the VM must then end "stopped on request" within STOP_BOUND seconds.
#
# Seeds: SEED (default: from the clock) is the first; VM i gets SEED + i.
# Each seed is printed; replay one anywhere with
#   fuzz_image SEED MS 0 /tmp/f.elf 1 && burnctl start --no-ipvmm --mem 16M /tmp/f.elf
# (fuzz_image is below: it patches the guest's FUZZCONF string; the 1
# turns on the guest's trace, one line per iteration).  Odd VMs get
# random console input; while a pair runs, both get random device
# interrupts, stat and info requests over netlink.
#
# Environment: FUZZ_TRACE=1 traces every VM; FUZZ_VM86=0 stops the fuzzed
# code setting EFLAGS.VM with iret (on by default since the module ends
# such a guest cleanly: kmod/x86/core.c S:610; see fuzz_vm86 in fuzz.c).
# Expects burnvmm.ko loaded; leaves it loaded.
. /tests/tap.sh
seq_vms=${1:-4}
pairs=${2:-1}
ms=${3:-3000}
seed0=${4:-$(( $(date +%s) % 1000000 * 1000 ))}
mem=16M
# A VM gets its budget plus GRACE seconds to end by itself, then is
# stopped; it must be gone STOP_BOUND seconds later.
grace=${GRACE:-60}
stop_bound=${STOP_BOUND:-30}
tap_plan 9
w=/tmp/gfuzz
mkdir -p $w
rm -f $w/*

# fuzz_image SEED MS ITERS OUT [TRACE [VM86]]: fuzz.elf with its
# configuration patched; TRACE=1 makes the guest print every iteration,
# VM86=1 lets it set EFLAGS.VM with iret (fuzz.c, fuzz_vm86).
fuzz_image() {
	cp /tests/fuzz.elf "$4" || return 1
	off=$(strings -t d "$4" | awk '/FUZZCONF seed=/ {
		rest = substr($0, index($0, $1) + length($1) + 1)
		print $1 + index(rest, "FUZZCONF") - 1; exit }')
	[ -n "$off" ] || return 1
	printf 'FUZZCONF seed=%016x ms=%08d iters=%08d v=%d x=%d' \
		"$1" "$2" "$3" "${5:-0}" "${6:-0}" |
		dd of="$4" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

# start_fuzz N SEED: VM number N in the background; pid in $w/N.pid
start_fuzz() {
	fuzz_image "$2" "$ms" 0 $w/$1.elf "${FUZZ_TRACE:-0}" \
		"${FUZZ_VM86:-1}" || { echo 255 >$w/$1.rc; return; }
	echo "$2" >$w/$1.seed
	# Said before it runs: if the machine under us dies, the log still
	# names the seed to replay.
	tap_diag "VM $1: seed $2"
	# Odd VMs get random console input, for the guest's random
	# BURN_HC_CONSOLE_READ calls to find.
	if [ $(($1 % 2)) = 1 ]; then
		head -c 8192 /dev/urandom >$w/$1.in
		console=stdio
	else
		: >$w/$1.in
		console=none
	fi
	(
		burnctl start --no-ipvmm --mem $mem --console $console \
			$w/$1.elf <$w/$1.in >$w/$1.out 2>$w/$1.err &
		b=$!
		# Tenths of a second, polled: most VMs end well before.
		t=0
		while kill -0 $b 2>/dev/null &&
		      [ $t -lt $(((ms / 1000 + grace) * 10)) ]; do
			sleep 0.1
			t=$((t + 1))
		done
		if kill -0 $b 2>/dev/null; then
			runaway $1 $b
		fi
		wait $b
		echo $? >$w/$1.rc
	) &
	echo $! >$w/$1.pid
}

# stat_of ID: the counters that tell what a VM is doing, one line
stat_of() {
	burnctl stat "$1" 2>/dev/null | awk '
		$1 ~ /^(exits|exits_host|exits_hypercall|exits_exception|upcalls_event|upcalls_exception|timer_fires|idle_sleeps|hc_5|hc_8|hc_9)$/ {
			printf "%s=%s ", $1, $2 }'
}

# runaway N PID: VM N's burnctl (PID) is past its budget.  Record the
# counters of every VM listed (in a pair the other one is there too,
# labelled by its id), then stop it and wait STOP_BOUND seconds; one that
# is still there is killed and marked $w/N.unstoppable.
runaway() {
	touch $w/$1.stopped
	ids=$(burnctl list 2>/dev/null | awk 'NR > 1 { print $1 }')
	for id in $ids; do
		echo "VM id $id before: $(stat_of $id)" >>$w/$1.diag
	done
	sleep 2
	for id in $ids; do
		echo "VM id $id 2 s on: $(stat_of $id)" >>$w/$1.diag
	done
	kill -TERM $2
	t=0
	while kill -0 $2 2>/dev/null && [ $t -lt $((stop_bound * 10)) ]; do
		sleep 0.1
		t=$((t + 1))
	done
	echo "stopped after $((t / 10)).$((t % 10)) s" >>$w/$1.diag
	if kill -0 $2 2>/dev/null; then
		touch $w/$1.unstoppable
		kill -KILL $2
	fi
}

# finish N: wait for VM N
finish() {
	wait "$(cat $w/$1.pid)" 2>/dev/null
}

n=0
while [ $n -lt "$seq_vms" ]; do
	start_fuzz $n $((seed0 + n))
	finish $n
	n=$((n + 1))
done
# pester: while two fuzz VMs run, poke them over netlink: device
# interrupts (event upcalls at random moments), counters, info.
pester() {
	while [ ! -e $w/stop-pester ]; do
		for id in $(burnctl list 2>/dev/null | awk 'NR > 1 { print $1 }'); do
			bit=$((8 + $(od -An -N1 -tu1 /dev/urandom) % 24))
			burnctl irq "$id" $bit >/dev/null 2>&1
			burnctl stat "$id" >/dev/null 2>&1
			burnctl info "$id" >/dev/null 2>&1
		done
		sleep 0.2
	done
}
p=0
while [ $p -lt "$pairs" ]; do
	rm -f $w/stop-pester
	pester &
	pester_pid=$!
	start_fuzz $n $((seed0 + n))
	start_fuzz $((n + 1)) $((seed0 + n + 1))
	finish $n
	finish $((n + 1))
	touch $w/stop-pester
	wait $pester_pid
	n=$((n + 2))
	p=$((p + 1))
done
total=$n

# Every burnctl has exited, so every VM must be gone (a killed burnctl's
# with its socket), allowing the module a moment.  Whatever is still
# there is counted by the checks below, then ended so later tests run.
wait_for sh -c "[ \$(burnctl list 2>/dev/null | tail -n +2 | wc -l) = 0 ]"
left_after=$(burnctl list 2>/dev/null | tail -n +2 | wc -l)
for id in $(burnctl list 2>/dev/null | awk 'NR > 1 { print $1 }'); do
	burnctl stop "$id" >/dev/null 2>&1
	burnctl destroy "$id" >/dev/null 2>&1
done

# The figures, one VM per line, then the sums.
done_vms=0 ended=0 failed_vms=0 stopped=0 unstoppable=0 iters=0 excs=0 events=0 hcs=0
i=0
while [ $i -lt $total ]; do
	rc=$(cat $w/$i.rc 2>/dev/null || echo none)
	seed=$(cat $w/$i.seed 2>/dev/null)
	line=$(grep -a '^fuzz: done' $w/$i.out 2>/dev/null)
	if [ -e $w/$i.unstoppable ]; then
		unstoppable=$((unstoppable + 1))
		tap_diag "VM $i seed $seed: runaway, NOT ended ${stop_bound} s after the stop (killed, exit $rc)"
		sed 's/^/#   /' $w/$i.diag
	elif [ -e $w/$i.stopped ]; then
		if [ "$rc" = 6 ] &&
		   grep -q 'ended: stopped on request' $w/$i.err; then
			stopped=$((stopped + 1))
			tap_diag "VM $i seed $seed: runaway, stopped on request by the harness"
		else
			unstoppable=$((unstoppable + 1))
			tap_diag "VM $i seed $seed: runaway, stopped but did not end \"stopped on request\" (exit $rc): $(head -c 200 $w/$i.err)"
		fi
		sed 's/^/#   /' $w/$i.diag
		tap_diag "  last output: $(grep -a '^fuzz:' $w/$i.out | tail -1)"
		tap_diag "  replay: fuzz_image $seed $ms 0 f.elf 1 ${FUZZ_VM86:-1}; burnctl start --no-ipvmm --mem $mem f.elf"
	elif [ "$rc" = 0 ] && [ -n "$line" ]; then
		done_vms=$((done_vms + 1))
		it=$(echo "$line" | awk '{ print $4 }')
		iters=$((iters + it))
		ex=$(grep -a '^fuzz: exceptions' $w/$i.out | awk '{ print $3 }')
		ev=$(grep -a '^fuzz: exceptions' $w/$i.out | awk '{ print $5 }')
		ok=$(grep -a '^fuzz: hypercalls' $w/$i.out | awk '{ print $4 + $6 }')
		excs=$((excs + ex))
		events=$((events + ev))
		hcs=$((hcs + ok))
		tap_diag "VM $i seed $seed: completed, $it iterations, $ex exceptions, $ev watchdog events"
		tap_diag "  $(grep -a '^fuzz: vectors' $w/$i.out)"
	else
		why=$(sed -n 's/^burnctl: start: VM [0-9]* ended: //p' $w/$i.err | head -1)
		if [ -n "$why" ] || [ ! -s $w/$i.err ]; then
			# The module's reason, or the guest's own shutdown.
			ended=$((ended + 1))
			[ -n "$why" ] || why="shut down with $rc"
		else
			failed_vms=$((failed_vms + 1))
			why="burnctl failed, exit $rc: $(head -c 200 $w/$i.err)"
		fi
		tap_diag "VM $i seed $seed: ended early: $why"
		tap_diag "  last output: $(grep -a '^fuzz:' $w/$i.out | tail -1)"
	fi
	i=$((i + 1))
done
tap_diag "guest fuzz: $total VMs ($seq_vms sequential, $pairs pairs), ${ms} ms each, first seed $seed0"
tap_diag "guest fuzz: $done_vms completed, $ended ended early with a reason, $stopped runaways stopped on request, $unstoppable not ended by a stop, $failed_vms burnctl failures"
tap_diag "guest fuzz: $iters iterations, $excs exceptions upcalled, $events watchdog events, $hcs random hypercalls"

# The figures go into the test names too: parse-log keeps only the
# diagnostics of failing sections.
tap_check "every fuzz VM ended with a reason ($total VMs: $done_vms completed, $ended ended early, $stopped runaways stopped on request; $unstoppable did not end within ${stop_bound} s of a stop)" [ $unstoppable = 0 ]
tap_check "every fuzz VM ran or ended with a reason ($failed_vms burnctl failures)" [ $failed_vms = 0 ]
tap_check "the fuzzers did work ($iters iterations, $excs exceptions upcalled, $events watchdog events, $hcs random hypercalls)" [ $done_vms -gt 0 -a $iters -gt 0 ]
tap_check "no VM is left ($left_after listed after the last burnctl exited)" \
	sh -c "[ $left_after = 0 ] && [ \$(burnctl list | tail -n +2 | wc -l) = 0 ]"
tap_check "no VCPU thread is left" wait_for sh -c "! cat /proc/[0-9]*/comm 2>/dev/null | grep -q '^burnvmm-vm'"
tap_check "guest memory is all returned" sh -c "burnctl version | grep -q ' 0 VMs, 0B guest RAM in use'"
tap_check "rmmod after fuzzing" rmmod burnvmm
tap_check "the module loads again" insmod /lib/burnvmm.ko
tap_check "and runs a guest" sh -c "burnctl start --no-ipvmm --mem 8M --console none /tests/hello.elf | grep -q 'hello from ring 1'"
tap_done
