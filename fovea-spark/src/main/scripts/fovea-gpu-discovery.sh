#!/usr/bin/env bash
# Spark resource discovery for Fovea: prints {"name":"gpu","addresses":[...]} with the Fovea device
# index (#N of `fovea devices`) of every OpenCL GPU of this host, which is what a task that Spark
# assigns that address opens. Use it as
#   spark.executor.resource.gpu.discoveryScript=/path/to/fovea-gpu-discovery.sh
# It runs Java with the cluster jar: FOVEA_SPARK_JAR, else fovea-spark-*-cluster.jar beside this
# script or in ../target; FOVEA_SPARK_CLASSPATH overrides both (tests). Extra arguments go to
# org.fovea.spark.GpuDiscovery (--types gpu,accelerator,cpu; --name gpu).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP="${FOVEA_SPARK_CLASSPATH:-${FOVEA_SPARK_JAR:-}}"
if [ -z "$CP" ]; then
  for j in "$HERE"/fovea-spark-*-cluster.jar "$HERE"/../../../target/fovea-spark-*-cluster.jar "$HERE"/../target/fovea-spark-*-cluster.jar; do
    if [ -f "$j" ]; then CP="$j"; break; fi
  done
fi
if [ -z "$CP" ]; then
  echo "fovea-gpu-discovery: no fovea-spark cluster jar found; set FOVEA_SPARK_JAR" >&2
  exit 1
fi
JAVA="java"
[ -n "${JAVA_HOME:-}" ] && JAVA="$JAVA_HOME/bin/java"
exec "$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$CP" org.fovea.spark.GpuDiscovery "$@"
