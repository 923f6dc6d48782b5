#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# burnctl_cli.sh - burnctl against the live module: output, exit codes
# (docs/burnctl.1), signals and privilege, as a user would meet them.
. /tests/tap.sh
tap_plan 18
out=/tmp/cli.out

rc_is() { # rc_is WANT CMD... : CMD exits with WANT; output kept in $out
	want=$1
	shift
	"$@" >$out 2>&1
	got=$?
	[ "$got" = "$want" ] || { tap_diag "$*: exit $got, wanted $want"; sed 's/^/#   /' $out; return 1; }
}
vm_count() { burnctl list | tail -n +2 | wc -l; }
count_is() { [ "$(vm_count)" = "$1" ]; }

tap_check "version shows burnctl and module" \
	sh -c 'burnctl version | grep -q "^burnctl " && burnctl version | grep -q "^burnvmm.ko "'
tap_check "list with no VMs prints the header only" count_is 0
tap_check "bad size suffix is a usage error (129)" rc_is 129 burnctl create --mem 12Q
tap_check "bad size message names the option" grep -q "invalid --mem '12Q'" $out
tap_check "size over the module limit exits 5" rc_is 5 burnctl create --mem 3000M
tap_check "limit message comes from the module" grep -q "module limit" $out
tap_check "unknown option is a usage error" rc_is 129 burnctl create --bogus
tap_check "unknown command is a usage error" rc_is 129 burnctl frobnicate
start_help() {
	rc_is 0 burnctl start --help &&
		grep -q -- '--no-reboot  *a guest reboot ends burnctl (status 0)' $out &&
		grep -q '7 if the guest halted for good' $out
}
tap_check "start --help shows --no-reboot and the exit statuses" start_help
tap_check "destroy of a missing VM exits 4" rc_is 4 burnctl destroy 4242
tap_check "info of a missing VM exits 4" rc_is 4 burnctl info 4242

# A held VM: visible, destroyable from another process, which ends the holder.
burnctl create --mem 8M >/tmp/hold1.out 2>&1 &
h=$!
wait_for count_is 1
id=$(burnctl list | awk 'NR == 2 { print $1 }')
tap_check "held VM is listed and info works" rc_is 0 burnctl info "$id"
burnctl destroy "$id"
wait $h
hrc=$?
tap_check "destroy ends the holder with exit 0 and the reason" \
	sh -c "[ $hrc = 0 ] && grep -q 'ended: destroyed on request' /tmp/hold1.out"

burnctl create --mem 8M >/tmp/hold2.out 2>&1 &
h=$!
wait_for count_is 1
kill -TERM $h
wait $h
hrc=$?
tap_check "SIGTERM destroys the held VM and exits 0" \
	sh -c "[ $hrc = 0 ] && grep -q 'destroyed' /tmp/hold2.out && [ \$(burnctl list | tail -n +2 | wc -l) = 0 ]"

burnctl create --mem 8M >/dev/null 2>&1 &
h=$!
wait_for count_is 1
kill -9 $h
wait $h 2>/dev/null
tap_check "kill -9 of the holder leaves no VM" wait_for count_is 0

tap_check "unprivileged create exits 3" rc_is 3 su nobody -s /bin/sh -c 'burnctl create --mem 8M'
tap_check "permission message names the capability" grep -q "CAP_NET_ADMIN" $out
tap_check "unprivileged list works" rc_is 0 su nobody -s /bin/sh -c 'burnctl list'
tap_done
