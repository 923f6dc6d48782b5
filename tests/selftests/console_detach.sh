#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# console_detach.sh - `burnctl start --detach` and `burnctl console`: the
# daemon's pty console (output, input through `burnctl console` and
# through the pty itself), its runtime record, list/stat/stop against a
# detached VM, --disk served by the daemon, the refusals, and that no
# daemon, VM or record is left behind.  Then a guest flooding its console
# one byte per hypercall (tests/kmod-guests/flood.c) against a stopped
# burnctl: no "Out of memory", no lost line, and a VM_ENDED the module
# had to drop made up for.  Expects burnvmm.ko loaded.
. /tests/tap.sh
tap_plan 36
g=/tests
run=/run/burnvmm
out=/tmp/cd.out
err=/tmp/cd.err
fifo=/tmp/cd.in

# /dev/pts, which the test VM's init does not mount.
if ! grep -q ' /dev/pts devpts ' /proc/mounts; then
	mkdir -p /dev/pts
	mount -t devpts -o ptmxmode=0666 devpts /dev/pts
fi

show() { tap_diag "exit $rc"; sed 's/^/#   out: /' $out; sed 's/^/#   err: /' $err; }
# detach GUEST [OPTIONS...]: start it detached; sets rc, id, pty, pid
detach() {
	guest=$1
	shift
	id= pty= pid=
	burnctl start --detach --no-ipvmm --mem 8M "$@" "$g/$guest.elf" \
		>$out 2>$err
	rc=$?
	id=$(sed -n 's|^vm \([0-9]*\) console /dev/pts/[0-9]*$|\1|p' $out)
	pty=$(sed -n 's|^vm [0-9]* console \(/dev/pts/[0-9]*\)$|\1|p' $out)
	[ -n "$id" ] && pid=$(sed -n 's/^pid //p' $run/vm$id.pty 2>/dev/null)
	[ "$rc" = 0 ] && [ -n "$id" ] && [ -c "$pty" ] && [ -n "$pid" ] &&
		[ "$(wc -l <$out)" = 1 ] && [ ! -s $err ] && return 0
	show
	return 1
}
alive() { kill -0 "$1" 2>/dev/null; }
gone() { ! alive "$1"; }
# ended: the daemon $pid is gone, and with it its record and its VM
ended() {
	wait_long gone "$pid" && [ ! -e $run/vm$id.pty ] &&
		! burnctl list | grep -q "^$id "
}
vm_state() { burnctl list | awk -v id="$1" '$1 == id { print $3 }'; }
log_has() { grep -q "$1" $run/vm$id.log; }

# small predicates for tap_check (it runs them in this shell)
record_ok() {
	[ "$(head -1 $run/vm$id.pty)" = "$pty" ] &&
		grep -q "^pid $pid\$" $run/vm$id.pty &&
		grep -q '^port [0-9][0-9]*$' $run/vm$id.pty
}
# field 6 of /proc/PID/stat is the session id
session() { cut -d' ' -f6 /proc/$1/stat; }
own_session() { alive "$pid" && [ "$(session $pid)" != "$(session $$)" ]; }
running() { [ "$(vm_state "$1")" = running ]; }
stat_ok() { burnctl stat "$id" | grep -q '^exits [0-9]'; }
rc_is() { [ "$rc" = "$1" ]; }
rc_err() { [ "$rc" = "$1" ] && grep -q "$2" $err; }
# in_order MIN: the "flood N" lines are N = 1, 2, 3..., at least MIN (a
# stopped guest's last line may be cut short: only whole numbers count)
in_order() {
	awk -v min="$1" '/^flood [0-9]+$/ && length($2) == 7 {
			n++
			# (busybox awk reads "0000010" as octal: compare text)
			if ($2 != sprintf("%07d", n) && !bad) {
				bad = 1
				print "# line " NR ": " $0 ", not " n
			}
		}
		END { if (n < min) print "# only " n " lines"; exit bad || n < min }' $out
}
# overran: the module had to refuse messages to the owner socket of the
# flood's VM (the Drops column of /proc/net/netlink, keyed by port)
overran() {
	[ "$(awk -v p="$port" '$3 == p { print $9 }' /proc/net/netlink)" -gt 0 ] \
		2>/dev/null
}
# run_flood BIT CMD...: flood.elf in a foreground burnctl start ($bpid):
# once the guest waits, SIGSTOP burnctl, raise BIT (20: 300 lines, 21:
# for ever), wait until burnctl's socket overran, run CMD, SIGCONT.  At
# most 2 minutes in all.  Sets id, rc, and ov (0 if the socket overran).
# ($out must be emptied before burnctl starts: the background job's own
# redirection may come too late.)
run_flood() {
	wait_long grep -q '^flood: waiting$' $out
	id=$(burnctl list | awk '$3 == "running" { print $1; exit }')
	port=$(burnctl list | awk '$3 == "running" { print $4; exit }')
	kill -STOP $bpid
	burnctl irq "$id" "$1"
	shift
	wait_long overran
	ov=$?
	"$@"
	kill -CONT $bpid
	(sleep 120; kill -9 $bpid 2>/dev/null) &
	wd=$!
	wait $bpid
	rc=$?
	kill $wd 2>/dev/null
}

