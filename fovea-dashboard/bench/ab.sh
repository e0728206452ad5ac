#!/usr/bin/env bash
# Dashboard overhead, measured as docs/dashboard.md describes.
#   ab.sh series STACKS PAIRS OUT   interleaved pairs, order A B, B A, A B, ... (so that a drift of
#                                   the machine falls on both arms): A = `fovea scope` without the
#                                   dashboard, B = the same with --dashboard 0 and headless Chromium
#                                   holding the page open for the whole run.
#                                   LABELS="A B Bn" adds Bn = B with the browser at nice 19.
#   ab.sh summary OUT               the table of the pairs again (from OUT/runs.tsv)
#
# What is held fixed in both arms (each removes a cause of run-to-run variation that is ours):
#   CPUS (default 1)   every process of the measurement — the Fovea JVM with its PoCL threads, the
#                      browser, the pruning, the samplers — runs on these CPUs only (taskset; the
#                      script re-executes itself under it), so other work on the machine's other CPUs
#                      does not share them and the scheduler cannot move the run between CPUs
#   POCL_CPU_MAX_CU_NUM = the number of those CPUs: PoCL starts one worker thread per CPU it may use
#   JAVA_OPTS (default -XX:+UseSerialGC -Xms512m -Xmx512m): the same collector and a fixed heap in
#                      both arms (on one CPU the JVM picks the serial collector anyway)
#   RUNS (default /dev/shm/fovea-ab-PID): the run folders on tmpfs — no disk writeback of the 2 MB
#                      stacks (20 GB per 10,000) in the measurement; stacks are pruned every 10 s to
#                      the newest 20 (only the tables are kept); OUT keeps the logs and results
#   a warm-up run of WARMUP (default 300) stacks before the pairs (PoCL's kernel cache, the page
#                      cache of the jars), not reported
#   Chromium without its background services (no component updates, sync, extensions, network
#                      prefetch): what remains is the page's own cost
#   DEADLINE (epoch seconds, optional): no pair is started that would not end by then (estimated
#                      from the pairs so far); the summary says how many pairs ran
#
# Per run it records: the acquisition rate (stacks/s between the acquisitions of the time points at
# 10 % and 100 % of the run, from index.tsv); the CPU seconds of the Fovea JVM (rusage at its exit)
# and of the browser (all its processes, at the end of the run); the busy and steal time of the
# pinned CPUs (/proc/stat) — busy minus JVM and browser is what else ran there; the heap after
# every collection (-Xlog:gc: maximum and last); and the live heap at 90 % of the run (jcmd
# GC.class_histogram, a full collection, done in both arms). CPU time per stack is far less
# sensitive to other load than the wall rate.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CPUS="${CPUS:-1}"
if [ -z "${FOVEA_AB_PINNED:-}" ] && [ "${1:-}" != summary ]; then
  export FOVEA_AB_PINNED=1
  exec taskset -c "$CPUS" bash "$0" "$@"
fi
CP="$ROOT/fovea-app/target/fovea-app-0.1.0-SNAPSHOT.jar:$ROOT/fovea-app/target/lib/*"
CHROMIUM="${FOVEA_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
NCPU=$(python3 -c 'import os; print(len(os.sched_getaffinity(0)))')
export POCL_CPU_MAX_CU_NUM="${POCL_CPU_MAX_CU_NUM:-$NCPU}"
read -r -a JOPTS <<< "${JAVA_OPTS:--XX:+UseSerialGC -Xms512m -Xmx512m}"
RUNS="${RUNS:-/dev/shm/fovea-ab-$$}"
MODE=${1:-}

log() { echo "# $(date -u +%H:%M:%S) $*" >&2; }

# (run in the background: it execs) runs a command and writes the user+system CPU seconds of it and
# its descendants (rusage when it ends) to FILE
cpu_of() { # FILE CMD...
  exec /usr/bin/python3 -c '
import resource, signal, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
signal.signal(signal.SIGTERM, lambda *a: p.terminate())
rc = p.wait()
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%.2f\n" % (r.ru_utime + r.ru_stime))
sys.exit(rc)' "$@"
}

