#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmod_guests.sh - raw ring-1 guests (tests/kmod-guests/) through
# `burnctl start --no-ipvmm`: the world switch, hypercalls, exceptions,
# hostile instructions, upcalls, events, guest descriptors and the IPVMM
# window, the ELF loader's checks, and stopping a guest that never stops
# by itself.  Expects burnvmm.ko loaded.
. /tests/tap.sh
tap_plan 85
out=/tmp/kg.out
err=/tmp/kg.err
g=/tests

# run_guest GUEST [OPTIONS...]: stdout in $out, stderr in $err, exit in $rc
run_guest() {
	guest=$1
	shift
	burnctl start --no-ipvmm --mem 8M "$@" "$g/$guest.elf" >$out 2>$err
	rc=$?
}
show() { tap_diag "exit $rc"; sed 's/^/#   out: /' $out; sed 's/^/#   err: /' $err; }
# ends GUEST REGEX: the guest dies, burnctl says why in one line, exit 6
ends() {
	run_guest "$1"
	if [ "$rc" = 6 ] && [ "$(wc -l <$err)" = 1 ] &&
	   grep -Eq "^burnctl: start: VM [0-9]+ ended: $2\$" $err &&
	   ! grep -q survived $out; then
		return 0
	fi
	show
	return 1
}
# exits GUEST STATUS REGEX: shuts down with STATUS, stdout matches REGEX
exits() {
	run_guest "$1"
	if [ "$rc" = "$2" ] && grep -Eq "$3" $out && [ ! -s $err ]; then
		return 0
	fi
	show
	return 1
}
vm_count() { burnctl list | tail -n +2 | wc -l; }
count_is() { [ "$(vm_count)" = "$1" ]; }
at='at 0x[0-9a-f]{8}'

# Hypercalls and shutdown.
tap_check "hello prints and shuts down with 0" exits hello 0 '^hello from ring 1$'
tap_check "the shutdown status is burnctl's exit code" exits exit42 42 'exiting with 42'
tap_check "Multiboot magic and memory information" exits mb 0 'mem_upper 7168 KiB'
tap_check "bad hypercall numbers and arguments return errors" exits hcerr 0 '^ok console: 0x0000000b$'
tap_check "hcerr saw no failure" sh -c "! grep -q FAIL $out"
t0=$(date +%s%N)
tap_check "16384 null hypercalls" exits nullhc 0 'cycles per round trip'
t1=$(date +%s%N)
tap_diag "$(cat $out)"
case "$t0$t1" in
*N*) ;;
*) tap_diag "nullhc: whole run $(( (t1 - t0) / 1000000 )) ms including VM set-up (TCG)" ;;
esac

# Exceptions end the VM with a reason naming vector, EIP and error code.
tap_check "#DE" ends de "guest #DE $at"
tap_check "#UD (ud2)" ends ud "guest #UD $at"
tap_check "#GP (cli at ring 1)" ends gp "guest #GP $at error 0x0"
tap_check "#BP (int3)" ends bp "guest #BP $at"
tap_check "memory beyond RAM" ends beyond "guest access beyond RAM at 0x00801000 \\(EIP 0x[0-9a-f]{8}\\)"

# Guest paging (BURN_HC_SET_PGTABLE): the shadow MMU walks the guest's
# tables; faults in them and hostile entries end the VM.
tap_check "guest paging: remaps, A/D, invlpg, CR3 loads" exits paging 0 '^ok identity once more: 0xbbbb0002$'
tap_check "paging saw no failure" sh -c "! grep -q FAIL $out"
tap_check "guest #PF on an unmapped page" ends pgfault "guest #PF $at cr2 0x50000000 error 0x0"
tap_check "guest #PF on a write to a read-only page" ends pgro "guest #PF $at cr2 0x40000008 error 0x3"
tap_check "guest #PF on a ring-3 read of a supervisor page" ends pguser "guest #PF $at cr2 0x40000000 error 0x5"
tap_check "a PTE beyond RAM is MMIO" ends pgmmio "guest MMIO at 0x40000000 \\(gpa 0x10000000, EIP 0x[0-9a-f]{8}\\), no upcall"
tap_check "a page table beyond RAM" ends pgbadpt "guest page table at 0x20000000 beyond RAM \\(cr2 0x40000000, EIP 0x[0-9a-f]{8}\\)"