# 1. A detached guest that echoes its console (conecho: 'q' ends it).
tap_check "start --detach prints 'vm ID console PTY' and exits 0" detach conecho
tap_diag "$(cat $out)"
tap_check "the record names the pty first, then the daemon and its port" record_ok
tap_check "the daemon runs, in a session of its own" own_session
tap_check "list shows the detached VM running" running "$id"
tap_check "stat works against it" stat_ok

# 2. burnctl console from a pipe: what goes in comes back from the guest.
rm -f $fifo
mkfifo $fifo
burnctl console "$id" <$fifo >/tmp/cd.con 2>/tmp/cd.conerr &
cpid=$!
exec 3>$fifo
printf 'hello through burnctl console\n' >&3
tap_check "input through burnctl console reaches the guest and echoes back" \
	wait_long grep -q 'hello through burnctl console' /tmp/cd.con
burnctl console "$id" </dev/null >$out 2>$err &
c2=$!
(sleep 10; kill $c2 2>/dev/null) &
wait $c2
rc=$?
# /proc/locks exists where the kernel has file locking (flock).
if [ -e /proc/locks ]; then
	tap_check "a second console is refused while one is attached" \
		rc_err 1 'another burnctl console is attached'
else
	echo "ok $((TAP_N += 1)) - a second console is refused # SKIP no file locking"
fi
exec 3>&-
printf 'after the end of input\n' >$pty
tap_check "console keeps showing output after its input ended" \
	wait_long grep -q 'after the end of input' /tmp/cd.con
kill -TERM $cpid
wait $cpid
rc=$?
detached_ok() { rc_is 0 && alive "$pid" && running "$id"; }
tap_check "SIGTERM detaches burnctl console with 0; the VM runs on" detached_ok
[ $rc = 0 ] || sed 's/^/#   console err: /' /tmp/cd.conerr

# 3. The pty itself: a reader sees the output, a writer is the input.
cat "$pty" >/tmp/cd.cat 2>/dev/null &
catpid=$!
sleep 0.2
printf 'straight into the pty\n' >$pty
tap_check "the pty carries the guest's output" \
	wait_long grep -q 'straight into the pty' /tmp/cd.cat
printf 'q' >$pty
tap_check "the guest's end ends the daemon and removes its record" ended
tap_check "the daemon's log says how the VM ended" \
	log_has "VM $id ended: guest shut down with status 0"
tap_check "a reader of the pty sees it close" wait_long gone $catpid
kill $catpid 2>/dev/null
burnctl stat "$id" >/dev/null 2>&1
rc=$?
tap_check "stat of the ended VM: no such VM (4)" rc_is 4
burnctl console "$id" </dev/null >$out 2>$err
rc=$?
tap_check "console of the ended VM: no such VM (4)" rc_is 4

