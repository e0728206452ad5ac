#!/usr/bin/env bash
# Dashboard overhead, measured as docs/dashboard.md describes.
#   ab.sh series STACKS PAIRS OUT   interleaved A,B,A,B,...: A = `fovea scope` without dashboard,
#                                   B = the same with --dashboard 0 and headless Chromium on the page
#   ab.sh heap STACKS OUT           one B run (page open) with a GC log and /api/status samples
# Stack files are deleted as the runs go (only the tables are kept): 10,000 small stacks are 20 GB.
# Prints one line per run: label, stacks, acquisition rate (stacks/s between the acquisitions of
# the time points at 10 % and 100 % of the run, from index.tsv), max heap after GC (MB), heap after the last GC (MB), wall seconds.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CP="$ROOT/fovea-app/target/fovea-app-0.1.0-SNAPSHOT.jar:$ROOT/fovea-app/target/lib/*"
CHROMIUM="${FOVEA_CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"
MODE=$1; STACKS=$2

prune() { # keep the newest stack files only
  while kill -0 "$1" 2>/dev/null; do
    sleep 20
    ls -1 "$2/stacks" 2>/dev/null | grep '\.tif$' | sort | head -n -20 | sed "s|^|$2/stacks/|" | xargs -r rm -f
  done
}

one() { # label index out
  local label=$1 i=$2 out=$3 dir="$3/run-$1-$2" args=() cpid="" ppid2
  rm -rf "$dir"
  [ "$label" = B ] && args=(--dashboard 0)
  local t0; t0=$(date +%s.%N)
  java -Xlog:gc:file="$out/$label-$i-gc.log" -cp "$CP" org.fovea.app.FoveaCli scope \
    --config "$out/config.json" --out "$dir" "${args[@]}" > "$out/$label-$i.log" 2>&1 &
  local pid=$!
  prune $pid "$dir" & ppid2=$!
  if [ "$label" = B ]; then
    local url=""
    for _ in $(seq 600); do
      url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$out/$label-$i.log" | head -1 || true)
      [ -n "$url" ] && break; sleep 0.1
    done
    local prof; prof=$(mktemp -d)
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$prof" \
      --remote-debugging-port=0 --window-size=1280,1500 "$url" >/dev/null 2>&1 & cpid=$!
    ( while kill -0 $pid 2>/dev/null; do
        curl -s "${url}api/status" | python3 -c 'import sys,json; s=json.load(sys.stdin); print(json.dumps({k:s.get(k) for k in ("acquired","rows","pages_open","state")}))' >> "$out/$label-$i-status.jsonl" 2>/dev/null || true
        sleep 30
      done ) &
  fi
  wait $pid || echo "run $label $i failed: see $out/$label-$i.log"
  local t1; t1=$(date +%s.%N)
  [ -n "$cpid" ] && { kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true; rm -rf "$prof"; }
  kill $ppid2 2>/dev/null || true
  rm -rf "$dir/stacks"
  /usr/bin/python3 - "$dir/index.tsv" "$out/$label-$i-gc.log" "$label" "$t0" "$t1" <<'PY'
import sys, re, datetime
idx, gc, label, t0, t1 = sys.argv[1:]
rows = [l.split('\t') for l in open(idx).read().splitlines()[1:] if l.count('\t') >= 4]
ts = [datetime.datetime.fromisoformat(r[1].replace('Z', '+00:00')).timestamp() for r in rows]
k = len(ts) // 10  # from the 10th percent on: kernel build and browser start are behind
rate = (len(ts) - 1 - k) / (ts[-1] - ts[k])
after = [float(m.group(1)) for m in re.finditer(r'->(\d+)M\(', open(gc).read())]
print(f"{label}\t{len(ts)}\t{rate:.3f}\t{max(after) if after else 0:.0f}\t{after[-1] if after else 0:.0f}\t{float(t1)-float(t0):.0f}")
PY
}

case "$MODE" in
  series)
    PAIRS=$3; OUT=$4; mkdir -p "$OUT"
    sed "s/\"maxStacks\": 10000/\"maxStacks\": $STACKS/" "$HERE/ab-10k.json" > "$OUT/config.json"
    echo -e "label\tstacks\trate\tmaxHeapAfterGcMB\tlastHeapAfterGcMB\twall_s"
    for i in $(seq "$PAIRS"); do one A "$i" "$OUT"; one B "$i" "$OUT"; done ;;
  heap)
    OUT=$3; mkdir -p "$OUT"
    sed "s/\"maxStacks\": 10000/\"maxStacks\": $STACKS/" "$HERE/ab-10k.json" > "$OUT/config.json"
    echo -e "label\tstacks\trate\tmaxHeapAfterGcMB\tlastHeapAfterGcMB\twall_s"
    one B heap "$OUT" ;;
  *) echo "usage: ab.sh series STACKS PAIRS OUT | ab.sh heap STACKS OUT" >&2; exit 2 ;;
esac
