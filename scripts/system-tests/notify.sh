#!/bin/bash
# A fake service manager receives READY, STATUS, WATCHDOG, RELOADING, READY and STOPPING, in
# that order, from the libsystemd notifier, with the watchdog interval from WATCHDOG_USEC.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
PROBE=$(probe_path)
python3 "$LIB/notify-capture.py" --expect READY=1 STATUS= WATCHDOG=1 RELOADING=1 READY=1 STOPPING=1 -- "$PROBE" notify
