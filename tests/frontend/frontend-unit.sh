#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# frontend-unit - run the frontend unit tests and print ONE flat TAP
# stream: cmocka prints a "1..N" block per test group, which tap-summary
# would misread, so the group plans are dropped, the results renumbered,
# each name prefixed with its group, and one plan printed at the end.
# The exit status is the test binary's (non-zero if a test failed or the
# binary died, e.g. under ASan).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CMOCKA_MESSAGE_OUTPUT=TAP "$here/frontend-unit-bin" | awk '
	/^[0-9]+\.\.[0-9]+/ { next }
	/^(not )?ok [0-9]+ / {
		n++
		not = ($1 == "not")
		sub(/^(not )?ok [0-9]+( - )?/, "")
		printf "%sok %d - %s\n", not ? "not " : "", n, $0
		next
	}
	{ print }
	END { printf "1..%d\n", n }
'
exit "${PIPESTATUS[0]}"