# Hostile instructions: each is refused by the hardware and reported.
tap_check "hlt is a #GP" ends hlt "guest #GP $at error 0x0"
tap_check "out is a #GP" ends io "guest #GP $at error 0x0"
tap_check "popf cannot raise IOPL" ends iopl "guest #GP $at error 0x0"
tap_check "mov to CR3 is a #GP" ends movcr3 "guest #GP $at error 0x0"
tap_check "lidt is a #GP" ends lidt "guest #GP $at error 0x0"
tap_check "the host's DPL-0 data selector is refused" ends sel0 "guest #GP $at error 0x18"
tap_check "far jump to the 64-bit kernel CS is refused" ends ljmp64 "guest #GP $at error 0x10"
tap_check "the TSS selector is refused" ends tss "guest #GP $at error 0x50"
tap_check "an LDT selector is refused" ends ldt "guest #GP $at error 0x4"
tap_check "sysenter cannot enter the host" ends sysenter "guest #(GP|UD) $at( error 0x0)?"
tap_check "syscall cannot enter the host" ends syscall "guest #UD $at"
tap_check "wrpkru is a #UD" ends wrpkru "guest #UD $at"
# The IDT error code is (vector << 3) | 2 on hardware; QEMU's TCG pushes
# (vector << 4) | 2 in long mode.  Either names the vector.
tap_check "int \$0x80 (DPL 3 gate) is named, not taken for a host interrupt" ends int80 "guest int \\\$0x80 $at"
tap_check "int \$2 cannot fake an NMI" ends int2 "guest #GP $at error 0x(12|22)"
tap_check "int \$0x20 cannot fake a device interrupt" ends int20 "guest #GP $at error 0x(102|202)"
# iret with EFLAGS.VM and an RPL-0 CS: a #GP on hardware, virtual-8086
# mode under TCG; a guest fault either way, never a switcher fault.
tap_check "iret into virtual-8086 mode is the guest's fault" ends vm86iret \
	"guest (#GP $at error 0x50|entered virtual-8086 mode at EIP 0x[0-9a-f]{8})"
tap_check "no hypercall from ring 3" ends ring3hc "guest #GP $at error 0x(412|822)"
if grep -qw umip /proc/cpuinfo; then
	tap_check "sgdt is a #GP under UMIP" ends sgdt "guest #GP $at error 0x0"
else
	tap_check "sgdt works without UMIP (no UMIP on this CPU)" exits sgdt 3 'no UMIP'
fi

# Upcalls, events, descriptors and the window (issue #6).  Each of these
# guests checks itself and prints numbered "ok N - ..." lines, and
# "# name: value unit" lines with numbers; here it is one test per guest,
# with its numbers as diagnostics (all of its output when it fails).
checks() { # checks GUEST: exits 0 after "GUEST: done", no "not ok" line
	run_guest "$1"
	if [ "$rc" = 0 ] && grep -q "^$1: done\$" $out &&
	   ! grep -q '^not ok' $out && [ ! -s $err ]; then
		grep -E '^# .*: [0-9]+' $out | sed "s/^# /$1: /" >/tmp/kg.num
		while read -r line; do tap_diag "$line"; done </tmp/kg.num
		return 0
	fi
	show
	return 1
}
tap_check "upcalls: exceptions with their vector, error code, CR2, registers and EIP" checks upexc
tap_check "upcalls: int \$n from ring 1 and ring 3, and a ring-3 round trip" checks upsoftint
tap_check "events: timer, IDLE, irq_enabled deferral, the 1 ms timer's rate" checks uptimer
tap_check "events: the nocall and restart ranges" checks upranges
tap_check "SET_DESC: refusals, data and code segments, guest ring-3 segments" checks updesc
tap_check "SET_WINDOW: in every root, paging on or off, supervisor only" checks upwindow

