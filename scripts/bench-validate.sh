#!/usr/bin/env bash
# Benchmark: `finetunectl validate` (exact token counts) beside a cookbook-style Python script
# (json.loads + tiktoken with the same rank files), on the same generated file, in the same run.
# Prints throughput (MB/s, wall clock, whole process including loading) and peak RSS for both,
# and checks that both count the same tokens.
#
# Usage: scripts/bench-validate.sh [SIZE_MB=50] [--big GB]
#   FINETUNECTL=path/to/finetunectl   (default: .build/release/finetunectl, built if missing)
#   --big 1  also validates a generated ~1 GB file to show peak RSS stays constant (no Python run).
# Needs: python3 with tiktoken, /usr/bin/time, /work/shared/bench/gen_chat_dataset.py (or GEN=...).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-50}
BIG=""
if [[ "${2:-}" == "--big" ]]; then BIG=${3:-1}; fi
GEN=${GEN:-/work/shared/bench/gen_chat_dataset.py}
BIN=${FINETUNECTL:-.build/release/finetunectl}
WORK=${BENCH_DIR:-/tmp/finetuned-bench}
mkdir -p "$WORK"

if [[ ! -x "$BIN" ]]; then swift build -c release --product finetunectl >&2; fi
DATA="$WORK/chat_${SIZE}mb.jsonl"
[[ -f "$DATA" ]] || python3 "$GEN" "$DATA" "$SIZE" 1234 >&2
BYTES=$(stat -c %s "$DATA")
cat "$DATA" > /dev/null   # warm the page cache for both runs

measure() {  # label, command...  → prints "label seconds rss_kb" and keeps stdout in $WORK/out
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out.$label" || true
  read -r secs rss < "$WORK/time"
  echo "$label $secs $rss"
}

echo "dataset: $DATA ($BYTES bytes), $(nproc) cores"
read -r _ s1 r1 < <(measure swift "$BIN" validate "$DATA" --json)
read -r _ s2 r2 < <(measure swift1 "$BIN" validate "$DATA" --json --workers 1)
read -r _ sp rp < <(measure python python3 scripts/bench-validate-baseline.py "$DATA" o200k_base)

swift_tokens=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["training"]["total_tokens"])' "$WORK/out.swift")
py_tokens=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read())["total_tokens"])' "$WORK/out.python")
python3 - "$BYTES" "$s1" "$r1" "$s2" "$r2" "$sp" "$rp" "$swift_tokens" "$py_tokens" <<'PY'
import sys
b, s1, r1, s2, r2, sp, rp, t1, tp = sys.argv[1:]
b = int(b) / 1e6
rows = [("finetunectl validate (all cores)", float(s1), int(r1)),
        ("finetunectl validate --workers 1", float(s2), int(r2)),
        ("python json.loads + tiktoken", float(sp), int(rp))]
print(f"{'program':36} {'seconds':>8} {'MB/s':>8} {'peak RSS MB':>12} {'vs python':>10}")
for name, s, r in rows:
    print(f"{name:36} {s:8.2f} {b / s:8.1f} {r / 1024:12.1f} {float(sp) / s:9.1f}x")
print(f"total tokens: finetunectl {t1}, tiktoken {tp} -> {'EQUAL' if t1 == tp else 'DIFFERENT'}")
PY
python3 scripts/bench-validate-baseline.py "$DATA" o200k_base --tokenizer-only > "$WORK/out.tok"
python3 - "$BYTES" "$s2" "$WORK/out.tok" <<'PY'
import json, sys
b, s2, out = int(sys.argv[1]), float(sys.argv[2]), json.load(open(sys.argv[3]))
print(f"tiktoken core alone, one thread, strings pre-extracted: {out['text_bytes']/1e6:.1f} MB of text in {out['seconds']:.2f} s "
      f"= {out['text_bytes']/1e6/out['seconds']:.1f} MB/s; finetunectl --workers 1 (whole file, JSON + checks + counts, "
      f"incl. loading): {b/1e6/s2:.1f} MB/s")
PY

if [[ -n "$BIG" ]]; then
  BIGDATA="$WORK/chat_${BIG}gb.jsonl"
  if [[ ! -f "$BIGDATA" ]]; then
    # Repeat the small dataset to reach the size (duplicates are fine for a memory check).
    : > "$BIGDATA"
    while [[ $(stat -c %s "$BIGDATA") -lt $((BIG * 1000000000)) ]]; do cat "$DATA" >> "$BIGDATA"; done
  fi
  read -r _ sb rb < <(measure big "$BIN" validate "$BIGDATA" --json --max-problems 10)
  python3 -c 'import sys; b=int(sys.argv[1]); s=float(sys.argv[2]); r=int(sys.argv[3]); print(f"{b/1e9:.2f} GB file: {s:.2f} s, {b/1e6/s:.1f} MB/s, peak RSS {r/1024:.1f} MB")' "$(stat -c %s "$BIGDATA")" "$sb" "$rb"
fi
