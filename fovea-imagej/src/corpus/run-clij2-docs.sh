#!/usr/bin/env bash
# The acceptance corpus of issue 12: CLIJ2's documentation macros (github.com/clij/clij2-docs,
# src/main/macro/*.ijm) renamed CLIJ2_ -> Fovea_ and run with Fovea, outside this repository
# (others' macros are never committed). Only their images are substituted: ImageJ's online samples
# Blobs and T1 Head, and URLs, by local files.
#   fovea-imagej/src/corpus/run-clij2-docs.sh CLIJ2_DOCS_CHECKOUT WORK_DIR [--clij2]
# With --clij2, each macro also runs as CLIJ2 2.5.3.1 runs it (Ext.CLIJ2_ through CLIJ2's own macro
# extensions, one JVM per macro; fovea-bench's test classes) and WORK_DIR/compare.tsv compares what
# the two print and their Results tables. LIMIT_S (default 300) stops a macro that runs longer.
# Needs the built reactor (mvn package; test classes of fovea-imagej) and Xvfb. Writes
# WORK_DIR/results.tsv (one line per macro) and WORK_DIR/macros/*.ijm.out (what each printed).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DOCS="$(cd "$1" && pwd)"
WORK="$(mkdir -p "$2" && cd "$2" && pwd)"
DATA="$WORK/data"
mkdir -p "$DATA" "$WORK/macros"
rm -f "$WORK"/macros/*
cp -r "$DOCS"/src/main/resources/. "$DATA/"
cp "$DOCS/src/main/macro/artificial_nuclei_and_granules.tif" "$DATA/"
# a snapshot of the build, so that rebuilding during a run does not change the classes under it
rm -rf "$WORK/cp" && mkdir -p "$WORK/cp" && cp -r "$ROOT/fovea-imagej/target/test-classes" "$ROOT/fovea-app/target/lib" "$WORK/cp/"
cp -r "$ROOT/fovea-imagej/target/classes" "$WORK/cp/imagej-classes"
cp -r "$ROOT/fovea-bench/target/test-classes" "$WORK/cp/bench-test-classes"
CP="$WORK/cp/test-classes:$WORK/cp/imagej-classes:$WORK/cp/lib/*"
[ -n "${DISPLAY:-}" ] || { Xvfb -displayfd 3 -screen 0 1280x1024x24 3>"$WORK/.display" >/dev/null 2>&1 &
  XVFB=$!; trap 'kill $XVFB' EXIT; for i in $(seq 100); do grep -q . "$WORK/.display" && break; sleep 0.1; done
  export DISPLAY=":$(head -1 "$WORK/.display")"; }
# T1 Head (2.4M, 16-bits) is online only: a synthetic 256x256x129 16-bit stack of the same shape
if [ ! -f "$DATA/t1-head.tif" ]; then
  cat > "$WORK/t1.ijm" <<IJM
newImage("t1-head", "16-bit black", 256, 256, 129);
for (z = 1; z <= 129; z++) { setSlice(z); r = 100 * sin(PI * z / 130);
  makeOval(128 - r, 128 - r * 1.2, 2 * r, 2.4 * r); run("Set...", "value=" + (400 + 3 * z) + " slice"); }
run("Select None"); run("Add Specified Noise...", "standard=40 stack"); run("Gaussian Blur...", "sigma=1.5 stack");
saveAs("Tiff", "$DATA/t1-head.tif");
IJM
  java -cp "$CP" org.fovea.imagej.HeadlessMacro "$WORK/t1.ijm"
fi
EXCLUDED="$HERE/clij2-docs-excluded.tsv"
for f in "$DOCS"/src/main/macro/*.ijm; do
  b=$(basename "$f")
  grep -q "^$b	" "$EXCLUDED" && continue
  sed -e 's/CLIJ2_/Fovea_/g' -e 's/CLIJ2\? Macro Extensions/Fovea Macro Extensions/g' \
      -e "s#run(\"Blobs (25K)\")#open(\"$DATA/blobs.tif\")#g" \
      -e "s#open(\"[^\"]*blobs\.\(gif\|tif\)\")#open(\"$DATA/blobs.tif\")#g" \
      -e "s#run(\"T1 Head (2.4M, 16-bits)\")#open(\"$DATA/t1-head.tif\")#g" \
      -e "s#open(\"[^\"]*t1-head\.\(tif\|zip\)\")#open(\"$DATA/t1-head.tif\")#g" \
      -e "s#open(\"[^\"]*Lund_MAX_001300\.tif\")#open(\"$DATA/Lund_MAX_001300.tif\")#g" \
      -e "s#open(\"[^\"]*artificial_nuclei_and_granules\.tif\")#open(\"$DATA/artificial_nuclei_and_granules.tif\")#g" \
      -e "s#\"[^\"]*/src/main/resources/\([^\"?]*\)\(?raw=true\)\?\"#\"$DATA/\1\"#g" \
      "$f" > "$WORK/macros/$b"
done
java ${FOVEA_JAVA_OPTS:-} -cp "$CP" org.fovea.imagej.CorpusRunner "$WORK/macros" "$WORK/results.tsv" "${LIMIT_S:-300}"
awk -F'\t' 'NR>1{n++; if($2=="ok")k++} END{printf "%d of %d macros ran\n", k, n}' "$WORK/results.tsv"
if [ "${3:-}" = "--clij2" ]; then
  # the same substitutions, CLIJ2's names kept; CLIJ2's extension command shows a device dialog, so
  # its extensions are registered by a call instead. One JVM per macro: a crash inside CLIJ2's
  # OpenCL calls (it happened at push_pull_selections.ijm) ends only that macro.
  mkdir -p "$WORK/clij2-macros"
  rm -f "$WORK"/clij2-macros/*
  for m in "$WORK"/macros/*.ijm; do
    b=$(basename "$m")
    sed -e 's/Fovea_/CLIJ2_/g' \
        -e 's/run("Fovea Macro Extensions"[^;]*;/call("org.fovea.bench.Clij2Macros.install");/g' \
        "$m" > "$WORK/clij2-macros/$b"
    echo "== CLIJ2 $b"
    java ${FOVEA_JAVA_OPTS:-} -cp "$WORK/cp/bench-test-classes:$CP" org.fovea.bench.Clij2CorpusCompare \
      run "$WORK/clij2-macros" "${LIMIT_S:-300}" "$b" >/dev/null 2>&1 || true
  done
  java -cp "$WORK/cp/bench-test-classes:$CP" org.fovea.bench.Clij2CorpusCompare \
    compare "$WORK/clij2-macros" "$WORK/macros" "$WORK/results.tsv" "$WORK/compare.tsv"
  awk -F'\t' 'NR>1{n++; if($2=="ok")c++; if($3=="ok")f++; if($2=="ok"&&$3=="ok"&&$7==0&&$9==0)s++}
    END{printf "%d macros: CLIJ2 ran %d, Fovea ran %d, same numbers and Results %d\n", n, c, f, s}' \
    "$WORK/compare.tsv"
fi
