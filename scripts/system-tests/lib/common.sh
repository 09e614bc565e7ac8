# Shared helpers for scripts/system-tests/*.sh (sourced).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
LIB="$ROOT/scripts/system-tests/lib"

# The probe binary: $PROBE, else the debug build of the package.
probe_path() {
  local p=${PROBE:-$ROOT/.build/debug/finetuned-systemd-probe}
  [ -x "$p" ] || { echo "SKIP-OR-FAIL: $p not built (swift build --product finetuned-systemd-probe, or set PROBE=)" >&2; return 1; }
  echo "$p"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
