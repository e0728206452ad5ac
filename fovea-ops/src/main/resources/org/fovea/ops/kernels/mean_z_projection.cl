// Mean along z, accumulated in float from z = 0 upwards (the order ImageJ's ZProjector uses).
// One work item per (x, y) over the linear plane index: coalesced reads.
__kernel void mean_z_projection(__global const SRC_T* src, __global DST_T* dst,
                                  const long plane, const int depth) {
  const size_t i = get_global_id(0);
  if (i < (size_t)plane) {
    float s = 0.0f;
    for (int z = 0; z < depth; z++) {
      s += (float)src[i + (size_t)z * (size_t)plane];
    }
    dst[i] = CONVERT_DST_T(s / (float)depth);
  }
}