# Console input and `burnctl irq` reach an idling guest as events.
first_id() { burnctl list | awk 'NR == 2 { print $1 }'; }
(sleep 2; printf 'ping\n'; sleep 15) |
	burnctl start --no-ipvmm --mem 8M $g/upinput.elf >$out 2>$err &
pid=$!
wait_for grep -q '^upinput: waiting' $out
id=$(first_id)
burnctl irq "$id" 8
burnctl irq "$id" 31
wait $pid
rc=$?
input_ok() {
	[ "$rc" = 0 ] && grep -q "^upinput: console 'ping' irq 0x80000100\$" $out &&
		return 0
	show
	return 1
}
tap_check "console input and burnctl irq 8 and 31 reach the guest as events" input_ok

# Exits per second under a 1 ms timer, from the module's own counters.
val() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }
burnctl start --no-ipvmm --mem 8M $g/timerload.elf >$out 2>$err &
pid=$!
wait_for grep -q '^timerload: running' $out
id=$(first_id)
t0=$(date +%s%N)
burnctl stat "$id" >/tmp/tl1 2>&1
sleep 1
burnctl stat "$id" >/tmp/tl2 2>&1
t1=$(date +%s%N)
burnctl irq "$id" 8
wait $pid
rc=$?
case "$t0$t1" in
*N*) ms=1000 ;;	# no %N in this date: about the sleep
*) ms=$(((t1 - t0) / 1000000)) ;;
esac
delta() { # delta COUNTER: its growth between the two samples
	a=$(val "$1" /tmp/tl1)
	b=$(val "$1" /tmp/tl2)
	echo $((${b:-0} - ${a:-0}))
}
d_exits=$(delta exits)
d_exits_host=$(delta exits_host)
d_exits_hypercall=$(delta exits_hypercall)
d_upcalls_event=$(delta upcalls_event)
d_timer_fires=$(delta timer_fires)
tap_diag "timerload: over $ms ms: $d_exits exits ($((d_exits * 1000 / (ms + 1))) per s): host $d_exits_host, hypercall $d_exits_hypercall, event upcalls $d_upcalls_event, timer fires $d_timer_fires"
tap_diag "$(tail -1 $out)"
tap_check "a 1 ms timer load: the guest ends well, its timer fires and is upcalled" \
	sh -c "[ $rc = 0 ] && [ $d_timer_fires -gt 0 ] && [ $d_upcalls_event -gt 0 ]"

# Hostile upcall set-ups end the VM with a reason, never the host.
busy=" \\(vector [0-9]+\\) $at with the upcall frame busy"
tap_check "a fault in the upcall entry while the frame is busy" ends upbusy "guest #UD$busy"
# Beyond RAM with paging off is an MMIO #PF once an upcall entry exists.
tap_check "an upcall stack beyond RAM" ends upstack "guest #PF$busy"
tap_check "an upcall stack the guest does not map" ends upstackpf "guest #PF$busy"
tap_check "an upcall entry beyond RAM" ends upentry "guest #PF$busy"
tap_check "SET_UPCALL with entry 0 unregisters" ends upoff "guest #UD $at"

