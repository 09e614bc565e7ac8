#!/bin/bash
# Socket activation: systemd-socket-activate passes the socket named "control" and the probe
# finds it by name (LISTEN_FDS / LISTEN_FDNAMES through libsystemd) and serves a client on it.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
PROBE=$(probe_path)
dir=$(mktemp -d); trap 'kill $act 2>/dev/null || true; rm -rf "$dir"' EXIT
sock=$dir/control.sock
systemd-socket-activate -l "$sock" --fdname=control "$PROBE" listen >"$dir/out" 2>&1 & act=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
reply=$(python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1])
print(s.makefile().readline().strip())' "$sock")
[ "$reply" = "hello from control" ] || fail "reply was: $reply ($(cat "$dir/out"))"
wait $act || true
grep -q '^sockets: control=3' "$dir/out" || fail "probe output: $(cat "$dir/out")"
pass "socket activation: fd 3 named control"
