#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# afterburn-unit.sh BUILD SRC - the Afterburner's host tests as one flat
# TAP stream (plan printed last):
#   1. the cmocka suite (lexer, classifier, decoder, rewriter API),
#      renumbered into this stream
#   2. per fixture in tests/afterburn/fixtures: afterburn succeeds; the
#      records (class, in order) are exactly the `# expect:` comments;
#      afterburn-sites --verify accepts the linked result; and the
#      differential test: original and afterburnt objects have the same
#      instruction stream once NOP runs are removed
#   3. the differential test on real compiler output (gcc -m32 -O2 -S of
#      C sources of this project and of the Linux guest's init)
#   4. bad input: each case must exit 1 with one `file:line: error:`
#      message, never crash or hang
#   5. afterburn-cc: -MD/-MF, -o, -E, -S and @file behave as with gcc
set -uo pipefail
build=$1 src=$2
here=$src/tests/afterburn
ab=$build/afterburn abcc=$build/afterburn-cc sites=$build/afterburn-sites
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -s "$tmp/why" ] && sed 's/^/# /' "$tmp/why" | head -n 20
	: >"$tmp/why"
}
check() {	# check DESC CMD... : ok if CMD succeeds
	local d=$1; shift
	if "$@" >"$tmp/why" 2>&1; then ok "$d"; else not_ok "$d"; fi
}

# 1. cmocka, renumbered
CMOCKA_MESSAGE_OUTPUT=TAP "$build/tests/afterburn/afterburn-unit-c" \
	>"$tmp/cm" 2>&1
while IFS= read -r l; do
	case $l in
	"ok "*) ok "cmocka: ${l#ok * - }" ;;
	"not ok "*) not_ok "cmocka: ${l#not ok * - }" ;;
	"#"*) echo "$l" ;;
	esac
done <"$tmp/cm"
grep -q '^1\.\.[1-9]' "$tmp/cm" || not_ok "cmocka suite ran"

# Assemble orig.s and burnt.s, compare instruction streams.
differential() {
	as --32 -o "$tmp/o.o" "$1" && as --32 -o "$tmp/b.o" "$2" &&
		diff <("$here/insn-stream" "$tmp/o.o") \
		     <("$here/insn-stream" "$tmp/b.o")
}

# Expected classes of a fixture, in order.
expected() {
	sed -n "/^[^#]/s/.*# expect: *//p" "$1" | tr ' ' '\n' | grep .
}

