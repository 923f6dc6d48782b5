# SPDX-License-Identifier: GPL-2.0
# tap.sh - tiny TAP helpers for the in-VM shell selftests (busybox sh).
# Source it, call `tap_plan N`, then `tap_ok COND-RC "name"` per test.
TAP_N=0
TAP_FAILED=0
tap_plan() { echo "TAP version 13"; echo "1..$1"; }
# tap_check NAME CMD... : one test that passes when CMD exits 0
tap_check() {
	name=$1
	shift
	TAP_N=$((TAP_N + 1))
	if "$@"; then
		echo "ok $TAP_N - $name"
	else
		echo "not ok $TAP_N - $name"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}
tap_diag() { echo "# $*"; }
# wait_long CMD...: as wait_for, for up to a minute (the test kernel is
# slow: a console hypercall takes milliseconds there)
wait_long() {
	i=0
	while [ $i -lt 600 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# tap_skip_all N NAME REASON: the whole plan of N tests is a SKIP (what
# they need is not there); exits 0
tap_skip_all() {
	i=1
	while [ "$i" -le "$1" ]; do
		echo "ok $i - $2 # SKIP $3"
		i=$((i + 1))
	done
	exit 0
}
tap_done() { [ "$TAP_FAILED" = 0 ]; exit $?; }
# wait_for CMD... : retry CMD for up to ~5 s (VMs under TCG are slow)
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
