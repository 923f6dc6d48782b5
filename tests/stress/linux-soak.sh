#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# linux-soak.sh SECONDS - the Linux guest (docs/guests/linux.md) for a
# bounded time, on the stress VM's debug kernel: cycles of the guest's
# scripted test (burnvmm.test=1: boot 1 writes files on a fresh ext2
# disk and reboots, burnctl restarts the guest, boot 2 checks the files
# and powers off: one `burnctl start`, as tests/selftests/linux_guest.sh
# runs it once), each followed by a
# burnctl killed with SIGKILL at a random moment of a Linux boot (from
# loading the kernel to running /init and its test).  Cycles start while
# less than SECONDS have passed.  Every cycle must end as it should (exit
# 0 after one restart) with all the guest's results "ok"; after each
# kill, and at the end, no VM, no burnvmm-vm thread and no guest memory
# may be left.  The host
# kernel's log is scanned by the harness (tests/vm/parse-log).
#
# vmlinux, rootfs.cpio.gz and linux-disk.img.gz are packed into /tests/
# by tests/vm/vmtest when `make guest-linux guest-linux-rootfs` built
# them; without them every test is a SKIP.  Expects burnvmm.ko loaded.
. /tests/tap.sh
seconds=${1:-600}
k=/tests/vmlinux
rootfs=/tests/rootfs.cpio.gz
disk_gz=/tests/linux-disk.img.gz
disk=/tmp/soak-disk.img
w=/tmp/soak
mkdir -p $w
rm -f $w/*
append="console=ttyS0 burnvmm.test=1 pata_legacy.all=1 panic=-1"
tap_plan 5
[ -r $k ] && [ -r $rootfs ] && [ -r $disk_gz ] ||
	tap_skip_all 5 "linux soak" \
		"no vmlinux/rootfs.cpio.gz packed (make guest-linux guest-linux-rootfs)"

nothing_left() {
	[ "$(burnctl list 2>/dev/null | tail -n +2 | wc -l)" = 0 ] &&
	! cat /proc/[0-9]*/comm 2>/dev/null | grep -q '^burnvmm-vm' &&
	burnctl version | grep -q ' 0 VMs, 0B guest RAM in use'
}

# boot N: one scripted boot on $disk; console in $w/N.out, exit in $w/N.rc
boot() {
	timeout 900 burnctl start --mem 128M --console none --disk $disk \
		--append "$append" --initrd $rootfs $k >$w/$1.out 2>$w/$1.err
	echo $? >$w/$1.rc
}

t0=$(date +%s)
cycles=0 boots=0 bad_boots=0 guest_ok=0 guest_bad=0 kills=0 unclean=0
kill_slowest=0
n=0
while [ $(($(date +%s) - t0)) -lt "$seconds" ]; do
	cycles=$((cycles + 1))
	gunzip -c $disk_gz >$disk
	c0=$(date +%s)
	# Both phases in one burnctl start: phase 1 reboots the guest and
	# burnctl restarts it (builtin-start.c), phase 2 powers off.
	n=$((n + 1))
	boot $n
	boots=$((boots + 2))
	ok=$(tr -d '\r' <$w/$n.out | grep -c '^burnvmm-tap: ok')
	bad=$(tr -d '\r' <$w/$n.out | grep -c '^burnvmm-tap: not ok')
	guest_ok=$((guest_ok + ok))
	guest_bad=$((guest_bad + bad))
	rc=$(cat $w/$n.rc)
	if [ "$rc" != 0 ] || [ "$bad" != 0 ] || [ "$ok" = 0 ] ||
	   ! grep -q 'guest rebooted, restarting' $w/$n.err ||
	   ! grep -q "phase 1 done, fail=0" $w/$n.out ||
	   ! grep -q "phase 2 done, fail=0" $w/$n.out; then
		bad_boots=$((bad_boots + 1))
		tap_diag "cycle $cycles: exit $rc, $ok ok, $bad not ok"
		tr -d '\r' <$w/$n.out | grep '^burnvmm-tap: not ok' |
			head -5 | sed 's/^/#   /'
		tail -5 $w/$n.out | sed 's/^/#   guest: /'
		sed 's/^/#   err: /' $w/$n.err | head -3
	fi
	tap_diag "cycle $cycles: two scripted boots in $(($(date +%s) - c0)) s"

	# A kill at a random moment of a boot: up to the last cycle's length.
	len=$(($(date +%s) - c0))
	[ $len -gt 2 ] || len=2
	delay=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % (len / 2 * 10)))
	gunzip -c $disk_gz >$disk
	burnctl start --mem 128M --console none --disk $disk \
		--append "$append" --initrd $rootfs $k >$w/kill.out 2>$w/kill.err &
	b=$!
	sleep "$((delay / 10)).$((delay % 10))"
	kill -KILL $b 2>/dev/null
	wait $b 2>/dev/null
	kills=$((kills + 1))
	kt=0
	while ! nothing_left && [ $kt -lt 300 ]; do
		sleep 0.1
		kt=$((kt + 1))
	done
	[ $kt -gt $kill_slowest ] && kill_slowest=$kt
	if ! nothing_left; then
		unclean=$((unclean + 1))
		tap_diag "kill after $((delay / 10)).$((delay % 10)) s: left behind: $(burnctl list | tail -n +2 | wc -l) VMs; $(burnctl version | tail -1)"
		for id in $(burnctl list 2>/dev/null | awk 'NR > 1 { print $1 }'); do
			burnctl destroy "$id" >/dev/null 2>&1
		done
	else
		tap_diag "kill after $((delay / 10)).$((delay % 10)) s ($(tr -d '\r' <$w/kill.out | grep -c .) console lines): all gone $((kt / 10)).$((kt % 10)) s later"
	fi
done
took=$(($(date +%s) - t0))
tap_diag "linux soak: $took s, $cycles cycles, $boots scripted boots ($bad_boots bad), $guest_ok guest results ok, $guest_bad not ok, $kills kills ($unclean unclean)"
tap_check "the Linux guest ran for $took s: $boots scripted boots, all as they should ($bad_boots bad)" \
	[ $boots -gt 0 -a $bad_boots = 0 ]
tap_check "every guest result ok ($guest_ok ok, $guest_bad not ok)" \
	[ $guest_ok -gt 0 -a $guest_bad = 0 ]
tap_check "kill -9 of burnctl during a Linux boot leaves nothing ($kills kills, the slowest cleaned up in $((kill_slowest / 10)).$((kill_slowest % 10)) s)" \
	[ $unclean = 0 ]
tap_check "nothing left at the end" wait_for nothing_left
tap_check "the module unloads and loads again" sh -c \
	"rmmod burnvmm && insmod /lib/burnvmm.ko"
tap_done
