#!/usr/bin/env bash
# One batched call on the GPU machine (device tool), .device/bench carried (prepare.sh):
#   bash .device/bench/h200.sh STEPS [extra args for fovea bench table]
# STEPS is a comma list of: cupy, table, probe, labels, countspots. Writes under $OUT: log.txt,
# cupy.json, table.md, probe.txt, labels.json, labels.md, countspots.txt (at most 8 files come back).
# Env: CUPY_ARGS (e.g. "--n 5"), NGEN (synthetic talk-size stacks for count-spots, default 48),
# T_CUPY / T_TABLE / T_CS (timeouts, s).
set -uo pipefail
STEPS="${1:-cupy,table,probe,countspots}"; shift || true
B=.device/bench
OUT="${OUT:-/tmp/out}"; mkdir -p "$OUT"
mkdir -p /tmp/icd && echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd && export OCL_ICD_VENDORS=/tmp/icd
[ -x /tmp/fovea-jre/bin/java ] || tar -C /tmp -xJf $B/jre.tar.xz
JAVA=/tmp/fovea-jre/bin/java
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
  for run in pagecache1 pagecache2 pagecache3; do
    cat $CS/data/*.tif > /dev/null   # in the page cache
    echo "== $run: files in the page cache (read just before); Cached: $(grep '^Cached' /proc/meminfo)" >> "$R"
    timeout 120 /tmp/fovea-cli count-spots $CS/data --out /tmp/cs-$run.tsv 2>&1 | grep -v "warnings generated" > /tmp/cs-$run.log
    head -4 /tmp/cs-$run.log >> "$R"; echo "..." >> "$R"; tail -4 /tmp/cs-$run.log >> "$R"
  done
  sync; echo 3 > /proc/sys/vm/drop_caches; dc=$?
  echo "== cold: drop_caches rc=$dc; data ${SIZE} MB; after the drop $(grep '^Cached' /proc/meminfo)" >> "$R"
  (command -v fincore >/dev/null && fincore $CS/data/synthetic-00[0-2].tif) >> "$R" 2>&1
  timeout 120 /tmp/fovea-cli count-spots $CS/data --out /tmp/cs-cold.tsv 2>&1 | grep -v "warnings generated" > /tmp/cs-cold.log
  head -4 /tmp/cs-cold.log >> "$R"; echo "..." >> "$R"; tail -4 /tmp/cs-cold.log >> "$R"
  echo "== after the cold run: $(grep '^Cached' /proc/meminfo)" >> "$R"
  head -3 /tmp/cs-pagecache2.tsv >> "$R"; head -3 /tmp/cs-cold.tsv >> "$R"
  cat "$R"
fi