# CPU seconds (user+system, with reaped children) of the descendants of PID, now
tree_cpu() { # PID
  /usr/bin/python3 - "$1" <<'PY'
import os, sys
kids, cpu = {}, {}
for d in os.listdir('/proc'):
    if not d.isdigit():
        continue
    try:
        f = open('/proc/%s/stat' % d).read().rsplit(')', 1)[1].split()
    except OSError:
        continue
    kids.setdefault(int(f[1]), []).append(int(d))
    cpu[int(d)] = sum(int(x) for x in f[11:15])
todo, total = list(kids.get(int(sys.argv[1]), [])), 0
while todo:
    p = todo.pop()
    total += cpu.get(p, 0)
    todo += kids.get(p, [])
print("%.2f" % (total / os.sysconf('SC_CLK_TCK')))
PY
}

# busy and steal jiffies of the CPUs this script may use (/proc/stat)
cpu_stat() {
  /usr/bin/python3 - <<'PY'
import os
mine = {'cpu%d' % c for c in os.sched_getaffinity(0)}
busy = steal = 0
for l in open('/proc/stat'):
    f = l.split()
    if f[0] in mine:
        v = [int(x) for x in f[1:]]
        busy += sum(v[:8]) - v[3] - v[4]  # all but idle and iowait (steal included)
        steal += v[7]
print(busy, steal)
PY
}

prune() { # keep the newest stack files only
  while kill -0 "$1" 2>/dev/null; do
    sleep 10
    ls -1 "$2/stacks" 2>/dev/null | grep '\.tif$' | sort | head -n -20 | sed "s|^|$2/stacks/|" | xargs -r rm -f
  done
}

# at 90 % of the run: the live heap (a full collection), the same in both arms
live_heap() { # WRAPPER_PID DIR STACKS FILE
  local at=$(( $3 * 90 / 100 )) n jvm
  while kill -0 "$1" 2>/dev/null; do
    n=$( (wc -l < "$2/index.tsv") 2>/dev/null || echo 0)
    if [ "$n" -gt "$at" ]; then
      jvm=$(pgrep -P "$1" | head -1)
      [ -n "$jvm" ] && jcmd "$jvm" GC.class_histogram > "$4" 2>&1 || true
      return
    fi
    sleep 2
  done
}

