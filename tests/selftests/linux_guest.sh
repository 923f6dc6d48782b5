#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# linux_guest.sh - the afterburnt Linux 6.1 i386 guest (docs/guests/
# linux.md) under burnvmm.ko and the in-place VMM: `burnctl start
# vmlinux --initrd rootfs.cpio.gz` must boot to the busybox /init and
# its shell on the console; the shell is then given one command line
# through burnctl's standard input (a FIFO, written only once the shell
# has said it is there, since input sent before the kernel opens ttyS0
# is lost as on a real serial line) that prints a marker computed in the
# guest, uname, runs a pipeline of forked processes, and powers off
# through PM1a (`burntest poweroff`): burnctl must exit 0.
#
# Then the guest's scripted test (docs/guests/linux.md, burnvmm.test=1)
# on a fresh ext2 disk (--disk, the ATA model): boot 1 writes files and
# reboots the guest, which ends the VM as "guest rebooted" (burnctl does
# not restart it yet, so this script starts boot 2 itself on the same
# disk); boot 2 checks the files and powers off.  Every
# "burnvmm-tap:" line the guest prints becomes a check here.
#
# vmlinux and rootfs.cpio.gz are packed into /tests/ by tests/vm/vmtest
# when `make guest-linux guest-linux-rootfs` (or the linux-native
# runner) built them; without them every test is a SKIP.
. /tests/tap.sh
k=/tests/vmlinux
rootfs=/tests/rootfs.cpio.gz
out=/tmp/lg.out
err=/tmp/lg.err
fifo=/tmp/lg.in

disk_gz=/tests/linux-disk.img.gz
disk=/tmp/lg-disk.img
# the interactive part's 7, 2 per scripted boot, and the guest's own:
# 19 per boot (docs/guests/linux.md)
GUEST_TAP=38

skip_all() {
	tap_plan $((7 + 4 + GUEST_TAP))
	i=1
	while [ $i -le $((7 + 4 + GUEST_TAP)) ]; do
		echo "ok $i - linux guest # SKIP $1"
		i=$((i + 1))
	done
	exit 0
}
[ -r $k ] && [ -r $rootfs ] && [ -r $disk_gz ] ||
	skip_all "no vmlinux/rootfs.cpio.gz packed (make guest-linux guest-linux-rootfs)"
tap_plan $((7 + 4 + GUEST_TAP))

# has PATTERN: the guest's console shows it (fixed string)
has() { grep -qF "$1" $out; }
# wait_out PATTERN SECONDS: until the console shows it, or the VM is gone
wait_out() {
	i=0
	while [ $i -lt $(($2 * 5)) ]; do
		has "$1" && return 0
		kill -0 $pid 2>/dev/null || return 1
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}

rm -f $fifo
mkfifo $fifo
t0=$(date +%s)
timeout 300 burnctl start --mem 128M --initrd $rootfs $k <$fifo >$out 2>$err &
pid=$!
exec 3>$fifo
wait_out "shell on the console" 240
booted=$?
tap_diag "boot to the shell: $(($(date +%s) - t0)) s under burnvmm (TCG)"
sleep 1
printf 'echo marker-$((6 * 7)); uname -a; seq 1 300 | grep -c 7; burntest poweroff\n' >&3
wait $pid
rc=$?
exec 3>&-
rm -f $fifo
tap_diag "burnctl start exited $rc after $(($(date +%s) - t0)) s"

tap_check "the kernel runs /init (busybox) under burnvmm" \
	has "burnvmm-guest-linux: init reached"
tap_check "the console shows the shell" [ $booted = 0 ]
tap_check "the shell runs a command line typed on the console" \
	has "marker-42"
tap_check "uname -a says Linux 6.1 on i686" \
	grep -qE '^Linux .* 6\.1\.[0-9]+ .* i686' $out
# 300 numbers through a pipe; those with a 7 in them: 57 (the console
# ends lines with \r\n)
tap_check "a pipeline of forked processes" \
	sh -c "tr -d '\\r' <$out | grep -qx 57"
tap_check "power-off through PM1a ends burnctl with status 0" [ $rc = 0 ]
tap_check "the VM is gone afterwards" \
	sh -c '[ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]'

# The scripted test, two boots on one disk.
gunzip -c $disk_gz >$disk
scripted() { # scripted BOOT: one boot, its console in /tmp/lg-bootN.out
	o=/tmp/lg-boot$1.out
	t0=$(date +%s)
	timeout 600 burnctl start --mem 128M --console none --disk $disk \
		--append "console=ttyS0 burnvmm.test=1 pata_legacy.all=1 panic=-1" \
		--initrd $rootfs $k >$o 2>/tmp/lg-boot$1.err
	src=$?
	tap_diag "scripted boot $1: burnctl exited $src after $(($(date +%s) - t0)) s; $(grep -o 'process tests took.*' $o | tr -d '\r')"
	tr -d '\r' <$o | grep '^burnvmm-tap: ' | head -$((GUEST_TAP / 2)) >/tmp/lg-tap$1
	n=0
	while read -r _ res rest; do
		n=$((n + 1))
		case $res in
		ok) tap_check "boot $1: ${rest#- }" true ;;
		*) tap_check "boot $1: ${rest#ok - }" false ;;
		esac
	done </tmp/lg-tap$1
	while [ $n -lt $((GUEST_TAP / 2)) ]; do
		n=$((n + 1))
		tap_check "boot $1: guest result $n arrived" false
	done
	tap_check "boot $1: phase $1 finished with no failure" \
		grep -q "phase $1 done, fail=0" $o
}
scripted 1
tap_check "boot 1 ends the VM as a reboot" grep -q 'ended: guest rebooted' /tmp/lg-boot1.err
scripted 2
tap_check "boot 2 powers off (burnctl exits 0)" [ $src = 0 ]

if [ $TAP_FAILED != 0 ]; then
	grep -E '^# ipvmm|Kernel panic|BUG|Oops' $out | head -20 |
		sed 's/^/#   /'
	tail -25 $out | sed 's/^/#   guest: /'
	sed 's/^/#   err: /' $err | head -10
fi
tap_done
