#!/bin/bash
# The REAL daemon (`finetuned`) under a real systemd PID 1 (systemd-nspawn, see lib/sdct), with
# our units (systemd/finetuned.service, .socket, .sysusers) as shipped but for ExecStart= and a
# test drop-in, on an openai-sim on the host's loopback (the container shares the host's network
# namespace: sdct passes no --private-network):
#  - `systemctl start finetuned.socket`; the first connection starts the Type=notify service
#    (socket activation: the daemon finds the socket named "control"), which runs as the
#    sysusers-created user "finetuned" with the API key from LoadCredential=;
#  - a raw Varlink Submit of config/examples/teaching-assistant.jsonl by path (in /srv, which the
#    daemon can read), then Watch until the job succeeded;
#  - a user in group finetuned submits with finetunectl a 0600 file in their 0700 home and
#    another in /tmp: finetunectl passes open descriptors, jobs are created, and the daemon never
#    opens those paths (it cannot: --by-path of the same files is refused, ProtectHome=read-only
#    and PrivateTmp=yes keep them out of its reach);
#  - READY=1 and STATUS= reach systemd (ActiveState=active, StatusText is the daemon's line);
#  - `journalctl -u finetuned FINETUNED_JOB=<id> -o json` has the submitted and succeeded
#    entries with their fields; the API key appears nowhere in the journal;
#  - with WatchdogSec=2s the daemon keeps feeding the watchdog (no restart);
#  - `systemctl reload` (SIGHUP, RELOADING=1 … READY=1) applies a changed configuration (a
#    second account) and keeps the service active;
#  - finetuned-metrics.socket (moved to a Unix socket by a drop-in) passes its socket too: the
#    daemon serves GET /metrics on it, with the job counted;
#  - `systemctl stop` ends it cleanly (exit 0, Result=success) within 5 s.
# Needs root and systemd-container; build first (`swift build`). Takes about 15 s.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
FINETUNED=${FINETUNED:-$ROOT/.build/debug/finetuned}
FINETUNECTL=${FINETUNECTL:-$(dirname "$FINETUNED")/finetunectl}
SIM=${OPENAI_SIM:-$ROOT/.build/debug/openai-sim}
[ -x "$FINETUNED" ] && [ -x "$SIM" ] && [ -x "$FINETUNECTL" ] || fail "build finetuned, finetunectl and openai-sim first (swift build)"
[ "$(id -u)" = 0 ] || fail "needs root (systemd-nspawn)"
command -v systemd-nspawn >/dev/null || fail "needs systemd-nspawn (apt-get install systemd-container)"

name=ftdd$$
key=sk-daemon-pid1-secret-0123456789
work=$(mktemp -d)
sim=
sdct() { "$LIB/sdct" "$@"; }
in_ct() { sdct exec "$name" "$@"; }
cleanup() {
  [ -n "${KEEP:-}" ] || sdct down "$name" >/dev/null 2>&1 || true
  [ -z "$sim" ] || { kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null; } || true
  rm -rf "$work"
}
trap cleanup EXIT

