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
# With --no-reboot, `reboot -f` typed on that shell ends burnctl with
# status 0 and the reason, the VM gone.
#
# Then the guest's scripted test (docs/guests/linux.md, burnvmm.test=1)
# on a fresh ext2 disk (--disk, the ATA model), in one `burnctl start`:
# boot 1 writes files and reboots the guest, burnctl restarts it in a
# new VM on the same disk, boot 2 checks the files and powers off, and
# burnctl exits 0.  Every "burnvmm-tap:" line the guest prints becomes
# a check here.  Last, the host reads the files out of the disk image
# with debugfs (no mount) and checks them byte for byte: the pattern
# file against burntest-host's own pattern, its sha256 against the one
# the guest recorded, the text files, the file of boot 2, and e2fsck.
#
# vmlinux, rootfs.cpio.gz and burntest-host are packed into /tests/, and
# debugfs and e2fsck (with their libraries) into /bin/, by tests/vm/vmtest
# when `make guest-linux guest-linux-rootfs` (or the linux-native runner)
# built them; without vmlinux and the rootfs every test is a SKIP, but a
# missing debugfs or burntest-host fails the host checks.
. /tests/tap.sh
k=/tests/vmlinux
rootfs=/tests/rootfs.cpio.gz
out=/tmp/lg.out
err=/tmp/lg.err
fifo=/tmp/lg.in

disk_gz=/tests/linux-disk.img.gz
disk=/tmp/lg-disk.img
# the guest's own results: 19 per boot (docs/guests/linux.md)
GUEST_TAP=38
# the pattern file of rootfs/burnvmm-test
PAT_SIZE=1000003 PAT_SEED=0x5eed1
# the interactive part's 7, --no-reboot's 3, the scripted run's 2 per
# boot, 3 of its own and the guest's, the host's 5 on the disk image
PLAN=$((7 + 3 + 2 * 2 + 3 + GUEST_TAP + 5))

tap_plan $PLAN
[ -r $k ] && [ -r $rootfs ] && [ -r $disk_gz ] ||
	tap_skip_all $PLAN "linux guest" \
		"no vmlinux/rootfs.cpio.gz packed (make guest-linux guest-linux-rootfs)"

# has PATTERN: the guest's console shows it (fixed string)
has() { grep -qF "$1" $out; }
no_vm() { [ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]; }
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
tap_check "the VM is gone afterwards" no_vm
cp $out /tmp/lg-interactive.out

# --no-reboot: the guest's reboot ends burnctl as a power-off would.
rm -f $fifo
mkfifo $fifo
timeout 300 burnctl start --no-reboot --mem 128M --initrd $rootfs $k \
	<$fifo >$out 2>$err &
pid=$!
exec 3>$fifo
wait_out "shell on the console" 240 && sleep 1 && printf 'reboot -f\n' >&3
wait $pid
rc=$?
exec 3>&-
rm -f $fifo
tap_diag "burnctl start --no-reboot exited $rc; $(tr '\n' ' ' <$err)"
tap_check "--no-reboot: reboot -f on the shell ends burnctl with status 0" \
	sh -c "[ $rc = 0 ] && grep -q 'reboot: Restarting system' $out"
tap_check "--no-reboot: one line on stderr says the guest rebooted" \
	sh -c "[ \$(wc -l <$err) = 1 ] &&
		grep -Eq '^burnctl: start: VM [0-9]+ ended: guest rebooted\$' $err"
tap_check "--no-reboot: the VM is gone afterwards" no_vm

# The scripted test: two boots on one disk, one burnctl start.
gunzip -c $disk_gz >$disk
so=/tmp/lg-scripted.out
se=/tmp/lg-scripted.err
t0=$(date +%s)
timeout 1200 burnctl start --mem 128M --console none --disk $disk \
	--append "console=ttyS0 burnvmm.test=1 pata_legacy.all=1 panic=-1" \
	--initrd $rootfs $k >$so 2>$se &
pid=$!
# A second reboot is a failure (a panic, with panic=-1), and a guest
# that panics before boot 1 is done would boot 1 again and again: stop.
while kill -0 $pid 2>/dev/null; do
	[ "$(grep -c 'guest rebooted, restarting' $se)" -gt 1 ] &&
		kill -TERM $pid
	sleep 1
