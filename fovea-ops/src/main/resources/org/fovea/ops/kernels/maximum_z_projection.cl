// Maximum along z: one work item per (x, y), over the linear plane index, so reads of
// every slice are coalesced. Compared in the source type (exact for every type).
__kernel void maximum_z_projection(__global const SRC_T* src, __global DST_T* dst,
                                  const long plane, const int depth) {
  const size_t i = get_global_id(0);
  if (i < (size_t)plane) {
    SRC_T m = src[i];
    for (int z = 1; z < depth; z++) {
      const SRC_T v = src[i + (size_t)z * (size_t)plane];
      m = (v > m) ? v : m;
    }
    dst[i] = CONVERT_DST_T(m);
  }
}
