#!/usr/bin/env bash
# Runs on the GPU machine (device tool), from the repository root, with .device/bench carried:
#   bash .device/bench/run.sh [quick|full] [extra args for fovea bench table]
# Writes table.md, cupy.json, log.txt (and jmh.csv) under $OUT (the device tool returns <= 8 files).
set -uo pipefail
MODE="${1:-full}"; shift || true
B=.device/bench
OUT="${OUT:-/tmp/out}"; mkdir -p "$OUT"
if [ "${FOVEA_LOCAL_TEST:-0}" != 1 ]; then
  mkdir -p /tmp/icd && echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd && export OCL_ICD_VENDORS=/tmp/icd
fi
tar -C /tmp -xJf $B/jre.tar.xz
JAVA=/tmp/fovea-jre/bin/java
LOG="$OUT/log.txt"
{ nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv; cat $B/commit.txt; } > "$LOG" 2>&1
cat "$LOG"
Q=""; [ "$MODE" = quick ] && Q="--quick"
export PYTHONUNBUFFERED=1
if [ "${NO_CUPY:-0}" != 1 ]; then
  ( timeout 240 python3 $B/cupy_peer.py $Q --out "$OUT/cupy.json" ) > /tmp/cupy.log 2>&1
  echo "cupy rc=$?"; tail -5 /tmp/cupy.log; cat /tmp/cupy.log >> "$LOG"
fi
CUPY=""; [ -s "$OUT/cupy.json" ] && CUPY="--cupy $OUT/cupy.json"
LABEL="./fovea bench table $Q --cupy cupy.json $*  (H100 run via fovea-bench/device/run.sh $MODE)"
timeout 420 $JAVA -Xmx48g -Djava.awt.headless=true -cp "$B/lib/*" org.fovea.app.FoveaCli \
  bench table $Q $CUPY --out "$OUT/table.md" --command-label "$LABEL" "$@" 2>&1 \
  | grep -v "warnings generated" | grep -v "is deprecated" | tee -a "$LOG" | tail -80
echo "table rc=${PIPESTATUS[0]}"
# Optional: staging configurations (chunkMB:slots:threads) and JMH, in the same call
if [ -n "${PROBE:-}" ]; then
  timeout 120 $JAVA -Xmx8g -cp "$B/lib/*" org.fovea.bench.TransferProbe "" $PROBE 2>&1 \
    | grep staging | tee -a "$LOG"
fi
if [ -n "${RANK:-}" ]; then
  timeout 120 $JAVA -Xmx8g -cp "$B/lib/*" org.fovea.bench.RankProbe "" $RANK 2>&1 \
    | grep "rank local" | tee -a "$LOG"
fi
if [ -n "${JMH:-}" ]; then
  timeout 300 $JAVA -Xmx8g -Djava.awt.headless=true -cp "$B/lib/*" org.fovea.app.FoveaCli bench jmh \
    $JMH -rff "$OUT/jmh.csv" -rf csv 2>&1 | grep -v "warnings generated" > /tmp/jmh.log
  grep -A40 "^Benchmark" /tmp/jmh.log | tail -40 | tee -a "$LOG"
fi