# A descriptor changed under a loaded selector: the host may refuse the
# change, null the register or end the VM, but must not fault itself.
survives() { # survives GUEST
	n0=$(dmesg | wc -l)
	run_guest "$1"
	if { [ "$rc" = 0 ] && grep -q "^$1: survived" $out; } ||
	   { [ "$rc" = 6 ] && grep -Eq "^burnctl: start: VM [0-9]+ ended: " $err; }; then
		if ! dmesg | tail -n +$((n0 + 1)) |
		   grep -Eq 'switcher fault|WARNING|BUG|general protection|Oops'; then
			tap_diag "$1: $(grep "^$1: " $out | tr '\n' ' ')$(cat $err)"
			return 0
		fi
	fi
	show
	dmesg | tail -n +$((n0 + 1)) | head -30 | sed 's/^/#   dmesg: /'
	return 1
}
tap_check "SET_DESC under a loaded FS" survives descfs
tap_check "SET_DESC under the running CS" survives desccs
tap_check "SET_DESC under a loaded SS" survives descss

# Guests that never end by themselves with events in play: stop works.
stops() { # stops GUEST: it prints "GUEST: ..." and then never ends
	so=/tmp/stops.out
	burnctl start --no-ipvmm --mem 8M "$g/$1.elf" >$so 2>&1 &
	pid=$!
	wait_for grep -q "^$1: " $so
	id=$(burnctl list | awk 'NR == 2 { print $1 }')
	burnctl stop "$id"
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		tap_diag "$1: still running 10 s after burnctl stop"
		burnctl destroy "$id"
		kill -9 $pid
	fi
	wait $pid
	rc=$?
	[ $rc = 6 ] && grep -q 'ended: stopped on request' $so &&
		wait_for count_is 0 && return 0
	sed 's/^/#   out: /' $so
	return 1
}
tap_check "spinning with irq_enabled 0 and a timer pending: burnctl stop" stops spinirq
tap_check "IDLE with nothing pending: burnctl stop wakes it" stops idlestop
tap_check "an endless restart loop with an event pending: burnctl stop" stops restartspin

# The loader: every bad input is one line naming the file and the problem.
bad_elf() { # bad_elf FILE REGEX [--mem SIZE]
	f=$1 re=$2
	shift 2
	burnctl start --no-ipvmm --mem 8M "$@" "$f" >$out 2>$err
	rc=$?
	if [ "$rc" = 1 ] && [ "$(wc -l <$err)" = 1 ] &&
	   grep -Eq "^burnctl: start: $f: $re" $err && count_is 0; then
		return 0
	fi
	show
	return 1
}
tap_check "an image beyond RAM is refused" bad_elf $g/big.elf "segment 0x7f00000-0x7f[0-9a-f]+ lies outside guest RAM"
run_guest big --mem 128M
tap_check "the same image loads high in a bigger VM" sh -c "[ $rc = 0 ] && grep -q 'hello from ring 1' $out"
tap_check "a 64-bit ELF is refused" bad_elf /bin/busybox "not a 32-bit ELF file"
head -c 40 $g/hello.elf >/tmp/short.elf
tap_check "a truncated ELF is refused" bad_elf /tmp/short.elf "too short to be an ELF file"
head -c 100 $g/hello.elf >/tmp/trunc.elf
tap_check "missing program headers are refused" bad_elf /tmp/trunc.elf "program headers beyond the end of the file"
echo "not an elf" >/tmp/text.elf
tap_check "a text file is refused" bad_elf /tmp/text.elf "too short|not an ELF file"
tap_check "a missing file is refused" bad_elf /tmp/none.elf "No such file"
burnctl start $g/hello.elf >$out 2>$err
tap_check "without --no-ipvmm a raw guest is refused before any VM" sh -c "[ $? = 1 ] && [ \$(wc -l <$err) = 1 ] && grep -q -- '--no-ipvmm' $err"
tap_check "unprivileged start exits 3" sh -c "su nobody -s /bin/sh -c 'burnctl start --no-ipvmm --mem 8M $g/hello.elf' >/dev/null 2>&1; [ \$? = 3 ]"
tap_check "no VM is left behind" count_is 0