done
wait $pid
src=$?
tap_diag "scripted run: burnctl exited $src after $(($(date +%s) - t0)) s"
sed 's/^/#   err: /' $se | head -5
# Boot 1 ends where the IPVMM saw the reset; the restarted guest follows.
tr -d '\r' <$so | awk -v b1=/tmp/lg-boot1.out -v b2=/tmp/lg-boot2.out '
	{ print > (done ? b2 : b1) }
	/# ipvmm: the guest reset the machine/ { done = 1 }'
touch /tmp/lg-boot1.out /tmp/lg-boot2.out
guest_results() { # guest_results BOOT: its results, from /tmp/lg-bootN.out
	o=/tmp/lg-boot$1.out
	tap_diag "boot $1: $(grep -o 'process tests took.*' $o)"
	grep '^burnvmm-tap: ' $o | head -$((GUEST_TAP / 2)) >/tmp/lg-tap$1
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
guest_results 1
tap_check "boot 1: the guest rebooted (its kernel says so)" \
	grep -q 'reboot: Restarting system' /tmp/lg-boot1.out
guest_results 2
tap_check "boot 2: powered off (no reboot)" \
	sh -c "grep -q 'burntest: powering off' /tmp/lg-boot2.out &&
		! grep -q 'reboot: Restarting system' /tmp/lg-boot2.out"
restarted() {
	[ "$(grep -c 'restarting' $se)" = 1 ] &&
		grep -Eq '^burnctl: start: VM [0-9]+: guest rebooted, restarting( as VM [0-9]+)?$' $se
}
tap_check "burnctl restarted the rebooted guest once, in a new VM" restarted
tap_check "the power-off of boot 2 ends the one burnctl start with 0" \
	[ $src = 0 ]
tap_check "the VM is gone afterwards" no_vm

# The host's view of the disk: the guest's files, read with debugfs.
pat=/tmp/lg-pattern.bin
dump() { # dump NAME: print /burnvmm/NAME from the disk image
	debugfs -R "cat /burnvmm/$1" $disk 2>/dev/null
}
pattern_ok() {
	command -v debugfs >/dev/null ||
		{ tap_diag "no debugfs in the test VM (e2fsprogs)"; return 1; }
	[ -x /tests/burntest-host ] ||
		{ tap_diag "no /tests/burntest-host"; return 1; }
	rm -f $pat
	debugfs -R "dump /burnvmm/pattern.bin $pat" $disk >/dev/null 2>&1
	/tests/burntest-host pattern-check $pat $PAT_SIZE $PAT_SEED \
		>/tmp/lg-pat.out 2>&1 || { sed 's/^/#   /' /tmp/lg-pat.out; return 1; }
}
tap_check "host: pattern.bin in the disk image is byte-identical to the pattern" \
	pattern_ok
sha_ok() {
	want=$(dump phase1 | sed -n 's/ *pattern.bin$//p')
	[ -n "$want" ] && [ "$(sha256sum <$pat | cut -c1-64)" = "$want" ]
}
tap_check "host: pattern.bin matches the sha256 the guest recorded" sha_ok
texts_ok() {
	i=1
	while [ $i -le 50 ]; do
		echo "line $i of 50"
		i=$((i + 1))
	done >/tmp/lg-lines.want
	dump lines.txt >/tmp/lg-lines.got &&
		cmp -s /tmp/lg-lines.want /tmp/lg-lines.got &&
		[ "$(dump uname.txt)" = "$(sed -n 's/.*burnvmm-test: uname: //p' \
			/tmp/lg-boot1.out | head -1)" ]
}
tap_check "host: uname.txt and lines.txt hold what the guest wrote" texts_ok
tap_check "host: the file written in boot 2 reached the disk before power-off" \
	sh -c "[ \"\$(debugfs -R 'cat /burnvmm/phase2' $disk 2>/dev/null)\" = 'written in boot 2' ]"
tap_check "host: e2fsck finds the guest's ext2 clean" \
	sh -c "e2fsck -fn $disk >/tmp/lg-fsck.out 2>&1 ||
		{ sed 's/^/#   /' /tmp/lg-fsck.out | tail -5; false; }"

if [ $TAP_FAILED != 0 ]; then
	for o in /tmp/lg-interactive.out $out $so; do
		tap_diag "$o:"
		grep -E '^# ipvmm|Kernel panic|BUG|Oops' $o | head -20 |
			sed 's/^/#   /'
		tail -15 $o | tr -d '\r' | sed 's/^/#   guest: /'
	done
	sed 's/^/#   err: /' $err $se | head -10
fi
tap_done
