#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# devices-fuzz - fuzz the device platform for a bounded time and report
# as TAP:
#   1  every seed input (real guest sequences from devices-fuzz-seeds)
#      replays clean, without the fuzzing engine's mutations;
#   2  libFuzzer with ASan/UBSan finds nothing in DEVICES_FUZZ_SECONDS
#      (default 20), starting from the seeds and the corpus kept in
#      build/tests/devices/fuzz-corpus by earlier runs.
# A crash leaves its input in build/tests/devices/fuzz-artifacts/; replay
# it with: build/tests/devices/devices-fuzz-bin <that file>
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/devices-fuzz-bin
seeds=$here/fuzz-seeds
corpus=$here/fuzz-corpus
artifacts=$here/fuzz-artifacts
secs=${DEVICES_FUZZ_SECONDS:-20}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
echo "1..2"
if ! "$here/devices-fuzz-seeds" "$seeds" >"$log" 2>&1; then
	echo "Bail out! devices-fuzz-seeds failed: $(tail -n 1 "$log")"
	exit 1
fi
rc=0

n=$(find "$seeds" -type f | wc -l)
if "$bin" "$seeds"/* >"$log" 2>&1; then
	echo "ok 1 - devices fuzz: $n seed inputs replay clean"
else
	echo "not ok 1 - devices fuzz: a seed input fails"
	tail -n 30 "$log" | sed 's/^/# /'
	rc=1
fi

if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$artifacts/" \
	"$corpus" "$seeds" >"$log" 2>&1; then
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	echo "ok 2 - devices fuzz: ${secs}s, ${execs:-?} inputs, ${cov:-cov: ?}, clean"
else
	echo "not ok 2 - devices fuzz: libFuzzer found a problem"
	grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 5 |
		sed 's/^/# /'
	tail -n 30 "$log" | sed 's/^/# /'
	rc=1
fi
exit $rc
