#!/bin/bash
# A job's entries reach a real journald natively, with their fields:
# `journalctl FINETUNED_JOB=ftjob-test -o json` shows PRIORITY, MESSAGE_ID, CODE_*,
# SYSLOG_IDENTIFIER and the FINETUNED_* fields, and never the API key. Needs root.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
PROBE=$(probe_path)
out=$(mktemp); trap 'rm -f "$out"' EXIT
JOURNAL_MATCH="FINETUNED_JOB=ftjob-test" "$LIB/journald-sandbox" "$PROBE" journal --force-journal >"$out"
python3 - "$out" <<'PY'
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    for e in entries: print(json.dumps(e, sort_keys=True), file=sys.stderr)
    sys.exit(1)
if len(entries) != 4: fail(f"expected 4 entries for FINETUNED_JOB=ftjob-test, got {len(entries)}")
by_message = {e["MESSAGE"]: e for e in entries}
ok = by_message.get("job ftjob-test succeeded") or fail("no 'succeeded' entry")
expect = {
    "PRIORITY": "5", "SYSLOG_IDENTIFIER": "finetuned", "FINETUNED_JOB": "ftjob-test",
    "FINETUNED_STATUS": "succeeded", "FINETUNED_ACCOUNT": "default",
    "FINETUNED_MODEL": "ft:gpt-4o-mini-2024-07-18:org::abc123",
    "MESSAGE_ID": "fcf45429a5104c22a1542fce833206d7", "FINETUNED_API_KEY": "<redacted>",
}
for k, v in expect.items():
    if ok.get(k) != v: fail(f"{k}={ok.get(k)!r}, expected {v!r}")
for k in ("CODE_FILE", "CODE_LINE", "CODE_FUNC", "_PID"):
    if not ok.get(k): fail(f"{k} missing")
if any("sk-probe-secret" in json.dumps(e) for e in entries): fail("the API key reached the journal")
sub = by_message.get("job ftjob-test submitted") or fail("no 'submitted' entry")
if sub.get("MESSAGE_ID") != "81c64d3b333542f0bd8b240b0258d576": fail("submitted MESSAGE_ID")
multi = [e for e in entries if e["PRIORITY"] == "7"]
if not multi or multi[0]["MESSAGE"] != "multi-line\nmessage": fail("multi-line message not kept whole")
print("ok: journald has", len(entries), "entries for FINETUNED_JOB=ftjob-test with their fields")
PY
