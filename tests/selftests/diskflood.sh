#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# diskflood.sh [REQUESTS KILLS] - the disk back end flooded
# (tests/kmod-guests/diskflood.c): two guests at once, each with its own
# --disk, throw REQUESTS BURN_HC_BLOCK_IO requests each as fast as they
# can, good and bad (beyond the disk, bad counts and ops, buffers beyond
# RAM, bursts while one is in flight); every answer and completion must
# be the one the request deserves and every sector read must hold what
# was last written there.  The disk files must not grow and sector 0 (the
# guest's orders) must be untouched.  Then KILLS times a flooding guest's
# burnctl is killed with SIGKILL at a random moment (from its start-up
# to deep in the flood); then a flooding guest's burnctl is frozen with
# SIGSTOP for 3 s (the guest waits, or its requests fail with EIO) and
# must flood on after SIGCONT, and SIGTERM must then end the VM
# "stopped on request".  Afterwards no VM, no burnvmm-vm
# thread and no guest memory may be left.  Defaults: the bounded run of
# `make check` (tests/stress/run-all); `make stress-long` passes more.
# Expects burnvmm.ko loaded; leaves it loaded.
. /tests/tap.sh
requests=${1:-4000}
kills=${2:-6}
sectors=2048
w=/tmp/dflood
mkdir -p $w
rm -f $w/*
tap_plan 11

# mkdisk FILE REQUESTS SEED: a zeroed disk with the guest's orders
mkdisk() {
	dd if=/dev/zero of="$1" bs=512 count=$sectors 2>/dev/null
	printf 'DISKFLOOD n=%08d s=%08d seed=%08x' "$2" $sectors "$3" |
		dd of="$1" conv=notrunc 2>/dev/null
	dd if="$1" of="$1.head" bs=512 count=1 2>/dev/null
}

rnd() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }

vms_left() { burnctl list 2>/dev/null | tail -n +2 | wc -l; }
nothing_left() {
	[ "$(vms_left)" = 0 ] &&
	! cat /proc/[0-9]*/comm 2>/dev/null | grep -q '^burnvmm-vm' &&
	burnctl version | grep -q ' 0 VMs, 0B guest RAM in use'
}

# 1. Two floods at once, to the end.
seed0=$(( $(date +%s) % 100000 * 10 ))
t0=$(date +%s)
for i in 0 1; do
	mkdisk $w/$i.img "$requests" $((seed0 + i))
	tap_diag "flood VM $i: seed $(printf %08x $((seed0 + i))), $requests requests"
	timeout 900 burnctl start --no-ipvmm --mem 8M --console none \
		--disk $w/$i.img /tests/diskflood.elf >$w/$i.out 2>$w/$i.err &
	echo $! >$w/$i.pid
done
for i in 0 1; do
	wait "$(cat $w/$i.pid)"
	echo $? >$w/$i.rc
done
took=$(($(date +%s) - t0))
good=0
for i in 0 1; do
	tap_diag "flood VM $i: exit $(cat $w/$i.rc); $(grep -a '^diskflood: done' $w/$i.out)"
	tap_diag "  $(grep -a '^diskflood: wrong' $w/$i.out)"
	if [ "$(cat $w/$i.rc)" = 0 ] && grep -q '^diskflood: done' $w/$i.out &&
	   [ ! -s $w/$i.err ]; then
		good=$((good + 1))
	else
		grep -av '^diskflood: [0-9]* requests' $w/$i.out | tail -8 |
			sed 's/^/#   out: /'
		sed 's/^/#   err: /' $w/$i.err
	fi
done
figures=$(cat $w/0.out $w/1.out | awk '/^diskflood: done/ {
	for (i = 3; i < NF; i += 2) s[$i] += $(i + 1) }
	END { printf "%d requests (%d ok, %d EINVAL, %d EFAULT, %d EBUSY, %d EIO), %d writes, %d reads checked",
		s["requests"], s["ok"], s["einval"], s["efault"], s["ebusy"],
		s["eio"], s["writes"], s["reads-checked"] }')
