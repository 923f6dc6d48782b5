#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-unit.sh OUTDIR - runner bench-unit: the scripts of `make bench`
# on fixture data (bench/fixtures/), never a timing.  bench/report must
# turn two sets of raw sample lines into results.json (medians, spreads,
# ratios, exact counters per operation, the git revision; the Linux
# guest's counters per window, each against its own baseline),
# results.md (with the "not yet" rows) and results.png; bench/compare must show the
# deltas between the two; bench/testguest-native must parse a runner's
# "# bench" lines.  TAP on stdout.
set -uo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
fix=$here/fixtures
rm -rf "$out"
mkdir -p "$out/a" "$out/b"
n=0
failed=0
ok() { # ok NAME CMD...
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >"$out/last.log" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$out/last.log" | head -n 20
		failed=1
	fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# jget FILE PERL-EXPR: evaluate EXPR on the decoded JSON in $d
jget() {
	perl -MJSON::PP -e 'local $/; open my $f, "<", $ARGV[0] or die;
		my $d = decode_json(<$f>); my $v = eval $ARGV[1];
		die $@ if $@; print defined $v ? "$v\n" : "undef\n"' "$1" "$2"
}
# is FILE EXPR WANT
is() {
	local got
	got=$(jget "$1" "$2") || return 1
	[ "$got" = "$3" ] || { echo "$2: got '$got', want '$3'"; return 1; }
}
bench_of() { # perl expression for benchmark SUITE/NAME
	echo "(grep { \$_->{suite} eq '$1' && \$_->{name} eq '$2' } @{\$d->{benchmarks}})[0]"
}
tg=$(bench_of testguest cli_sti)
hc=$(bench_of raw hc_null)
lp=$(bench_of linux pipe)

ok "report writes results for fixture a" "$here/report" "$fix/raw-a" "$out/a"
ok "report writes results for fixture b" "$here/report" "$fix/raw-b" "$out/b"
ok "results.json is valid JSON" jget "$out/a/results.json" '$d->{schema}'
ok "it carries the git revision" is "$out/a/results.json" '$d->{git}{revision}' \
	0123456789abcdef0123456789abcdef01234567
ok "and the date and host" is "$out/a/results.json" \
	'"$d->{date} $d->{host}{hostname} $d->{host}{cores}"' '2026-01-01T00:00:00Z fixture 2'
ok "native samples in the order measured" is "$out/a/results.json" \
	"join ',', @{($tg)->{native}{samples}}" 110,100,102
ok "median of 110, 100, 102 is 102" is "$out/a/results.json" "($tg)->{native}{median}" 102
ok "spread is the interquartile range / median" is "$out/a/results.json" "($tg)->{native}{spread_pct}" 4.9
ok "median of an even count is the mean of the middle two" is "$out/a/results.json" \
	"($lp)->{native}{median}" 61000
ok "a row not run under burnvmm says why" is "$out/a/results.json" \
	"($tg)->{burnvmm_status}" 'not yet — needs the in-place VMM'
ok "and has no burnvmm figure and no ratio" is "$out/a/results.json" \
	"defined(($tg)->{burnvmm}) || defined(($tg)->{ratio}) ? 'bad' : 'none'" none
ok "burnvmm median of a raw guest" is "$out/a/results.json" "($hc)->{burnvmm}{median}" 105000
ok "ratio against the native analog (105000 / 1050)" is "$out/a/results.json" \
	"($hc)->{ratio}" 100
ok "the analog is named" is "$out/a/results.json" "($hc)->{native_analog}" testguest/null_syscall
ok "hypercalls per operation: (median run - baseline) / ops" is "$out/a/results.json" \
	"($hc)->{per_op}{hypercalls}" 1
ok "exits per operation" is "$out/a/results.json" "($hc)->{per_op}{exits}" 1.002
ok "exits per operation without host interrupts (burnctl stat)" is "$out/a/results.json" \
	"($hc)->{per_op}{exits_guest}" 1
ok "upcalls per operation from burnctl stat lines" is "$out/a/results.json" \
	"($hc)->{per_op}{upcalls}" 2
ok "fixture b: two hypercalls per operation" is "$out/b/results.json" \
	"($hc)->{per_op}{hypercalls}" 2
ok "tsc_khz is a fact of the host, not a row" is "$out/a/results.json" \
	"\$d->{host}{native_tsc_khz} . ' ' . scalar(grep { \$_->{name} eq 'tsc_khz' } @{\$d->{benchmarks}})" '2100000 0'
ok "results.md names the revision" grep -q 'Revision `0123456`' "$out/a/results.md"
ok "and the load at the start and the end of the run" grep -q \
	'load 1.00 1.00 1.00 at the start, 7.50 8.00 6.00 at the end)' "$out/b/results.md"
ok "results.md has the test guest row with its not-yet note" \
	grep -q '^| cli_sti | .* | cycles | 102 (IQR 4.9%) | not yet — needs the in-place VMM | — | — | — | — |$' \
	"$out/a/results.md"
ok "test guest counters per operation from its bench gates: none for cli_sti" \
	is "$out/b/results.json" "join ' ', map { $tg->{per_op}{\$_} } qw(exits_guest upcalls)" '0 0'
ok "and one upcall per null_syscall" \
	is "$out/b/results.json" "join ' ', map { $(bench_of testguest null_syscall)->{per_op}{\$_} } qw(exits_guest upcalls)" '1 1'
ok "results.md has the test guest row with ratio and counters" \
	grep -q '^| cli_sti | .* | cycles | 102 (IQR 4.9%) | 7200 (IQR 2.8%) | 70.59 | 0.00 | 0.00 | 0.00 |$' \
	"$out/b/results.md"
ok "results.md has the raw row with counters per operation" \
	grep -q '^| hc_null | .* | 105000 (IQR 4.8%) | 100.00 | 1.00 | 1.00 | 2.00 |$' \
	"$out/a/results.md"
lb=$(bench_of linux boot_to_shell)
ok "Linux under burnvmm: median and ratio" is "$out/b/results.json" \
	"join ' ', ($lp)->{burnvmm}{median}, ($lp)->{ratio}" '950000 15.57'
ok "Linux counters: each window against its own baseline, the median one" \
	is "$out/b/results.json" "join ' ', map { ($lp)->{per_op}{\$_} } qw(windows hypercalls exits_guest upcalls)" '3 1.1 5 2'
ok "Linux boot_to_shell counters per boot, from zero" \
	is "$out/b/results.json" "join ' ', map { ($lb)->{per_op}{\$_} } qw(ops hypercalls exits_guest upcalls)" '1 20200 40500 5050'
ok "results.md has the Linux row with ratio and counters" \
	grep -q '^| pipe | .* | ns | 61000 (IQR 1.6%) | 950000 (IQR 5.3%) | 15.57 | 5.00 | 1.10 | 2.00 |$' \
	"$out/b/results.md"
if command -v gnuplot >/dev/null; then
	ok "results.png is a PNG" sh -c "head -c 8 '$out/a/results.png' | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'"
else
	skip "results.png is a PNG" "no gnuplot (scripts/install-deps installs gnuplot-nox)"
fi
"$here/compare" "$out/a/results.json" "$out/b/results.json" >"$out/compare.txt" 2>&1
ok "compare exits 0" test $? = 0
ok "compare names both revisions" sh -c "grep -q '^old: 0123456' '$out/compare.txt' && grep -q '^new: 89abcde' '$out/compare.txt'"
ok "compare shows the slowdown beyond the spread" \
	grep -q '^raw/hc_null .*105000 -> 205000 (+95.2%!)' "$out/compare.txt"
ok "compare flags the changed exact counter" \
	grep -q 'hypercalls 1->2 CHANGED' "$out/compare.txt"
ok "compare keeps the not-yet rows" grep -q '^linux/fork_exec .* not yet .*(only in old)' "$out/compare.txt"
ok "compare shows a Linux row measured only in the new run" \
	grep -q '^linux/boot_to_shell .*3100 -> 3100 (+0.0%) *- -> 31000' "$out/compare.txt"
ok "compare shows a row measured only in the new run" grep -q '^testguest/cli_sti .*102 -> 102 (+0.0%) *- -> 7200' "$out/compare.txt"
echo '{"oops": 1}' >"$out/bad.json"
ok "compare refuses a file that is not results, in one line" sh -c \
	"! '$here/compare' '$out/a/results.json' '$out/bad.json' 2>'$out/err' && [ \$(wc -l <'$out/err') = 1 ]"
printf '#!/bin/sh\necho "ok 1 - x"\necho "# bench cli_sti=54 cycles"\necho "# bench tsc_khz=2100000 kHz"\necho "# not a bench line"\nexit 1\n' \
	>"$out/fake-runner"
chmod +x "$out/fake-runner"
"$here/testguest-native" "$out/fake-runner" 2 >"$out/tg.txt" 2>/dev/null
ok "testguest-native turns bench lines into samples, per run" sh -c \
	"[ \$(grep -c '^sample side=native suite=testguest name=cli_sti value=54 unit=cycles\$' '$out/tg.txt') = 2 ] && [ \$(wc -l <'$out/tg.txt') = 4 ]"
echo "1..$n"
exit $failed
