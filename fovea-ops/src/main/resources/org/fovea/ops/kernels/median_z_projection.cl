// Median along z: dst(x, y) = the median of src(x, y, 0..depth-1); for an even depth the mean of
// the two middle values (as ImageJ's Z Project median), computed in float32.
// One work item per (x, y) walks down the stack. No per-pixel array (any depth fits): each slice's
// value v is the k-th smallest when (#values < v) ≤ k < (#values ≤ v), found by counting —
// depth² comparisons per pixel, compared in the source type (exact for every type).
__kernel void median_z_projection(__global const SRC_T* src, __global DST_T* dst,
                                  const long plane, const int depth) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)plane) return;
  const int k2 = depth / 2;
  const int k1 = (depth & 1) ? k2 : k2 - 1;
  SRC_T a = src[i];
  SRC_T b = a;
  for (int z = 0; z < depth; z++) {
    const SRC_T v = src[i + (size_t)z * (size_t)plane];
    int lt = 0;
    int le = 0;
    for (int y = 0; y < depth; y++) {
      const SRC_T u = src[i + (size_t)y * (size_t)plane];
      lt += u < v;
      le += u <= v;
    }
    if (lt <= k1 && k1 < le) a = v;
    if (lt <= k2 && k2 < le) b = v;
  }
  if (depth & 1) {
#if SRC_IS_FLOAT || DST_IS_FLOAT
    dst[i] = CONVERT_DST_T((float)a);
#else
    dst[i] = CONVERT_DST_T(a);
#endif
  } else {
    dst[i] = CONVERT_DST_T(((float)a + (float)b) * 0.5f);
  }
}
