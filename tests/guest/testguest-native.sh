#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# testguest-native - boot the test guest on emulated bare hardware
# (qemu-system-i386, TCG) and report its TAP.
#
# Generated into build/tests/guest/ by tests/guest/guest.mk (which fills
# in the build directory and the afterburn-sites command).  Prints the
# guest's results and benchmark lines, then its own checks, then the plan:
#   - the guest's TAP is complete (its plan matches its results)
#   - the guest exited through the debug-exit port with status 0
#   - the sector the guest wrote reached the disk image
#   - afterburn-sites verifies the guest's .afterburn annotations
# Exit 0 only if all passed.  Files it leaves in build/guests/:
#   testguest-native.log  the raw serial output
#   testguest-native.tap  the guest's own TAP, top-level lines only
#                         (plan, ok/not ok, Bail out!), for comparison
#                         with the run under burnvmm
#   testguest-disk.img    the disk image (docs/testguest.md, "Disk")
set -uo pipefail

build=@BUILD@
sites_cmd="@AFTERBURN_SITES@"
elf=$build/guests/testguest.elf
out=$build/guests
log=$out/testguest-native.log
tap=$out/testguest-native.tap
disk=$out/testguest-disk.img
timeout_s=${TESTGUEST_TIMEOUT:-90}

mkdir -p "$out"
rm -f "$log" "$tap"

# The test disk: 64 sectors; 32-bit little-endian word k of sector s is
# 0xb0000000 | s << 16 | k.  The guest checks sector 5 and writes the
# complement of that pattern into sector 9.
perl -e 'for $s (0..63) { for $k (0..127) {
	print pack("V", 0xb0000000 | ($s << 16) | $k) } }' >"$disk"

start=$(date +%s%N)
timeout "$timeout_s" qemu-system-i386 -accel tcg -m 64M -nodefaults \
	-display none -no-reboot -serial "file:$log" \
	-drive "file=$disk,format=raw,if=ide,index=0" \
	-device isa-debug-exit,iobase=0xf4,iosize=4 \
	-kernel "$elf" </dev/null
qemu_rc=$?
end=$(date +%s%N)

tr -d '\r' <"$log" 2>/dev/null |
	grep -E '^(ok|not ok|1\.\.[0-9]+$|Bail out!)' >"$tap"

# The guest's results and diagnostics, without its plan (restated below).
tr -d '\r' <"$log" 2>/dev/null | grep -E '^(ok|not ok|# |Bail out!)'

n=$(grep -cE '^(ok|not ok)' "$tap")
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" | tail -n 1)
failed=0
next=$n

result() {
	next=$((next + 1))
	if [ "$1" = ok ]; then
		echo "ok $next - $2"
	else
		echo "not ok $next - $2"
		failed=1
	fi
}

echo "# testguest: QEMU exit status $qemu_rc after" \
	"$(((end - start) / 1000000)) ms"

if [ -n "$plan" ] && [ "$plan" = "$n" ] && [ "$n" -gt 0 ]; then
	result ok "testguest: guest TAP complete ($n results, plan 1..$plan)"
else
	result fail "testguest: guest TAP complete ($n results, plan '${plan:-none}')"
fi

# isa-debug-exit: QEMU exits with 2 * status + 1.
case $qemu_rc in
1) result ok "testguest: debug-exit status 0 (all guest tests passed)" ;;
3) result fail "testguest: debug-exit status 1 (guest tests failed)" ;;
5) result fail "testguest: debug-exit status 2 (guest panic)" ;;
124) result fail "testguest: debug-exit status (timed out after ${timeout_s} s)" ;;
*) result fail "testguest: debug-exit status (QEMU exit $qemu_rc)" ;;
esac

if perl -e 'open(F, "<", $ARGV[0]) or exit 1; binmode F;
	seek(F, 9 * 512, 0); read(F, $b, 512) == 512 or exit 1;
	@w = unpack("V128", $b);
	for $k (0..127) { exit 1 if $w[$k] != (~(0xb0000000 | (9 << 16) | $k)
		& 0xffffffff) } exit 0' "$disk"; then
	result ok "testguest: the sector the guest wrote reached the disk image"
else
	result fail "testguest: the sector the guest wrote reached the disk image"
fi

if [ -z "$sites_cmd" ]; then
	next=$((next + 1))
	echo "ok $next - testguest: afterburn-sites verifies the annotations # SKIP afterburn-sites not available"
elif $sites_cmd --verify "$elf" >"$out/testguest-sites.log" 2>&1; then
	result ok "testguest: afterburn-sites verifies the annotations"
else
	sed 's/^/# afterburn-sites: /' "$out/testguest-sites.log" | tail -n 20
	result fail "testguest: afterburn-sites verifies the annotations"
fi

echo "1..$next"
if [ "$failed" = 0 ] && ! grep -q '^not ok' "$tap"; then
	exit 0
fi
exit 1
