#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# afterburn-fuzz.sh FUZZER SRC [SECONDS] - run the libFuzzer target for a
# bounded time (default 20 s) from a seed corpus of the fixtures; TAP.
set -uo pipefail
fuzzer=$1 src=$2 secs=${3:-20}
# The fuzzer runs in a scratch directory: make both paths absolute.
fuzzer=$(realpath "$fuzzer") src=$(realpath "$src")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/corpus"
cp "$src"/tests/afterburn/fixtures/*.s "$tmp/corpus/"
echo "1..1"
if (cd "$tmp" && timeout $((secs + 60)) "$fuzzer" -max_total_time="$secs" \
	-max_len=4096 -timeout=10 -rss_limit_mb=1024 corpus) \
	>"$tmp/log" 2>&1; then
	runs=$(grep -o 'Done [0-9]* runs' "$tmp/log" | tail -1)
	echo "ok 1 - libFuzzer ${secs}s on afterburn and the decoder: ${runs:-done}"
else
	echo "not ok 1 - libFuzzer found a crash, hang or leak"
	grep -E 'ERROR|SUMMARY|Test unit written' "$tmp/log" | head -n 10 |
		sed 's/^/# /'
	exit 1
fi