# 4. stop, and SIGTERM to the daemon.
tap_check "a spinning guest starts detached" detach spin
burnctl stop "$id"
rc=$?
stopped_ok() { rc_is 0 && ended; }
tap_check "stop ID ends a detached VM and its daemon" stopped_ok
tap_check "the log says it was stopped" log_has "VM $id ended: stopped on request"
detach spin
kill -TERM "$pid"
tap_check "SIGTERM to the daemon stops its VM and ends it" ended
tap_check "... and the log says so" log_has "VM $id ended: stopped on request"

# 5. The daemon serves --disk: blockio exits 0 only with a disk, and
# writes letters at sector 5.
img=/tmp/cd.img
dd if=/dev/zero of=$img bs=512 count=64 2>/dev/null
detach blockio --disk $img
tap_check "a detached blockio guest is served its --disk" \
	wait_long log_has "VM $id ended: guest shut down with status 0"
tap_check "... and wrote its sectors" \
	sh -c "dd if=$img bs=512 skip=5 count=1 2>/dev/null | grep -q ABCDEF"
ended

# 6. Refusals.
burnctl start --detach --no-ipvmm --mem 8M /nonexistent.elf >$out 2>$err
rc=$?
tap_check "a missing guest: one error line, exit 1, nothing detached" \
	sh -c "[ $rc = 1 ] && [ \$(wc -l <$err) = 1 ] && [ ! -s $out ] && ! ls $run/*.pty >/dev/null 2>&1"
burnctl start --detach --console none --no-ipvmm $g/hello.elf >$out 2>$err
rc=$?
tap_check "--detach with --console is a usage error (129)" rc_is 129
burnctl start --no-ipvmm --mem 8M --console none $g/spin.elf >/dev/null 2>&1 &
fg=$!
wait_long sh -c "burnctl list | grep -q running"
fgid=$(burnctl list | awk '$3 == "running" { print $1; exit }')
burnctl console "$fgid" </dev/null >$out 2>$err
rc=$?
tap_check "console of a VM not started with --detach: exit 1, clear error" \
	rc_err 1 'not started with --detach'
kill -TERM $fg
wait $fg

# 7. The flood: one byte per hypercall while burnctl is stopped.  Before
# NETLINK_NO_ENOBUFS, burnctl died of "Out of memory" and took the VM.
: >$out
burnctl start --no-ipvmm --mem 8M --console none $g/flood.elf >$out 2>$err &
bpid=$!
run_flood 20 true
tap_check "a flood overruns the socket of a stopped burnctl" [ "$ov" = 0 ]
tap_check "... which then exits 0, no error" \
	sh -c "[ $rc = 0 ] && [ ! -s $err ]"
[ $rc = 0 ] || { show | head -5; tail -3 $out | sed 's/^/#   /'; }
tap_check "... all 300 lines arrived once and in order" in_order 300
tap_check "... then the guest's last line" grep -q '^flood: done$' $out

# The VM_ENDED the module drops: stop the VM while burnctl is stopped and
# its socket is full.  burnctl must still learn the end, from VM_INFO.
: >$out
burnctl start --no-ipvmm --mem 8M --console none $g/flood.elf >$out 2>$err &
bpid=$!
stop_it() { burnctl stop "$id"; }
run_flood 21 stop_it
lost_end_ok() { [ "$ov" = 0 ] && rc_err 6 'ended: stopped on request'; }
tap_check "a VM stopped while its burnctl's socket was full: burnctl exits 6" \
	lost_end_ok
[ $rc = 6 ] || show | head -5
tap_check "... its lines in order" in_order 1

# A detached flood with nobody attached runs to its end.
detach flood
burnctl irq "$id" 20
tap_check "a detached flood nobody watches runs to its end" ended
tap_check "... and says so in the log" log_has "VM $id ended: guest shut down with status 0"

# 8. Nothing left behind.
tap_check "no burnctl process is left" sh -c "! pidof burnctl"
tap_check "no VM is left" sh -c "[ \$(burnctl list | wc -l) = 1 ]"
tap_check "no record is left" sh -c "! ls $run/*.pty $run/*.tmp 2>/dev/null | grep -q ."
tap_done
