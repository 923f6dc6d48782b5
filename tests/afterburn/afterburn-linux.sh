#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# afterburn-linux.sh BUILD SRC TOOL_SRC... - the proof on Linux 6.1, as
# TAP.  First brings BUILD/guests/linux up to date like `make
# guest-linux` (tests/guest-linux/build-linux: a cached kernel build,
# several minutes when the Afterburner's sources changed), then:
#   1. afterburn-sites --verify: every record is a real site of its
#      class followed by NOPs and long enough for the pad table
#   2. the whole-kernel scan: objdump's disassembly of every executable
#      section has no sensitive instruction outside a record and no
#      record without one
#   3. the afterburnt bzImage boots natively in qemu-system-i386 to the
#      static 32-bit /init, which prints its marker
set -uo pipefail
build=$1 src=$2
shift 2
dir=$build/guests/linux
failed=0
echo "1..3"
echo "# bringing $dir up to date (a kernel build when not cached)"
if ! "$src/tests/guest-linux/build-linux" "$dir" "$build/afterburn-cc" \
	"$build/afterburn-sites" "$@" >&2; then
	echo "Bail out! building the afterburnt Linux kernel failed"
	exit 1
fi
touch "$dir/.stamp"
echo "# sites: $(tr -s ' \n' ' ' <"$dir/sites.txt")"
result() {	# result N DESC RC OUTPUT
	if [ "$3" = 0 ]; then
		echo "ok $1 - $2"
	else
		echo "not ok $1 - $2"
		failed=$((failed + 1))
	fi
	printf '%s\n' "$4" | tail -n 20 | sed 's/^/# /'
}
out=$("$build/afterburn-sites" --verify "$dir/vmlinux" 2>&1)
result 1 "afterburn-sites --verify vmlinux" $? "$out"
out=$("$build/tests/afterburn/afterburn-scan" "$dir/vmlinux" 2>&1)
result 2 "whole-kernel scan finds no unrecorded sensitive instruction" $? \
	"$out"
out=$("$src/tests/guest-linux/boot-native" "$dir" 2>&1)
result 3 "afterburnt bzImage boots natively in qemu-system-i386 to /init" \
	$? "$out"
[ "$failed" = 0 ]
