#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lifetime.sh - concurrency and lifetime stress of burnvmm.ko's control
# plane, inside the test host VM: several processes creating and
# destroying VMs at once (burnctl and the API), kill -9 of holders at
# random moments, a flood up to max_vms on one socket, and insmod/rmmod
# cycles racing with creators.  After each part nothing may be left
# (GET_INFO counters and VM list), and nobody may hang: every process
# runs under `timeout`, so a hang is an exit status, not a stuck VM.
#
# Expects burnvmm.ko loaded on entry and leaves it loaded.  Bounds come
# from /tests/stress.conf (CHURN_SECONDS, RMMOD_CYCLES, KILL_ROUNDS).
. /tests/tap.sh
. /tests/stress.conf
tap_plan 10
ko=/lib/burnvmm.ko
churn=/tests/nlchurn
bad=/tmp/lifetime.bad

nothing_left() {
	$churn empty >/tmp/empty.out 2>&1
	rc=$?
	[ $rc = 0 ] || sed 's/^/#   /' /tmp/empty.out
	return $rc
}

loaded() { grep -q '^burnvmm ' /proc/modules; }

# burnctl_loop SECONDS ALLOWED: hold VMs with burnctl for a random moment,
# then end them with SIGTERM; any exit status outside ALLOWED (a
# space-separated list) is written to $bad.  143: the TERM came before
# burnctl blocked it (no VM existed yet); 137: `timeout` killed a hang.
burnctl_loop() {
	end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -lt $end ]; do
		timeout -s KILL 30 burnctl create --mem 4M >/dev/null 2>&1 &
		p=$!
		usleep $(((RANDOM % 20) * 10000))
		kill -TERM $p 2>/dev/null
		wait $p
		rc=$?
		case " $2 143 " in
		*" $rc "*) ;;
		*) echo "burnctl create exited $rc" >>$bad ;;
		esac
	done
}

# churners N SECONDS [--unload-ok]: N API churners in the background;
# their pids in $pids, their output in /tmp/churn.N.
churners() {
	pids=
	i=0
	while [ $i -lt "$1" ]; do
		timeout -s KILL $(($2 + 60)) $churn churn --seconds "$2" $3 \
			>/tmp/churn.$i 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
}

# wait_churners: 0 if every churner exited 0; prints the failures.
wait_churners() {
	ok=0
	for p in $pids; do
		wait "$p" || ok=1
	done
	[ $ok = 0 ] || cat /tmp/churn.* | sed 's/^/#   /'
	grep -h '^# nlchurn' /tmp/churn.* | head -4
	return $ok
}

# 1-2: creators and destroyers at once, with burnctl and with the API.
rm -f $bad
churners 3 "$CHURN_SECONDS"
burnctl_loop "$CHURN_SECONDS" "0 5" 2>/dev/null &
l1=$!
burnctl_loop "$CHURN_SECONDS" "0 5" 2>/dev/null &
l2=$!
wait_churners
c=$?
wait $l1 $l2
tap_check "concurrent API creators and destroyers get only clean answers" [ $c = 0 ]
tap_check "concurrent burnctl holders exit cleanly" sh -c "[ ! -s $bad ] || { sed 's/^/#   /' $bad; false; }"
tap_check "nothing left after the concurrent run" nothing_left

# 3: kill -9 of burnctl create at random moments, including at once.
rm -f $bad
i=0
while [ $i -lt "$KILL_ROUNDS" ]; do
	burnctl create --mem 4M >/dev/null 2>&1 &
	p=$!
	[ $((i % 4)) = 0 ] || usleep $(((RANDOM % 30) * 10000))
	kill -9 $p
	wait $p 2>/dev/null
	i=$((i + 1))
done
tap_check "kill -9 of burnctl create at random moments leaves nothing" nothing_left

# 4: kill -9 of API churners in the middle of their work.
churners 2 30
usleep $(((RANDOM % 10 + 5) * 100000))
kill -9 $pids 2>/dev/null
for p in $pids; do wait "$p" 2>/dev/null; done
tap_check "kill -9 of busy API clients leaves nothing" nothing_left

# 5: one socket, up to max_vms and back, several times.
timeout -s KILL 120 $churn flood --rounds 4 >/tmp/flood.out 2>&1
rc=$?
cat /tmp/flood.out
tap_check "a flood of VM_CREATE on one socket stops exactly at max_vms" [ $rc = 0 ]
tap_check "nothing left after the flood" nothing_left

# 6-8: insmod/rmmod cycles while creators run.  A dump in progress holds
# a module reference, so rmmod may need a few tries; it must not need
# many, and insmod must always work.
rm -f $bad
secs=$((RMMOD_CYCLES * 2 + 2))
churners 2 $secs --unload-ok
burnctl_loop $secs "0 1 2 4 5" 2>/dev/null &
l1=$!
rmfail=0
insfail=0
i=0
while [ $i -lt "$RMMOD_CYCLES" ]; do
	usleep $(((RANDOM % 8 + 3) * 100000))
	t=0
	until rmmod burnvmm 2>/dev/null; do
		t=$((t + 1))
		[ $t -lt 100 ] || { rmfail=$((rmfail + 1)); break; }
		usleep 50000
	done
	usleep $(((RANDOM % 3 + 1) * 100000))
	insmod $ko || insfail=$((insfail + 1))
	i=$((i + 1))
done
wait_churners
c=$?
wait $l1
tap_check "creators racing insmod/rmmod see only clean errors, never hang" \
	sh -c "[ $c = 0 ] && { [ ! -s $bad ] || { sed 's/^/#   /' $bad; false; }; }"
tap_check "every rmmod and insmod of the $RMMOD_CYCLES cycles worked" \
	sh -c "[ $rmfail = 0 ] && [ $insfail = 0 ] && grep -q '^burnvmm ' /proc/modules"
tap_check "after the last cycle nothing is left" nothing_left
loaded || insmod $ko
tap_done
