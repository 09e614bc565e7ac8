#!/bin/bash
# The unit files under a real systemd PID 1 (systemd-nspawn, see lib/sdct), with the probe
# daemon standing in for finetuned (`finetuned-systemd-probe serve`):
#  - finetuned.socket starts the hardened Type=notify service on the first connection, and
#    the service finds the socket named "control" and answers on it;
#  - READY=1 and STATUS= reach systemd (ActiveState=active, StatusText=…);
#  - logs reach journald natively (JOURNAL_STREAM detection) with FINETUNED_* fields and
#    MESSAGE_ID, found by `journalctl -u finetuned FINETUNED_JOB=ftjob-test`;
#  - the API key credential is present (LoadCredential=) and never logged;
#  - `systemctl reload` (SIGHUP) keeps the service active;
#  - a stalled loop starves the watchdog and systemd restarts the service (NRestarts=1);
#  - `systemctl stop` stops it cleanly.
# Needs root and systemd-container. Takes about 15 s.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
PROBE=$(probe_path)
name=ftsd$$
sdct() { "$LIB/sdct" "$@"; }
in_ct() { sdct exec "$name" "$@"; }
[ -n "${KEEP:-}" ] || trap 'sdct down "$name" >/dev/null 2>&1 || true' EXIT
sdct up "$name" --bind-ro=/opt/swift --bind-ro="$(dirname "$PROBE")":/opt/probe \
  --bind-ro="$ROOT/systemd":/opt/units >/dev/null

in_ct bash -euc '
mkdir -p /etc/sysusers.d /etc/finetuned /etc/systemd/system/finetuned.service.d
cp /opt/units/finetuned.sysusers /etc/sysusers.d/finetuned.conf
systemd-sysusers
cp /opt/units/finetuned.service /opt/units/finetuned.socket /etc/systemd/system/
sed -i "s|^ExecStart=/usr/local/bin/finetuned\$|ExecStart=/opt/probe/'"$(basename "$PROBE")"' serve|" /etc/systemd/system/finetuned.service
grep -q "^ExecStart=/opt/probe/" /etc/systemd/system/finetuned.service
printf "[Service]\nWatchdogSec=2s\nRestartSec=1s\n" >/etc/systemd/system/finetuned.service.d/test.conf
umask 077; echo sk-test-must-not-be-logged >/etc/finetuned/openai-api-key
systemctl daemon-reload
systemctl start finetuned.socket
'
ask() { in_ct /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect("/run/finetuned/control.sock")
s.sendall(sys.argv[1].encode() + b"\n"); print(s.makefile().readline().strip())' "$1"; }
show() { in_ct systemctl show -P "$1" finetuned.service; }

[ "$(ask hello)" = "hello from control" ] || fail "no reply on the control socket"
[ "$(show ActiveState)" = active ] || fail "service not active: $(show ActiveState)"
[ "$(show StatusText)" = "1 running, 0 queued; last poll 0 s ago" ] || fail "StatusText: $(show StatusText)"
perm=$(in_ct stat -c '%a %U:%G' /run/finetuned/control.sock)
[ "$perm" = "660 finetuned:finetuned" ] || fail "socket permissions: $perm"
pass "socket activation, READY=1 and STATUS= under systemd; socket $perm"

journal=$(in_ct journalctl -u finetuned.service FINETUNED_JOB=ftjob-test -o json --no-pager)
python3 - "$journal" <<'PY' || fail "journal entries"
import json, sys
entries = [json.loads(l) for l in sys.argv[1].splitlines() if l.strip()]
assert len(entries) == 1, f"{len(entries)} entries"
e = entries[0]
for k, v in {"MESSAGE": "job ftjob-test succeeded", "MESSAGE_ID": "fcf45429a5104c22a1542fce833206d7",
             "FINETUNED_STATUS": "succeeded", "FINETUNED_ACCOUNT": "default", "PRIORITY": "6",
             "_TRANSPORT": "journal", "SYSLOG_IDENTIFIER": "finetuned", "_SYSTEMD_UNIT": "finetuned.service"}.items():
    assert e.get(k) == v, f"{k}={e.get(k)!r}"
PY
all=$(in_ct journalctl -u finetuned.service -o json --no-pager)
! grep -q sk-test-must-not-be-logged <<<"$all" || fail "the API key reached the journal"
grep -q '"MESSAGE":"API key credential present, 27 bytes"' <<<"$all" || fail "credential not passed"
pass "journald: native entries with fields, credential present, key never logged"

in_ct systemctl reload finetuned.service
[ "$(show ActiveState)" = active ] || fail "not active after reload"
[ "$(show StatusText)" = reloaded ] || fail "StatusText after reload: $(show StatusText)"
pass "reload (SIGHUP): RELOADING=1 then READY=1"

[ "$(ask hang)" = hanging ] || fail "hang request"
for _ in $(seq 100); do [ "$(show NRestarts)" -ge 1 ] && break; sleep 0.1; done
[ "$(show NRestarts)" -ge 1 ] || fail "no watchdog restart"
log=$(in_ct journalctl -u finetuned.service --no-pager)
grep -q "Watchdog timeout" <<<"$log" || fail "no watchdog timeout logged"
[ "$(grep -c "withholding watchdog ping" <<<"$log")" = 1 ] || fail "starvation not logged exactly once"
! grep -q "stop-watchdog' timed out" <<<"$log" || fail "the aborted daemon hung until TimeoutStopSec="
for _ in $(seq 50); do [ "$(show ActiveState)" = active ] && break; sleep 0.1; done
[ "$(ask hello)" = "hello from control" ] || fail "no reply after the restart"
pass "a stalled loop starves the watchdog; systemd restarted the service (NRestarts=$(show NRestarts))"

in_ct systemctl stop finetuned.service
[ "$(show ActiveState)" = inactive ] || fail "not inactive after stop: $(show ActiveState)"
[ "$(show Result)" = success ] || fail "stop result: $(show Result)"
pass "stop: clean exit"