# 2. fixtures
for fx in "$here"/fixtures/*.s; do
	name=fixture/$(basename "$fx" .s)
	if ! "$ab" -q "$fx" -o "$tmp/burnt.s" 2>"$tmp/why"; then
		not_ok "$name: afterburn"; continue
	fi
	ok "$name: afterburn"
	if as --32 -o "$tmp/f.o" "$tmp/burnt.s" 2>"$tmp/why" &&
	   ld -m elf_i386 -Ttext=0x100000 -e f -o "$tmp/f.elf" "$tmp/f.o" \
		2>>"$tmp/why"; then
		"$sites" "$tmp/f.elf" | awk '/^0x/ { print $4 }' >"$tmp/got"
		expected "$fx" >"$tmp/want"
		check "$name: records match # expect:" \
			diff "$tmp/want" "$tmp/got"
		check "$name: afterburn-sites --verify" "$sites" --verify \
			"$tmp/f.elf"
	else
		not_ok "$name: assemble and link"
	fi
	sed '/\.afterburn_\(no\)\?annotate/d' "$fx" >"$tmp/orig.s"
	check "$name: differential (NOPs removed, same instructions)" \
		differential "$tmp/orig.s" "$tmp/burnt.s"
done

# 3. differential on compiler output
for c in "$src"/tests/guest-linux/init.c "$src"/afterburn/decode.c \
	 "$src"/afterburn/rewrite.c "$src"/afterburn/macro.c; do
	name=differential/$(basename "$c")
	if gcc -m32 -O2 -fno-pic -fno-pie -ffreestanding -D_GNU_SOURCE \
		-I"$src/include" -I"$src/afterburn" -S -o "$tmp/c.s" "$c" \
		2>"$tmp/why" &&
	   "$ab" -q "$tmp/c.s" -o "$tmp/cb.s" 2>>"$tmp/why"; then
		check "$name" differential "$tmp/c.s" "$tmp/cb.s"
	else
		not_ok "$name: compile and afterburn"
	fi
done

# 4. bad input: exit status 1, a file:line error, no crash, no hang
bad() {	# bad NAME LINE : input in $tmp/bad.s
	local rc
	timeout 10 "$ab" "$tmp/bad.s" -o "$tmp/bad.out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 1 ] && grep -q "^$tmp/bad.s:$2: error: afterburn: " \
		"$tmp/err"; then
		ok "bad input: $1"
	else
		{ echo "exit $rc"; cat "$tmp/err"; } >"$tmp/why"
		not_ok "bad input: $1"
	fi
}
printf '\tcli\n\t.ascii "abc\n' >"$tmp/bad.s"; bad "unterminated string" 2
printf '\tnop\n\tcli' >"$tmp/bad.s"
"$ab" "$tmp/bad.s" -o "$tmp/bad.out" 2>"$tmp/why" &&
	grep -q '^7701:cli' <(tr -d '\t' <"$tmp/bad.out") &&
	ok "truncated last line (no newline) is still afterburnt" ||
	not_ok "truncated last line (no newline) is still afterburnt"
printf '\tnop\n\t.frobnicate 3\n' >"$tmp/bad.s"; bad "unknown directive" 2
{ printf '\tnop\n\t.ascii "'; head -c 300000 /dev/zero | tr '\0' x
  printf '"\n'; } >"$tmp/bad.s"; bad "overlong line" 2
printf '\tnop\n\x7fELF\x01\x01\x01\0\0\0\n' >"$tmp/bad.s"; bad "binary garbage" 2
head -c 65536 /dev/urandom >"$tmp/bad.s"; printf '\x01' >>"$tmp/bad.s"
timeout 10 "$ab" "$tmp/bad.s" -o "$tmp/bad.out" 2>"$tmp/err"
[ $? = 1 ] && grep -q ': error: afterburn: ' "$tmp/err" &&
	ok "bad input: random bytes" || not_ok "bad input: random bytes"
printf '\tnop\n.macro m\n\tcli\n' >"$tmp/bad.s"; bad "unterminated .macro" 3
printf '\tnop\n\t.endm\n' >"$tmp/bad.s"; bad ".endm without .macro" 2
printf '\t.code64\n' >"$tmp/bad.s"; bad ".code64" 1
printf '\tnop\n\t.intel_syntax noprefix\n' >"$tmp/bad.s"; bad ".intel_syntax" 2
printf '\t.include "x.s"\n' >"$tmp/bad.s"; bad ".include" 1
printf '\tnop\n\tmov %%eax, %%tr6\n' >"$tmp/bad.s"; bad "test register" 2
printf '\tnop\n\t.pushsection .afterburn\n' >"$tmp/bad.s"; bad "already afterburnt" 2
printf '\t/* open comment\n\tcli\n' >"$tmp/bad.s"; bad "unterminated comment" 2
printf '.irp i, cli, sti\n\t\\i\n.endr\n' >"$tmp/bad.s"; bad ".irp variable as instruction" 2
printf '.macro m op\n\\op\\()l %%eax, %%cr0\n.endm\n\tm mov\n' >"$tmp/bad.s"
bad "sensitive mnemonic built from a parameter" 4
printf '# 7 "foo.S"\n\tnop\n\t.bogus\n' >"$tmp/bad.s"
timeout 10 "$ab" "$tmp/bad.s" 2>"$tmp/err" >/dev/null
grep -q '^foo.S:8: error: afterburn: ' "$tmp/err" &&
	ok "errors name the original file:line from cpp markers" ||
	not_ok "errors name the original file:line from cpp markers"

# 5. afterburn-cc keeps gcc's behaviour
F="-m32 -ffreestanding -fno-pic -fno-pie -O2 -nostdlib"
printf 'void f(void) { asm volatile("cli"); }\n' >"$tmp/t.c"
printf '#define X hlt\n\t.text\ng: X\n' >"$tmp/t.S"
( cd "$tmp" && "$abcc" $F -MD -MF t.dep -c t.c -o t.o ) 2>"$tmp/why" &&
	grep -q 't.o: t.c' "$tmp/t.dep" && objdump -d "$tmp/t.o" |
	grep -A1 cli | grep -q nop && ok "afterburn-cc -c -MD -MF -o" ||
	not_ok "afterburn-cc -c -MD -MF -o"
"$abcc" $F -c "$tmp/t.S" -o "$tmp/s.o" 2>"$tmp/why" &&
	objdump -d "$tmp/s.o" | grep -A1 hlt | grep -q nop &&
	ok "afterburn-cc: .S is preprocessed then afterburnt" ||
	not_ok "afterburn-cc: .S is preprocessed then afterburnt"
"$abcc" $F -S "$tmp/t.c" -o "$tmp/t.s" 2>"$tmp/why" &&
	gcc $F -S "$tmp/t.c" -o "$tmp/u.s" && cmp -s "$tmp/t.s" "$tmp/u.s" &&
	ok "afterburn-cc -S passes through" ||
	not_ok "afterburn-cc -S passes through"
"$abcc" $F -E "$tmp/t.S" -o "$tmp/t.i" 2>"$tmp/why" &&
	gcc $F -E "$tmp/t.S" -o "$tmp/u.i" && cmp -s "$tmp/t.i" "$tmp/u.i" &&
	ok "afterburn-cc -E passes through" ||
	not_ok "afterburn-cc -E passes through"
echo "$F -c $tmp/t.c -o $tmp/r.o" >"$tmp/rsp"
"$abcc" @"$tmp/rsp" 2>"$tmp/why" && objdump -d "$tmp/r.o" |
	grep -A1 cli | grep -q nop && ok "afterburn-cc @response-file" ||
	not_ok "afterburn-cc @response-file"
echo "1..$n"
[ "$failed" = 0 ]
