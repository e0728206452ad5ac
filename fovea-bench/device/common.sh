# Sourced by the device scripts (h200.sh, oldnew.sh), from the repository root with .device/bench
# carried: B, $OUT, NVIDIA's OpenCL ICD for the loader and the jlink'ed runtime in /tmp (JAVA).
B=.device/bench
OUT="${OUT:-/tmp/out}"; mkdir -p "$OUT"
mkdir -p /tmp/icd && echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd && export OCL_ICD_VENDORS=/tmp/icd
[ -x /tmp/fovea-jre/bin/java ] || tar -C /tmp -xJf $B/jre.tar.xz
JAVA=/tmp/fovea-jre/bin/java
