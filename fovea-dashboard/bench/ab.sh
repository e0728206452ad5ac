#!/usr/bin/env bash
# Dashboard overhead, measured as docs/dashboard.md describes.
#   ab.sh series STACKS PAIRS OUT   interleaved A,B,A,B,...: A = `fovea scope` without dashboard,
#                                   B = the same with --dashboard 0 and headless Chromium on the page
#                                   LABELS="A B Bn" adds Bn = B with the browser at nice 19 (it gets
#                                   only CPU that Fovea leaves idle: the page watched from another
#                                   computer, as an operator would, on a machine with no other)
#   ab.sh heap STACKS OUT           one B run (page open) with a GC log and /api/status samples
# Stack files are deleted as the runs go (only the tables are kept): 10,000 small stacks are 20 GB.
# Prints one line per run: label, stacks, acquisition rate (stacks/s between the acquisitions of
# the time points at 10 % and 100 % of the run, from index.tsv), max heap after GC (MB), heap after the last GC (MB), wall seconds,
# CPU seconds of the Fovea JVM and of the browser (all its processes): the CPU the page costs, which
# does not depend on how busy the machine is.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CP="$ROOT/fovea-app/target/fovea-app-0.1.0-SNAPSHOT.jar:$ROOT/fovea-app/target/lib/*"
CHROMIUM="${FOVEA_CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"
MODE=$1; STACKS=$2

# (run in the background: it execs) runs a command and writes the user+system CPU seconds of it and its descendants to FILE
cpu_of() { # FILE CMD...
  exec /usr/bin/python3 -c '
import os, resource, signal, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
signal.signal(signal.SIGTERM, lambda *a: p.terminate())
rc = p.wait()
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%.1f\n" % (r.ru_utime + r.ru_stime))
sys.exit(rc)' "$@"
}

prune() { # keep the newest stack files only
  while kill -0 "$1" 2>/dev/null; do
    sleep 20
    ls -1 "$2/stacks" 2>/dev/null | grep '\.tif$' | sort | head -n -20 | sed "s|^|$2/stacks/|" | xargs -r rm -f
  done
}

one() { # label index out
  local label=$1 i=$2 out=$3 dir="$3/run-$1-$2" args=() cpid="" ppid2
  rm -rf "$dir"
  local nice=()
  case $label in B) args=(--dashboard 0) ;; Bn) args=(--dashboard 0); nice=(nice -n 19) ;; esac
  local t0; t0=$(date +%s.%N)
  cpu_of "$out/$label-$i-cpu-java" java -Xlog:gc:file="$out/$label-$i-gc.log" -cp "$CP" org.fovea.app.FoveaCli scope \
    --config "$out/config.json" --out "$dir" "${args[@]}" > "$out/$label-$i.log" 2>&1 &
  local pid=$!
  prune $pid "$dir" & ppid2=$!
  if [ ${#args[@]} -gt 0 ]; then
    local url=""
    for _ in $(seq 600); do
      url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$out/$label-$i.log" | head -1 || true)
      [ -n "$url" ] && break; sleep 0.1
    done
    local prof; prof=$(mktemp -d)
    cpu_of "$out/$label-$i-cpu-browser" "${nice[@]}" "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$prof" \
      --remote-debugging-port=0 --window-size=1280,1500 "$url" >/dev/null 2>&1 & cpid=$!
    ( while kill -0 $pid 2>/dev/null; do
        curl -s "${url}api/status" | python3 -c 'import sys,json; s=json.load(sys.stdin); print(json.dumps({k:s.get(k) for k in ("acquired","rows","pages_open","state")}))' >> "$out/$label-$i-status.jsonl" 2>/dev/null || true
        sleep 30
      done ) &
  fi
  wait $pid || echo "run $label $i failed: see $out/$label-$i.log"
  local t1; t1=$(date +%s.%N)
  [ -n "$cpid" ] && { kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true; rm -rf "$prof"; }
  local cj cb=0; cj=$(cat "$out/$label-$i-cpu-java" 2>/dev/null || echo 0)
  [ -n "$cpid" ] && cb=$(cat "$out/$label-$i-cpu-browser" 2>/dev/null || echo 0)
  kill $ppid2 2>/dev/null || true
  rm -rf "$dir/stacks"
  /usr/bin/python3 - "$dir/index.tsv" "$out/$label-$i-gc.log" "$label" "$t0" "$t1" "$cj" "$cb" <<'PY'
import sys, re, datetime
idx, gc, label, t0, t1, cj, cb = sys.argv[1:]
rows = [l.split('\t') for l in open(idx).read().splitlines()[1:] if l.count('\t') >= 4]
ts = [datetime.datetime.fromisoformat(r[1].replace('Z', '+00:00')).timestamp() for r in rows]
k = len(ts) // 10  # from the 10th percent on: kernel build and browser start are behind
rate = (len(ts) - 1 - k) / (ts[-1] - ts[k])
after = [float(m.group(1)) for m in re.finditer(r'->(\d+)M\(', open(gc).read())]
print(f"{label}\t{len(ts)}\t{rate:.3f}\t{max(after) if after else 0:.0f}\t{after[-1] if after else 0:.0f}\t{float(t1)-float(t0):.0f}\t{cj}\t{cb}")
PY
}

case "$MODE" in
  series)
    PAIRS=$3; OUT=$4; mkdir -p "$OUT"
    sed "s/\"maxStacks\": 10000/\"maxStacks\": $STACKS/" "$HERE/ab-10k.json" > "$OUT/config.json"
    echo -e "label\tstacks\trate\tmaxHeapAfterGcMB\tlastHeapAfterGcMB\twall_s\tjava_cpu_s\tbrowser_cpu_s"
    for i in $(seq "$PAIRS"); do for l in ${LABELS:-A B}; do one "$l" "$i" "$OUT"; done; done ;;
  heap)
    OUT=$3; mkdir -p "$OUT"
    sed "s/\"maxStacks\": 10000/\"maxStacks\": $STACKS/" "$HERE/ab-10k.json" > "$OUT/config.json"
    echo -e "label\tstacks\trate\tmaxHeapAfterGcMB\tlastHeapAfterGcMB\twall_s\tjava_cpu_s\tbrowser_cpu_s"
    one B heap "$OUT" ;;
  *) echo "usage: ab.sh series STACKS PAIRS OUT | ab.sh heap STACKS OUT" >&2; exit 2 ;;
esac
