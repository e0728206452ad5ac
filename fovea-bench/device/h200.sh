#!/usr/bin/env bash
# One batched call on the GPU machine (device tool), .device/bench carried (prepare.sh):
#   bash .device/bench/h200.sh STEPS [extra args for fovea bench table]
# STEPS is a comma list of: cupy, table, probe, labels, countspots. Writes under $OUT: log.txt,
# cupy.json, table.md, probe.txt, labels.json, labels.md, countspots.txt (at most 8 files come back).
# Env: CUPY_ARGS (e.g. "--n 5"), NGEN (synthetic talk-size stacks for count-spots, default 48),
# T_CUPY / T_TABLE / T_CS (timeouts, s).
set -uo pipefail
STEPS="${1:-cupy,table,probe,countspots}"; shift || true
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
printf '#!/bin/sh\nexec %s -Xmx48g -Djava.awt.headless=true -cp "%s/lib/*" org.fovea.app.FoveaCli "$@"\n' \
  "$JAVA" "$PWD/$B" > /tmp/fovea-cli && chmod +x /tmp/fovea-cli
LOG="$OUT/log.txt"
{ date -u; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv; \
  nproc; free -g | head -2; df -h /tmp | tail -1; cat $B/commit.txt; } >> "$LOG" 2>&1
export PYTHONUNBUFFERED=1
has() { case ",$STEPS," in *",$1,"*) return 0;; esac; return 1; }
if has cupy; then
  ( timeout "${T_CUPY:-200}" python3 $B/cupy_peer.py ${CUPY_ARGS:-} --out "$OUT/cupy.json" ) > /tmp/cupy.log 2>&1
  echo "cupy rc=$?" | tee -a "$LOG"; cat /tmp/cupy.log >> "$LOG"; tail -3 /tmp/cupy.log
fi
if has table; then
  CUPY=""; [ -s "$OUT/cupy.json" ] && CUPY="--cupy $OUT/cupy.json"
  LABEL="fovea bench table $CUPY $* (cupy_peer.py ${CUPY_ARGS:-} first, same call; fovea-bench/device/h200.sh)"
  LABEL="${LABEL//$OUT\//}"
  timeout "${T_TABLE:-330}" /tmp/fovea-cli bench table $CUPY --out "$OUT/table.md" --command-label "$LABEL" "$@" 2>&1 \
    | grep -v "warnings generated\|is deprecated" >> "$LOG"
  echo "table rc=${PIPESTATUS[0]}" | tee -a "$LOG"
  grep "^bench: " "$LOG" | grep -v "^bench: inputs" | tail -60
fi
if has probe; then
  timeout 90 $JAVA -Xmx8g -cp "$B/lib/*" org.fovea.bench.AutoThresholdProbe "" 2>&1 \
    | grep -v "warnings generated" > "$OUT/probe.txt"; grep "probe" "$OUT/probe.txt"
fi
if has labels; then
  # the labeling / label-statistics rows: label_peer.py makes the data (seed 7) and times CuPy,
  # SciPy, scikit-image; LabelBench times Fovea and CLIJ2 on the same raw files
  ( timeout "${T_LABELS:-200}" python3 $B/label_peer.py --dir /tmp/labels --out "$OUT/labels.json" ) 2>&1 \
    | tee -a "$LOG" | grep label_peer
  timeout 200 $JAVA -Xmx24g -Djava.awt.headless=true -cp "$B/lib/*" org.fovea.bench.LabelBench \
    /tmp/labels 1024 1024 64 "" "$OUT/labels.md" 2>&1 | grep -v "warnings generated\|is deprecated" \
    | tee -a "$LOG" | grep -v "^$" | tail -12
fi
if has countspots; then
  CS=/tmp/cs; rm -rf $CS; mkdir -p $CS
  R="$OUT/countspots.txt"
  N="${NGEN:-48}"
  echo "== generate $N talk-size stacks (8 rendered, the rest copies of them)" >> "$R"
  ( time timeout 200 /tmp/fovea-cli count-spots --generate 8 --generate-size talk $CS/data > /tmp/gen.log 2>&1 ) 2>> "$R"
  tail -3 /tmp/gen.log >> "$R"
  for i in $(seq 8 $((N - 1))); do
    s=$(printf %03d $((i % 8))); t=$(printf %03d $i)
    cp $CS/data/synthetic-$s.tif $CS/data/synthetic-$t.tif
  done
  du -sh $CS/data >> "$R"; SIZE=$(du -sm $CS/data | cut -f1)
  cat $CS/data/*.tif > /dev/null   # in the page cache
  echo "== read probe (org.fovea.bench.ReadProbe) on 16 of the files, page cache" >> "$R"
  timeout 120 $JAVA -Xmx8g -cp "$B/lib/*" org.fovea.bench.ReadProbe $(ls $CS/data/*.tif | head -16) \
    2>&1 | grep readprobe >> "$R"
  # the first NSMALL files again as a folder of their own (hard links): the short run
  NSMALL="${NSMALL:-48}"; mkdir -p $CS/small
  for f in $(ls $CS/data/*.tif | head -$NSMALL); do ln $f $CS/small/; done
  cs_run() {  # name folder
    echo "== $1: $(ls $2/*.tif | wc -l) stacks; $3; Cached: $(grep '^Cached' /proc/meminfo)" >> "$R"
    timeout 150 /tmp/fovea-cli count-spots $2 --out /tmp/cs-$1.tsv 2>&1 | grep -v "warnings generated" > /tmp/cs-$1.log
    head -4 /tmp/cs-$1.log >> "$R"; echo "..." >> "$R"; tail -3 /tmp/cs-$1.log >> "$R"
  }
  for run in 1 2; do
    cat $CS/small/*.tif > /dev/null
    cs_run pagecache-$NSMALL-$run $CS/small "files in the page cache (read just before)"
  done
  for run in 1 2; do
    cat $CS/data/*.tif > /dev/null
    cs_run pagecache-$N-$run $CS/data "files in the page cache (read just before)"
  done
  for set in small data; do
    sync; echo 3 > /proc/sys/vm/drop_caches; dc=$?
    cs_run cold-$set $CS/$set "cold: drop_caches rc=$dc just before, data $(du -sm $CS/$set | cut -f1) MB"
    echo "== after the cold run: $(grep '^Cached' /proc/meminfo)" >> "$R"
  done
  head -3 /tmp/cs-pagecache-$NSMALL-2.tsv >> "$R"; head -3 /tmp/cs-cold-small.tsv >> "$R"
  cat "$R"
fi
