#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# block.sh - the block back end: `burnctl start --disk FILE` serving the
# blockio guest (tests/kmod-guests/blockio.c), the bytes it wrote found
# in the file, the guest told ENODEV without a disk, and --disk's
# refusals.  Expects burnvmm.ko loaded.
. /tests/tap.sh
tap_plan 7
out=/tmp/block.out
err=/tmp/block.err
img=/tmp/block.img

dd if=/dev/zero of=$img bs=512 count=64 2>/dev/null
burnctl start --no-ipvmm --mem 8M --console none --disk $img \
	/tests/blockio.elf >$out 2>$err
rc=$?
tap_check "the blockio guest passes with a disk" \
	sh -c "[ $rc = 0 ] && grep -q 'blockio: all ok' $out"
[ $rc = 0 ] || { tap_diag "exit $rc"; sed 's/^/#   /' $out $err; }

# The letters the guest wrote, at sector 5, and nothing else changed.
s=ABCDEFGHIJKLMNOPQRSTUVWXYZ
n=0
while [ $n -lt 40 ]; do printf %s $s; n=$((n + 1)); done | head -c 1024 \
	>/tmp/block.want
dd if=$img of=/tmp/block.got bs=512 skip=5 count=2 2>/dev/null
tap_check "sectors 5-6 of the file hold what the guest wrote" \
	cmp -s /tmp/block.want /tmp/block.got
dd if=$img of=/tmp/block.head bs=512 count=5 2>/dev/null
dd if=/dev/zero of=/tmp/block.zero bs=512 count=5 2>/dev/null
tap_check "sectors 0-4 are untouched" cmp -s /tmp/block.zero /tmp/block.head
tap_check "the file did not grow" \
	sh -c "[ \$(wc -c <$img) = 32768 ]"

burnctl start --no-ipvmm --mem 8M --console none /tests/blockio.elf \
	>$out 2>$err
rc=$?
tap_check "without --disk the guest is told ENODEV" \
	sh -c "[ $rc = 3 ] && grep -q 'blockio: no disk' $out"

burnctl start --no-ipvmm --mem 8M --disk /nonexistent /tests/hello.elf \
	>$out 2>$err
rc=$?
tap_check "a missing disk file is one clear error" \
	sh -c "[ $rc = 1 ] && [ \$(wc -l <$err) = 1 ] && grep -q -- '--disk /nonexistent: No such file or directory' $err"
burnctl start --no-ipvmm --mem 8M --disk /tmp /tests/hello.elf >$out 2>$err
rc=$?
tap_check "a directory is not a disk" \
	sh -c "[ $rc = 1 ] && grep -Eq 'Is a directory|not a regular file' $err"
tap_done
