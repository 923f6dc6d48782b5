#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# linux-native.sh BUILD SRC TOOL_SRC... - the Linux guest's scripted test
# (issue 8) run natively in qemu-system-i386 (TCG), as TAP.  Brings the
# afterburnt kernel (build-linux, cached) and the busybox rootfs
# (build-rootfs) up to date, makes a fresh ext2 disk image, then boots
# the same kernel three times on it with burnvmm.test=1:
#   boot 1 writes files and reboots the guest (QEMU -no-reboot exits),
#   boot 2 finds them, verifies them, writes one more and powers off,
#   boot 3 does boot 2 again, but started by burnctl's own loader
#          (userland/linux-boot.c, through linux-boot-image): its zero
#          page, e820 map with a reserved IPVMM region and reservetop=.
# Every "burnvmm-tap:" line the guest prints becomes a test here, next
# to the host's checks: each boot ended by itself the expected way, ran
# the whole script, and the files in the host's disk image are byte for
# byte what the guest wrote (read with debugfs, no mount).  The serial
# logs stay in BUILD/tests/guest-linux/.
#
# The same boots are what burnvmm will run once the IPVMM lands; only
# the command that starts the VM changes.
set -uo pipefail
build=$1 src=$2
shift 2
dir=$build/guests/linux
work=$build/tests/guest-linux
disk=$work/disk.img
n=0 failed=0
# the guest prints 19 results per boot (see rootfs/burnvmm-test)
GUEST_RESULTS=19
PAT_SIZE=1000003 PAT_SEED=0x5eed1
APPEND="console=ttyS0 burnvmm.test=1 pata_legacy.all=1 panic=-1"
# boot 3's guest RAM as linux_boot_load() describes it (QEMU has more)
LB_RAM_MIB=24 LB_IPVMM_MIB=2

result() {	# result RC DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

echo "# bringing $dir up to date (a kernel build when not cached)"
if ! "$src/tests/guest-linux/build-linux" "$dir" "$build/afterburn-cc" \
	"$build/afterburn-sites" "$@" >&2 ||
	! "$src/tests/guest-linux/build-rootfs" "$dir" >&2; then
	echo "Bail out! building the Linux guest failed"
	exit 1
fi
touch "$dir/.stamp"
mkdir -p "$work"
rm -f "$disk"
truncate -s 64M "$disk"
if ! mke2fs -q -F -t ext2 -L burnvmm "$disk"; then
	echo "Bail out! mke2fs failed"
	exit 1
fi

# boot N PHASE QEMU_ARG...: run QEMU once, then check its serial log
boot() {
	local b=$1 phase=$2 log=$work/boot$1.log rc t0 t1 ntap init done
	shift 2
	rm -f "$log"
	t0=$(date +%s.%N)
	timeout 180 qemu-system-i386 -accel tcg -m 256M -nodefaults \
		-display none -serial "file:$log" -no-reboot \
		-drive "file=$disk,format=raw,if=ide,index=0" "$@" </dev/null
	rc=$?
	t1=$(date +%s.%N)
	tr -d '\r' <"$log" >"$log.txt"
	result "$rc" "boot $b: QEMU ended by itself (exit $rc)"
	while read -r line; do
		case $line in
		*"burnvmm-tap: ok - "*) result 0 "boot $b: ${line#*- }" ;;
		*) result 1 "boot $b: ${line#*- }" ;;
		esac
	done < <(grep -o 'burnvmm-tap: .*' "$log.txt")
	ntap=$(grep -c 'burnvmm-tap: ' "$log.txt")
	[ "$ntap" = $GUEST_RESULTS ]
	result $? "boot $b: guest printed $ntap of $GUEST_RESULTS results"
	! grep -q 'Kernel panic\|BUG:\|Oops\|WARNING:' "$log.txt"
	result $? "boot $b: no panic, oops or warning on the console"
	grep -q "burnvmm-test: phase $phase done, fail=0" "$log.txt"
	result $? "boot $b: the script ran phase $phase to its end"
	if [ "$phase" = 1 ]; then
		grep -q 'reboot: Restarting system' "$log.txt"
		result $? "boot 1: the guest rebooted"
	else
		grep -q 'burntest: powering off' "$log.txt" &&
			! grep -q 'reboot: Restarting system' "$log.txt"
		result $? "boot 2: the guest powered off (no reboot, no panic)"
	fi
	init=$(sed -n 's/^\[ *\([0-9.]*\)\] burnvmm-guest-linux: init reached.*/\1/p' \
		"$log.txt" | head -1)
	done=$(sed -n 's/.*burnvmm-test: phase .* uptime \([0-9.]*\) s.*/\1/p' \
		"$log.txt" | head -1)
	echo "# boot $b: kernel boot to /init ${init:-?} s, test done at" \
		"uptime ${done:-?} s, QEMU wall clock $(echo "$t1 - $t0" | bc) s"
}

