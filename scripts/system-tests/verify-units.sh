#!/bin/bash
# systemd-analyze verify passes on the unit files with an empty stderr (verify exits 0 on many
# warnings), and the service's offline security exposure stays at or below 2.0.
# ExecStart= must name an existing file for verify: the units are copied and ExecStart= points
# at $FINETUNED_BIN (default: the debug build, else /bin/true).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
bin=${FINETUNED_BIN:-$ROOT/.build/debug/finetuned}
[ -x "$bin" ] || bin=/bin/true
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cp "$ROOT/systemd/finetuned.service" "$ROOT/systemd/finetuned.socket" "$ROOT/systemd/finetuned-metrics.socket" "$dir/"
sed -i "s|^ExecStart=/usr/local/bin/finetuned\$|ExecStart=$bin|" "$dir/finetuned.service"
grep -q "^ExecStart=$bin\$" "$dir/finetuned.service" || fail "ExecStart= line not found to substitute"
err=$(cd "$dir" && systemd-analyze verify finetuned.service finetuned.socket finetuned-metrics.socket 2>&1 >/dev/null) || fail "verify failed: $err"
[ -z "$err" ] || fail "systemd-analyze verify printed: $err"
pass "systemd-analyze verify: no warnings"
score=$(cd "$dir" && systemd-analyze security --offline=true --threshold=20 finetuned.service 2>&1 | tail -1) \
  || fail "security exposure above 2.0: $score"
pass "security: ${score#→ }"
