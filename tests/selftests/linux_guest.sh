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
# vmlinux and rootfs.cpio.gz are packed into /tests/ by tests/vm/vmtest
# when `make guest-linux guest-linux-rootfs` (or the linux-native
# runner) built them; without them every test is a SKIP.
. /tests/tap.sh
tap_plan 7
k=/tests/vmlinux
rootfs=/tests/rootfs.cpio.gz
out=/tmp/lg.out
err=/tmp/lg.err
fifo=/tmp/lg.in

skip_all() {
	for i in 1 2 3 4 5 6 7; do
		echo "ok $i - linux guest # SKIP $1"
	done
	exit 0
}
[ -r $k ] && [ -r $rootfs ] ||
	skip_all "no vmlinux/rootfs.cpio.gz packed (make guest-linux guest-linux-rootfs)"

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

if [ $TAP_FAILED != 0 ]; then
	grep -E '^# ipvmm|Kernel panic|BUG|Oops' $out | head -20 |
		sed 's/^/#   /'
	tail -25 $out | sed 's/^/#   guest: /'
	sed 's/^/#   err: /' $err | head -10
fi
tap_done