# A copy of the binary, so that a concurrent `swift build` cannot swap it during the test, with
# the SwiftPM resource bundles it loads (the .varlink interfaces, tokenizer data) next to it.
# /opt/finetuned-lone holds the binary alone, as the unit's install notes describe.
mkdir -p "$work/bin" "$work/lone" "$work/examples"
cp "$FINETUNED" "$work/bin/finetuned"
cp "$FINETUNECTL" "$work/bin/finetunectl"
cp "$FINETUNED" "$work/lone/finetuned"
cp -r "$(dirname "$FINETUNED")"/*.resources "$work/bin/"
cp "$ROOT/config/examples/teaching-assistant.jsonl" "$work/examples/"
chmod -R a+rX "$work"

OPENAI_SIM_API_KEY=$key "$SIM" --time-scale 200 --port-file "$work/port" --data-dir "$work/sim" \
  >"$work/sim.log" 2>&1 & sim=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || fail "openai-sim did not start: $(cat "$work/sim.log")"
port=$(cat "$work/port")

sdct up "$name" --bind-ro=/opt/swift --bind-ro="$work/bin":/opt/finetuned \
  --bind-ro="$work/lone":/opt/finetuned-lone \
  --bind-ro="$work/examples":/opt/examples --bind-ro="$ROOT/systemd":/opt/units \
  --bind-ro="$LIB":/opt/lib >/dev/null

in_ct bash -euc '
port=$1 key=$2
mkdir -p /etc/sysusers.d /etc/finetuned /etc/systemd/system/finetuned.service.d /srv
cp /opt/units/finetuned.sysusers /etc/sysusers.d/finetuned.conf
systemd-sysusers
cp /opt/units/finetuned.service /opt/units/finetuned.socket /opt/units/finetuned-metrics.socket /etc/systemd/system/
mkdir -p /etc/systemd/system/finetuned-metrics.socket.d
printf "[Socket]\nListenStream=\nListenStream=/run/finetuned/metrics.sock\n" >/etc/systemd/system/finetuned-metrics.socket.d/test.conf
sed -i "s|^ExecStart=/usr/local/bin/finetuned\$|ExecStart=/opt/finetuned/finetuned run|" /etc/systemd/system/finetuned.service
grep -q "^ExecStart=/opt/finetuned/finetuned run$" /etc/systemd/system/finetuned.service
printf "[Service]\nWatchdogSec=2s\n" >/etc/systemd/system/finetuned.service.d/test.conf
cat >/etc/finetuned/finetuned.conf <<CONF
[Daemon]
PollInterval=1s
WatchingPollInterval=200ms
[Account]
Name=sim
BaseURL=http://127.0.0.1:$port/v1
CONF
(umask 077; printf "%s\n" "$key" >/etc/finetuned/openai-api-key)
# The training file of the raw call by path, readable by the daemon (PrivateTmp=yes hides /tmp;
# ProtectHome=read-only).
install -m 0644 /opt/examples/teaching-assistant.jsonl /srv/teaching-assistant.jsonl
# A user in the socket group with a 0700 home (Debian 12 default) and 0600 files there and in /tmp.
printf "u alice - \"a user\" /home/alice\nm alice finetuned\n" >/etc/sysusers.d/alice.conf
systemd-sysusers
mkdir -p /home/alice
chown alice:alice /home/alice
chmod 0700 /home/alice
install -m 0600 -o alice -g alice /opt/examples/teaching-assistant.jsonl /home/alice/train.jsonl
install -m 0600 -o alice -g alice /opt/examples/teaching-assistant.jsonl /tmp/alice-train.jsonl
systemctl daemon-reload
systemctl start finetuned.socket finetuned-metrics.socket
' _ "$port" "$key"

show() { in_ct systemctl show -P "$1" finetuned.service; }
call() { timeout 60 "$LIB/sdct" exec "$name" /usr/bin/python3 /opt/lib/varlink_call.py /run/finetuned/control.sock "$@"; }
last_reply() { tail -n 1 | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["parameters"]))'; }
field() { python3 -c 'import json, sys; v = json.loads(sys.argv[1]); [v := v[k] for k in sys.argv[2:]]; print(v)' "$@"; }

[ "$(show ActiveState)" = inactive ] || fail "the service started before any connection: $(show ActiveState)"
submit() { call io.finetuned.Jobs.Submit \
  '{"training_file": "/srv/teaching-assistant.jsonl", "model": "gpt-4o-mini", "suffix": "pid1"}'; }
# The call that activates the service must find it whole: the accounts are installed before
# the socket is served (a first call once raced them and got NoSuchAccount).
raw=$(submit) || fail "Submit failed: $raw"
submitted=$(last_reply <<<"$raw")
job=$(field "$submitted" job id)
[[ $job == ftjob-* ]] || fail "Submit: no job id in $submitted"
[ "$(show ActiveState)" = active ] || fail "service not active after the first connection: $(show ActiveState)"
[ "$(show Type)" = notify ] || fail "Type=$(show Type)"
[ "$(in_ct stat -c %U /proc/"$(show MainPID)")" = finetuned ] || fail "the daemon does not run as finetuned"
perm=$(in_ct stat -c '%a %U:%G' /run/finetuned/control.sock)
[ "$perm" = "660 finetuned:finetuned" ] || fail "socket permissions: $perm"
pass "socket activation started the Type=notify service as user finetuned; Submit created $job"


raw=$(timeout 60 "$LIB/sdct" exec "$name" /usr/bin/python3 /opt/lib/varlink_call.py /run/finetuned/control.sock \
  io.finetuned.Jobs.Watch "{\"ids\": [\"$job\"]}" --more) || fail "Watch failed: $raw"
watched=$(last_reply <<<"$raw")
[ "$(field "$watched" job status)" = succeeded ] || fail "the job did not succeed: $watched"
model=$(field "$watched" job fine_tuned_model)
[[ $model == ft:*pid1* ]] || fail "fine-tuned model: $model"
pass "Watch followed $job to succeeded ($model)"

metrics=$(in_ct /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect("/run/finetuned/metrics.sock")
s.sendall(b"GET /metrics HTTP/1.0\r\n\r\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
print(data.decode())') || fail "GET /metrics on the activated socket failed"
grep -q "^HTTP/1.0 200 OK" <<<"$metrics" || fail "GET /metrics: $(head -1 <<<"$metrics")"
grep -q '^finetuned_jobs{account="sim",status="succeeded"} 1' <<<"$metrics" || fail "no succeeded job in /metrics: $metrics"
grep -q '^finetuned_build_info{version=' <<<"$metrics" || fail "no finetuned_build_info in /metrics"
pass "finetuned-metrics.socket: GET /metrics on the activated socket counts the succeeded job"

status_text=$(show StatusText)
[[ $status_text =~ ^no\ unfinished\ jobs\;\ last\ poll\ [0-9]+\ s\ ago$ ]] || fail "StatusText: '$status_text'"
service_status=$(call io.finetuned.Service.Status | last_reply)
[[ $(field "$service_status" status_line) == "no unfinished jobs; last poll"* ]] || fail "Status: $service_status"
[ "$(field "$service_status" database_path)" = /var/lib/finetuned/finetuned.db ] \
  || fail "database not in StateDirectory=: $service_status"
pass "READY=1 and STATUS= reach systemd: StatusText='$status_text'"

journal=$(in_ct journalctl -u finetuned.service "FINETUNED_JOB=$job" -o json --no-pager)
python3 - "$journal" "$job" <<'PY' || fail "journal entries of $job"
import json, sys
entries = [json.loads(line) for line in sys.argv[1].splitlines() if line.strip()]
job = sys.argv[2]
kinds = {"81c64d3b333542f0bd8b240b0258d576": "submitted", "fcf45429a5104c22a1542fce833206d7": "succeeded"}
seen = {kinds.get(e.get("MESSAGE_ID")) for e in entries}
assert {"submitted", "succeeded"} <= seen, f"{len(entries)} entries, kinds {seen}"
done = next(e for e in entries if kinds.get(e.get("MESSAGE_ID")) == "succeeded")
for key, value in {"FINETUNED_JOB": job, "FINETUNED_STATUS": "succeeded", "FINETUNED_ACCOUNT": "sim",
                   "_SYSTEMD_UNIT": "finetuned.service", "_TRANSPORT": "journal",
                   "SYSLOG_IDENTIFIER": "finetuned", "PRIORITY": "5"}.items():
    assert done.get(key) == value, f"{key}={done.get(key)!r}, expected {value!r}"
assert done.get("FINETUNED_MODEL", "").startswith("ft:"), done.get("FINETUNED_MODEL")
PY
all=$(in_ct journalctl -u finetuned.service -o json --no-pager)
! grep -q "$key" <<<"$all" || fail "the API key reached the journal"
grep -q 'key from systemd credential openai-api-key' <<<"$all" || fail "the key did not come from the credential: $(grep -o '"MESSAGE":"account[^"]*"' <<<"$all")"
pass "journalctl -u finetuned FINETUNED_JOB=$job: native entries with fields; key from LoadCredential=, never logged"

sleep 3  # longer than WatchdogSec=2s: a daemon that does not feed the watchdog is restarted by now
[ "$(show NRestarts)" = 0 ] || fail "the service was restarted (watchdog?): NRestarts=$(show NRestarts)"
[ "$(show ActiveState)" = active ] || fail "not active: $(show ActiveState)"
pass "the daemon feeds the watchdog (WatchdogSec=2s, no restart)"

pid=$(show MainPID)
in_ct bash -c 'printf "[Account]\nName=second\nBaseURL=http://127.0.0.1:%s/v1\n" "$1" >>/etc/finetuned/finetuned.conf' _ "$port"
in_ct systemctl reload finetuned.service
[ "$(show ActiveState)" = active ] || fail "not active after reload: $(show ActiveState)"
[ "$(show MainPID)" = "$pid" ] || fail "reload restarted the daemon"
[[ $(show StatusText) != "reloading configuration" ]] || fail "still reloading after systemctl reload returned"
accounts=$(call io.finetuned.Service.Status | last_reply | python3 -c 'import json, sys; print(" ".join(a["name"] for a in json.load(sys.stdin)["accounts"]))')
[ "$accounts" = "second sim" ] || [ "$accounts" = "sim second" ] || fail "accounts after reload: $accounts"
# systemd waits for READY=1 only when the daemon sent RELOADING=1 (otherwise `systemctl reload`
# returns as soon as ExecReload=/bin/kill does): the new account was already in effect above.
# (The order RELOADING=1, READY=1 itself is checked by notify.sh.)
for _ in $(seq 30); do
  in_ct journalctl -u finetuned.service -o cat --no-pager \
    | grep -q "^configuration reloaded from /etc/finetuned/finetuned.conf" && break
  sleep 0.1
done
in_ct journalctl -u finetuned.service -o cat --no-pager \
  | grep -q "^configuration reloaded from /etc/finetuned/finetuned.conf" || fail "no reload logged"
pass "reload (SIGHUP): RELOADING=1 then READY=1, same process, new account \"second\" in effect"

as_alice() { timeout 60 "$LIB/sdct" exec "$name" setpriv --reuid=alice --regid=alice --init-groups \
  env FINETUNED_SOCKET=/run/finetuned/control.sock /opt/finetuned/finetunectl "$@"; }
for file in /home/alice/train.jsonl /tmp/alice-train.jsonl; do
  # The daemon cannot open the path itself (so a job proves it never needed to).
  refused_rc=0
  refused=$(as_alice submit "$file" --model gpt-4o-mini --by-path 2>&1) || refused_rc=$?
  [ "$refused_rc" != 0 ] && grep -q "finetuned cannot read $file" <<<"$refused" \
    || fail "--by-path $file was not refused (exit $refused_rc): $refused"
  out=$(as_alice submit "$file" --model gpt-4o-mini --suffix alice --json) || fail "finetunectl submit $file: $out"
  alice_job=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["job"]["id"])' "$out") \
    || fail "finetunectl submit $file: no job in $out"
  [[ $alice_job == ftjob-* ]] || fail "finetunectl submit $file: job $alice_job"
  pass "a group member's 0600 $file (the daemon cannot open it: $(sed -n 's/.*: //p' <<<"$refused" | head -1)) went as a descriptor: $alice_job"
done
kept=$(in_ct find /var/lib/finetuned/content/sha256 -type f -printf '%u %m %f\n')
[ "$(wc -l <<<"$kept")" = 1 ] && [[ $kept =~ ^finetuned\ 6[04]0\ [0-9a-f]{64}$ ]] \
  || fail "the content store should hold one copy (same data thrice), the daemon's: $kept"
pass "the daemon kept one copy of the data, by sha256, in its StateDirectory=: $kept"

start=$(date +%s.%N)
in_ct systemctl stop finetuned.service
elapsed=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(date +%s.%N)")
[ "$(show ActiveState)" = inactive ] || fail "not inactive after stop: $(show ActiveState)"
[ "$(show Result)" = success ] || fail "stop result: $(show Result)"
[ "$(show ExecMainStatus)" = 0 ] || fail "exit status: $(show ExecMainStatus)"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 5 else 1)" "$elapsed" || fail "stop took ${elapsed} s"
# journald names the unit of an entry from the sender's /proc/PID/cgroup; a daemon that exits
# within milliseconds of its last entry can be gone by then, and the entry keeps only its _PID.
# So the stop entry is looked for by unit, else by the daemon's pid (said when it happens).
if ! in_ct journalctl -u finetuned.service --no-pager | grep -q "finetuned stopping"; then
  in_ct journalctl _PID="$pid" SYSLOG_IDENTIFIER=finetuned --no-pager | grep -q "finetuned stopping" \
    || fail "no stop logged"
  echo "note: the stop entry is in the journal under _PID=$pid; journald could not name its unit (the process had exited)"
fi
pass "stop: clean exit (status 0) in ${elapsed} s"

# The binary installed alone (without the finetuned_*.resources directories beside it) must not
# crash: it either finds its resources (here the source tree may be visible) or says what is
# missing and where it looked, and exits.
lone_rc=0
lone_log=$(in_ct env -i OPENAI_API_KEY=sk-lone FINETUNED_CONTROL_SOCKET=/run/lone.sock \
  FINETUNED_DATABASE_PATH=/run/lone.db timeout 5 /opt/finetuned-lone/finetuned run \
  --config /etc/finetuned/finetuned.conf --log-target stderr 2>&1) || lone_rc=$?
if [ "$lone_rc" = 124 ]; then
  pass "the binary installed alone runs"
elif grep -q "cannot find the resources" <<<"$lone_log" && [ "$lone_rc" != 132 ] && [ "$lone_rc" != 134 ]; then
  pass "the binary installed alone stops with a clear message (exit $lone_rc): $(grep -m1 -o 'cannot find the resources [^ ]*' <<<"$lone_log")"
else
  fail "the binary installed alone exited with $lone_rc: $lone_log"
fi
