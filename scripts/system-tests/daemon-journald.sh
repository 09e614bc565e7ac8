#!/bin/bash
# The real daemon logs a job's story natively to a (private) journald: after a submit to the
# simulator runs to success, `journalctl FINETUNED_JOB=ftjob-… -o json` shows the submitted,
# status-changed and succeeded entries with PRIORITY, MESSAGE_ID, CODE_*, SYSLOG_IDENTIFIER and
# the FINETUNED_* fields, and the API key appears nowhere. Needs root.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
FINETUNED=${FINETUNED:-$ROOT/.build/debug/finetuned}
SIM=${OPENAI_SIM:-$ROOT/.build/debug/openai-sim}
[ -x "$FINETUNED" ] && [ -x "$SIM" ] || fail "build finetuned and openai-sim first (swift build)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
out=$work/journal.json

export FINETUNED SIM ROOT LIB work
"$LIB/journald-sandbox" bash -c '
  set -euo pipefail
  sim= daemon=
  trap "kill \$daemon \$sim 2>/dev/null || true" EXIT
  "$SIM" --time-scale 200 --port-file "$work/port" >"$work/sim.log" 2>&1 & sim=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
  cat >"$work/finetuned.conf" <<CONF
[Daemon]
DatabasePath=$work/state/finetuned.db
ControlSocket=$work/run/control.sock
PollInterval=1s
[Account]
Name=sim
BaseURL=http://127.0.0.1:$(cat "$work/port")/v1
CONF
  OPENAI_API_KEY=sk-journal-secret-0123456789 "$FINETUNED" run --config "$work/finetuned.conf" --log-target journal & daemon=$!
  for _ in $(seq 200); do [ -S "$work/run/control.sock" ] && break; sleep 0.05; done
  python3 "$LIB/varlink_call.py" "$work/run/control.sock" io.finetuned.Jobs.Submit \
    "{\"training_file\": \"$ROOT/config/examples/teaching-assistant.jsonl\", \"model\": \"gpt-4o-mini\"}" >"$work/submit.json"
  job=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])[\"parameters\"][\"job\"][\"id\"])" "$work/submit.json")
  echo "$job" >"$work/job"
  python3 "$LIB/varlink_call.py" "$work/run/control.sock" io.finetuned.Jobs.Watch "{\"ids\": [\"$job\"]}" --more >"$work/watch.json"
  kill -TERM $daemon; wait $daemon; daemon=
  kill $sim; wait $sim 2>/dev/null || true; sim=
  journalctl --sync
  journalctl --no-pager -o json "FINETUNED_JOB=$job" >"$work/journal.json"
' >/dev/null

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
job = open(f"{work}/job").read().strip()
entries = [json.loads(line) for line in open(f"{work}/journal.json") if line.strip()]
def fail(message):
    print("FAIL:", message, file=sys.stderr)
    for entry in entries: print(json.dumps(entry, sort_keys=True), file=sys.stderr)
    sys.exit(1)
if not entries: fail(f"no journal entries for FINETUNED_JOB={job}")
ids = {"81c64d3b333542f0bd8b240b0258d576": "submitted", "fcf45429a5104c22a1542fce833206d7": "succeeded"}
kinds = {ids.get(e.get("MESSAGE_ID"), "other") for e in entries}
for needed in ("submitted", "succeeded"):
    if needed not in kinds: fail(f"no {needed} entry")
done = next(e for e in entries if ids.get(e.get("MESSAGE_ID")) == "succeeded")
for key, value in {"SYSLOG_IDENTIFIER": "finetuned", "FINETUNED_JOB": job, "FINETUNED_STATUS": "succeeded",
                   "FINETUNED_ACCOUNT": "sim", "PRIORITY": "5"}.items():
    if done.get(key) != value: fail(f"{key}={done.get(key)!r}, expected {value!r}")
if not done.get("FINETUNED_MODEL", "").startswith("ft:"): fail("FINETUNED_MODEL is not the fine-tuned model")
for key in ("CODE_FILE", "CODE_LINE", "CODE_FUNC", "MESSAGE"):
    if not done.get(key): fail(f"{key} missing")
watch = [json.loads(line) for line in open(f"{work}/watch.json")]
if watch[-1]["parameters"]["job"]["status"] != "succeeded": fail("Watch did not end with the job succeeded")
blob = open(f"{work}/journal.json").read()
if "sk-journal-secret" in blob: fail("the API key reached the journal")
print(f"ok: journalctl FINETUNED_JOB={job} shows {len(entries)} entries with their fields")
PY
