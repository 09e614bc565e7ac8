#!/bin/bash
# Without journald (JOURNAL_STREAM unset), logs are stderr lines with <N> priority prefixes.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
PROBE=$(probe_path)
lines=$(env -u JOURNAL_STREAM "$PROBE" journal 2>&1 >/dev/null)
echo "$lines" | grep -q '^<5>job ftjob-test succeeded .*job=ftjob-test' || fail "no <5> line: $lines"
echo "$lines" | grep -q '^<7>multi-line\\nmessage' || fail "multi-line message split: $lines"
! echo "$lines" | grep -q 'sk-probe-secret' || fail "API key on stderr"
# A JOURNAL_STREAM that names another stream is ignored.
lines=$(JOURNAL_STREAM=1:1 "$PROBE" journal 2>&1 >/dev/null)
echo "$lines" | grep -q '^<6>job ftjob-test submitted' || fail "JOURNAL_STREAM mismatch not detected"
pass "stderr logging with <N> prefixes"
