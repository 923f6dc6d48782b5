#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# nl_sender.sh - burnctl believes only the kernel.  A running `burnctl
# start --disk` (a spinning raw guest, so nothing else touches the disk)
# is sent forged VM_ENDED, CONSOLE and BLOCK_REQUEST events by another
# process (tests/selftests/nlforge.c, as root: sending to another
# socket's port needs CAP_NET_ADMIN).  burnctl must drop them all: it
# keeps running, prints nothing forged, writes nothing to its disk; then
# it still stops cleanly when asked.
. /tests/tap.sh
g=/tests
img=/tmp/forge.img
out=/tmp/forge.out
tap_plan 6

dd if=/dev/zero of=$img bs=512 count=64 2>/dev/null
burnctl start --no-ipvmm --mem 8M --disk $img $g/spin.elf >$out 2>&1 </dev/null &
pid=$!
started() { grep -q 'spin: spinning' $out; }
wait_for started
id=$(burnctl list | awk 'NR == 2 { print $1 }')
tap_check "a raw guest with a disk runs (vm ${id:-none})" \
	sh -c "started() { grep -q 'spin: spinning' $out; }; started && [ -n '$id' ]"
tap_check "nlforge sends the forged events to every generic socket" \
	sh -c "/tests/nlforge '$id' >/tmp/forge.log 2>&1"
sed 's/^/# /' /tmp/forge.log
sleep 2
tap_check "burnctl ignored the forged VM_ENDED (still running)" \
	kill -0 $pid
tap_check "burnctl ignored the forged CONSOLE (nothing printed)" \
	sh -c "! grep -q FORGED $out"
tap_check "burnctl ignored the forged BLOCK_REQUEST (disk untouched)" \
	sh -c "dd if=/dev/zero bs=512 count=64 2>/dev/null | cmp -s - $img"
burnctl stop "$id" >/dev/null 2>&1
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
tap_check "burnctl still stops cleanly when the kernel says so" \
	sh -c "! kill -0 $pid 2>/dev/null"
kill $pid 2>/dev/null
wait $pid 2>/dev/null
[ $TAP_FAILED = 0 ] || sed 's/^/#   burnctl: /' $out | head -20
tap_done
