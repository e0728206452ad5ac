#!/usr/bin/env bash
# Prepares .device/bench/ (git-ignored) for a run on the GPU machine through the device tool:
# the jars, a jlink'ed Java runtime (tar.xz), the CuPy peer and run.sh. The device tool sends the
# session's checkout, so the folder is also copied into DEST_ROOT if given (e.g. /work/main).
#   fovea-bench/device/prepare.sh [DEST_ROOT...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUTDIR=.device/bench
mvn -q -B -DskipTests -Dspotless.check.skip=true package -pl fovea-app -am
rm -rf "$OUTDIR/lib" && mkdir -p "$OUTDIR/lib"
cp fovea-app/target/fovea-app-0.1.0-SNAPSHOT.jar fovea-app/target/lib/*.jar "$OUTDIR/lib/"
if [ ! -f "$OUTDIR/jre.tar.xz" ] || [ "${REBUILD_JRE:-0}" = 1 ]; then
  rm -rf /tmp/fovea-jre
  jlink --add-modules java.base,java.desktop,java.logging,java.management,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output /tmp/fovea-jre
  tar -C /tmp -cJf "$OUTDIR/jre.tar.xz" fovea-jre
fi
cp fovea-bench/python/cupy_peer.py fovea-bench/python/label_peer.py fovea-bench/device/run.sh fovea-bench/device/h200.sh \
  fovea-bench/device/oldnew.sh fovea-bench/device/common.sh "$OUTDIR/"
git log -1 --format='%H %s' > "$OUTDIR/commit.txt"
du -sh "$OUTDIR"
for dest in "$@"; do
  mkdir -p "$dest/.device"
  rm -rf "$dest/.device/bench"
  cp -r "$OUTDIR" "$dest/.device/bench"
  echo "copied to $dest/.device/bench"
done
