#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest_end.sh - the ways a guest can end itself (BURN_HC_END): a crash
# with its own words (cleaned to one printable line), a reboot, a halt;
# burnctl prints each reason in one line and exits 6.  Expects
# burnvmm.ko loaded.
. /tests/tap.sh
tap_plan 4
out=/tmp/end.out
err=/tmp/end.err

# ends GUEST REGEX: exit 6, one line on stderr with the reason
ends() {
	burnctl start --no-ipvmm --mem 8M --console none "/tests/$1.elf" \
		>$out 2>$err
	rc=$?
	if [ $rc = 6 ] && [ "$(wc -l <$err)" = 1 ] &&
	   grep -Eq "^burnctl: start: VM [0-9]+ ended: $2\$" $err; then
		return 0
	fi
	tap_diag "exit $rc"
	sed 's/^/#   /' $out $err
	return 1
}

tap_check "a crash names the guest's reason, made printable" \
	ends endcrash 'guest crashed: bad\?thing\? happened'
tap_check "the refusals before it let the guest go on" \
	grep -q 'endcrash: refusals ok' $out
tap_check "a reboot is its own end" ends endreboot 'guest rebooted'
tap_check "a halt is its own end" ends endhalt 'halted'
tap_done
