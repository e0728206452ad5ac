#!/usr/bin/env bash
# Old and new jars side by side in one call on the GPU machine (device tool), for issue 9's
# "no row more than 10 % slower": .device/bench (prepare.sh, the new jars) and .device/old (the old
# commit's fovea-*.jar in lib/, the names of its third-party jars in thirdparty.txt, taken from
# .device/bench/lib: prepare-old.sh) carried.
#   bash fovea-bench/device/oldnew.sh ROUNDS [extra args for fovea bench table]
# Runs `fovea bench table --no-imagej --no-clij --no-workflow ARGS` with the old, then the new jars,
# ROUNDS times (old, new, old, new, ...), writing $OUT/old-R.md and $OUT/new-R.md.
set -uo pipefail
ROUNDS="${1:-1}"; shift || true
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OLDCP=".device/old/lib/*"
while read -r j; do OLDCP="$OLDCP:$B/lib/$j"; done < .device/old/thirdparty.txt
for r in $(seq 1 "$ROUNDS"); do
  for v in old new; do
    CP="$B/lib/*"; [ $v = old ] && CP="$OLDCP"
    echo "== $v round $r $(date -u +%H:%M:%S)"
    timeout "${T_OLDNEW:-200}" $JAVA -Xmx48g -Djava.awt.headless=true -cp "$CP" org.fovea.app.FoveaCli \
      bench table --no-imagej --no-clij --no-workflow --out "$OUT/$v-$r.md" \
      --command-label "fovea bench table --no-imagej --no-clij --no-workflow $* ($v jars, fovea-bench/device/oldnew.sh)" \
      "$@" 2>&1 | grep "^bench: " | grep -v "^bench: inputs" | tail -3
  done
done