one() { # label index out
  local label=$1 i=$2 out=$3 dir="$RUNS/run-$1-$2" args=() cpid="" ppid2 hpid prof="" spid=""
  rm -rf "$dir"
  local nice=()
  case $label in B) args=(--dashboard 0) ;; Bn) args=(--dashboard 0); nice=(nice -n 19) ;; W | A) ;; *) echo "label $label?" >&2; exit 2 ;; esac
  local s0; s0=$(cpu_stat)
  local t0; t0=$(date +%s.%N)
  cpu_of "$out/$label-$i-cpu-java" java "${JOPTS[@]}" -Xlog:gc:file="$out/$label-$i-gc.log" -cp "$CP" \
    org.fovea.app.FoveaCli scope --config "$out/config-$label.json" --out "$dir" "${args[@]}" > "$out/$label-$i.log" 2>&1 &
  local pid=$!
  prune $pid "$dir" & ppid2=$!
  live_heap $pid "$dir" "$(grep -o '"maxStacks": [0-9]*' "$out/config-$label.json" | grep -o '[0-9]*$')" "$out/$label-$i-heap.txt" & hpid=$!
  if [ ${#args[@]} -gt 0 ]; then
    local url=""
    for _ in $(seq 600); do
      url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$out/$label-$i.log" | head -1 || true)
      [ -n "$url" ] && break; sleep 0.1
    done
    prof=$(mktemp -d)
    cpu_of "$out/$label-$i-cpu-browser-exit" "${nice[@]}" "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update --disable-default-apps --disable-extensions \
      --disable-sync --metrics-recording-only --mute-audio --no-default-browser-check \
      --user-data-dir="$prof" --remote-debugging-port=0 --window-size=1280,1500 "$url" >/dev/null 2>&1 & cpid=$!
    ( while kill -0 $pid 2>/dev/null; do
        curl -s -m 5 "${url}api/status" >> "$out/$label-$i-status.jsonl" 2>/dev/null && echo >> "$out/$label-$i-status.jsonl" || true
        sleep 30
      done ) & spid=$!
  fi
  wait $pid || echo "run $label $i failed: see $out/$label-$i.log" >&2
  local t1; t1=$(date +%s.%N)
  local cb=0
  if [ -n "$cpid" ]; then
    cb=$(tree_cpu "$cpid")
    kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true; rm -rf "$prof"
  fi
  local s1; s1=$(cpu_stat)
  local cj; cj=$(cat "$out/$label-$i-cpu-java" 2>/dev/null || echo 0)
  kill $ppid2 $hpid $spid 2>/dev/null || true
  wait $ppid2 $hpid $spid 2>/dev/null || true
  rm -rf "$dir/stacks"
  mkdir -p "$out/tables/run-$label-$i"
  cp "$dir"/*.tsv "$dir"/run.json "$dir"/summary.txt "$out/tables/run-$label-$i/" 2>/dev/null || true
  /usr/bin/python3 - "$dir/index.tsv" "$out/$label-$i-gc.log" "$label" "$i" "$t0" "$t1" "$cj" "$cb" \
    "$s0" "$s1" "$out/$label-$i-heap.txt" "$out/$label-$i-status.jsonl" <<'PY'
import sys, re, json, os, datetime
idx, gc, label, i, t0, t1, cj, cb, s0, s1, heap, st = sys.argv[1:]
rows = [l.split('\t') for l in open(idx).read().splitlines()[1:] if l.count('\t') >= 4]
ts = [datetime.datetime.fromisoformat(r[1].replace('Z', '+00:00')).timestamp() for r in rows]
k = len(ts) // 10  # from the 10th percent on: JIT, kernel build and browser start are behind
rate = (len(ts) - 1 - k) / (ts[-1] - ts[k])
after = [float(m.group(1)) for m in re.finditer(r'->(\d+)M\(', open(gc).read())]
live = 0.0
if os.path.exists(heap):
    m = re.search(r'Total\s+\d+\s+(\d+)', open(heap).read())
    live = int(m.group(1)) / 1e6 if m else 0.0
tick = os.sysconf('SC_CLK_TCK')
b0, st0 = map(int, s0.split()); b1, st1 = map(int, s1.split())
busy, steal = (b1 - b0) / tick, (st1 - st0) / tick
pages = ''
if os.path.exists(st):
    ps = []
    for l in open(st):
        try:
            ps.append(json.loads(l)['pages_open'])
        except (ValueError, KeyError):
            pass
    pages = min(ps[1:] or ps or [-1])
n = len(ts)
cj, cb = float(cj), float(cb)
meas = os.path.join(os.path.dirname(idx), 'measurements.tsv')
analysed = sum(1 for l in open(meas).read().splitlines()[1:] if l.split('\t')[3] in ('ok', 'late')) if os.path.exists(meas) else -1
print('\t'.join(str(x) for x in [
    label, i, n, analysed, f"{rate:.3f}", f"{max(after) if after else 0:.0f}", f"{after[-1] if after else 0:.0f}",
    f"{live:.1f}", f"{float(t1) - float(t0):.1f}", f"{cj:.2f}", f"{cb:.2f}",
    f"{1000 * cj / n:.3f}", f"{1000 * cb / n:.3f}", f"{busy:.1f}", f"{steal:.1f}",
    f"{busy - cj - cb:.1f}", pages]))
PY
}

HEADER="label\tpair\tstacks\tanalysed\trate\tmaxHeapAfterGcMB\tlastHeapAfterGcMB\tliveHeapAt90pctMB\twall_s\tjava_cpu_s\tbrowser_cpu_s\tjava_cpu_ms_per_stack\tbrowser_cpu_ms_per_stack\tpinned_cpu_busy_s\tpinned_cpu_steal_s\tpinned_cpu_other_s\tmin_pages_open"

summary() { # OUT
  /usr/bin/python3 - "$1/runs.tsv" <<'PY'
import sys, statistics as S
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
head, rows = rows[0], rows[1:]
c = {h: j for j, h in enumerate(head)}
pairs = {}
for r in rows:
    pairs.setdefault(r[c['pair']], {})[r[c['label']]] = r
def f(r, k): return float(r[c[k]])
print('| pair | order | A rate | B rate | B/A rate | A JVM ms/stack | B JVM ms/stack | B browser ms/stack | B (JVM+browser)/A JVM | analysed A / B | A live heap MB | B live heap MB | B pages open (min) |')
print('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
ratios, cpu = [], []
for p in sorted(pairs, key=int):
    d = pairs[p]
    if 'A' not in d or 'B' not in d:
        continue
    a, b = d['A'], d['B']
    order = 'A B' if rows.index(a) < rows.index(b) else 'B A'
    q = f(b, 'rate') / f(a, 'rate')
    w = (f(b, 'java_cpu_ms_per_stack') + f(b, 'browser_cpu_ms_per_stack')) / f(a, 'java_cpu_ms_per_stack')
    ratios.append(q); cpu.append(w)
    print(f"| {p} | {order} | {f(a,'rate'):.2f} | {f(b,'rate'):.2f} | {q:.3f} | {f(a,'java_cpu_ms_per_stack'):.2f} | "
          f"{f(b,'java_cpu_ms_per_stack'):.2f} | {f(b,'browser_cpu_ms_per_stack'):.3f} | {w:.3f} | {a[c['analysed']]} / {b[c['analysed']]} | "
          f"{f(a,'liveHeapAt90pctMB'):.1f} | {f(b,'liveHeapAt90pctMB'):.1f} | {b[c['min_pages_open']]} |")
if ratios:
    print()
    print(f"{len(ratios)} pairs; B/A rate: median {S.median(ratios):.3f}, min {min(ratios):.3f}, max {max(ratios):.3f}"
          + (f", stdev {S.stdev(ratios):.3f}" if len(ratios) > 1 else ''))
    print(f"B (JVM+browser CPU per stack) / A (JVM CPU per stack): median {S.median(cpu):.3f}, min {min(cpu):.3f}, max {max(cpu):.3f}")
    for l in ('A', 'B'):
        v = [f(r, 'rate') for r in rows if r[c['label']] == l]
        print(f"{l} rate: median {S.median(v):.2f}, min {min(v):.2f}, max {max(v):.2f} stacks/s (spread {(max(v) - min(v)) / S.median(v) * 100:.1f} %)")
PY
}

case "$MODE" in
  series)
    STACKS=$2; PAIRS=$3; OUT=$4; mkdir -p "$OUT" "$RUNS"
    trap 'rm -rf "$RUNS"' EXIT
    for l in W A B Bn; do
      n=$STACKS; [ "$l" = W ] && n=${WARMUP:-300}
      sed "s/\"maxStacks\": 10000/\"maxStacks\": $n/" "$HERE/ab-10k.json" > "$OUT/config-$l.json"
    done
    {
      echo "date: $(date -u +%FT%TZ)  commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)"
      echo "cpus: $CPUS (taskset; $NCPU CPU(s))  POCL_CPU_MAX_CU_NUM=$POCL_CPU_MAX_CU_NUM  JAVA_OPTS: ${JOPTS[*]}  runs in: $RUNS"
      echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc --all) CPUs, $(free -g | awk '/Mem:/{print $2}') GB"
      echo "java: $(java -version 2>&1 | head -1)  browser: $("$CHROMIUM" --version 2>/dev/null || echo none)"
      echo "load before: $(cat /proc/loadavg)"
    } > "$OUT/setup.txt"
    cat "$OUT/setup.txt" >&2
    if [ "${WARMUP:-300}" -gt 0 ]; then log "warm-up (${WARMUP:-300} stacks, not reported)"; one W 0 "$OUT" > "$OUT/warmup.tsv"; fi
    echo -e "$HEADER" > "$OUT/runs.tsv"
    echo -e "$HEADER"
    started=$(date +%s); done_pairs=0
    for i in $(seq "$PAIRS"); do
      if [ -n "${DEADLINE:-}" ] && [ "$done_pairs" -gt 0 ]; then
        per=$(( ($(date +%s) - started) / done_pairs ))
        if [ $(( $(date +%s) + per * 21 / 20 )) -gt "$DEADLINE" ]; then # 5 % margin
          log "stopping after $done_pairs pairs: another one (~${per} s) would end after the deadline"
          echo "stopped after $done_pairs of $PAIRS pairs (deadline)" >> "$OUT/setup.txt"
          break
        fi
      fi
      labels=${LABELS:-A B}
      [ $((i % 2)) -eq 0 ] && labels=$(echo "$labels" | tr ' ' '\n' | tac | tr '\n' ' ')
      for l in $labels; do
        log "pair $i: $l ($STACKS stacks)"
        one "$l" "$i" "$OUT" | tee -a "$OUT/runs.tsv"
      done
      done_pairs=$((done_pairs + 1))
    done
    echo "load after: $(cat /proc/loadavg)" >> "$OUT/setup.txt"
    summary "$OUT" | tee "$OUT/summary.md" ;;
  summary)
    summary "$2" ;;
  *) echo "usage: ab.sh series STACKS PAIRS OUT | ab.sh summary OUT   (env: CPUS, RUNS, JAVA_OPTS, WARMUP, DEADLINE, LABELS)" >&2; exit 2 ;;
esac
