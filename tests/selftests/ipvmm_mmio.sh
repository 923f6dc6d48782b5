#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ipvmm_mmio.sh - issue #7 item 1 end to end: a guest's mov to or from
# a guest-physical address outside RAM is emulated by the in-place VMM.
#
# The test guest's boot option "mmio-probe" (tests/guest/mmio_probe.c)
# maps 0xfebff000, which no device model decodes, loads from it with
# every mov form (movl, movzbl, movzwl, movsbl, movswl, mov to %ah, to
# %ax, to %cl, moffs), stores with every width and immediate, loads
# again, prints one "# mmio:" line; then ring 3 loads from the page
# through a user mapping and runs an xchg there, and the guest stops.
# Under burnvmm nobody claims the page, so every load reads all ones
# into exactly the bytes it names, the stores are dropped, the device
# log names the page once, and the ring-3 xchg (not emulated) is a #UD
# at the instruction, as KVM makes it.  With "mmio-refuse" as well the
# guest then runs an xchg on the page at ring 0: the VM must end as
# crashed (burnctl's exit status 6) with the reason.
#
# Not a native comparison: QEMU answers unassigned memory its own way.
# Expects burnvmm.ko loaded, /tests/testguest.elf and /bin/ipvmm.elf.
. /tests/tap.sh
tap_plan 8
g=/tests/testguest.elf
out=/tmp/mmio.out
err=/tmp/mmio.err
want='# mmio: l=ffffffff zb=000000ff zw=0000ffff sb=ffffffff sw=ffffffff ah=1234ff78 w=1234ffff b=123456ff moffs=ffffffff after-store=ffffffff'

have_files() { [ -r $g ] && [ -r /bin/ipvmm.elf ]; }
tap_check "testguest.elf and /bin/ipvmm.elf are packed" have_files

timeout 120 burnctl start --mem 128M --append mmio-probe $g >$out 2>$err
rc=$?
tap_diag "burnctl start --append mmio-probe exited $rc"
tr -d '\r' <$out | grep '^# \(mmio\|ipvmm\)' | sed 's/^/#   /'
sed 's/^/#   err: /' $err | head -5
tap_check "the probing guest runs to its end (status 0)" [ "$rc" = 0 ]
probe_line() { tr -d '\r' <$out | grep -qxF "$want"; }
tap_check "every load reads ones into its own bytes; stores are dropped" \
	probe_line
ring3_line() {
	tr -d '\r' <$out | grep -qxF '# mmio: ring3 l=ffffffff xchg=#UD'
}
tap_check "ring 3: a load is emulated, an xchg is #UD" ring3_line
logged_once() {
	[ "$(tr -d '\r' <$out | grep -c 'MMIO .* nobody claims.*0xfebff')" = 1 ]
}
tap_check "the unclaimed page is logged once" logged_once

timeout 120 burnctl start --mem 128M --append "mmio-probe mmio-refuse" $g \
	>$out 2>$err
rc=$?
tap_diag "burnctl start --append 'mmio-probe mmio-refuse' exited $rc"
tr -d '\r' <$out | grep '^# \(mmio\|ipvmm\)' | sed 's/^/#   /'
sed 's/^/#   err: /' $err | head -5
stopped() {
	[ "$rc" = 6 ] &&
		tr -d '\r' <$out | grep -q '^# ipvmm: fatal: cannot emulate the MMIO access at gpa / eip 0xfebff000 ' &&
		grep -q 'ended: guest crashed: cannot emulate the MMIO access at gpa / eip 0xfebff000 ' $err &&
		! tr -d '\r' <$out | grep -q 'the xchg returned'
}
tap_check "an xchg on MMIO at ring 0 ends the VM as crashed, with its address" stopped
tap_check "the probe ran before it" probe_line
tap_check "the VM is gone afterwards" sh -c '[ "$(burnctl list | tail -n +2 | wc -l)" = 0 ]'
tap_done