# A guest that spins forever: the host stays usable and every way of
# ending it works.
spin_start() {
	burnctl start --no-ipvmm --mem 8M $g/spin.elf >/tmp/spin$1.out 2>&1 &
	eval "spin$1=\$!"
}
spin_start 1
tap_check "a spinning guest is running" wait_for count_is 1
id=$(burnctl list | awk 'NR == 2 { print $1 }')
tap_check "its state is running" sh -c "burnctl info $id | grep -q running"
tap_check "burnctl stop stops it" burnctl stop "$id"
wait $spin1
rc=$?
tap_check "its burnctl exits 6 with the reason" sh -c "[ $rc = 6 ] && grep -q 'ended: stopped on request' /tmp/spin1.out"
tap_check "the spinner printed before spinning" grep -q 'spin: spinning' /tmp/spin1.out

spin_start 2
wait_for count_is 1
sleep 1
kill -INT $spin2
wait $spin2
rc=$?
tap_check "Ctrl-C stops it" sh -c "[ $rc = 6 ] && grep -q 'stopped on request' /tmp/spin2.out"
tap_check "and the VM is gone" wait_for count_is 0

spin_start 3
wait_for count_is 1
id=$(burnctl list | awk 'NR == 2 { print $1 }')
tap_check "destroy ends a spinning guest" burnctl destroy "$id"
wait $spin3
rc=$?
tap_check "its burnctl says destroyed" sh -c "[ $rc = 6 ] && grep -q 'destroyed on request' /tmp/spin3.out"

spin_start 4
kill -9 $spin4
wait $spin4 2>/dev/null
tap_check "kill -9 of a starting burnctl leaves no VM" wait_for count_is 0

# Two spinners on a two-CPU host: the shell must still get time.  20
# lists take about 9 s under TCG on an idle machine, 30 on a loaded one;
# the bound is there to catch a VM thread that starves the host (which
# would take minutes or forever), not to time anything.
spin_start 5
spin_start 6
wait_for count_is 2
t0=$(date +%s)
i=0
while [ $i -lt 20 ]; do
	burnctl list >/dev/null
	i=$((i + 1))
done
t1=$(date +%s)
tap_check "host responsive with two spinning guests (20 lists in $((t1 - t0)) s)" [ $((t1 - t0)) -lt 90 ]
tap_check "both spin while the host works" sh -c "[ \$(burnctl list | grep -c running) = 2 ]"
kill -TERM $spin5 $spin6
wait $spin5
r5=$?
wait $spin6
r6=$?
tap_check "SIGTERM stops both" sh -c "[ $r5 = 6 ] && [ $r6 = 6 ]"
tap_check "no VM is left" wait_for count_is 0

# Many short guests in a row: nothing accumulates.
i=0
ok=0
while [ $i -lt 20 ]; do
	run_guest hello
	[ "$rc" = 0 ] && ok=$((ok + 1))
	i=$((i + 1))
done
tap_check "20 guests in a row all shut down cleanly" [ $ok = 20 ]
tap_check "guest memory is all returned" sh -c "burnctl version | grep -q ' 0 VMs, 0B guest RAM in use'"

# rmmod with running guests (the module is reloaded for later tests).
# Both guests must be running, not just created: a burnctl still loading
# its image when the module goes meets a failed request instead of the
# VM's end, and rightly says so differently.
spin_start 7
spin_start 8
spinning() { grep -q 'spin: spinning' /tmp/spin7.out &&
	grep -q 'spin: spinning' /tmp/spin8.out; }
wait_for spinning
tap_check "rmmod with two running guests" rmmod burnvmm
wait $spin7
r7=$?
wait $spin8
r8=$?
tap_check "their burnctls report the unload" sh -c "[ $r7 = 6 ] && [ $r8 = 6 ] && grep -q 'module unloaded' /tmp/spin7.out && grep -q 'module unloaded' /tmp/spin8.out"
[ "$r7$r8" = 66 ] || sed 's/^/#   /' /tmp/spin7.out /tmp/spin8.out
tap_check "the module reloads" insmod /lib/burnvmm.ko
tap_check "and runs a guest again" exits hello 0 'hello from ring 1'
tap_done
