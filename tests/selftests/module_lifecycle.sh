#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module_lifecycle.sh - rmmod with live VMs, load-time limits, and reload.
# Expects burnvmm.ko loaded on entry and leaves it loaded on exit.
. /tests/tap.sh
tap_plan 10
ko=/lib/burnvmm.ko

loaded() { grep -q '^burnvmm ' /proc/modules; }
vm_count() { burnctl list | tail -n +2 | wc -l; }
count_is() { [ "$(vm_count)" = "$1" ]; }

burnctl create --mem 8M >/tmp/h1.out 2>&1 &
h1=$!
burnctl create --mem 8M >/tmp/h2.out 2>&1 &
h2=$!
wait_for count_is 2
tap_check "rmmod with two live VMs succeeds" rmmod burnvmm
tap_check "module is gone" sh -c '! grep -q "^burnvmm " /proc/modules'
wait $h1
r1=$?
wait $h2
r2=$?
tap_check "holders were told and exited 1" \
	sh -c "[ $r1 = 1 ] && [ $r2 = 1 ] && grep -q 'module unloaded' /tmp/h1.out && grep -q 'module unloaded' /tmp/h2.out"
burnctl list >/tmp/nomod.out 2>&1
tap_check "burnctl without the module exits 2 and says so" \
	sh -c "[ $? = 2 ] && grep -q 'not loaded' /tmp/nomod.out"

insmod $ko max_vms=2 max_mem_mb=16
tap_check "insmod with lower limits" loaded
burnctl create --mem 8M >/dev/null 2>&1 &
h1=$!
burnctl create --mem 8M >/dev/null 2>&1 &
h2=$!
wait_for count_is 2
burnctl create --mem 8M >/tmp/third.out 2>&1
tap_check "max_vms is enforced (exit 5)" sh -c "[ $? = 5 ] && grep -q 'too many VMs' /tmp/third.out"
kill $h1 $h2
wait $h1 $h2
burnctl create --mem 32M >/tmp/big.out 2>&1
tap_check "max_mem_mb is enforced (exit 5)" sh -c "[ $? = 5 ] && grep -q 'module limit' /tmp/big.out"
rmmod burnvmm

insmod $ko max_mem_mb=999999
tap_check "a limit above the built-in one is clamped with a warning" \
	sh -c 'dmesg | grep -q "max_mem_mb=999999 exceeds the built-in limit"'
rmmod burnvmm
insmod $ko max_vms=0 2>/dev/null
tap_check "max_vms=0 is refused at load" sh -c '! grep -q "^burnvmm " /proc/modules'
insmod $ko
tap_check "plain reload works and starts empty" sh -c 'grep -q "^burnvmm " /proc/modules && [ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]'
tap_done
