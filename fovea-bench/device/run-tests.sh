#!/usr/bin/env bash
# Prepare here: mvn -q -B -DskipTests test-compile; copy jocl and ij jars into .device/tests/lib and
# junit-platform-console-standalone-1.11.4.jar into .device/tests; the jlink runtime from prepare.sh.
# Carry .device and <module>/target/classes + <module>/target/test-classes of core, ops, scope.
# Runs the fovea-core/-ops/-scope test classes on the device's OpenCL GPU with the JUnit console launcher.
set -uo pipefail
OUT="${OUT:-/tmp/out}"; mkdir -p "$OUT"
mkdir -p /tmp/icd && echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd && export OCL_ICD_VENDORS=/tmp/icd
[ -x /tmp/fovea-jre/bin/java ] || tar -C /tmp -xJf .device/bench/jre.tar.xz
JAVA=/tmp/fovea-jre/bin/java
T=$PWD/.device/tests  # jars prepared as above
CP="$(ls $T/lib/*.jar | tr "\n" ":")$PWD/fovea-core/target/classes:$PWD/fovea-ops/target/classes:$PWD/fovea-scope/target/classes"
for m in "$@"; do
  ( cd $m && timeout 280 $JAVA -Djava.awt.headless=true \
      -cp "$CP:$PWD/target/test-classes:$PWD/../fovea-ops/target/test-classes:$T/junit-platform-console-standalone-1.11.4.jar" \
      org.junit.platform.console.ConsoleLauncher execute \
      --scan-class-path "$PWD/target/test-classes" --details=summary --disable-banner \
      --reports-dir "$OUT/$m" ) 2>&1 | grep -v "^WARNING\|^fovea: " | tail -40 | tee "$OUT/$m.txt"
done