tap_diag "two floods: $figures in $took s"
tap_check "two guests flooding the disk back end got only right answers and right data ($figures in $took s)" \
	[ $good = 2 ]
tap_check "the disk files did not grow" sh -c \
	"[ \$(wc -c <$w/0.img) = $((sectors * 512)) ] && [ \$(wc -c <$w/1.img) = $((sectors * 512)) ]"
tap_check "sector 0 was never written" sh -c \
	"dd if=$w/0.img bs=512 count=1 2>/dev/null | cmp -s - $w/0.img.head &&
	 dd if=$w/1.img bs=512 count=1 2>/dev/null | cmp -s - $w/1.img.head"
tap_check "nothing left after the floods" wait_for nothing_left

# 2. SIGKILL of burnctl at random moments: the first rounds early (while
# it loads the guest, or at its first requests), later ones deep in.
mkdisk $w/k.img 0 $((seed0 + 7))
k=0 unclean=0 deep=0
while [ $k -lt "$kills" ]; do
	burnctl start --no-ipvmm --mem 8M --console none --disk $w/k.img \
		/tests/diskflood.elf >$w/k.out 2>$w/k.err &
	b=$!
	# 0..0.3 s for the first half, then 0.5..3 s
	if [ $((k * 2)) -lt "$kills" ]; then
		sleep "0.$(($(rnd) % 4))"
	else
		sleep "$((1 + $(rnd) % 3)).$(($(rnd) % 10))"
	fi
	grep -q '^diskflood: flooding' $w/k.out && deep=$((deep + 1))
	kill -KILL $b 2>/dev/null
	wait $b 2>/dev/null
	if ! wait_for nothing_left; then
		unclean=$((unclean + 1))
		tap_diag "kill round $k: left behind: $(vms_left) VMs; $(burnctl version | tail -1)"
		# Clean up for the next round.
		for id in $(burnctl list 2>/dev/null | awk 'NR > 1 { print $1 }'); do
			burnctl destroy "$id" >/dev/null 2>&1
		done
	fi
	k=$((k + 1))
done
tap_diag "kill -9: $kills rounds, $deep of them once the guest was flooding, $unclean left something"
tap_check "kill -9 of burnctl under a disk flood leaves nothing ($kills rounds, $deep in the flood)" \
	[ $unclean = 0 ]
tap_check "the disk file did not grow" \
	sh -c "[ \$(wc -c <$w/k.img) = $((sectors * 512)) ]"

# 3. A frozen owner, then SIGTERM: the VM must end "stopped on request".
burnctl start --no-ipvmm --mem 8M --console none --disk $w/k.img \
	/tests/diskflood.elf >$w/s.out 2>$w/s.err &
b=$!
wait_long grep -q '^diskflood: [0-9]* requests' $w/s.out
tap_check "a flooding guest gets going" \
	grep -q '^diskflood: [0-9]* requests' $w/s.out
progress() { grep -c '^diskflood: [0-9]* requests' $w/s.out; }
kill -STOP $b
sleep 3
before=$(progress)
kill -CONT $b
wait_long sh -c "[ \$(grep -c '^diskflood: [0-9]* requests' $w/s.out) -gt $before ]"
tap_check "it floods on after its burnctl was frozen for 3 s ($before thousands before, $(progress) after)" \
	[ "$(progress)" -gt "$before" ]
kill -TERM $b
( sleep 30; kill -KILL $b 2>/dev/null ) &
guard=$!
wait $b
rc=$?
kill $guard 2>/dev/null
wait $guard 2>/dev/null
tap_check "SIGTERM stops it: \"stopped on request\", exit 6 (exit $rc)" \
	sh -c "[ $rc = 6 ] && grep -q 'ended: stopped on request' $w/s.err"
[ $rc = 6 ] || sed 's/^/#   err: /' $w/s.err
tap_check "nothing left at the end" wait_for nothing_left
tap_check "and a guest still runs" sh -c \
	"burnctl start --no-ipvmm --mem 8M --console none /tests/hello.elf | grep -q 'hello from ring 1'"
tap_done
