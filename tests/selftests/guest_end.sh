#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest_end.sh - the ways a guest can end itself (BURN_HC_END): a crash
# with its own words (cleaned to one printable line), a halt, a reboot.
# burnctl prints each reason in one line and exits 6, 7 for a halt; a
# reboot restarts the guest, unless --no-reboot (exit 0, as a power-off)
# or it is a reboot loop (endreboot reboots at once, every time: the
# 10th reboot within 10 s ends burnctl, exit 6); a --detach daemon does
# the same, its log named for the VM of the moment.  Expects burnvmm.ko loaded.
. /tests/tap.sh
tap_plan 9
out=/tmp/end.out
err=/tmp/end.err

# ends RC GUEST REGEX [OPTION...]: exit RC, one line on stderr, the reason
ends() {
	want=$1 g=$2 re=$3
	shift 3
	burnctl start --no-ipvmm --mem 8M --console none "$@" "/tests/$g.elf" \
		>$out 2>$err
	rc=$?
	if [ $rc = "$want" ] && [ "$(wc -l <$err)" = 1 ] &&
	   grep -Eq "^burnctl: start: VM [0-9]+ ended: $re\$" $err; then
		return 0
	fi
	tap_diag "exit $rc"
	sed 's/^/#   /' $out $err | head -20
	return 1
}
no_vm() { [ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]; }

tap_check "a crash names the guest's reason, made printable" \
	ends 6 endcrash 'guest crashed: bad\?thing\? happened'
tap_check "the refusals before it let the guest go on" \
	grep -q 'endcrash: refusals ok' $out
tap_check "a halt is its own end, exit 7" ends 7 endhalt 'halted'
tap_check "with --no-reboot a reboot ends burnctl with exit 0" \
	ends 0 endreboot 'guest rebooted' --no-reboot

# Without --no-reboot: restarted in a new VM each time, until the guard.
burnctl start --no-ipvmm --mem 8M --console none /tests/endreboot.elf \
	>$out 2>$err
rc=$?
sed 's/^/#   /' $err | head -3
# At least 9 restarts: 9 when the machine is quick; more when the
# reboots come slower than 10 in 10 s for a while.
restarts=$(grep -Ec '^burnctl: start: VM [0-9]+: guest rebooted, restarting( as VM [0-9]+)?$' $err)
tap_check "a reboot restarts the guest in a new VM ($restarts restarts)" \
	[ "$restarts" -ge 9 ]
tap_check "the 10th reboot within 10 s ends burnctl (exit 6, a reboot loop)" \
	sh -c "[ $rc = 6 ] && [ \$(wc -l <$err) = $((restarts + 1)) ] &&
		tail -1 $err | grep -Eq '^burnctl: start: VM [0-9]+ ended: guest rebooted \\(10 reboots within 10 s: a reboot loop, not restarted\\)\$'"
tap_check "no VM is left behind" no_vm

# --detach: the daemon restarts the guest as well, until the guard.
# Its pty needs /dev/pts, which the test VM's init does not mount.
if ! grep -q ' /dev/pts devpts ' /proc/mounts; then
	mkdir -p /dev/pts
	mount -t devpts -o ptmxmode=0666 devpts /dev/pts
fi
run=/tmp/end-run
rm -rf $run
BURNVMM_RUNDIR=$run burnctl start --detach --no-ipvmm --mem 8M \
	/tests/endreboot.elf >$out 2>$err
first=$(sed -n 's/^vm \([0-9]*\) console .*/\1/p' $out)
daemon_gone() { no_vm && ! ls $run/*.pty >/dev/null 2>&1; }
i=0
while [ $i -lt 600 ] && ! daemon_gone; do
	sleep 0.1
	i=$((i + 1))
done
logs=$(ls $run/*.log 2>/dev/null)
sed 's/^/#   /' $out $err $logs | head -4
last=${logs##*/vm}
last=${last%.log}
detached_restarts() {
	[ -n "$first" ] && [ "$(echo "$logs" | wc -w)" = 1 ] &&
		[ "$(grep -c 'guest rebooted, restarting' "$logs")" -ge 9 ] &&
		grep -q "^burnctl: start: VM $first: guest rebooted, restarting" "$logs" &&
		tail -1 "$logs" |
		grep -q "^burnctl: start: VM $last ended: guest rebooted (10 reboots" &&
		return 0
	tap_diag "first $first, logs $logs"
	tail -3 $logs | sed 's/^/#   log: /'
	return 1
}
tap_check "--detach: the daemon restarts the guest; its log follows the VM" \
	detached_restarts
tap_check "--detach: the daemon ends at the loop guard, no record, no VM" \
	daemon_gone
tap_done
