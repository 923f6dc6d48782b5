#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memcg.sh - what a guest makes the host allocate is charged to the
# memory cgroup of the VM's creator: its RAM when the VM is created, and
# the shadow page tables the VM thread allocates while it runs (a kernel
# thread has no cgroup of its own; kmod/run.c lends it the creator's).
# shadowhog (tests/kmod-guests/shadowhog.c) waits for a key, then makes
# the host build 1024 shadow page tables (4 MiB).  In a cgroup without a
# limit, the cgroup's peak usage must rise by those 4 MiB; with a limit
# 1 MiB above the usage at the guest's prompt, the VM must end with "host
# out of memory for shadow page tables", and nobody may be OOM-killed.
# Needs cgroup v2 with the memory controller (Debian's kernel); the
# test kernel has no memory cgroups, so there it is a SKIP.
. /tests/tap.sh
g=/tests/shadowhog.elf
root=/sys/fs/cgroup
PLAN=6
tap_plan $PLAN

[ -f $root/cgroup.controllers ] || mount -t cgroup2 none $root 2>/dev/null
grep -qw memory $root/cgroup.controllers 2>/dev/null ||
	tap_skip_all $PLAN "memory cgroup charging" \
		"no cgroup v2 memory controller in this kernel"
echo +memory >$root/cgroup.subtree_control

# run_hog NAME MARGIN: shadowhog in a new cgroup NAME; MARGIN is the
# limit in KiB above the usage at the guest's prompt, or "max".  Sets
# $rc (burnctl's status), $cur (usage at the prompt, bytes) and leaves
# the console in /tmp/NAME.out.
run_hog() {
	cg=$root/$1
	out=/tmp/$1.out
	rmdir $cg 2>/dev/null
	mkdir $cg
	rm -f /tmp/hog.in
	mkfifo /tmp/hog.in
	sh -c "echo \$\$ >$cg/cgroup.procs && exec burnctl start --no-ipvmm --mem 8M $g" \
		</tmp/hog.in >$out 2>&1 &
	pid=$!
	exec 3>/tmp/hog.in
	wait_for grep -q 'waiting for a key' $out
	cur=$(cat $cg/memory.current)
	[ "$2" = max ] || echo $((cur + $2 * 1024)) >$cg/memory.max
	printf k >&3
	exec 3>&-
	wait $pid
	rc=$?
}

run_hog bvhog-free max
peak=$(cat $root/bvhog-free/memory.peak 2>/dev/null || echo 0)
tap_diag "no limit: usage at the prompt $cur, peak $peak bytes, burnctl exit $rc"
tap_check "without a limit the guest touches its 1024 regions" \
	grep -q 'touched 1024 regions' /tmp/bvhog-free.out
tap_check "  and powers off (exit 0)" [ $rc = 0 ]
tap_check "  its 4 MiB of shadow tables were charged to the creator's cgroup" \
	[ $((peak - cur)) -ge $((4096 * 1024)) ]

dmesg -c >/dev/null
run_hog bvhog-limit 1024
tap_diag "limit 1 MiB above the prompt's usage: burnctl exit $rc: $(tail -n 1 /tmp/bvhog-limit.out)"
tap_check "at the limit the VM ends: host out of memory for shadow page tables" \
	sh -c "[ $rc != 0 ] && grep -q 'host out of memory for shadow page tables' /tmp/bvhog-limit.out"
tap_check "  nobody was OOM-killed" sh -c "! dmesg | grep -qi 'killed process'"
tap_check "  and no VM is left" \
	sh -c '[ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]'
rmdir $root/bvhog-free $root/bvhog-limit 2>/dev/null
[ $TAP_FAILED = 0 ] || sed 's/^/#   /' /tmp/bvhog-free.out /tmp/bvhog-limit.out
tap_done