# host CHECK... : read the guest's files from the image without mounting
dump() {	# dump NAME: print /burnvmm/NAME from the disk image
	debugfs -R "cat /burnvmm/$1" "$disk" 2>/dev/null
}

boot 1 1 -kernel "$dir/bzImage" -initrd "$dir/rootfs.cpio.gz" -append "$APPEND"
boot 2 2 -kernel "$dir/bzImage" -initrd "$dir/rootfs.cpio.gz" -append "$APPEND"

# boot 3: the kernel entered as burnctl will enter it
"$build/tests/guest-linux/linux-boot-image" "$work/linux-boot.img" \
	"$dir/vmlinux" "$dir/rootfs.cpio.gz" $LB_RAM_MIB $LB_IPVMM_MIB \
	"$APPEND" >"$work/linux-boot.layout"
result $? "linux_boot_load() lays out vmlinux, rootfs and zero page"
sed 's/^/# boot 3 layout: /' "$work/linux-boot.layout"
boot 3 2 -kernel "$work/linux-boot.img"
ipvmm=$(printf '0x%016x-0x%016x' $(((LB_RAM_MIB - LB_IPVMM_MIB) << 20)) \
	$(((LB_RAM_MIB << 20) - 1)))
grep -q "BIOS-e820: \[mem $ipvmm\] reserved" "$work/boot3.log.txt" &&
	grep -q 'BIOS-e820: \[mem 0x0000000000100000-' "$work/boot3.log.txt"
result $? "boot 3: the kernel took the loader's e820 map, IPVMM reserved"
grep -q "Kernel command line: $APPEND reservetop=0x4000000\$" \
	"$work/boot3.log.txt" &&
	grep -q 'Reserving virtual address space above 0xfc000000' \
		"$work/boot3.log.txt"
result $? "boot 3: reservetop= keeps the IPVMM window 0xfc000000 free"

debugfs -R "dump /burnvmm/pattern.bin $work/pattern.bin" "$disk" \
	>/dev/null 2>&1 &&
	"$dir/burntest-host" pattern-check "$work/pattern.bin" $PAT_SIZE $PAT_SEED
result $? "host: pattern.bin in the disk image is byte-identical to the pattern"
want=$(dump phase1 | sed -n 's/ *pattern.bin$//p')
[ -n "$want" ] && [ "$(sha256sum <"$work/pattern.bin" | cut -c1-64)" = "$want" ]
result $? "host: pattern.bin matches the sha256 the guest recorded"
[ "$(dump uname.txt)" = "$(sed -n 's/.*burnvmm-test: uname: //p' \
	"$work/boot1.log.txt")" ] && [ "$(dump lines.txt | wc -l)" = 50 ]
result $? "host: uname.txt and lines.txt hold what the guest wrote"
[ "$(dump phase2)" = "written in boot 2" ]
result $? "host: the file written in boot 2 reached the disk before power-off"
e2fsck -fn "$disk" >/dev/null 2>&1
result $? "host: e2fsck finds the guest's ext2 clean"
echo "1..$n"
[ "$failed" = 0 ]
