#!/bin/bash
# Runs every system test here. Build the probe first:
#   swift build --product finetuned-systemd-probe
# journald.sh and systemd-pid1.sh need root (a private journald; systemd in systemd-nspawn).
set -uo pipefail
cd "$(dirname "$0")"
failed=0
for t in verify-units.sh stderr-logging.sh notify.sh socket-activation.sh journald.sh daemon-journald.sh systemd-pid1.sh daemon-systemd-pid1.sh; do
  echo "== $t"
  bash "$t" || { echo "FAILED: $t"; failed=1; }
done
exit $failed
